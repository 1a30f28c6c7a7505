"""Links as CSV, one row per link, for spreadsheets: which tag answers which (`--format links-csv`).

UTF-8 with a BOM, RFC 4180, every text cell quoted and passed through the one formula guard
(factcheck.core.spreadsheet), as the tag CSV (csv_format).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from factcheck.core.spreadsheet import neutralize
from factcheck.services.formats.records import Record

#: The columns, in file order; write() takes records of them.
COLUMNS = (
    "document_id", "document_title", "link_id", "type",
    "from_id", "from_label", "from_quote", "to_id", "to_label", "to_quote",
    "annotator", "created_at", "updated_at",
)  # fmt: skip


def write(rows: Iterable[Record], fh: TextIO) -> int:
    """Rows of COLUMNS as CSV (header first) to fh; the number of rows."""
    writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(COLUMNS)
    written = 0
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
        written += 1
    return written
