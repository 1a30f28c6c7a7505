"""CSV, JSONL, W3C and brat output; filters; a failed export leaves nothing half written."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Unpack

import pytest

from db import Store
from db.exports import Selection, annotation_rows
from db.labels import add_label
from db.links import add_link
from db.store import AnnotationFilters
from factcheck.core.errors import FactcheckError, UnknownLabel
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import Filter, export
from factcheck.services.formats import FORMATS, brat, csv_format, w3c
from factcheck.services.formats.brat import fragments
from factcheck.services.formats.brat_names import DOCUMENTS_FILE
from factcheck.services.formats.csv_format import HEADER, STRUCTURE, neutralize
from factcheck.services.formats.records import record
from tests.factcheck.services.brat_helpers import brat_file
from tests.factcheck.services.formats_helpers import Rich, build

#: The brat file name of rich.second (its source is a web address; its title a spreadsheet formula).
SECOND = "=cmd-' -C calc'!A0"


@pytest.fixture
def rich(store: Store) -> Rich:
    return build(store)


def _live(
    store: Store, document_id: str | None = None, **filters: Unpack[AnnotationFilters]
) -> dict[str, Annotation]:
    return {a.id: a for a in store.annotations(document_id, **filters)}


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == HEADER + STRUCTURE
        return list(reader)


# -- records --------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [csv_format.RECORD_COLUMNS, w3c.COLUMNS, brat.COLUMNS])
def test_the_store_gives_the_records_the_writers_are_tested_with(
    rich: Rich, columns: tuple[str, ...]
) -> None:
    """The writers' own tests build records with record(): the store's export rows are exactly those."""
    docs = {d.id: d for d in rich.store.documents()}
    expected = [record(columns, docs[a.document_id], a) for a in rich.store.annotations()]
    assert list(annotation_rows(rich.store, columns, Selection())) == expected


def test_the_csv_export_is_the_writer_on_the_stores_records(rich: Rich) -> None:
    """The store guards formula cells in SQL; the writer, given plain records, in Python: same file."""
    docs = {d.id: d for d in rich.store.documents()}
    # (these tags have no structure: its columns are empty)
    none = ("",) * len(csv_format.STRUCTURE)
    plain = [
        (*record(csv_format.RECORD_COLUMNS, docs[a.document_id], a), *none) for a in rich.store.annotations()
    ]
    ours, theirs = io.StringIO(newline=""), io.StringIO(newline="")
    written = csv_format.write(plain, theirs, extra=csv_format.STRUCTURE)
    assert export(rich.store, "csv", ours) == written == len(plain)
    assert ours.getvalue() == theirs.getvalue()
    assert "'=cmd" in ours.getvalue()


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_has_one_row_per_live_annotation_with_every_field(rich: Rich, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert export(rich.store, "csv", path) == len(_live(rich.store))
    rows = {r["annotation_id"]: r for r in _csv_rows(path)}
    assert rows.keys() == _live(rich.store).keys()  # the tombstone is not there
    row = rows[rich.claim.id]
    assert row["document_id"] == rich.doc.id and row["document_title"] == "Roe on crime"
    assert (row["label"], row["start"], row["end"]) == ("claim", str(rich.claim.start), str(rich.claim.end))
    assert row["quote"] == "that crime fell by 20%" == rich.doc.text[rich.claim.start : rich.claim.end]
    assert (row["annotator"], row["created_at"], row["updated_at"]) == (
        "ana",
        rich.claim.created_at,
        rich.claim.updated_at,
    )
    assert row["status"] == row["reviewer"] == row["reason"] == "" and row["orphaned"] == "0"
    reviewed = rows[rich.reviewed.id]
    assert (reviewed["status"], reviewed["reviewer"], reviewed["reason"]) == (
        "rejected",
        "rita",
        "not a denial,\nan aside",  # embedded newline and comma survive the quoting
    )
    assert reviewed["reviewed_at"] == rich.reviewed.reviewed_at
    # A quote across the line break keeps its \n (not the CRLF of the original file).
    assert rows[rich.across_lines.id]["quote"] == "“misleading”.\nRoe denied it"


def test_csv_neutralises_formula_cells(rich: Rich, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    export(rich.store, "csv", path)
    rows = {r["annotation_id"]: r for r in _csv_rows(path)}
    assert rows[rich.noted.id]["note"] == '\'=SUM(A1:A9)\nsecond line, "quoted"; semi'
    formula = rows[rich.formula.id]
    assert formula["document_title"] == "'=cmd|' /C calc'!A0"
    assert formula["annotator"] == "'-dash" and formula["note"] == "'+1\t@mention"
    at = next(r for r in rows.values() if r["quote"].startswith('"quotes"'))
    assert at["annotator"] == "'@at"
    for row in rows.values():
        for cell in row.values():
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell


def test_csv_neutralises_a_label_named_like_a_formula(store: Store, tmp_path: Path) -> None:
    """A label is any name a person gives (`factcheck labels add`, or a teammate's with --add-labels)."""
    add_label(store, "=SUM(A1)", key="7")
    doc, _ = store.add_document(Document.create("Crime fell by 20% last year.\n", title="Crime"))
    store.add_annotation(new_annotation(doc, 0, 10, "=SUM(A1)", "ana"))
    path = tmp_path / "out.csv"
    export(store, "csv", path)
    (row,) = _csv_rows(path)
    assert row["label"] == "'=SUM(A1)"


def test_csv_quotes_every_text_cell(rich: Rich, tmp_path: Path) -> None:
    """OWASP: text cells in double quotes, so a ';' (Excel's separator in many locales) opens no cell."""
    path = tmp_path / "out.csv"
    export(rich.store, "csv", path)
    text = path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith('"document_id","document_title"')
    assert f'"{rich.claim.id}","claim",{rich.claim.start},{rich.claim.end},' in text
    assert text.endswith("\r\n")


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(1)", "\tx", "\rx", "ok", "", "1-2", " =x"])
def test_sql_and_python_neutralisation_agree(store: Store, tmp_path: Path, cell: str) -> None:
    from factcheck.core.model import Document
    from factcheck.core.spans import new_annotation

    doc, _ = store.add_document(Document.create("Some text here.", title="t"))
    store.add_annotation(new_annotation(doc, 0, 4, "claim", "ana", note=cell))
    path = tmp_path / "out.csv"
    export(store, "csv", path)
    (row,) = _csv_rows(path)
    assert row["note"] == neutralize(cell)
    guarded = cell and (cell.lstrip()[:1] in tuple("=+-@") or cell[:1] in "\t\r")
    assert row["note"] == ("'" + cell if guarded else cell)


def test_csv_keeps_unusual_characters(store: Store, tmp_path: Path) -> None:
    from factcheck.core.model import Document
    from factcheck.core.spans import new_annotation

    doc, _ = store.add_document(Document.create("x" * 10, title='a "b" \x00 c'))
    note = 'nul \x00 quote " comma , semicolon ; crlf \r\n end \u2028 😀'
    store.add_annotation(new_annotation(doc, 0, 4, "claim", "ana", note=note))
    path = tmp_path / "out.csv"
    export(store, "csv", path)
    (row,) = _csv_rows(path)
    assert row["note"] == note
    assert row["document_title"] == 'a "b" c'  # a title is stored without control characters


# -- JSONL ----------------------------------------------------------------------------------------


def test_jsonl_has_one_line_per_live_annotation(rich: Rich, tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    assert export(rich.store, "jsonl", path) == len(_live(rich.store))
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = {r["id"]: r for r in map(json.loads, lines)}
    assert len(lines) == len(rows) and rows.keys() == _live(rich.store).keys()
    row = rows[rich.noted.id]
    assert row["document_id"] == rich.doc.id
    assert row["document_sha256"] == rich.doc.sha256
    assert row["document_title"] == "Roe on crime"
    assert row["note"] == '=SUM(A1:A9)\nsecond line, "quoted"; semi'  # JSON needs no neutralising
    ann = rich.store.annotation(rich.noted.id)
    assert ann is not None
    for key in ("label", "start", "end", "quote", "prefix", "suffix", "annotator", "created_at"):
        assert row[key] == getattr(ann, key)
    assert rows[rich.reviewed.id]["status"] == "rejected" and row["orphaned"] is False


# -- W3C ------------------------------------------------------------------------------------------


def test_w3c_collection_structure(rich: Rich, tmp_path: Path) -> None:
    path = tmp_path / "out.jsonld"
    export(rich.store, "w3c", path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["id"].startswith("urn:uuid:")
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    items = {i["id"]: i for i in page["items"]}
    assert data["total"] == len(items) == len(_live(rich.store))
    item = items[f"urn:uuid:{rich.noted.id}"]
    assert item["type"] == "Annotation" and item["motivation"] == "tagging"
    assert item["creator"] == {"type": "Person", "name": "chen"}
    assert (item["created"], item["modified"]) == (rich.noted.created_at, rich.noted.updated_at)
    bodies = {b["purpose"]: b for b in item["body"]}
    assert bodies["tagging"] == {"type": "TextualBody", "purpose": "tagging", "value": "claim"}
    assert bodies["commenting"]["value"] == rich.noted.note
    quote_sel, pos_sel = item["target"]["selector"]
    assert quote_sel == {
        "type": "TextQuoteSelector",
        "exact": "Jane Roe",
        "prefix": rich.noted.prefix,
        "suffix": rich.noted.suffix,
    }
    assert pos_sel == {"type": "TextPositionSelector", "start": rich.noted.start, "end": rich.noted.end}
    assert item["target"]["source"] == f"urn:uuid:{rich.doc.id}"
    decision = next(b for b in items[f"urn:uuid:{rich.reviewed.id}"]["body"] if b["purpose"] == "assessing")
    assert decision["value"] == "rejected: not a denial,\nan aside"
    assert decision["creator"]["name"] == "rita" and decision["created"] == rich.reviewed.reviewed_at
    # A web article is its own target source.
    assert items[f"urn:uuid:{rich.formula.id}"]["target"]["source"] == "https://example.org/a?b=1"


# -- brat -----------------------------------------------------------------------------------------


def _ann_file(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line:
            key, rest = line.split("\t", 1)
            out[key] = rest.split("\t")
    return out


def test_brat_writes_text_and_standoff_per_document(rich: Rich, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    assert export(rich.store, "brat", folder) == len(_live(rich.store))
    names = sorted(p.name for p in folder.iterdir())
    # Named after the source file "roe.txt", else the title ("=cmd|' /C calc'!A0": no "|" or "/").
    assert names == sorted(
        [f"{stem}.{ext}" for stem in ("roe", SECOND) for ext in ("txt", "ann")]
        + ["annotation.conf", "visual.conf", "tools.conf", DOCUMENTS_FILE]
    )
    text = brat_file(folder, rich.doc.id, "txt").read_bytes().decode("utf-8")
    assert text == rich.doc.text  # exact, \n line ends
    entries = _ann_file(brat_file(folder, rich.doc.id, "ann"))
    live = list(rich.store.annotations(document_id=rich.doc.id))
    spans = [entries[k] for k in entries if k.startswith("T")]
    assert len(spans) == len(live)
    for kind_offsets, quote in spans:
        _label, offsets = kind_offsets.split(" ", 1)
        pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
        # Code point offsets into the .txt, each fragment inside one line, text = fragments joined by " ".
        assert quote == " ".join(text[s:e] for s, e in pieces)
        assert all("\n" not in text[s:e] for s, e in pieces)
    claim = ["claim " + f"{rich.claim.start} {rich.claim.end}", "that crime fell by 20%"]
    assert claim in spans
    crossing = [s for s in spans if s[1] == "“misleading”. Roe denied it"]
    assert crossing and ";" in crossing[0][0]


def test_brat_notes_and_review_attributes(rich: Rich, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    export(rich.store, "brat", folder)
    entries = _ann_file(brat_file(folder, rich.doc.id, "ann"))
    notes = [v for k, v in entries.items() if k.startswith("#")]
    assert all(v[0].startswith("AnnotatorNotes T") for v in notes)
    # One note line per line of the note.
    texts = [v[1:] for v in notes]
    assert texts[:2] == [["=SUM(A1:A9)"], ['second line, "quoted"; semi']]
    attributes = [v[0] for k, v in entries.items() if k.startswith("A")]
    assert any(a.startswith("Review T") and a.endswith(" rejected") for a in attributes)
    assert any(a.endswith(" accepted") for a in attributes)
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nclaim\ndenial\ncharacterization\n" in conf
    assert "bgColor:#E69F00" in (folder / "visual.conf").read_text(encoding="utf-8")


def test_brat_fragments_skip_line_breaks() -> None:
    text = "ab\ncd\n\nef"
    assert fragments(text, 0, len(text)) == [(0, 2), (3, 5), (7, 9)]
    assert fragments(text, 1, 4) == [(1, 2), (3, 4)]
    assert fragments("a\u2028b", 0, 3) == [(0, 1), (2, 3)]


def test_brat_into_an_existing_folder_keeps_its_configuration(rich: Rich, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "annotation.conf").write_text("mine", encoding="utf-8")
    (folder / "other.txt").write_text("kept", encoding="utf-8")
    export(rich.store, "brat", folder)
    assert (folder / "annotation.conf").read_text(encoding="utf-8") == "mine"
    assert (folder / "other.txt").read_text(encoding="utf-8") == "kept"
    assert brat_file(folder, rich.doc.id, "ann").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_brat_needs_a_folder(rich: Rich) -> None:
    with pytest.raises(FactcheckError, match="folder"):
        export(rich.store, "brat", io.StringIO())


# -- filters ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_filters_on_document_annotator_and_label(rich: Rich, tmp_path: Path, fmt: str) -> None:
    def ids(document_id: Filter = None, annotator: Filter = None, label: Filter = None) -> set[str]:
        buf = io.StringIO()
        export(rich.store, fmt, buf, document_id=document_id, annotator=annotator, label=label)
        text = buf.getvalue()
        if fmt == "csv":
            return {r["annotation_id"] for r in csv.DictReader(io.StringIO(text))}
        return {json.loads(line)["id"] for line in text.splitlines()}

    store = rich.store
    assert ids(document_id=rich.second.id) == set(_live(store, document_id=rich.second.id))
    assert ids(annotator="ana") == set(_live(store, annotator="ana"))
    assert ids(label="denial") == set(_live(store, label="denial"))
    assert ids(annotator=["ana", "bo"], label=["claim", "denial"]) == set(
        _live(store, annotator=["ana", "bo"], label=["claim", "denial"])
    )
    assert ids(document_id=rich.doc.id, annotator="chen") == {rich.noted.id}
    with pytest.raises(FactcheckError, match="nobody"):  # never tagged here: a typo, not an empty file
        ids(annotator="nobody")
    assert ids() == set(_live(store))


def test_w3c_and_brat_honour_filters(rich: Rich, tmp_path: Path) -> None:
    buf = io.StringIO()
    assert export(rich.store, "w3c", buf, label="characterization") == 2
    items = json.loads(buf.getvalue())["first"]["items"]
    assert {i["body"][0]["value"] for i in items} == {"characterization"}
    folder = tmp_path / "brat"
    assert export(rich.store, "brat", folder, annotator="@at") == 1
    assert [p.name for p in folder.glob("*.ann")] == [brat_file(folder, rich.second.id, "ann").name]


def test_json_and_brat_agree_on_documents_without_selected_tags(rich: Rich, tmp_path: Path) -> None:
    """A tag filter keeps only the documents its tags are on; a document filter alone keeps them all."""
    buf = io.StringIO()
    assert export(rich.store, "json", buf, document_id=rich.doc.id, annotator="@at") == 0
    assert json.loads(buf.getvalue())["documents"] == []
    folder = tmp_path / "brat"
    assert export(rich.store, "brat", folder, document_id=rich.doc.id, annotator="@at") == 0
    assert list(folder.glob("*.txt")) == []
    both = [rich.doc.id, rich.second.id]
    buf = io.StringIO()
    export(rich.store, "json", buf, document_id=both, annotator="@at")
    assert [d["id"] for d in json.loads(buf.getvalue())["documents"]] == [rich.second.id]
    export(rich.store, "brat", tmp_path / "both", document_id=both)
    assert sorted(p.stem for p in (tmp_path / "both").glob("*.txt")) == sorted(["roe", SECOND])
    assert {brat_file(tmp_path / "both", d, "txt").stem for d in both} == {"roe", SECOND}


def test_unknown_document_or_label_filter_is_an_error(rich: Rich, tmp_path: Path) -> None:
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    with pytest.raises(FactcheckError, match="no document with id 'nope'"):
        export(rich.store, "csv", tmp_path / "x.csv", document_id="nope")
    with pytest.raises(UnknownLabel, match="opinion"):
        export(rich.store, "csv", tmp_path / "x.csv", label="opinion")
    with pytest.raises(FactcheckError, match="Unknown export format"):
        export(rich.store, "xml", tmp_path / "x.csv")
    assert list(tmp_path.iterdir()) == []


# -- writing safely ---------------------------------------------------------------------------------


class Boom(Exception):
    pass


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_export_leaves_the_previous_file_and_no_partial(
    rich: Rich, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / ("out" if fmt == "brat" else f"out.{fmt}")
    if fmt == "links-csv":  # something to write, so that the failure comes mid-way
        claim, other = list(_live(rich.store, document_id=rich.doc.id).values())[:2]
        add_link(rich.store, new_link(rich.doc.id, "denies", claim.id, other.id, claim.annotator))
    export(rich.store, fmt, out)
    before = sorted(p.name for p in out.iterdir()) if fmt == "brat" else out.read_bytes()

    def fail(done: int, total: int) -> None:
        if done > 0:
            raise Boom

    with pytest.raises(Boom):
        export(rich.store, fmt, out, progress=fail)
    after = sorted(p.name for p in out.iterdir()) if fmt == "brat" else out.read_bytes()
    assert after == before
    assert sorted(p.name for p in folder.iterdir()) == [out.name]


def test_a_failed_export_to_a_stream_writes_nothing(rich: Rich) -> None:
    buf = io.StringIO()

    def fail(done: int, total: int) -> None:
        if done:
            raise Boom

    with pytest.raises(Boom):
        export(rich.store, "jsonl", buf, progress=fail)
    assert buf.getvalue() == ""


def test_progress_reaches_the_total(rich: Rich) -> None:
    seen: list[tuple[int, int]] = []
    n = export(rich.store, "csv", io.StringIO(), progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, n) and seen[-1] == (n, n)


def test_bad_destinations_are_clear_errors(rich: Rich, tmp_path: Path) -> None:
    with pytest.raises(FactcheckError, match="does not exist"):
        export(rich.store, "csv", tmp_path / "missing" / "x.csv")
    with pytest.raises(FactcheckError, match="is a folder"):
        export(rich.store, "csv", tmp_path)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(FactcheckError, match="a file has that name"):
        export(rich.store, "brat", tmp_path / "file")


def test_export_does_not_take_the_write_lock(rich: Rich, db_path: Path, tmp_path: Path) -> None:
    """Another program can save while an export reads (WAL snapshot, no BEGIN IMMEDIATE)."""
    with Store.open(db_path) as other:

        def write_meanwhile(done: int, total: int) -> None:
            if done == 0:
                other.put_annotations([replace(rich.claim, note="changed meanwhile")])

        n = export(rich.store, "csv", tmp_path / "x.csv", progress=write_meanwhile)
    assert n == len(_live(rich.store))
    stored = rich.store.annotation(rich.claim.id)
    assert stored is not None and stored.note == "changed meanwhile"
