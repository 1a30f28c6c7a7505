"""Rows changed here while a sync ran, whose server copy that sync's pull would put over ours.

The pull replaces our copy of the rows the push had refused, kept with a reviewer's change, or found in
conflict, whatever the stamps: the server's copy is the shared truth about what was pushed. But the
window syncs in the background while the user works: a row changed after the push read the outbox is
a newer edit, which that push never sent. Replacing it would lose it (and what the view shows would
jump back). Those rows are held instead: ours stays, still queued, the next push sends it and the
server decides by its usual rules; the report names each one.

The outbox tells them apart at no extra cost: the push cleared what it read, so inside the pull's
transaction the outbox holds exactly the rows changed since (`decisions_by_time` reads it too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from db import sync_local
from db.annotation_rows import ANNOTATION_COLUMNS, annotation_from_row
from db.claims_sync import TABLE_COLUMNS, put_rows, rows_by_key
from db.store import Store
from factcheck.services import sync_window

Row = tuple[Any, ...]

_ANNOTATOR = ANNOTATION_COLUMNS.index("annotator")
_QUOTE = ANNOTATION_COLUMNS.index("quote")
_DELETED_AT = ANNOTATION_COLUMNS.index("deleted_at")
_CARD_STATUS = TABLE_COLUMNS["claims"].index("status")
_CARD_MAKER = TABLE_COLUMNS["claims"].index("annotator")

#: What a row of each shared table is called in a sentence.
_NOUNS = {
    "annotations": "tag",
    "links": "link",
    "speakers": "speaker",
    "claims": "claim card",
    "claim_tags": "claim's tag",
    "checkworthy": "check-worthiness vote",
    "verdicts": "verdict",
    "verdict_scale": "verdict rating",
    "settings": "organization setting",
    "labels": "label",
    "link_types": "link type",
    "documents": "document",
}


def split(
    forced: Mapping[str, Sequence[str]], queued: Mapping[str, Sequence[str]]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """forced (keys per table whose server copy replaces ours) in two: the keys still replaced, and the
    ones changed here since the push read the outbox (queued now), which keep our copy."""
    replaced: dict[str, list[str]] = {}
    held: dict[str, list[str]] = {}
    for table, keys in forced.items():
        waiting = set(queued.get(table, ()))
        replaced[table] = [k for k in keys if k not in waiting]
        if mine := [k for k in keys if k in waiting]:
            held[table] = mine
    return replaced, held


def keep_tags(store: Store, server: Sequence[Row], role: str) -> list[Row]:
    """Our held tags (their server rows given), as they stay; inside the pull's transaction. Our own tag
    takes the server's newer review decision (a reviewer's, made meanwhile), as `sync_window.take` does:
    else the next push, its tag no longer changed meanwhile, would send our stale copy of the decision as
    a deliberate one. The stamp and the rest stay ours, and the tag stays queued."""
    theirs = {row[0]: tuple(row) for row in server}
    ours = [tuple(r) for r in sync_local.annotation_rows(store, list(theirs))]
    puts, kept = [], []
    for row in ours:
        other = theirs[row[0]]
        review = sync_window.review(other)
        if row[_ANNOTATOR] == role and sync_window.review(row) != review and sync_window.newer(other, row):
            row = sync_window.with_review(row, review)
            puts.append(annotation_from_row(row))
        kept.append(row)
    if puts:
        store.put_annotations(puts)
    return kept


def keep_cards(
    store: Store, server: Sequence[Row], sent: Sequence[Row], held: Mapping[str, Sequence[str]], role: str
) -> int:
    """Our held claim cards that the push sent and the server kept with its own status (a reviewer's step
    made meanwhile) take that status, unless we changed the status since the push read it (a step of
    ours, deliberate). A card's status has no time of its own: else the next push, the card no longer
    changed meanwhile, would send our stale status as a step back, which a reviewer who made the card
    may make. The rest stays ours, and the card stays queued. Inside the pull's transaction; how many."""
    keys = set(held.get("claims", ()))
    pushed = {row[0]: row for row in sent if row[0] in keys}
    theirs = {row[0]: row for row in server if row[0] in pushed}
    if not theirs:
        return 0
    puts = []
    for row in rows_by_key(store, "claims", sorted(theirs)):
        status = theirs[row[0]][_CARD_STATUS]
        if row[_CARD_MAKER] == role and row[_CARD_STATUS] == pushed[row[0]][_CARD_STATUS] != status:
            values = list(row)
            values[_CARD_STATUS] = status
            puts.append(tuple(values))
    put_rows(store, "claims", puts)
    return len(puts)


def lines(tags: Sequence[Row], held: Mapping[str, Sequence[str]]) -> list[str]:
    """One sentence per held row: our tags as they stay, the keys of the other tables."""
    out = []
    for row in sorted(tags, key=lambda r: str(r[0])):
        what = "deletion" if row[_DELETED_AT] else "edit"
        out.append(
            f"kept your {what} of tag {row[0]} “{_short(str(row[_QUOTE]))}” made while syncing; it goes up "
            "with the next sync"
        )
    for table, keys in held.items():
        if table != "annotations":
            noun = _NOUNS.get(table, table)
            out += [
                f"kept your edit of {noun} {key} made while syncing; it goes up with the next sync"
                for key in keys
            ]
    return out


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
