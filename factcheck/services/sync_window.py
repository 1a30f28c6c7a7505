"""Tags changed here while a sync ran, between its push and its pull: their decision still goes by its time.

A sync pushes first and pulls after; a change made in between (the window's sync runs in the background
while the user works) waits in the outbox for the next push. When the pull brings the server's copy of
such a tag, which a teammate changed after our last pull, the merge keeps one whole row by the newer
stamp: ours, with a stale copy of the decision, or the server's, without our newer decision. The team
server compares a tag's review decision by its own time (`db.pg_owner_edits`: reviewed_at, none the
oldest), and so does this, for those tags only:

- our own tag, our row the newer and the server's decision newer than ours: our row takes the server's
  decision (else the next push, which no longer sees the tag as changed meanwhile, would send our stale
  copy of the decision as a deliberate one). Not on another's tag, where the push sends a reviewer's
  decision whole (a clear too) beside the owner's edit;
- the server's row is the newer and our decision, a reviewer's, is newer than the server's: the pulled
  row keeps ours, which stays queued, and the next push sends it onto the server's copy of the tag;
  unless the owner deleted the tag or changed what the decision judges (`REVIEWED_FIELDS`: label, span,
  pieces) in it: then our decision (not a clearing) was made on a version that no longer stands, and is
  not applied, as the team server would not apply it (`db.pg_stale_decisions`); the sync says so.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from db import sync_local
from db.annotation_rows import ANNOTATION_COLUMNS, annotation_from_row
from db.store import Store
from factcheck.core.decisions import REVIEWED_FIELDS

Row = tuple[Any, ...]

_REVIEW = tuple(ANNOTATION_COLUMNS.index(c) for c in ("status", "reviewer", "reason", "reviewed_at"))
_REVIEWED_AT = ANNOTATION_COLUMNS.index("reviewed_at")
_UPDATED_AT = ANNOTATION_COLUMNS.index("updated_at")
_ANNOTATOR = ANNOTATION_COLUMNS.index("annotator")
_STATUS = ANNOTATION_COLUMNS.index("status")
_DELETED_AT = ANNOTATION_COLUMNS.index("deleted_at")
_JUDGED = tuple(ANNOTATION_COLUMNS.index(c) for c in REVIEWED_FIELDS)


def review(row: Row) -> Row:
    return tuple(row[i] for i in _REVIEW)


def with_review(row: Row, decision: Row) -> Row:
    values = list(row)
    for i, value in zip(_REVIEW, decision, strict=True):
        values[i] = value
    return tuple(values)


def newer(decision: Row, than: Row) -> bool:
    """Whether decision (a row) was made after than's: a clearing has its time; a NULL is the oldest."""
    return bool((decision[_REVIEWED_AT] or "") > (than[_REVIEWED_AT] or ""))


def decisions_by_time(
    store: Store,
    pulled: Mapping[str, Sequence[Row]],
    *,
    role: str,
    reviewer: bool,
    queued: Collection[str] | None = None,
    not_applied: dict[str, str | None] | None = None,
) -> tuple[dict[str, list[Row]], dict[str, Row]]:
    """The pulled tag rows (per document) with our newer decisions of queued tags kept in them, and, per
    id, the server's row whose newer decision our newer queued row takes after the merge (`take`). Call
    inside the pull's transaction, before its merge. role: our login; reviewer: we may record decisions;
    queued: the tag ids in the outbox, if the caller read it already. not_applied: filled with our
    decisions on another's tag that its owner deleted or changed meanwhile (per id, the status we set)."""
    if queued is None:
        queued = set(sync_local.outbox(store, sync_local.outbox_top(store)).get("annotations", ()))
    ids = [row[0] for rows in pulled.values() for row in rows if row[0] in queued] if queued else []
    if not ids:  # (nearly always: nothing was changed here while the sync ran)
        return {doc_id: list(rows) for doc_id, rows in pulled.items()}, {}
    ours = {row[0]: tuple(row) for row in sync_local.annotation_rows(store, ids)}
    out: dict[str, list[Row]] = {}
    later: dict[str, Row] = {}
    dropped: list[Row] = []
    for doc_id, rows in pulled.items():
        kept = out[doc_id] = []
        for row in rows:
            mine = ours.get(row[0])
            if mine is not None and review(mine) != review(row):
                if mine[_UPDATED_AT] > row[_UPDATED_AT] and mine[_ANNOTATOR] == role and newer(row, mine):
                    later[row[0]] = tuple(row)
                elif row[_UPDATED_AT] >= mine[_UPDATED_AT] and reviewer and newer(mine, row):
                    if not_applied is not None and _stale(mine, row, role):
                        not_applied[row[0]] = mine[_STATUS]  # the server's row stands as it is
                        dropped.append(with_review(mine, review(row)))
                    else:
                        row = with_review(row, review(mine))
            kept.append(tuple(row))
    if dropped:  # ours loses the decision first: the merge then takes the server's row as any other
        store.put_annotations(annotation_from_row(r) for r in dropped)
    return out, later


def _stale(mine: Row, server: Row, role: str) -> bool:
    """Whether our decision (not a clearing) on another's tag was made on a version its owner has since
    deleted or changed in what the decision judges."""
    if mine[_ANNOTATOR] == role or mine[_STATUS] is None:
        return False
    return server[_DELETED_AT] is not None or any(mine[i] != server[i] for i in _JUDGED)


def take(store: Store, server: Mapping[str, Row]) -> int:
    """Our rows, kept by the merge as the newer, take the server's newer decision (their stamp and the
    rest unchanged: the change stays queued). Inside the pull's transaction. How many."""
    rows = [
        tuple(r)
        for r in sync_local.annotation_rows(store, list(server))
        if r[_UPDATED_AT] > server[r[0]][_UPDATED_AT] and newer(server[r[0]], r)
    ]
    if rows:
        store.put_annotations(annotation_from_row(with_review(r, review(server[r[0]]))) for r in rows)
    return len(rows)
