"""The curated mark travels: the JSON project format writes it, an import or a merge (a file, a
teammate's database) reads it, by the rule of `factcheck.core.curated_marks` (the earlier mark stays)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from db import Store
from factcheck.core.errors import FactcheckError, ImportRefused
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths

TEXT = "Minister Jane Roe said on Monday that crime fell by 20%. Critics called the claim misleading.\n"
OTHER = "The council voted on Tuesday to close the library. Residents protested outside the town hall.\n"
T1, T2, T3 = "2024-05-01T10:00:00.000000Z", "2024-05-02T10:00:00.000000Z", "2024-05-03T10:00:00.000000Z"


def project(path: Path, *texts: str) -> Store:
    store = Store.open(path)
    for text in texts:
        doc, _ = store.add_document(Document.create(text, title=text[:20], source=f"{text[:5]}.txt"))
        start = text.index("crime") if "crime" in text else 0
        store.add_annotation(new_annotation(doc, start, start + 5, "claim", "ana"))
    return store


def doc_id(store: Store, text: str) -> str:
    found = store.document_by_sha256(Document.create(text).sha256)
    assert found is not None
    return found.id


def exported(store: Store, path: Path) -> Path:
    export(store, "json", path)
    return path


def state(store: Store) -> tuple[object, ...]:
    docs = sorted((d.id, d.sha256) for d in store.documents())
    anns = sorted((a.id, a.updated_at) for a in store.annotations(include_deleted=True))
    return docs, anns, sorted(store.curated_documents().items())


def test_export_then_import_into_an_empty_project_keeps_every_mark(tmp_path: Path) -> None:
    with project(tmp_path / "a.db", TEXT, OTHER) as a:
        a.set_curated(doc_id(a, TEXT), ("rita", T1))
        path = exported(a, tmp_path / "a.json")
        marks = a.curated_documents()
    written = json.loads(path.read_text(encoding="utf-8"))
    by_text = {d["text"]: d for d in written["documents"]}
    assert by_text[TEXT]["curated"] == {"curator": "rita", "curated_at": T1}
    assert "curated" not in by_text[OTHER]  # not curated: no key (older files read the same)
    with Store.open(tmp_path / "b.db") as b:
        report = import_paths(b, [path])
        assert b.curated_documents() == marks
        assert report.structure["marks added"] == 1
        assert "Curated marks: 1 added." in report.summary()
        before = state(b)
        again = import_paths(b, [path])  # the same file twice changes nothing
        assert state(b) == before
        assert again.structure == {"marks unchanged": 1} and not again.changed


@pytest.mark.parametrize(
    ("ours", "theirs", "kept"),
    [
        (None, ("sam", T2), ("sam", T2)),  # ours none: theirs taken
        (("rita", T2), None, ("rita", T2)),  # theirs none: ours stays (a file never clears a mark)
        (("rita", T1), ("sam", T2), ("rita", T1)),  # both: the earlier stays
        (("rita", T3), ("sam", T2), ("sam", T2)),
        (("sam", T2), ("rita", T2), ("rita", T2)),  # the same instant: by the curator's name
    ],
)
def test_a_merge_keeps_the_earlier_mark_and_the_same_both_ways(
    tmp_path: Path, ours: tuple[str, str] | None, theirs: tuple[str, str] | None, kept: tuple[str, str]
) -> None:
    # Two projects of the same article, made apart (other document ids): matched by the text.
    with project(tmp_path / "a.db", TEXT) as a, project(tmp_path / "b.db", TEXT) as b:
        assert doc_id(a, TEXT) != doc_id(b, TEXT)
        if ours is not None:
            a.set_curated(doc_id(a, TEXT), ours)
        if theirs is not None:
            b.set_curated(doc_id(b, TEXT), theirs)
        a_file, b_file = exported(a, tmp_path / "a.json"), exported(b, tmp_path / "b.json")
        import_paths(a, [b_file])  # A merges B, B merges A (the files made before either merge)
        import_paths(b, [a_file])
        assert a.curated_documents() == {doc_id(a, TEXT): kept}
        assert b.curated_documents() == {doc_id(b, TEXT): kept}
        before = state(a)
        import_paths(a, [b_file])  # idempotent
        assert state(a) == before


def test_a_mark_follows_its_document_to_the_new_id_it_gets_here(tmp_path: Path) -> None:
    # Their document's id is taken here by another text: it is added under a new id, with its mark.
    with project(tmp_path / "b.db", TEXT) as b:
        theirs = doc_id(b, TEXT)
        b.set_curated(theirs, ("sam", T2))
        path = exported(b, tmp_path / "b.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    with Store.open(tmp_path / "a.db") as a:
        a.add_document(Document(theirs, "other", "o.txt", OTHER, Document.create(OTHER).sha256, T1))
        import_paths(a, [path])
        new = doc_id(a, TEXT)
        assert new != theirs
        assert a.curated_documents() == {new: ("sam", T2)}
    assert data["documents"][0]["id"] == theirs


def _with_mark(tmp_path: Path, mark: Any, name: str = "b") -> Path:
    with project(tmp_path / f"{name}.db", TEXT) as b:
        path = exported(b, tmp_path / f"{name}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["documents"][0]["curated"] = mark
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mark", "message"),
    [
        ("yes", "must be an object or null, not"),
        ([T1], "must be an object or null"),
        ({"curator": 7, "curated_at": T1}, '"curator" must be a string, not'),
        ({"curated_at": T1}, '"curator" must be a string, not'),
        ({"curator": "", "curated_at": T1}, '"curator" is empty'),
        ({"curator": " \t ", "curated_at": T1}, '"curator" is empty'),
        ({"curator": "r" * 201, "curated_at": T1}, "longer than 200 characters"),
        ({"curator": "ri\x00ta", "curated_at": T1}, "NUL"),
        ({"curator": "rita", "curated_at": 1714557600}, '"curated_at" must be a string'),
        ({"curator": "rita", "curated_at": "2024-05-01T10:00:00Z"}, "as factcheck writes it"),
        ({"curator": "rita", "curated_at": "2024-02-30T10:00:00.000000Z"}, "as factcheck writes it"),
        ({"curator": "rita", "curated_at": "yesterday"}, "as factcheck writes it"),
        ({"curator": "rita", "curated_at": "2999-01-01T10:00:00.000000Z"}, "more than a day in the future"),
    ],
)
def test_a_bad_mark_refuses_the_whole_file_and_changes_nothing(
    tmp_path: Path, mark: Any, message: str
) -> None:
    path = _with_mark(tmp_path, mark)
    with project(tmp_path / "a.db", OTHER) as a:
        a.set_curated(doc_id(a, OTHER), ("rita", T1))
        before = state(a)
        with pytest.raises(ImportRefused) as refused:
            import_paths(a, [path])
        assert message in str(refused.value)
        assert "documents[0].curated" in str(refused.value) and "nothing was imported" in str(refused.value)
        assert state(a) == before


def test_a_curators_hidden_characters_are_cleaned_as_other_names_are(tmp_path: Path) -> None:
    path = _with_mark(tmp_path, {"curator": "ri\u202eta\x1b[31m", "curated_at": T1})
    with Store.open(tmp_path / "a.db") as a:
        import_paths(a, [path])
        assert list(a.curated_documents().values()) == [("rita [31m", T1)]
        import_paths(a, [_with_mark(tmp_path, None, "c")])  # null: no mark, which never clears ours
        assert list(a.curated_documents().values()) == [("rita [31m", T1)]


def test_a_refusal_later_in_the_file_undoes_the_marks_already_merged(tmp_path: Path) -> None:
    with project(tmp_path / "b.db", TEXT, OTHER) as b:
        for text in (TEXT, OTHER):
            b.set_curated(doc_id(b, text), ("sam", T2))
        path = exported(b, tmp_path / "b.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["documents"][1]["curated"]["curated_at"] = "2024-05-02"  # the last document's mark is bad
    path.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(tmp_path / "a.db") as a:
        with pytest.raises(ImportRefused):
            import_paths(a, [path])
        assert a.curated_documents() == {} and a.documents() == []


# -- a teammate's database ------------------------------------------------------------------------


def test_a_teammates_database_brings_its_marks(tmp_path: Path) -> None:
    with project(tmp_path / "bob.db", TEXT, OTHER) as bob:
        bob.set_curated(doc_id(bob, TEXT), ("bob", T2))
    with project(tmp_path / "a.db", TEXT) as a:
        a.set_curated(doc_id(a, TEXT), ("rita", T3))
        report = import_paths(a, [tmp_path / "bob.db"])
        assert a.curated_documents() == {doc_id(a, TEXT): ("bob", T2)}  # theirs earlier
        assert report.structure["marks updated (theirs earlier)"] == 1
        before = state(a)
        import_paths(a, [tmp_path / "bob.db"])
        assert state(a) == before


def _hostile(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (["UPDATE curated_documents SET curated_at = 12"], "curated_documents row 1: curated_at is '12'"),
        (["UPDATE curated_documents SET curated_at = 'soon'"], "curated_at is 'soon'"),
        (["UPDATE curated_documents SET curator = X'00'"], "curator is a bytes"),
        (["UPDATE curated_documents SET curator = ''"], '"curator" is empty'),
        (["UPDATE curated_documents SET curated_at = '2999-01-01T00:00:00.000000Z'"], "in the future"),
        (
            ["DROP TABLE curated_documents",
             "CREATE VIEW curated_documents AS SELECT id AS document_id, 'x' AS curator, "
             "'2024-05-01T10:00:00.000000Z' AS curated_at FROM documents"],
            "curated_documents not a plain table",
        ),
    ],
)  # fmt: skip
def test_a_hostile_teammates_marks_are_refused_and_nothing_changes(
    tmp_path: Path, sql: list[str], message: str
) -> None:
    with project(tmp_path / "bob.db", TEXT) as bob:
        bob.set_curated(doc_id(bob, TEXT), ("bob", T2))
    _hostile(tmp_path / "bob.db", *sql)
    with project(tmp_path / "a.db", TEXT) as a:
        before = state(a)
        with pytest.raises(FactcheckError) as refused:
            import_paths(a, [tmp_path / "bob.db"])
        assert message in str(refused.value)
        assert state(a) == before


def test_a_teammates_trigger_on_marks_never_runs(tmp_path: Path) -> None:
    with project(tmp_path / "bob.db", TEXT) as bob:
        bob.set_curated(doc_id(bob, TEXT), ("bob", T2))
    # A trigger that would forge marks when its table is read or written in the copy: dropped unread.
    _hostile(
        tmp_path / "bob.db",
        "CREATE TRIGGER forge AFTER INSERT ON curated_documents BEGIN "
        "UPDATE curated_documents SET curator = 'mallory'; END",
    )
    with project(tmp_path / "a.db", TEXT) as a:
        import_paths(a, [tmp_path / "bob.db"])
        assert a.curated_documents() == {doc_id(a, TEXT): ("bob", T2)}


def test_a_mark_on_their_version_of_an_article_lands_on_ours(tmp_path: Path) -> None:
    corrected = TEXT.replace("Monday", "Tuesday")  # their text: a corrected version, same title
    with project(tmp_path / "b.db", corrected) as b:
        b.set_curated(doc_id(b, corrected), ("sam", T2))
        path = exported(b, tmp_path / "b.json")
    with project(tmp_path / "a.db", TEXT) as a:
        report = import_paths(a, [path])
        assert report.documents_added == 0 and report.documents_existing == 1
        assert a.curated_documents() == {doc_id(a, TEXT): ("sam", T2)}


def test_one_document_twice_in_a_file_settles_its_two_marks(tmp_path: Path) -> None:
    with project(tmp_path / "b.db", TEXT) as b:
        b.set_curated(doc_id(b, TEXT), ("rita", T1))
        path = exported(b, tmp_path / "b.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    again = {**data["documents"][0], "annotations": [], "curated": {"curator": "sam", "curated_at": T3}}
    data["documents"].append(again)
    path.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(tmp_path / "a.db") as a:
        import_paths(a, [path])
        assert a.curated_documents() == {doc_id(a, TEXT): ("rita", T1)}
