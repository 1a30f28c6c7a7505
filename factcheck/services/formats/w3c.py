"""W3C Web Annotation Data Model (JSON-LD): an AnnotationCollection whose first AnnotationPage holds the
annotations (https://www.w3.org/TR/annotation-model/).

Each annotation: motivation `tagging`; a TextualBody with purpose `tagging` holding the label, one with
`commenting` for a note, one with `assessing` for a reviewer's decision (creator and time of the
decision); creator, created, modified; a target whose selectors are a TextQuoteSelector (exact, prefix,
suffix) and a TextPositionSelector (start, end in Unicode code points, end exclusive, as the model says).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from factcheck.services.formats.output import chunked
from factcheck.services.formats.records import Record

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

#: The record columns write() takes, in this order.
COLUMNS = (
    "document_id", "document_source", "id", "label", "start", "end", "quote", "prefix", "suffix",
    "annotator", "note", "created_at", "updated_at", "status", "reviewer", "reason", "reviewed_at",
    "orphaned",
)  # fmt: skip

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)

_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


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


def item(row: tuple[Any, ...]) -> dict[str, Any]:
    (doc_id, source, ann_id, label, start, end, quote, prefix, suffix, annotator, note,
     created, modified, status, reviewer, reason, reviewed_at, orphaned) = row  # fmt: skip
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
    return {
        "id": iri("annotation", ann_id),
        "type": "Annotation",
        "motivation": "tagging",
        "creator": {"type": "Person", "name": annotator},
        "created": created,
        "modified": modified,
        "body": bodies,
        "target": {
            "source": target_source(doc_id, source),
            "selector": [
                {"type": "TextQuoteSelector", "exact": quote, "prefix": prefix, "suffix": suffix},
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }


def write(rows: Iterable[Record], fh: TextIO, *, total: int | None = None) -> int:
    """Rows of COLUMNS as one AnnotationCollection to fh; the number of rows.

    total: how many rows there are (the collection states it before its items); without it the rows are
    counted first, which holds them all in memory.
    """
    if total is None:
        rows = rows if isinstance(rows, Sequence) else list(rows)
        total = len(rows)
    head = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": "factcheck annotations",
        "total": total,
    }
    fh.write(_dumps(head)[:-1] + ',\n"first": {"type": "AnnotationPage", "startIndex": 0, "items": [')
    written = 0
    for chunk in chunked(rows, 0, None):
        fh.write(("\n" if written == 0 else ",\n") + ",\n".join(_dumps(item(row)) for row in chunk))
        written += len(chunk)
    fh.write("\n]}}\n")
    return written
