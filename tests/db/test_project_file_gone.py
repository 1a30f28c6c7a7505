"""The project file deleted, moved or replaced while a program has it open: SQLite would go on writing
into the file it holds, which nobody opens again (deleted, or replaced by another); a write is refused,
saying so, and what is open can still be backed up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from db import Store, UserFixableError
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation


def tag(store: Store, doc: Document, start: int) -> None:
    store.add_annotation(new_annotation(doc, start, start + 4, "claim", "alice"))


@pytest.fixture
def project(tmp_path: Path) -> tuple[Store, Document]:
    store = Store.open(tmp_path / "project.db")
    doc, _ = store.add_document(Document.create("Officials said the bridge is safe today.", title="B"))
    tag(store, doc, 0)
    return store, doc


def test_a_deleted_file_refuses_writes_and_what_is_open_backs_up(
    project: tuple[Store, Document], tmp_path: Path
) -> None:
    store, doc = project
    assert store.path is not None
    store.path.unlink()
    with pytest.raises(UserFixableError, match="deleted, moved or replaced"):
        tag(store, doc, 10)
    copy = store.backup(tmp_path / "saved.db")
    store.close()
    with Store.open(copy) as saved:
        assert [a.start for a in saved.annotations()] == [0]


def test_a_file_written_over_refuses_writes(project: tuple[Store, Document], tmp_path: Path) -> None:
    store, doc = project
    assert store.path is not None
    with Store.open(tmp_path / "other.db") as other:
        other.add_document(Document.create("Another article.", title="Other"))
    os.replace(tmp_path / "other.db", store.path)  # a restore, or a sync client putting its copy there
    with pytest.raises(UserFixableError, match="replaced"):
        tag(store, doc, 10)  # it would have gone into the file replaced, which nobody opens again
    assert [a.start for a in store.annotations()] == [0]
    store.close()


def test_a_file_moved_and_put_back_saves_again(project: tuple[Store, Document], tmp_path: Path) -> None:
    store, doc = project
    assert store.path is not None
    away = tmp_path / "elsewhere.db"
    store.path.rename(away)
    with pytest.raises(UserFixableError, match="put it back"):
        tag(store, doc, 10)
    away.rename(store.path)
    tag(store, doc, 10)
    store.close()
    with Store.open(tmp_path / "project.db") as again:
        assert sorted(a.start for a in again.annotations()) == [0, 10]


def test_a_relative_path_still_names_the_file_after_a_change_of_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = Store.open(Path("relative.db"))
    doc, _ = store.add_document(Document.create("Officials said the bridge is safe today.", title="B"))
    monkeypatch.chdir(tmp_path.parent)
    tag(store, doc, 0)  # not mistaken for a file gone
    store.close()
