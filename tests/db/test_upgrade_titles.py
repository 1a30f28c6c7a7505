"""A project whose titles were stored before titles kept no control or format characters (an escape, a
direction override, a line break) has them cleaned when it is opened (m016), as an import cleans one now:
the window's list and title bar (tests/ui/test_window_older_titles.py), the command line and the exports
then show the title as it reads, and a teammate's copy of the article finds ours by its title. The file is
backed up first, as for every upgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from db import Store
from db.documents import removed_documents
from db.migrations import APPLICATION_ID, migrations
from factcheck.cli import main
from factcheck.core.model import Document
from tests.conftest import ARTICLE

RAW = "Roe\x1b[2J on\ncri\u202eme"
CLEAN = "Roe [2J on crime"


def _older_project(path: Path) -> Document:
    doc = Document.create(ARTICLE, title="Roe on crime", source="roe.txt")
    gone = Document.create("The mayor said taxes never rose.", title="x")
    with Database(str(path)) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.apply(db, stop_before="m016_clean_titles")
        with db.atomic():
            db.execute(
                "INSERT INTO documents (id, title, source, text, sha256, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [doc.id, RAW, doc.source, doc.text, doc.sha256, doc.imported_at],
            )
            db.execute(
                "INSERT INTO removed_documents (sha256, document_id, title, source, removed_by, removed_at) "
                "VALUES (?, ?, ?, '', 'ben', ?)",
                [gone.sha256, gone.id, "Taxes\u200b\x07", doc.imported_at],
            )
    return doc


def test_titles_are_cleaned_on_opening(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.db"
    doc = _older_project(path)
    assert main(["--db", str(path), "list"]) == 0
    out = capsys.readouterr().out
    assert CLEAN in out and "\x1b" not in out
    assert list(tmp_path.glob("old.db.before-m016_clean_titles-*.bak"))  # backed up first
    with Store.open(path) as store:
        assert store.document(doc.id).title == CLEAN
        assert [row[1] for row in removed_documents(store)] == ["Taxes"]
        assert [s.title for s in store.document_summaries()] == [CLEAN]
    with Store.open(path) as store:  # once: a clean title is not written again
        assert store.document(doc.id).title == CLEAN
