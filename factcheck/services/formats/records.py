"""What the format writers take: an annotation as a record, a tuple of named columns in the order of the
writer's `COLUMNS`, as the export query of the store returns it (`db.exports.annotation_rows`).

Column names are the annotation's fields, plus `document_title`, `document_source` and `document_sha256`
for its document. `orphaned` is 0 or 1, as SQLite stores it, and `fragments` JSON text or None.
`record()` builds one from objects in memory (a bundle, a test) exactly as the store would give it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from factcheck.core.model import Annotation, Document

Record = tuple[Any, ...]

#: Record columns taken from the annotation's document, and the Document field each one is.
DOCUMENT_FIELDS = {"document_title": "title", "document_source": "source", "document_sha256": "sha256"}


def record(columns: Sequence[str], doc: Document, ann: Annotation) -> Record:
    """ann (on doc) as a record of columns."""
    values: list[Any] = []
    for column in columns:
        if column in DOCUMENT_FIELDS:
            values.append(getattr(doc, DOCUMENT_FIELDS[column]))
        elif column == "orphaned":
            values.append(int(ann.orphaned))
        elif column == "fragments":  # as stored: JSON text, or None for a continuous tag
            values.append(ann.fragments_json)
        else:
            values.append(getattr(ann, column))
    return tuple(values)
