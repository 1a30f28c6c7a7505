"""`open_for_reading` creates nothing: a project that is not there, or an empty file, is refused
(`NoProject`), whoever asks; the command line's verbs that only read say what to do about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from db.errors import StoreError
from db.readonly import NoProject, open_for_reading


def test_a_project_that_is_not_there_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "study.factcheck"
    with pytest.raises(NoProject) as refused:
        open_for_reading(path)
    assert refused.value.path == path and not refused.value.empty
    assert list(tmp_path.iterdir()) == []  # neither the project nor its folder


def test_an_empty_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    path.touch()
    with pytest.raises(NoProject) as refused:
        open_for_reading(path)
    assert refused.value.empty and "left untouched" in str(refused.value)
    assert path.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["study.db"]


def test_a_folder_is_refused_as_a_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder") as refused:
        open_for_reading(tmp_path)
    assert not isinstance(refused.value, NoProject)


def test_a_dangling_link_is_refused_as_one(tmp_path: Path) -> None:
    link = tmp_path / "study.db"
    link.symlink_to(tmp_path / "gone.db")
    with pytest.raises(StoreError, match="link to nothing"):
        open_for_reading(link)


def test_a_project_is_opened(tmp_path: Path) -> None:
    Store.open(tmp_path / "p.db").close()
    with open_for_reading(tmp_path / "p.db") as store:
        assert store.documents() == []
