"""The W3C and CSV writers on the structure: discontinuous targets, speakers, attribution, links."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from typing import Any

from factcheck.core.model import Annotation, Document
from factcheck.core.spans import context
from factcheck.core.speakers import Speaker
from factcheck.services.formats import links_csv, w3c
from factcheck.services.formats.records import record

TEXT = "Tillerson 🇺🇸 said the economy, he thinks, is booming 📈 today."


def _tag(doc: Document, label: str, *quotes: str, **fields: object) -> Annotation:
    pieces = tuple((doc.text.index(q), doc.text.index(q) + len(q)) for q in quotes)
    start, end = pieces[0][0], pieces[-1][1]
    prefix, quote, suffix = context(doc.text, start, end)
    base = Annotation(
        id=f"{label}-{start}", document_id=doc.id, label=label, start=start, end=end, quote=quote,
        prefix=prefix, suffix=suffix, annotator="ana", created_at="2026-01-01T00:00:00.000000Z",
        updated_at="2026-01-01T00:00:00.000000Z", fragments=pieces if len(pieces) > 1 else (),
    )  # fmt: skip
    return replace(base, **fields)  # type: ignore[arg-type]


def _items(rows: list[tuple[object, ...]], **kwargs: object) -> dict[str, dict[str, Any]]:
    out = io.StringIO()
    w3c.write(rows, out, full=True, **kwargs)  # type: ignore[arg-type]
    data = json.loads(out.getvalue())
    items = data["first"]["items"]
    assert data["total"] == len(items)
    return {item["id"]: item for item in items}


def test_w3c_discontinuous_tag_has_one_target_per_piece() -> None:
    doc = Document.create(TEXT)
    claim = _tag(doc, "claim", "the economy", "is booming 📈")
    items = _items([record(w3c.FULL_COLUMNS, doc, claim)])
    targets = items["urn:factcheck:annotation:claim-" + str(claim.start)]["target"]
    assert isinstance(targets, list) and len(targets) == 2
    for target, (s, e) in zip(targets, claim.fragments, strict=True):
        quote, position = target["selector"]
        assert position == {"type": "TextPositionSelector", "start": s, "end": e}
        assert quote["exact"] == TEXT[s:e]
        assert TEXT[:s].endswith(quote["prefix"]) and TEXT[e:].startswith(quote["suffix"])
        assert quote["prefix"] and quote["suffix"]


def test_w3c_speaker_attribution_quotation_and_links() -> None:
    doc = Document.create(TEXT)
    merged = Speaker("s-old", "Tillerson", "person", "", (), "t", "t", merged_into="s-rex")
    rex = Speaker("s-rex", "Rex Tillerson", "person", "", ("https://www.wikidata.org/wiki/Q7320",), "t", "t")
    nobody = Speaker("s-x", "X", "person", "", (), "t", "t")
    source = _tag(doc, "source", "Tillerson", speaker="s-old")
    unnamed = _tag(doc, "source", "he", speaker="s-x")
    cue = _tag(doc, "cue", "said")
    claim = _tag(
        doc, "claim", "the economy", "is booming 📈", source=source.id, cue=cue.id, quotation="direct"
    )
    rows = [record(w3c.FULL_COLUMNS, doc, a) for a in (source, cue, claim, unnamed)]
    link = w3c.link_item("urn:x:link", "denies", claim.id, source.id, "bob", "c", "m")
    items = _items(rows, speakers={s.id: s for s in (merged, rex, nobody)}, links=[link])
    bodies = items[w3c.iri("annotation", source.id)]["body"]
    # The speaker a merged one went into, by its first same_as.
    assert {"type": "SpecificResource", "purpose": "identifying", "source": rex.same_as[0]} in bodies
    assert {"type": "SpecificResource", "purpose": "identifying", "source": "urn:factcheck:speaker:s-x"} in (
        items[w3c.iri("annotation", unnamed.id)]["body"]
    )
    claim_item = items[w3c.iri("annotation", claim.id)]
    assert {"type": "TextualBody", "purpose": "classifying", "value": "direct quotation"} in claim_item[
        "body"
    ]
    to_source = items[f"urn:factcheck:attribution:{claim.id}:source"]
    assert to_source["motivation"] == "linking"
    assert to_source["target"] == [w3c.iri("annotation", claim.id), w3c.iri("annotation", source.id)]
    assert to_source["body"] == [{"type": "TextualBody", "purpose": "tagging", "value": "source"}]
    assert items[f"urn:factcheck:attribution:{claim.id}:cue"]["target"][1] == w3c.iri("annotation", cue.id)
    assert items["urn:x:link"]["creator"] == {"type": "Person", "name": "bob"}
    assert len(items) == 4 + 2 + 1


def test_w3c_without_structure_columns_is_as_before() -> None:
    doc = Document.create(TEXT)
    item = w3c.item(record(w3c.COLUMNS, doc, _tag(doc, "claim", "the economy")))
    assert isinstance(item["target"], dict) and len(item["body"]) == 1


def test_links_csv_is_guarded_and_quoted() -> None:
    out = io.StringIO()
    row = ("d1", "=title", "l1", "denies", "a", "denial", "@no", "b", "claim", "+1 more", "=bob", "c", "u")
    assert links_csv.write([row], out) == 1
    header, cells = list(csv.reader(io.StringIO(out.getvalue())))
    assert header == list(links_csv.COLUMNS)
    assert cells[1] == "'=title" and cells[6] == "'@no" and cells[9] == "'+1 more" and cells[10] == "'=bob"
    assert out.getvalue().splitlines()[1].startswith('"d1","\'=title"')
