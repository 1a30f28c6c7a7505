"""W3C Web Annotation Data Model (JSON-LD): an AnnotationCollection whose first AnnotationPage holds the
annotations (https://www.w3.org/TR/annotation-model/).

Each annotation: motivation `tagging`; a TextualBody with purpose `tagging` holding the label, one with
`commenting` for a note, one with `assessing` for a reviewer's decision (creator and time of the
decision); creator, created, modified; a target whose selectors are a TextQuoteSelector (exact, prefix,
suffix) and a TextPositionSelector (start, end in Unicode code points, end exclusive, as the model says).

The structure (with FULL_COLUMNS):
- A discontinuous tag has one target per piece, in text order. The model's several selectors of ONE
  target are alternatives that each select the same text, so they cannot hold the pieces; several
  targets of one annotation can (its body applies to each piece; a reader takes them as one tag by the
  annotation's id).
- A source tag's speaker is a `SpecificResource` body with purpose `identifying` whose `source` is the
  speaker's first `same_as` address (e.g. Wikidata), else the speaker's IRI; it names no creator: it says
  who the text refers to, not who annotated.
- Direct or indirect quotation is a `classifying` TextualBody of the content tag.
- A link is an annotation of its own, motivation `linking`, a `tagging` body naming the link type and
  two targets, the IRIs of its two tags, from first to second. An attribution is written the same way,
  from the content tag to its source tag (type `source`) and to its cue tag (type `cue`).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from factcheck.core.model import CONTEXT_CHARS
from factcheck.core.speaker_fields import good_urls
from factcheck.core.speakers import Speaker
from factcheck.services.formats.json_text import dumps
from factcheck.services.formats.output import chunked
from factcheck.services.formats.records import Record

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

#: The record columns write() takes, in this order.
COLUMNS = (
    "document_id", "document_source", "id", "label", "start", "end", "quote", "prefix", "suffix",
    "annotator", "note", "created_at", "updated_at", "status", "reviewer", "reason", "reviewed_at",
    "orphaned",
)  # fmt: skip

#: The record columns of the structure, after COLUMNS (the curated set has none of them).
STRUCTURE = ("fragments", "speaker", "quotation", "source", "cue")
FULL_COLUMNS = (*COLUMNS, *STRUCTURE)

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def iri(kind: str, ident: str) -> str:
    """An IRI for one of our ids: urn:uuid for UUIDs (ours), else a urn:factcheck name."""
    if _UUID.match(ident):
        return f"urn:uuid:{ident}"
    return f"urn:factcheck:{kind}:{_percent(ident)}"


def _percent(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-._~") else _escape(c) for c in text)


def _escape(char: str) -> str:
    return "".join(f"%{b:02X}" for b in char.encode("utf-8"))


def target_source(document_id: str, source: str) -> str:
    """The article's web address when it came from one, else an IRI for the document."""
    return source if _URL.match(source) else iri("document", document_id)


def _target(document: str, start: int, end: int, quote: str, prefix: str, suffix: str) -> dict[str, Any]:
    return {
        "source": document,
        "selector": [
            {"type": "TextQuoteSelector", "exact": quote, "prefix": prefix, "suffix": suffix},
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def _targets(document: str, row: Sequence[Any], pieces: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    """One target per piece of a discontinuous tag, each with its own quote and context (taken from the
    envelope's quote and context, which is all of the text around the pieces a record carries)."""
    start, quote, prefix, suffix = row[4], row[6], row[7], row[8]
    around = prefix + quote + suffix
    base = start - len(prefix)
    out = []
    for s, e in pieces:
        a, b = s - base, e - base
        out.append(
            _target(
                document,
                s,
                e,
                around[a:b],
                around[max(0, a - CONTEXT_CHARS) : a],
                around[b : b + CONTEXT_CHARS],
            )
        )
    return out


def _pieces(value: object) -> list[tuple[int, int]]:
    if isinstance(value, str) and value:
        value = json.loads(value)
    return [(int(s), int(e)) for s, e in value] if value else []  # type: ignore[attr-defined]


def speaker_source(speaker_id: str, speakers: Mapping[str, Speaker]) -> str:
    """What a speaker body points at: the (merged-into) speaker's first same_as, else its IRI."""
    speaker = speakers.get(speaker_id)
    seen: set[str] = set()
    while speaker is not None and speaker.merged_into and speaker.id not in seen:
        seen.add(speaker.id)
        speaker = speakers.get(speaker.merged_into, speaker)
    if speaker is None:
        return iri("speaker", speaker_id)
    addresses = good_urls(speaker.same_as)  # one an older project kept that is no web address: not an IRI
    return addresses[0] if addresses else iri("speaker", speaker.id)


def link_item(
    ident: str, kind: str, from_id: str, to_id: str, annotator: str, created: str, modified: str
) -> dict[str, Any]:
    """A link (or an attribution) as a `linking` annotation whose targets are its two tags."""
    return {
        "id": ident,
        "type": "Annotation",
        "motivation": "linking",
        "creator": {"type": "Person", "name": annotator},
        "created": created,
        "modified": modified,
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": kind}],
        "target": [iri("annotation", from_id), iri("annotation", to_id)],
    }


def attribution_items(row: Sequence[Any]) -> list[dict[str, Any]]:
    """A content tag's source and cue (rows of FULL_COLUMNS) as linking annotations."""
    ann_id, annotator, created, modified = row[2], row[9], row[11], row[12]
    at = len(COLUMNS)
    out = []
    for kind, target in (("source", row[at + 3]), ("cue", row[at + 4])):
        if target:
            ident = f"urn:factcheck:attribution:{_percent(ann_id)}:{kind}"
            out.append(link_item(ident, kind, ann_id, target, annotator, created, modified))
    return out


def item(row: Sequence[Any], speakers: Mapping[str, Speaker] | None = None) -> dict[str, Any]:
    """A tag as an annotation: a row of COLUMNS, or of FULL_COLUMNS for its structure."""
    (doc_id, source, ann_id, label, start, end, quote, prefix, suffix, annotator, note,
     created, modified, status, reviewer, reason, reviewed_at, orphaned) = row[: len(COLUMNS)]  # fmt: skip
    fragments, speaker, quotation = row[len(COLUMNS) : len(COLUMNS) + 3] or (None, None, None)
    bodies: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": label}]
    if note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": note, "format": "text/plain"})
    if status:
        decision: dict[str, Any] = {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": f"{status}: {reason}" if reason else status,
        }
        if reviewer:
            decision["creator"] = {"type": "Person", "name": reviewer}
        if reviewed_at:
            decision["created"] = reviewed_at
        bodies.append(decision)
    if orphaned:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": "orphaned: could not be placed on the corrected article text",
            }
        )
    if quotation:
        bodies.append({"type": "TextualBody", "purpose": "classifying", "value": f"{quotation} quotation"})
    if speaker:
        body = {"type": "SpecificResource", "purpose": "identifying"}
        body["source"] = speaker_source(speaker, speakers or {})
        bodies.append(body)
    document = target_source(doc_id, source)
    pieces = _pieces(fragments)
    target: dict[str, Any] | list[dict[str, Any]] = (
        _targets(document, row, pieces)
        if len(pieces) > 1
        else _target(document, start, end, quote, prefix, suffix)
    )
    return {
        "id": iri("annotation", ann_id),
        "type": "Annotation",
        "motivation": "tagging",
        "creator": {"type": "Person", "name": annotator},
        "created": created,
        "modified": modified,
        "body": bodies,
        "target": target,
    }


def write(
    rows: Iterable[Record],
    fh: TextIO,
    *,
    total: int | None = None,
    speakers: Mapping[str, Speaker] | None = None,
    links: Sequence[dict[str, Any]] = (),
    full: bool = False,
) -> int:
    """Rows of COLUMNS (full: of FULL_COLUMNS) as one AnnotationCollection to fh, then the link items
    (`link_item`); the number of rows.

    total: how many items there are (the collection states it before its items: rows, their attribution
    items and the links); without it the rows are counted first, which holds them all in memory.
    """
    if total is None:
        rows = rows if isinstance(rows, Sequence) else list(rows)
        total = len(rows) + len(links) + (sum(len(attribution_items(r)) for r in rows) if full else 0)
    head = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": "factcheck annotations",
        "total": total,
    }
    fh.write(dumps(head)[:-1] + ',\n"first": {"type": "AnnotationPage", "startIndex": 0, "items": [')
    written = 0
    first = True
    for chunk in chunked(rows, 0, None):
        items = [item(row, speakers) for row in chunk]
        if full:
            items += [extra for row in chunk for extra in attribution_items(row)]
        fh.write(("\n" if first else ",\n") + ",\n".join(dumps(i) for i in items))
        first = False
        written += len(chunk)
    if links:
        fh.write(("\n" if first else ",\n") + ",\n".join(dumps(i) for i in links))
    fh.write("\n]}}\n")
    return written
