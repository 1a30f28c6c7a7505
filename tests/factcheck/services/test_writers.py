"""The CSV, W3C and brat writers on their own: records in, a file out, no database anywhere."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from factcheck.core.model import DEFAULT_LABELS, Annotation, Document, Label
from factcheck.core.spans import new_annotation
from factcheck.services.formats import brat, csv_format, w3c
from factcheck.services.formats.records import record
from tests.factcheck.services.brat_helpers import brat_file

TEXT = "Minister Jane Roe said 😀 that crime fell by 20%.\nCritics called it “misleading”.\n"


def span(doc: Document, needle: str) -> tuple[int, int]:
    start = doc.text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def doc() -> Document:
    return Document.create(TEXT, title="=Roe on crime", source="https://example.org/roe")


@pytest.fixture
def anns(doc: Document) -> list[Annotation]:
    claim = new_annotation(doc, *span(doc, "that crime fell by 20%"), "claim", "ana")
    across = new_annotation(doc, *span(doc, "20%.\nCritics"), "denial", "-bo", note="+1, two\nlines")
    reviewed = replace(
        new_annotation(doc, *span(doc, "misleading"), "characterization", "ana", note="@note"),
        status="rejected",
        reviewer="rita",
        reason="an aside",
        reviewed_at="2026-01-02T03:04:05.000000Z",
    )
    return [claim, across, reviewed]


def csv_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == csv_format.HEADER
    return list(reader)


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_writes_one_row_per_record_with_every_field(doc: Document, anns: list[Annotation]) -> None:
    out = io.StringIO(newline="")
    records = [record(csv_format.RECORD_COLUMNS, doc, a) for a in anns]
    assert csv_format.write(iter(records), out) == 3
    rows = csv_rows(out.getvalue())
    assert [r["annotation_id"] for r in rows] == [a.id for a in anns]
    claim, across, reviewed = rows
    assert claim["document_id"] == doc.id and claim["document_title"] == "'=Roe on crime"
    assert (claim["label"], claim["start"], claim["end"]) == ("claim", str(anns[0].start), str(anns[0].end))
    assert claim["quote"] == "that crime fell by 20%" and claim["orphaned"] == "0"
    assert (claim["created_at"], claim["updated_at"]) == (anns[0].created_at, anns[0].updated_at)
    assert across["quote"] == "20%.\nCritics" and across["annotator"] == "'-bo"
    assert across["note"] == "'+1, two\nlines"  # neutralised, and the comma and newline stay in the cell
    assert (reviewed["status"], reviewed["reviewer"], reviewed["reason"]) == ("rejected", "rita", "an aside")
    assert reviewed["note"] == "'@note" and reviewed["reviewed_at"] == "2026-01-02T03:04:05.000000Z"
    # Text cells quoted, numbers not, CRLF row ends (RFC 4180).
    assert f'"{anns[0].id}","claim",{anns[0].start},{anns[0].end},' in out.getvalue()
    assert out.getvalue().endswith("\r\n")


def test_csv_guarded_rows_are_not_guarded_twice(doc: Document, anns: list[Annotation]) -> None:
    records = [record(csv_format.RECORD_COLUMNS, doc, a) for a in anns]
    plain, guarded = io.StringIO(newline=""), io.StringIO(newline="")
    csv_format.write(records, plain)
    free = [i for i, c in enumerate(csv_format.RECORD_COLUMNS) if c in csv_format.FREE_TEXT]
    pre = [tuple(csv_format.neutralize(v) if i in free else v for i, v in enumerate(r)) for r in records]
    csv_format.write(pre, guarded, guarded=True)
    assert guarded.getvalue() == plain.getvalue()
    assert "''" not in plain.getvalue()  # one guard quote, never two


def test_csv_of_no_records_is_the_header() -> None:
    out = io.StringIO(newline="")
    assert csv_format.write([], out) == 0
    assert out.getvalue() == ",".join(f'"{h}"' for h in csv_format.HEADER) + "\r\n"


def test_csv_writes_more_rows_than_one_chunk(doc: Document, anns: list[Annotation]) -> None:
    many = [record(csv_format.RECORD_COLUMNS, doc, replace(anns[0], id=f"t{i}")) for i in range(4500)]
    out = io.StringIO(newline="")
    assert csv_format.write((r for r in many), out) == 4500
    assert [r["annotation_id"] for r in csv_rows(out.getvalue())] == [f"t{i}" for i in range(4500)]


# -- W3C ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("given_total", [True, False])
def test_w3c_writes_a_collection_of_the_records(
    doc: Document, anns: list[Annotation], given_total: bool
) -> None:
    records = [record(w3c.COLUMNS, doc, a) for a in anns]
    out = io.StringIO()
    n = w3c.write(iter(records), out, total=3) if given_total else w3c.write(iter(records), out)
    assert n == 3
    data = json.loads(out.getvalue())
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    items = data["first"]["items"]
    assert [i["id"] for i in items] == [f"urn:uuid:{a.id}" for a in anns]
    claim = items[0]
    assert claim["target"]["source"] == "https://example.org/roe"
    assert claim["target"]["selector"][1] == {
        "type": "TextPositionSelector",
        "start": anns[0].start,
        "end": anns[0].end,
    }
    assert claim["target"]["selector"][0]["exact"] == "that crime fell by 20%"
    bodies = {b["purpose"]: b for b in items[2]["body"]}
    assert bodies["tagging"]["value"] == "characterization"
    assert bodies["commenting"]["value"] == "@note"  # JSON needs no formula guard
    assert bodies["assessing"]["value"] == "rejected: an aside"
    assert bodies["assessing"]["creator"] == {"type": "Person", "name": "rita"}


def test_w3c_of_no_records_is_an_empty_page() -> None:
    out = io.StringIO()
    assert w3c.write([], out) == 0
    data = json.loads(out.getvalue())
    assert data["total"] == 0 and data["first"]["items"] == []


# -- brat -----------------------------------------------------------------------------------------


def test_brat_writes_each_documents_text_and_standoff(
    doc: Document, anns: list[Annotation], tmp_path: Path
) -> None:
    other = Document.create("An article nobody tagged.", title="quiet")
    twin = replace(Document.create("Same name, other text.", title="=ROE ON CRIME"), id=doc.id.upper())
    rows = [record(brat.COLUMNS, doc, a) for a in anns]
    labels = [*DEFAULT_LABELS, Label("has space", "#123456")]
    assert brat.write([(doc, rows), (other, []), (twin, [])], tmp_path, labels) == 3

    # A web address names no file: the titles; a name equal but for case gets "-2" (the later article).
    stems = ["=Roe on crime", "quiet", "=ROE ON CRIME-2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{s}.{ext}" for s in stems for ext in ("txt", "ann")]
        + ["annotation.conf", "visual.conf", "tools.conf", "factcheck-documents.json"]
    )
    assert brat_file(tmp_path, twin.id, "txt").read_text(encoding="utf-8") == twin.text
    assert brat_file(tmp_path, doc.id, "txt").read_bytes().decode("utf-8") == doc.text
    assert brat_file(tmp_path, other.id, "ann").read_text(encoding="utf-8") == ""
    lines = brat_file(tmp_path, doc.id, "ann").read_text(encoding="utf-8").splitlines()
    s, e = span(doc, "that crime fell by 20%")
    assert lines[0] == f"T1\tclaim {s} {e}\tthat crime fell by 20%"
    s, e = span(doc, "20%.\nCritics")
    assert lines[1] == f"T2\tdenial {s} {e - 8};{e - 7} {e}\t20%. Critics"  # one fragment per line
    # A note of two lines is two note lines (brat joins them back), a review decision one more.
    assert lines[2:4] == ["#1\tAnnotatorNotes T2\t+1, two", "#2\tAnnotatorNotes T2\tlines"]
    assert lines[4].startswith("T3\tcharacterization ")
    assert lines[5:] == [
        "A1\tReview T3 rejected",
        "#3\tAnnotatorNotes T3\t@note",
        "#4\tAnnotatorNotes T3\t[rejected by rita: an aside]",
    ]
    conf = (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nclaim\ndenial\ncharacterization\nsource\ncue\nhas_space\n" in conf
    assert "has_space\tbgColor:#123456" in (tmp_path / "visual.conf").read_text(encoding="utf-8")


def test_brat_marks_orphaned_tags(doc: Document, anns: list[Annotation], tmp_path: Path) -> None:
    rows = [record(brat.COLUMNS, doc, replace(anns[0], orphaned=True))]
    brat.write([(doc, rows)], tmp_path, DEFAULT_LABELS)
    assert brat_file(tmp_path, doc.id, "ann").read_text(encoding="utf-8").splitlines()[1] == "A1\tOrphaned T1"
