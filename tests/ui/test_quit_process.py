"""The real app in its own process: quitting (Ctrl+Q) during a long import ends the process, with the
import cancelled and rolled back. Before, the window closed and the process stayed behind a dialog."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from db import Store
from factcheck.core.model import Document

HELPER = Path(__file__).resolve().parents[1] / "helpers" / "quit_during_import.py"
EXIT_WAIT_S = 120  # bounded: a process that never exits fails the test instead of hanging it


def test_ctrl_q_during_an_import_cancels_it_and_the_process_exits(tmp_path: Path) -> None:
    db = tmp_path / "project.db"
    with Store.open(db) as store:
        store.add_document(Document.create("An article already in the project.", title="Ours"))
    files = []
    for i in range(2):
        path = tmp_path / f"article{i}.txt"
        path.write_text(f"Article {i}: officials said the bridge is safe.\n", encoding="utf-8")
        files.append(str(path))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),  # QSettings: never the developer's profile
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    proc = subprocess.Popen(
        [sys.executable, str(HELPER), str(db), *files],
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
    assert proc.returncode == 0, out + err
    assert out.splitlines() == ["inside", "asked", "exited 0"], out + err
    assert "Traceback" not in err, err
    with Store.open(db) as store:
        assert [d.title for d in store.documents()] == ["Ours"]  # the import was rolled back
