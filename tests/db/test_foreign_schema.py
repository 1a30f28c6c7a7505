"""A project file holding triggers or views factcheck does not make (a teammate's database with SQL of its
own, a file a hand or another program changed) is refused at opening, by the command line and the window
(tests/ui/test_window_foreign_schema.py), before a byte is written: its triggers would run on every write
(the upgrade's first), its views on reads. The refusal says to import the file instead, which reads it
without running its SQL. Our own triggers (the document search's, the sync outbox's, as made now and
before) open as always, and keep working."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import NotAFactcheckDatabase, Store, sync_local
from db.search import search_documents
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.importing import import_paths
from tests.conftest import ARTICLE
from tests.helpers.dbfiles import files_digest

#: What a teammate's file may carry: every tag written gives "mallory" a label (a write we never asked).
TRIGGER = (
    "CREATE TRIGGER tag_spy AFTER INSERT ON annotations BEGIN "
    "INSERT OR IGNORE INTO labels (name, color, shortcut, position) "
    "VALUES ('mallory', '#000000', '', 99); END"
)


def _project(path: Path, *extra: str) -> Path:
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create(ARTICLE, title="Roe on crime"))
        store.add_annotation(new_annotation(doc, 4, 12, "claim", "ben"))
    conn = sqlite3.connect(path)
    for statement in extra:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    "extra, named",
    [
        ((TRIGGER,), 'trigger "tag_spy"'),
        (("CREATE VIEW spy AS SELECT * FROM annotations",), 'view "spy"'),
        (  # under a name of ours, other SQL
            (
                "DROP TRIGGER document_search_delete",
                "CREATE TRIGGER document_search_delete AFTER DELETE ON documents "
                "BEGIN DELETE FROM labels; END",
            ),
            'trigger "document_search_delete"',
        ),
    ],
)
def test_refused_untouched_saying_to_import_it(
    tmp_path: Path, extra: tuple[str, ...], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project(tmp_path / "ben.db", *extra)
    before = files_digest(path)
    with pytest.raises(NotAFactcheckDatabase) as refused:
        Store.open(path)
    said = str(refused.value)
    assert named in said and "factcheck import ben.db" in said and "left untouched" in said
    assert main(["--db", str(path), "list"]) == 1
    _, err = capsys.readouterr()
    assert named in err and err.count("\n") == 1
    assert files_digest(path) == before
    with Store.open(tmp_path / "mine.db") as mine:  # what the refusal says to do
        report = import_paths(mine, [path])
        assert report.added == 1 and "mallory" not in {lab.name for lab in mine.labels()}


def test_our_own_triggers_open_and_work(tmp_path: Path) -> None:
    path = _project(tmp_path / "mine.db")
    with Store.open(path) as store:
        sync_local.start_tracking(store)  # connected to a team server: the outbox triggers
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create("The zeppelin budget was cut.", title="Budget"))
        assert [hit.document_id for hit in search_documents(store, "zeppelin")] == [
            doc.id
        ]  # the search triggers
        assert sync_local.waiting(store) > 0  # the outbox triggers queued it
    # A project connected before pulls were left out of the outbox keeps its triggers as made then.
    conn = sqlite3.connect(path)
    made = conn.execute(
        "SELECT sql FROM sqlite_schema WHERE name = 'sync_track_annotations_insert'"
    ).fetchone()[0]
    conn.execute("DROP TRIGGER sync_track_annotations_insert")
    conn.execute(made.replace(" WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'pulling')", ""))
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert len(store.documents()) == 2
