"""A tag as a row of the annotations table and back: the columns in `Annotation`'s field order, and
the conversions that every read and bulk write of tags goes through."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from typing import Any

from factcheck.core.model import ANNOTATION_FIELDS, Annotation, parse_fragments_json

ANNOTATION_COLUMNS = ANNOTATION_FIELDS
#: The annotation columns, quoted, in ANNOTATION_COLUMNS order: for SELECT and INSERT column lists.
ANNOTATION_COLUMNS_SQL = ", ".join(f'"{c}"' for c in ANNOTATION_COLUMNS)


#: The columns of a tag whose values many tags share (a document, a few labels, annotators, reviewers):
#: read as one str each per read of many tags, not one per tag (``annotations_from_rows``).
_SHARED_VALUES = ("document_id", "label", "annotator", "status", "reviewer")
_SHARED_AT = tuple(ANNOTATION_COLUMNS.index(c) for c in _SHARED_VALUES)
_ORPHANED = ANNOTATION_COLUMNS.index("orphaned")
_FRAGMENTS = ANNOTATION_COLUMNS.index("fragments")
_CREATED, _UPDATED = ANNOTATION_COLUMNS.index("created_at"), ANNOTATION_COLUMNS.index("updated_at")
#: The ``extra`` of every tag read here (no column holds one): one empty dict for all, not one per tag
#: (3.2 MB and 50k blocks on a 50k-tag article). Nothing writes into a tag's extra: tags are frozen,
#: and a curated tag's is its own (core.curation).
_NO_EXTRA: dict[str, object] = {}
#: Annotation(*values, extra) from a row's values: it fills its fields in the columns' order.
_annotation: Callable[..., Annotation] = Annotation
assert tuple(f.name for f in fields(Annotation)) == (*ANNOTATION_COLUMNS, "extra")


def annotation_from_row(row: Sequence[Any], same: dict[str, str] | None = None) -> Annotation:
    """The tag of a row; with ``same`` (one dict for a read of many rows), the values of the columns many
    tags share taken from it, so that equal values are one str."""
    values = list(row)
    values[_ORPHANED] = bool(values[_ORPHANED])
    stored = values[_FRAGMENTS]
    values[_FRAGMENTS] = () if stored is None else parse_fragments_json(stored)
    if same is not None:
        share = same.setdefault
        for i in _SHARED_AT:
            value = values[i]
            if value is not None:
                values[i] = share(value, value)
    if values[_UPDATED] == values[_CREATED]:  # a tag never edited: one str for both stamps
        values[_UPDATED] = values[_CREATED]
    return _annotation(*values, _NO_EXTRA)


def annotations_from_rows(rows: Iterable[Sequence[Any]]) -> list[Annotation]:
    """The tags of many rows, the values many share as one str each: sqlite3 makes a str per row and
    column, so a 50k-tag article held 150k copies of its id, labels and annotators (~10 MB of Python's
    small blocks, made and kept for as long as it is open, then given back as scattered holes)."""
    same: dict[str, str] = {}
    return [annotation_from_row(row, same) for row in rows]


#: An annotation as a row tuple in `ANNOTATION_COLUMNS` order. attrgetter builds it in C (bulk inserts and
#: merges of 100k tags); orphaned stays a bool, equal to SQLite's 0/1 and stored as one; fragments are
#: in their stored form (JSON text or None).
annotation_row: Callable[[Annotation], tuple[Any, ...]] = operator.attrgetter(
    *(("fragments_json" if c == "fragments" else c) for c in ANNOTATION_COLUMNS)
)
