"""A reviewer's decision in a file merge (a teammate's JSON/JSONL project file or database), beside the
owner's later change of the tag: the rule the team sync applies (`db.pg_stale_decisions`,
`db.pg_owner_edits`), so that both ways agree.

A tag row has one stamp; merged whole, the newer copy wins, and a decision held only by the older copy
is lost without a word. When the older copy holds the newer decision act (its reviewed_at is later than
the newer copy's: the reviewer decided on it, and the newer copy's change came after that decision, by
someone who had not seen it, to the owner's part of the tag; a newer copy that changed only the
decision, e.g. an undo that put an older decision back, wins whole as always):

- the newer copy deleted the tag, or changed what the decision judges (`REVIEWED_FIELDS`: label, span,
  pieces): the newer copy stands, and the decision (accepted, rejected) is not applied, said in the
  sync's words ("alice changed tag … after rita's copy: rita's decision (accepted) was not applied;
  review it again");
- otherwise (the note, attribution or anchoring changed; or the decision was a clearing, which holds for
  a changed tag too): both are kept, the newer copy's content with the older copy's decision, under a
  stamp just after the newer copy's: every project that merges it takes it whole, and two projects
  that merge the same two copies make the same row.

When the newer copy holds the newer decision too, the newer copy wins whole, as always. (When the copy
with the newer decision is also the newer row, a file cannot tell a decision made on a stale copy from
one made on a copy that already had the owner's change; the team server can, holding the owner's latest
version.)
"""

from __future__ import annotations

from typing import Any

from db.annotation_rows import ANNOTATION_COLUMNS
from factcheck.core.decisions import REVIEWED_FIELDS
from factcheck.core.stamps import just_after

Row = tuple[Any, ...]

_STATUS = ANNOTATION_COLUMNS.index("status")
_REVIEWED_AT = ANNOTATION_COLUMNS.index("reviewed_at")
_UPDATED = ANNOTATION_COLUMNS.index("updated_at")
_DELETED = ANNOTATION_COLUMNS.index("deleted_at")
_ANNOTATOR = ANNOTATION_COLUMNS.index("annotator")
_REVIEWER = ANNOTATION_COLUMNS.index("reviewer")
_QUOTE = ANNOTATION_COLUMNS.index("quote")
_REVIEW = tuple(ANNOTATION_COLUMNS.index(n) for n in ("status", "reviewer", "reason", "reviewed_at"))
_JUDGED = tuple(ANNOTATION_COLUMNS.index(n) for n in REVIEWED_FIELDS)
#: The owner's part of a tag: all but its identity, its stamp and the review decision.
_OWNERS = tuple(
    i
    for i, n in enumerate(ANNOTATION_COLUMNS)
    if n not in ("id", "document_id", "annotator", "created_at", "updated_at", "status", "reviewer", "reason")
    and n != "reviewed_at"
)


def settle(newer: Row, older: Row) -> tuple[Row, str | None] | None:
    """newer and older, two different copies of one tag, newer by its stamp. None when the newer copy
    wins whole (as always); else the row that stands (None: the newer copy as it is, and the note saying
    the older copy's decision was not applied) or the row made of both."""
    if (older[_REVIEWED_AT] or "") <= (newer[_REVIEWED_AT] or ""):
        return None  # the newer copy knows the latest decision act
    if all(newer[i] == older[i] for i in _OWNERS):
        return None  # the newer copy changed only the decision (an undo puts an older one back): whole
    status = older[_STATUS]
    deleted = newer[_DELETED] is not None
    changed = any(newer[i] != older[i] for i in _JUDGED)
    if status is not None and (deleted or changed):
        return newer, _not_applied(newer, older, "deleted" if deleted else "changed")
    if deleted:
        return None  # a clearing on a deleted tag: the tombstone holds no decision
    values = list(newer)
    for i in _REVIEW:
        values[i] = older[i]
    values[_UPDATED] = just_after(str(newer[_UPDATED]))
    return tuple(values), None


def _not_applied(newer: Row, older: Row, what: str) -> str:
    owner, reviewer = newer[_ANNOTATOR], older[_REVIEWER] or "a reviewer"
    again = "review it again" if what == "changed" else "review it again if they restore it"
    return (
        f"{owner} {what} tag {newer[0]} “{_short(str(newer[_QUOTE]))}” after {reviewer}'s copy: "
        f"{reviewer}'s decision ({older[_STATUS]}) was not applied; {again}"
    )


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
