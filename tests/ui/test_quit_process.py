"""The real app in its own process: quitting (Ctrl+Q) during a long import ends the process, with the
import cancelled and rolled back. Before, the window closed and the process stayed behind a dialog."""

from __future__ import annotations

from pathlib import Path

from db import Store
from tests.helpers.app_process import project_with_one_article, run_helper

HELPER = Path(__file__).resolve().parents[1] / "helpers" / "quit_during_import.py"


def test_ctrl_q_during_an_import_cancels_it_and_the_process_exits(tmp_path: Path) -> None:
    db = project_with_one_article(tmp_path)
    files = []
    for i in range(2):
        path = tmp_path / f"article{i}.txt"
        path.write_text(f"Article {i}: officials said the bridge is safe.\n", encoding="utf-8")
        files.append(str(path))
    code, out, err = run_helper(HELPER, tmp_path, str(db), *files)
    assert code == 0, out + err
    assert out.splitlines() == ["inside", "asked", "exited 0"], out + err
    assert "Traceback" not in err, err
    with Store.open(db) as store:
        assert [d.title for d in store.documents()] == ["Ours"]  # the import was rolled back
