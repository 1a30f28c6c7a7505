"""Property: every export format gives back exactly what the project holds, where it can.

Random articles mix emoji (astral, ZWJ, skin tones), combining marks, CRLF and lone CR (normalised on
import), NBSP, tabs and form feeds; random valid spans (overlapping, nested, across line breaks); notes
and names that start like spreadsheet formulas. JSON is lossless (every field of every tag, tombstones
and reviews included; a name holding a control character, as a tab, comes back cleaned, as every imported
name does: factcheck.core.names.name_cleaned); JSONL carries every tag field; CSV rows parse back to the
same offsets and quotes once the formula guard `'` is taken off; brat's .txt is the text and its .ann
offsets slice to the quote; W3C selectors hold the offsets, quote and context.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import Store
from factcheck.core.duplicates import shape
from factcheck.core.model import DEFAULT_LABELS, Annotation, Document
from factcheck.core.names import name_cleaned
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.formats.csv_format import GUARD, HEADER, STRUCTURE
from factcheck.services.importing import import_paths
from factcheck.services.reading import read_bundle
from tests.factcheck.services.brat_helpers import brat_file
from tests.helpers.review import set_review

PIECES = [
    "a", "Z", " ", " ", "\n", "\r\n", "\r", "\t", "\f", "\u00a0", "e\u0301", "\u0301", "é", "—", "“", "”",
    "😀", "👍🏽", "👩‍👩‍👧", "𝔸", "中", "\u200d", ",", '"', "'", "=", "+", "-", "@", ";", "\\", "\u2028",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join).filter(lambda t: t.strip())
cells = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
names = st.sampled_from(["ana", "Zoë", "=HYPERLINK()", "+1", "-x", "@me", "\tTab", "o'brien"])
LABELS = [lab.name for lab in DEFAULT_LABELS]

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


@st.composite
def projects(draw: st.DrawFn) -> Store:
    """A project of one or two documents with random valid tags, one tombstone and one review."""
    store = Store.memory()
    made: set[tuple[object, ...]] = set()  # across documents: the second may be the first again
    for _ in range(draw(st.integers(1, 2))):
        doc, _ = store.add_document(Document.create(draw(texts), title=draw(cells), source=draw(cells)))
        n = len(doc.text)
        tags: list[Annotation] = []
        for _ in range(draw(st.integers(1, 6))):
            start = draw(st.integers(0, n - 1))
            end = draw(st.integers(start + 1, n))
            if not doc.text[start:end].strip():
                continue
            ann = new_annotation(
                doc,
                start,
                end,
                draw(st.sampled_from(LABELS)),
                draw(names),
                draw(cells),
                trim_whitespace=False,
            )
            if shape(ann) not in made:  # no path makes two identical tags
                made.add(shape(ann))
                tags.append(ann)
        store.put_annotations(tags)
    anns = store.annotations()
    if len(anns) >= 2:
        store.delete_annotation(anns[0].id)
        set_review(
            store, anns[-1].id, draw(st.sampled_from(["accepted", "rejected"])), draw(names), draw(cells)
        )
    return store


def live(store: Store) -> list[Annotation]:
    return store.annotations()


def ann_fields(ann: Annotation) -> dict[str, object]:
    fields = dataclasses.asdict(ann)
    fields.pop("extra")
    fields["fragments"] = [list(piece) for piece in ann.fragments]  # a list of [start, end] in JSON
    return fields


@given(projects())
@SETTINGS
def test_json_round_trips_every_field(store: Store) -> None:
    with store, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "project.json"
        export(store, "json", path)
        bundle = read_bundle(path)
        assert {doc.id: doc for doc, _ in bundle.documents} == {doc.id: doc for doc in store.documents()}
        held = [as_imported(a) for a in store.annotations(include_deleted=True)]
        read = sorted((a for _, anns in bundle.documents for a in anns), key=lambda a: a.id)
        assert read == sorted(held, key=lambda a: a.id)

        with Store.memory() as fresh:
            import_paths(fresh, [path], annotator="me")
            assert fresh.documents() == store.documents()
            assert fresh.annotations(include_deleted=True) == held
            again = import_paths(fresh, [path], annotator="me")  # importing twice changes nothing
            assert (again.added, again.updated, again.deleted) == (0, 0, 0)
            assert fresh.annotations(include_deleted=True) == held


def as_imported(ann: Annotation) -> Annotation:
    """ann as an import keeps it: its names cleaned."""
    reviewer = name_cleaned(ann.reviewer) if ann.reviewer is not None else None
    return dataclasses.replace(ann, annotator=name_cleaned(ann.annotator), reviewer=reviewer)


@given(projects())
@SETTINGS
def test_jsonl_lines_carry_every_tag_field(store: Store) -> None:
    with store:
        out = io.StringIO()
        export(store, "jsonl", out)
        # Lines end with \n only: a U+2028 in a note is JSON text, not a line end.
        rows = [json.loads(line) for line in out.getvalue().split("\n") if line]
        docs = {doc.id: doc for doc in store.documents()}
        assert len(rows) == len(live(store))
        for row, ann in zip(rows, live(store), strict=True):
            assert {k: row[k] for k in ann_fields(ann) if k != "document_id"} == {
                k: v for k, v in ann_fields(ann).items() if k != "document_id"
            }
            doc = docs[row["document_id"]]
            assert (row["document_sha256"], row["document_title"]) == (doc.sha256, doc.title)
            assert doc.text[row["start"] : row["end"]] == row["quote"]
        if not rows:
            return  # no live tag: an empty file, which an import refuses as empty
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "tags.jsonl"
            path.write_text(out.getvalue(), encoding="utf-8", newline="")
            bundle = read_bundle(path, store)  # read back against the project that has the articles
            read = {a.id: a for _, anns in bundle.documents for a in anns}
            assert read == {a.id: as_imported(a) for a in live(store)}


def unguard(cell: str) -> str:
    """What the user typed: the export put `'` before a cell that a spreadsheet would run."""
    return cell[1:] if cell[:1] == "'" else cell


@given(projects())
@SETTINGS
def test_csv_rows_parse_back_to_the_same_offsets_and_quotes(store: Store) -> None:
    with store, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tags.csv"
        export(store, "csv", path)
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header, *rows = list(csv.reader(fh))
        assert tuple(header) == HEADER + STRUCTURE
        docs = {doc.id: doc for doc in store.documents()}
        assert len(rows) == len(live(store))
        for values, ann in zip(rows, live(store), strict=True):
            row = dict(zip(header, values, strict=True))
            for key in ("quote", "note", "annotator", "document_title"):
                # Nothing a spreadsheet would run is left unguarded...
                assert not row[key] or row[key][0] not in GUARD.replace("'", "")
            start, end = int(float(row["start"])), int(float(row["end"]))
            assert (row["annotation_id"], row["document_id"], row["label"]) == (
                ann.id,
                ann.document_id,
                ann.label,
            )
            assert (start, end) == (ann.start, ann.end)
            # ... and taking the guard off gives back exactly what was stored.
            assert unguard(row["quote"]) == ann.quote == docs[ann.document_id].text[start:end]
            assert unguard(row["note"]) == ann.note
            assert unguard(row["annotator"]) == ann.annotator
            assert unguard(row["document_title"]) == docs[ann.document_id].title
            assert (row["created_at"], row["updated_at"]) == (ann.created_at, ann.updated_at)


@given(projects())
@SETTINGS
def test_brat_txt_is_the_text_and_ann_offsets_slice_to_the_quote(store: Store) -> None:
    with store, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "brat"
        export(store, "brat", folder)
        for doc in store.documents():
            txt = brat_file(folder, doc.id, "txt").read_bytes().decode("utf-8")
            assert txt == doc.text
            anns = store.annotations(doc.id)
            lines = brat_file(folder, doc.id, "ann").read_bytes().decode("utf-8").split("\n")
            # The text column is the rest of the line: it may hold the article's own tabs.
            spans = [line.split("\t", 2) for line in lines if line.startswith("T")]
            assert len(spans) == len(anns)
            for (_, type_offsets, quote), ann in zip(spans, anns, strict=True):
                label, offsets = type_offsets.split(" ", 1)
                assert label == ann.label
                pieces = [tuple(map(int, part.split())) for part in offsets.split(";")]
                assert pieces[0][0] >= ann.start and pieces[-1][1] <= ann.end
                assert quote == " ".join(txt[s:e] for s, e in pieces)
                # The pieces cover the quote but for the line breaks between them.
                covered = "".join(txt[s:e] for s, e in pieces)
                assert covered == "".join(
                    c for c in ann.quote if c not in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
                )


@given(projects())
@SETTINGS
def test_w3c_selectors_hold_offsets_quote_and_context(store: Store) -> None:
    with store:
        out = io.StringIO()
        export(store, "w3c", out)
        collection = json.loads(out.getvalue())
        items = collection["first"]["items"]
        assert collection["total"] == len(items) == len(live(store))
        for item, ann in zip(items, live(store), strict=True):
            quote_sel, pos_sel = item["target"]["selector"]
            assert (pos_sel["start"], pos_sel["end"]) == (ann.start, ann.end)
            assert (quote_sel["exact"], quote_sel["prefix"], quote_sel["suffix"]) == (
                ann.quote,
                ann.prefix,
                ann.suffix,
            )
            tags = [b["value"] for b in item["body"] if b["purpose"] == "tagging"]
            assert tags == [ann.label]
            assert item["creator"]["name"] == ann.annotator
