"""CSV: one row per annotation, for spreadsheets. UTF-8 with a BOM (Excel), RFC 4180 quoting.

Formula injection: a quote or note comes from an article or a teammate, so text cells go through the
one formula guard of factcheck.core.spreadsheet; and every text cell is wrapped in double quotes, so that
no separator inside a cell (`,` or a locale's `;`) can start a new cell.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from factcheck.core.spreadsheet import GUARD, neutralize
from factcheck.services.formats.output import chunked
from factcheck.services.formats.records import Record

__all__ = ["COLUMNS", "GUARD", "HEADER", "RECORD_COLUMNS", "neutralize", "write"]

#: (header, record column) in file order.
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

#: Columns after COLUMNS in the export of tags (not of the curated set): a discontinuous tag's pieces
#: ("10 20;30 40"), and a content tag's attribution: its source tag (id, quote), the speaker that source
#: refers to (id, name), its cue tag (id, quote) and quotation (direct, indirect). A source tag has its
#: own speaker in the speaker columns. All text, guarded like the others.
STRUCTURE = (
    "fragments", "source_id", "source", "speaker_id", "speaker", "cue_id", "cue", "quotation"
)  # fmt: skip
#: The record columns write() takes, in this order.
RECORD_COLUMNS = tuple(c for _, c in COLUMNS)

#: Columns whose text can come from an article, a person or a teammate's file (a label too: any name a
#: person gives, `=SUM(A1)` included, or a teammate's file brings with --add-labels). The others cannot
#: start a formula: timestamps and review statuses are checked on import.
FREE_TEXT = frozenset(
    {"document_id", "document_title", "id", "label", "quote", "annotator", "note", "reviewer", "reason"}
)


def write(rows: Iterable[Record], fh: TextIO, *, guarded: bool = False, extra: tuple[str, ...] = ()) -> int:
    """Rows of RECORD_COLUMNS as CSV (header first) to fh; the number of rows.

    guarded: the FREE_TEXT cells already went through neutralize() (the store applies the rule in SQL,
    where 1.6M cells of a 100k-row export cost less); otherwise it is applied here.
    extra: text columns after RECORD_COLUMNS in each row (the curated set's ``sources``), guarded too.
    """
    writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(HEADER + extra)
    free = [i for i, column in enumerate(RECORD_COLUMNS + extra) if column in FREE_TEXT or column in extra]
    written = 0
    for chunk in chunked(rows, 0, None):
        writer.writerows(chunk if guarded else [_neutralized(row, free) for row in chunk])
        written += len(chunk)
    return written


def _neutralized(row: Record, positions: list[int]) -> list[Any]:
    cells = list(row)
    for i in positions:
        cells[i] = neutralize(cells[i])
    return cells
