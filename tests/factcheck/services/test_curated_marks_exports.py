"""The curated mark in the exports besides the JSON project format: JSONL (on each tag line of its
document, read back all-or-nothing), brat (in the folder's factcheck-documents.json, read back) and the
curated set (`--curated`: columns and keys, guarded in CSV cells)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from db import Store
from factcheck.core.errors import ImportRefused
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.factcheck.services.test_merge_curated_marks import OTHER, T1, TEXT, doc_id, project

T2 = "2024-05-02T10:00:00.000000Z"


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_carries_the_mark_on_each_tag_line_and_reads_it_back(tmp_path: Path) -> None:
    with project(tmp_path / "a.db", TEXT, OTHER) as a:
        a.set_curated(doc_id(a, TEXT), ("rita", T1))
        export(a, "jsonl", tmp_path / "a.jsonl")
    written = lines(tmp_path / "a.jsonl")
    by_title = {str(line["document_title"]): line for line in written}
    assert by_title[TEXT[:20]]["document_curator"] == "rita"
    assert by_title[TEXT[:20]]["document_curated_at"] == T1
    # every line has the same keys (a pandas column each), null where the document has no mark
    assert by_title[OTHER[:20]]["document_curator"] is None
    assert by_title[OTHER[:20]]["document_curated_at"] is None
    with project(tmp_path / "b.db", TEXT, OTHER) as b:  # the same articles, no marks
        report = import_paths(b, [tmp_path / "a.jsonl"])
        assert b.curated_documents() == {doc_id(b, TEXT): ("rita", T1)}
        assert report.structure["marks added"] == 1
        again = import_paths(b, [tmp_path / "a.jsonl"])
        assert again.structure == {"marks unchanged": 1} and not again.changed


def _edited(tmp_path: Path, change: dict[str, object], line: int = 0) -> Path:
    with project(tmp_path / "a.db", TEXT) as a:
        store_doc = doc_id(a, TEXT)
        for start in (0, 9):  # two tags on the document: two lines
            from factcheck.core.spans import new_annotation

            a.add_annotation(new_annotation(a.document(store_doc), start, start + 4, "claim", "bo"))
        a.set_curated(store_doc, ("rita", T1))
        export(a, "jsonl", tmp_path / "a.jsonl")
    rows = lines(tmp_path / "a.jsonl")
    rows[line].update(change)
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        ({"document_curated_at": "2024-05-01T10:00:00Z"}, 1, '"document_curated_at" must be a UTC time'),
        ({"document_curated_at": None}, 0, '"document_curated_at" must be a string'),
        ({"document_curator": 12}, 2, '"document_curator" must be a string'),
        ({"document_curator": "ri\x00ta"}, 0, '"document_curator" holds a NUL'),
        ({"document_curator": "  "}, 0, '"document_curator" is empty'),
        ({"document_curated_at": "2999-01-01T00:00:00.000000Z"}, 0, "more than a day in the future"),
        ({"document_curator": "sam"}, 2, "is not the one line 1 gave it"),
        ({"document_curated_at": T2}, 1, "is not the one line 1 gave it"),
    ],
)
def test_a_jsonl_mark_breaking_a_rule_refuses_the_whole_file(
    tmp_path: Path, change: dict[str, object], line: int, words: str
) -> None:
    path = _edited(tmp_path, change, line)
    with project(tmp_path / "b.db", TEXT) as b:
        before = len(b.annotations())
        with pytest.raises(ImportRefused) as refused:
            import_paths(b, [path])
        assert words in str(refused.value) and f"line {line + 1}" in str(refused.value), refused.value
        assert b.curated_documents() == {} and len(b.annotations()) == before  # nothing imported


def test_a_jsonl_curator_with_hidden_characters_is_kept_without_them(tmp_path: Path) -> None:
    path = _edited(tmp_path, {"document_curator": "ri\u202eta"}, 0)
    rows = lines(path)
    for row in rows:  # one document's lines agree
        row["document_curator"] = "ri\u202eta"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with project(tmp_path / "b.db", TEXT) as b:
        import_paths(b, [path])
        [(curator, _)] = b.curated_documents().values()
        assert "\u202e" not in curator


def test_a_jsonl_line_without_the_mark_says_nothing(tmp_path: Path) -> None:
    """An older export (no keys), or a line with both null: the document's other lines still mark it,
    and a file never clears a mark here."""
    path = _edited(tmp_path, {"document_curator": None, "document_curated_at": None}, 1)
    rows = lines(path)
    del rows[2]["document_curator"], rows[2]["document_curated_at"]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with project(tmp_path / "b.db", TEXT) as b:
        import_paths(b, [path])
        assert list(b.curated_documents().values()) == [("rita", T1)]


def test_brat_keeps_the_mark_in_its_documents_file_and_reads_it_back(tmp_path: Path) -> None:
    with project(tmp_path / "a.db", TEXT, OTHER) as a:
        a.set_curated(doc_id(a, TEXT), ("rita", T1))
        marks = a.curated_documents()
        export(a, "brat", tmp_path / "brat")
    side = json.loads((tmp_path / "brat" / "factcheck-documents.json").read_text(encoding="utf-8"))
    entries = {e["id"]: e for e in side["documents"].values()}
    [marked] = [e for e in entries.values() if "curated" in e]
    assert marked["curated"] == {"curator": "rita", "curated_at": T1}
    with Store.open(tmp_path / "b.db") as b:
        report = import_paths(b, [tmp_path / "brat"], annotator="ana")
        assert b.curated_documents() == marks and report.structure["marks added"] == 1


@pytest.mark.parametrize(
    ("mark", "words"),
    [
        ({"curator": "rita", "curated_at": "yesterday"}, '"curated_at" must be a UTC time'),
        ("rita", "must be an object or null"),
        ({"curator": "", "curated_at": T1}, '"curator" is empty'),
    ],
)
def test_a_brat_mark_breaking_a_rule_refuses_the_import(tmp_path: Path, mark: object, words: str) -> None:
    with project(tmp_path / "a.db", TEXT) as a:
        export(a, "brat", tmp_path / "brat")
    path = tmp_path / "brat" / "factcheck-documents.json"
    side = json.loads(path.read_text(encoding="utf-8"))
    for entry in side["documents"].values():
        entry["curated"] = mark
    path.write_text(json.dumps(side), encoding="utf-8")
    with Store.open(tmp_path / "b.db") as b:
        with pytest.raises(ImportRefused) as refused:
            import_paths(b, [tmp_path / "brat"], annotator="ana")
        assert words in str(refused.value) and "factcheck-documents.json" in str(refused.value)
        assert b.documents() == [] and b.curated_documents() == {}


def _two_taggers(path: Path) -> Store:
    """A document two annotators tagged alike (a curated tag), marked by a curator whose name a
    spreadsheet would read as a formula; another unmarked."""
    from factcheck.core.spans import new_annotation

    store = project(path, TEXT, OTHER)
    for text in (TEXT, OTHER):
        doc = store.document(doc_id(store, text))
        store.add_annotation(new_annotation(doc, 0, 8, "claim", "bo"))
        store.add_annotation(new_annotation(doc, 0, 8, "claim", "cy"))
    store.set_curated(doc_id(store, TEXT), ("=HYPERLINK(1)", T1))
    return store


def test_the_curated_set_carries_each_documents_curator_and_time(tmp_path: Path) -> None:
    with _two_taggers(tmp_path / "a.db") as a:
        for fmt in ("csv", "json", "jsonl"):
            export(a, fmt, tmp_path / f"set.{fmt}", curated=True, min_agree=2)
        marked = doc_id(a, TEXT)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "set.csv").read_text(encoding="utf-8-sig"))))
    cells = {(r["document_id"], r["document_curator"], r["document_curated_at"]) for r in rows}
    assert (marked, "'=HYPERLINK(1)", T1) in cells  # guarded like any free-text cell
    assert any(r["document_id"] != marked and r["document_curator"] == "" for r in rows)
    written = json.loads((tmp_path / "set.json").read_text(encoding="utf-8"))
    curated = {d["id"]: d.get("curated") for d in written["documents"]}
    assert curated[marked] == {"curator": "=HYPERLINK(1)", "curated_at": T1}  # JSON is never guarded
    assert sum(v is None for v in curated.values()) == 1
    jsonl = lines(tmp_path / "set.jsonl")
    assert {(r["document_id"], r["document_curator"]) for r in jsonl} >= {(marked, "=HYPERLINK(1)")}
    assert all(("document_curated_at" in r) for r in jsonl)


def _untagged_marked(path: Path) -> Store:
    """TEXT marked, its only tag deleted (JSONL writes live tags only); OTHER tagged, unmarked."""
    store = project(path, TEXT, OTHER)
    doc = doc_id(store, TEXT)
    (tag,) = store.annotations(doc)
    store.delete_annotation(tag.id)
    store.set_curated(doc, ("rita", T1))
    return store


def test_a_marked_document_without_a_tag_line_gets_a_line_of_its_own(tmp_path: Path) -> None:
    """Its mark had no line to ride on: export then import lost it."""
    with _untagged_marked(tmp_path / "a.db") as a:
        export(a, "jsonl", tmp_path / "a.jsonl")
        marked = a.document(doc_id(a, TEXT))
    written = lines(tmp_path / "a.jsonl")
    assert written[-1] == {
        "record": "document",
        "document_id": marked.id,
        "document_sha256": marked.sha256,
        "document_title": marked.title,
        "document_curator": "rita",
        "document_curated_at": T1,
    }
    assert [r.get("record") for r in written] == [None, "document"]  # after the tags, before structure
    with project(tmp_path / "b.db", TEXT, OTHER) as b:
        report = import_paths(b, [tmp_path / "a.jsonl"])
        assert b.curated_documents() == {doc_id(b, TEXT): ("rita", T1)}
        assert report.structure["marks added"] == 1
        again = import_paths(b, [tmp_path / "a.jsonl"])
        assert again.structure == {"marks unchanged": 1} and not again.changed


def test_a_document_line_alone_is_a_file_of_marks(tmp_path: Path) -> None:
    with project(tmp_path / "a.db", TEXT) as a:
        doc = doc_id(a, TEXT)
        a.delete_annotation(a.annotations(doc)[0].id)
        a.set_curated(doc, ("rita", T1))
        export(a, "jsonl", tmp_path / "a.jsonl")
    assert [r["record"] for r in lines(tmp_path / "a.jsonl")] == ["document"]
    with project(tmp_path / "b.db", TEXT) as b:
        import_paths(b, [tmp_path / "a.jsonl"])
        assert b.curated_documents() == {doc_id(b, TEXT): ("rita", T1)}


def test_a_document_line_is_written_only_where_no_tag_line_carries_the_mark(tmp_path: Path) -> None:
    """A marked document with tags keeps its mark on them (no line more); a selection that leaves a
    marked document out writes no line for it; the curated set writes one for a tagged document whose
    tags all fell out of the set, as its JSON holds that document."""
    with project(tmp_path / "a.db", TEXT, OTHER) as a:
        a.set_curated(doc_id(a, TEXT), ("rita", T1))
        export(a, "jsonl", tmp_path / "tags.jsonl")
        export(a, "jsonl", tmp_path / "other.jsonl", document_id=doc_id(a, OTHER))
        export(a, "jsonl", tmp_path / "set.jsonl", curated=True, min_agree=2)  # one tagger: nothing agreed
    assert all("record" not in r for r in lines(tmp_path / "tags.jsonl"))
    assert all("record" not in r for r in lines(tmp_path / "other.jsonl"))
    assert [(r["record"], r["document_curator"]) for r in lines(tmp_path / "set.jsonl")] == [
        ("document", "rita")
    ]
    with project(tmp_path / "b.db", TEXT) as b:
        import_paths(b, [tmp_path / "set.jsonl"])
        assert b.curated_documents() == {doc_id(b, TEXT): ("rita", T1)}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"document_curated_at": "2024-05-01T10:00:00Z"}, '"document_curated_at" must be a UTC time'),
        ({"document_curator": None}, '"document_curator" must be a string'),
        ({"document_id": "", "document_sha256": ""}, "the line names no document"),
        ({"again": "sam"}, "is not the one line 2 gave it"),  # the document's line twice, marked otherwise
    ],
)
def test_a_document_line_breaking_a_rule_refuses_the_whole_file(
    tmp_path: Path, change: dict[str, object], words: str
) -> None:
    with _untagged_marked(tmp_path / "a.db") as a:
        export(a, "jsonl", tmp_path / "a.jsonl")
    rows = lines(tmp_path / "a.jsonl")
    if "again" in change:
        rows.append({**rows[-1], "document_curator": change["again"]})
    else:
        rows[-1].update(change)
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with project(tmp_path / "b.db", TEXT, OTHER) as b:
        before = len(b.annotations())
        with pytest.raises(ImportRefused) as refused:
            import_paths(b, [path])
        assert words in str(refused.value) and f"line {len(rows)}" in str(refused.value), refused.value
        assert b.curated_documents() == {} and len(b.annotations()) == before  # nothing imported


def test_a_document_line_of_a_document_not_here_is_left_out(tmp_path: Path) -> None:
    """Nothing here to mark; the file's tags, on articles the project has, still come in. Its mark is
    still held to the rules."""
    with _untagged_marked(tmp_path / "a.db") as a:
        export(a, "jsonl", tmp_path / "a.jsonl")
    with project(tmp_path / "b.db", OTHER) as b:  # no TEXT
        report = import_paths(b, [tmp_path / "a.jsonl"])
        assert b.curated_documents() == {} and not report.structure.get("marks added")
    rows = lines(tmp_path / "a.jsonl")
    rows[-1]["document_curated_at"] = "yesterday"
    (tmp_path / "bad.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with project(tmp_path / "c.db", OTHER) as c, pytest.raises(ImportRefused, match="must be a UTC time"):
        import_paths(c, [tmp_path / "bad.jsonl"])


def test_a_jsonl_marks_refusal_quotes_the_value_as_written(tmp_path: Path) -> None:
    """The message named the JSON format's keys, then had them replaced by JSONL's, in the value quoted
    too: a stamp of 'said "curator" here' was told as 'said "document_curator" here'."""
    path = _edited(tmp_path, {"document_curated_at": 'said "curator" here'}, 0)
    with project(tmp_path / "b.db", TEXT) as b, pytest.raises(ImportRefused) as refused:
        import_paths(b, [path])
    message = str(refused.value)
    assert '"document_curated_at" must be a UTC time' in message
    assert """not 'said "curator" here'""" in message, message
