"""`--db` names a regular file or a new name; anything else is refused before a byte is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck.cli import main


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.db"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link-to-dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "link-to-nothing":
        path.symlink_to(tmp_path / "missing" / "x.db")
    return path


@pytest.mark.parametrize("kind", ["fifo", "folder", "link-to-dev-zero", "link-to-nothing"])
def test_a_db_that_is_not_a_regular_file_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = _special(tmp_path, kind)
    before = _listing(tmp_path)
    for verb in (["list"], ["import", str(tmp_path / "none.txt")], ["export", "--format", "csv"]):
        assert main(["--db", str(path), *verb]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"factcheck: {path} is ") and err.count("\n") == 1, err
        assert "left untouched" in err
    assert _listing(tmp_path) == before
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_dev_null_is_refused_and_gets_no_journal(capsys: pytest.CaptureFixture[str]) -> None:
    existed = os.path.exists("/dev/null-journal")
    assert main(["--db", "/dev/null", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("factcheck: /dev/null is not a regular file") and err.count("\n") == 1
    assert os.path.exists("/dev/null-journal") == existed


def test_a_side_file_that_is_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.db"
    (tmp_path / "p.db-wal").mkdir()
    assert main(["--db", str(path), "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"factcheck: {path}-wal is a folder") and err.count("\n") == 1
    assert _listing(tmp_path) == ["p.db-wal"]


def test_a_link_to_a_project_and_a_new_name_are_accepted(tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "p.db"), "labels", "add", "quote"]) == 0  # a verb that writes
    (tmp_path / "link.db").symlink_to("p.db")
    assert main(["--db", str(tmp_path / "link.db"), "list"]) == 0
