"""The real app in its own process (a helper script under tests/helpers), its profile in tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from db import Store
from factcheck.core.model import Document

#: Bounded: a process that never exits fails the test instead of hanging it.
EXIT_WAIT_S = 120


def project_with_one_article(tmp_path: Path) -> Path:
    """A project file holding one article, titled "Ours"."""
    db = tmp_path / "project.db"
    with Store.open(db) as store:
        store.add_document(Document.create("An article already in the project.", title="Ours"))
    return db


def run_helper(helper: Path, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of helper run with args, offscreen, never the developer's profile."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),  # QSettings: never the developer's profile
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    proc = subprocess.Popen(
        [sys.executable, str(helper), *args],
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
    return proc.returncode, out, err
