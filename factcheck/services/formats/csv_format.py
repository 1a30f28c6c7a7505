"""CSV: one row per annotation, for spreadsheets. UTF-8 with a BOM (Excel), RFC 4180 quoting.

Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with `=`, `+`, `-`,
`@`, a TAB or a CR as a formula, and a quote or note comes from an article or a teammate. Such cells get
a leading single quote, which makes the spreadsheet show them as text; and every text cell is wrapped in
double quotes, so that no separator inside a cell (`,` or a locale's `;`) can start a new cell.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from factcheck.services.formats.output import chunked
from factcheck.services.formats.records import Record

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
#: The record columns write() takes, in this order.
RECORD_COLUMNS = tuple(c for _, c in COLUMNS)

#: First characters that make a spreadsheet evaluate a cell (OWASP), and the guard's own quote: a cell
#: that starts with `'` gets one more, so that stripping one leading `'` always gives the original back.
GUARD = "=+-@\t\r'"
FORMULA_STARTS = frozenset(GUARD)

#: Columns whose text can come from an article, a person or a teammate's file. The others cannot start
#: a formula: labels are the project's own names, timestamps and review statuses are checked on import.
FREE_TEXT = frozenset(
    {"document_id", "document_title", "id", "quote", "annotator", "note", "reviewer", "reason"}
)


def neutralize(value: Any) -> Any:
    """The cell as a spreadsheet must see it: text starting a formula gets a leading `'`."""
    if value.__class__ is str and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def write(rows: Iterable[Record], fh: TextIO, *, guarded: bool = False) -> int:
    """Rows of RECORD_COLUMNS as CSV (header first) to fh; the number of rows.

    guarded: the FREE_TEXT cells already went through neutralize() (the store applies the rule in SQL,
    where 1.6M cells of a 100k-row export cost less); otherwise it is applied here.
    """
    writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(HEADER)
    free = [i for i, column in enumerate(RECORD_COLUMNS) if column in FREE_TEXT]
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
