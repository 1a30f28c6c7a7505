"""Teammates' databases: read without a byte changed, merged into a third project twice, refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import Store
from db.errors import NewerDatabase, NotAFactcheckDatabase
from db.teammate import read_teammate_db
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.importing import import_paths

ARTICLE = "Minister Jane Roe said on Monday 😀 that crime fell by 20%.\r\nCritics called it “misleading”.\r\n"


def fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    """Bytes, modification time and the files beside it: all must stay as they were."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def make_teammate(
    path: Path, annotator: str, needles: list[tuple[str, str]], delete: int | None = None
) -> None:
    with Store.open(path) as store:
        doc, _ = store.add_document(
            Document.create(ARTICLE, title="Roe", source=f"/home/{annotator}/roe.txt")
        )
        ids = []
        for needle, label in needles:
            start = doc.text.index(needle)
            ids.append(
                store.add_annotation(new_annotation(doc, start, start + len(needle), label, annotator)).id
            )
        if delete is not None:
            store.delete_annotation(ids[delete])


def state(store: Store) -> tuple[list[tuple[str, str]], list[tuple[object, ...]]]:
    docs = [(d.sha256, d.text) for d in store.documents()]
    anns = [
        (a.id, a.label, a.start, a.end, a.quote, a.annotator, a.updated_at, a.deleted_at)
        for a in store.annotations(include_deleted=True)
    ]
    return docs, sorted(anns)


def test_read_teammate_db_includes_tombstones_and_leaves_the_file_alone(tmp_path: Path) -> None:
    alice = tmp_path / "team" / "alice.db"
    alice.parent.mkdir()
    make_teammate(alice, "alice", [("crime fell by 20%", "claim"), ("“misleading”", "characterization")], 1)
    before = fingerprint(alice)
    bundle = read_teammate_db(alice)
    assert fingerprint(alice) == before
    assert bundle.source == "alice.db"
    assert [lab.name for lab in bundle.labels] == ["claim", "denial", "characterization", "source", "cue"]
    ((doc, anns),) = bundle.documents
    assert doc.text == ARTICLE.replace("\r\n", "\n")
    assert sorted((a.quote, a.deleted) for a in anns) == [
        ("crime fell by 20%", False),
        ("“misleading”", True),
    ]


def test_two_annotators_merged_into_a_third_twice_give_the_same_result(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    alice, bob = team / "alice.db", team / "bob.factcheck"
    make_teammate(alice, "alice", [("crime fell by 20%", "claim"), ("Critics", "denial")])
    make_teammate(bob, "bob", [("crime fell", "claim"), ("“misleading”", "characterization")], delete=0)
    prints = {p: fingerprint(p) for p in (alice, bob)}

    with Store.open(tmp_path / "carol.db") as carol:
        report = import_paths(carol, [alice, bob], annotator="carol")
        first = state(carol)
        assert len(carol.documents()) == 1  # same text: one document, whatever the ids were
        assert (report.documents_added, report.documents_existing, report.added) == (1, 1, 3)
        assert [f.source for f in report.files] == ["alice.db", "bob.factcheck"]
        live = carol.annotations()
        assert sorted((a.annotator, a.quote) for a in live) == [
            ("alice", "Critics"),
            ("alice", "crime fell by 20%"),
            ("bob", "“misleading”"),
        ]
        for ann in live:
            carol.check_annotation(ann)

        again = import_paths(carol, [bob, alice], annotator="carol")
        assert not again.changed
        assert (again.unchanged, again.conflicting) == (3, 0)
        assert state(carol) == first

    assert {p: fingerprint(p) for p in (alice, bob)} == prints


def test_a_teammate_database_open_in_their_app_is_read_with_its_wal(tmp_path: Path) -> None:
    alice = tmp_path / "alice.db"
    make_teammate(alice, "alice", [("Critics", "denial")])
    with Store.open(alice) as live:  # their app is running: recent pages may live in the -wal only
        doc = live.documents()[0]
        live.add_annotation(new_annotation(doc, 0, 8, "claim", "alice"))
        bundle = read_teammate_db(alice)
    assert sorted(a.quote for a in bundle.documents[0][1]) == ["Critics", "Minister"]


@pytest.mark.parametrize("kind", ["text", "other_sqlite", "corrupt"])
def test_non_factcheck_files_are_refused_like_store_open_and_untouched(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "other.db"
    if kind == "text":
        path.write_text("just some notes\n", encoding="utf-8")
    elif kind == "other_sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    else:
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = fingerprint(path)
    with pytest.raises(NotAFactcheckDatabase) as ours:
        read_teammate_db(path)
    with pytest.raises(NotAFactcheckDatabase) as store_open:
        Store.open(path)
    assert str(ours.value) == str(store_open.value)
    assert "left untouched" in str(ours.value)
    assert fingerprint(path) == before


def test_a_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('factcheck', 'm999_future', '')"
    )
    conn.commit()
    conn.close()
    before = fingerprint(path)
    with pytest.raises(NewerDatabase, match="newer version of factcheck"):
        read_teammate_db(path)
    assert fingerprint(path) == before


def test_an_older_schema_is_upgraded_in_memory_only(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_teammate(path, "alice", [("Critics", "denial")])
    conn = sqlite3.connect(path)  # turn it back into a schema-1 file
    for column in ("status", "reviewer", "reason", "reviewed_at", "orphaned"):
        conn.execute(f"ALTER TABLE annotations DROP COLUMN {column}")
    conn.execute(
        "DELETE FROM _sqlite_migrations WHERE name IN ('m002_review', 'm005_drop_unused_status_index')"
    )
    conn.commit()
    conn.close()
    before = fingerprint(path)
    bundle = read_teammate_db(path)
    assert [a.quote for a in bundle.documents[0][1]] == ["Critics"]
    assert fingerprint(path) == before  # no upgrade, no backup file beside it


def test_importing_the_project_into_itself_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path) as store, pytest.raises(Exception, match="this project's own database"):
        import_paths(store, [path], annotator="me")
