"""The real app in its own process: a web download cancelled while its name lookup stalls (a dead name
server) leaves a thread the standard library cannot stop; quitting does not wait for it."""

from __future__ import annotations

import time
from pathlib import Path

from db import Store
from tests.helpers.app_process import project_with_one_article, run_helper

HELPER = Path(__file__).resolve().parents[1] / "helpers" / "quit_after_cancelled_lookup.py"
#: From the process's start to its end: the app starting, the download cancelled, Ctrl+Q (the lookup
#: itself stalls for 600 s).
PROMPT_S = 60


def test_quit_after_cancelling_a_stalled_lookup_ends_the_process_promptly(tmp_path: Path) -> None:
    db = project_with_one_article(tmp_path)
    began = time.monotonic()
    code, out, err = run_helper(HELPER, tmp_path, str(db))
    took = time.monotonic() - began
    assert code == 0, out + err
    assert out.splitlines() == ["looking up", "cancelled", "exited 0"], out + err
    assert "Traceback" not in err, err
    assert took < PROMPT_S, took
    with Store.open(db) as store:
        assert [d.title for d in store.documents()] == ["Ours"]
