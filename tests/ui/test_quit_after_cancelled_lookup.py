"""The real app in its own process: a web download cancelled while its name lookup stalls (a dead name
server) leaves a thread the standard library cannot stop; quitting does not wait for it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from db import Store
from factcheck.core.model import Document

HELPER = Path(__file__).resolve().parents[1] / "helpers" / "quit_after_cancelled_lookup.py"
EXIT_WAIT_S = 120  # bounded: a process that never exits fails the test instead of hanging it
#: From the process's start to its end: the app starting, the download cancelled, Ctrl+Q (the lookup
#: itself stalls for 600 s).
PROMPT_S = 60


def test_quit_after_cancelling_a_stalled_lookup_ends_the_process_promptly(tmp_path: Path) -> None:
    db = tmp_path / "project.db"
    with Store.open(db) as store:
        store.add_document(Document.create("An article already in the project.", title="Ours"))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),  # QSettings: never the developer's profile
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    began = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(HELPER), str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=EXIT_WAIT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    took = time.monotonic() - began
    assert proc.returncode == 0, out + err
    assert out.splitlines() == ["looking up", "cancelled", "exited 0"], out + err
    assert "Traceback" not in err, err
    assert took < PROMPT_S, took
    with Store.open(db) as store:
        assert [d.title for d in store.documents()] == ["Ours"]
