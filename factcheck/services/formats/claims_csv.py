"""The claims CSV: one row per live card, for the spreadsheets fact-checkers keep today. UTF-8 with a
BOM, RFC 4180 quoting, every text cell through the one formula guard (factcheck.core.spreadsheet): a
card's text, a reason or an explanation comes from a person or a teammate's file.

Several values in one cell (documents, votes, verdicts, URLs) are separated by " | " and written as
"name: value", so a spreadsheet filter finds them and a script splits them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from factcheck.core.claims import CheckworthyVote, Verdict
from factcheck.core.spreadsheet import neutralize

HEADER = (
    "claim_id", "text", "speaker", "claim_date", "status", "documents", "tags", "checkworthy_yes",
    "checkworthy_no", "checkworthy_unsure", "checkworthy_votes", "verdicts", "final_verdict", "final_by",
    "explanation", "review_url", "date_published", "evidence_urls", "appearances", "annotator",
    "created_at", "updated_at",
)  # fmt: skip
#: Cells several values share.
SEPARATOR = " | "


def _votes(votes: Sequence[CheckworthyVote]) -> str:
    return SEPARATOR.join(f"{v.annotator}: {v.value}" + (f" ({v.reason})" if v.reason else "") for v in votes)


def records(
    summaries: Iterable[Any],
    votes: Mapping[str, Sequence[CheckworthyVote]],
    finals: Mapping[str, Verdict],
    appearances: Mapping[str, Sequence[str]],
    titles: Mapping[str, str],
) -> list[list[Any]]:
    """One row a card (in the order of summaries: `db.claim_listing.ClaimSummary`, which hold the
    annotators' verdict names and the vote counts), HEADER's columns."""
    out = []
    for s in summaries:
        final = finals.get(s.id)
        out.append(
            [
                s.id,
                s.text,
                s.speaker_name,
                s.claim_date or "",
                s.status,
                SEPARATOR.join(titles.get(d, d) for d in s.document_ids),
                s.tag_count,
                s.votes.get("yes", 0),
                s.votes.get("no", 0),
                s.votes.get("unsure", 0),
                _votes(votes.get(s.id, ())),
                SEPARATOR.join(f"{who}: {name}" for who, name in sorted(s.verdicts.items())),
                final.verdict if final else "",
                final.annotator if final else "",
                final.explanation if final else "",
                final.review_url if final else "",
                (final.date_published or "") if final else "",
                SEPARATOR.join(e.url for e in final.evidence) if final else "",
                SEPARATOR.join(appearances.get(s.id, ())),
                s.annotator,
                s.created_at,
                s.updated_at,
            ]
        )
    return out


def write(rows: Iterable[Sequence[Any]], fh: TextIO) -> int:
    """HEADER then rows; every text cell guarded. The number of rows."""
    writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(HEADER)
    n = 0
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
        n += 1
    return n
