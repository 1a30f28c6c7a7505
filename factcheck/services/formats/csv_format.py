"""CSV: one row per annotation, for spreadsheets. UTF-8 with a BOM (Excel), RFC 4180 quoting.

Formula injection: a quote or note comes from an article or a teammate, so text cells go through the
one formula guard of factcheck.core.spreadsheet; and every text cell is wrapped in double quotes, so that
no separator inside a cell (`,` or a locale's `;`) can start a new cell.
"""

from __future__ import annotations

import csv
from typing import TextIO

from db import Store
from db.exports import Selection, annotation_rows, count_annotations
from factcheck.core.spreadsheet import GUARD, neutralize
from factcheck.services.formats.output import Progress, chunked

__all__ = ["COLUMNS", "GUARD", "HEADER", "neutralize", "write"]

#: (header, column) in file order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("document_id", "document_id"),
    ("document_title", "document_title"),
    ("annotation_id", "id"),
    ("label", "label"),
    ("start", "start"),
    ("end", "end"),
    ("quote", "quote"),
    ("annotator", "annotator"),
    ("note", "note"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
    ("status", "status"),
    ("reviewer", "reviewer"),
    ("reason", "reason"),
    ("reviewed_at", "reviewed_at"),
    ("orphaned", "orphaned"),
)
HEADER = tuple(h for h, _ in COLUMNS)

#: Columns whose text can come from an article, a person or a teammate's file. The others cannot start
#: a formula: labels are the project's own names, timestamps and review statuses are checked on import.
FREE_TEXT = frozenset(
    {"document_id", "document_title", "id", "quote", "annotator", "note", "reviewer", "reason"}
)


def write(store: Store, fh: TextIO, selection: Selection, progress: Progress | None = None) -> int:
    writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(HEADER)
    # The store applies the guard in SQL: 1.6M cells of a 100k-row export cost less there.
    rows = annotation_rows(store, [c for _, c in COLUMNS], selection, guard=True, guarded=FREE_TEXT)
    written = 0
    for chunk in chunked(rows, lambda: count_annotations(store, selection), progress):
        writer.writerows(chunk)
        written += len(chunk)
    return written
