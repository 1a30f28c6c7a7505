"""What a sync says about an owner's edit that went up beside a reviewer's change made meanwhile (or a
reviewer's decision beside the owner's edit).

The push (`db.pg_owner_edits`) sends such a row with the server's values of the other side's columns (a
tag's review decision, a claim card's rated / published status; or the owner's content) instead of
having the whole row refused and the change lost; the pull then brings the server's copy back. These
sentences say so, in words, for the command line and File > Team server….
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from db import claims
from db.store import Store
from factcheck.core.claims import ClaimCard
from factcheck.core.model import Annotation


def describe(
    store: Store,
    role: str,
    kept: Mapping[str, Sequence[str]],
    outdated: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    *,
    reviewer: bool = False,
) -> tuple[list[str], int]:
    """One line per kept or outdated row, read after the pull (the local copy is then the server's), and
    how many of the kept rows were role's decisions on another's row (the rest: role's own edits).
    reviewer: role is one (the server's decision then stayed as the newer one, not as one role may not
    change)."""
    lines, decisions = [], 0
    for key in kept.get("annotations", ()):
        ann = store.annotation(key)
        if ann is not None and ann.annotator != role:
            lines.append(_decision_line(key, ann))
            decisions += 1
        else:
            lines.append(_tag_line(key, ann, reviewer=reviewer))
    for key, fields in (outdated or {}).get("annotations", {}).items():
        lines.append(_outdated_line(key, store.annotation(key), fields))
    for key, fields in (outdated or {}).get("claims", {}).items():
        lines.append(_outdated_card_line(key, claims.card(store, key), fields))
    for key in kept.get("claims", ()):
        card = claims.card(store, key)
        if card is not None and card.annotator != role:
            lines.append(
                f"sent your step of claim {key} to {card.status} with the server's copy of the card: its "
                f"maker {card.annotator} edited it meanwhile, and only they may; your step went up and "
                "their edit stays"
            )
            decisions += 1
        elif reviewer and card is not None:
            lines.append(
                f"sent claim {key} with the server's status: a reviewer moved it to {card.status} meanwhile, "
                "after your last sync; your other changes went up and their step stays (move the card "
                "again if you meant to)"
            )
        else:
            lines.append(
                f"sent claim {key} with the server's status: a reviewer moved it meanwhile, and only "
                "reviewers move a card from rated or published (your other changes went up)"
            )
    return lines, decisions


def not_applied(store: Store, decisions: Mapping[str, Mapping[str, str | None]]) -> tuple[list[str], int]:
    """One line per decision of ours on a tag its owner deleted, or changed (label, span, pieces), after
    our copy (`db.pg_stale_decisions`): not applied; the local copy is then the server's. And how many
    of them were on a changed tag."""
    lines, changed = [], 0
    for key, status in decisions.get("annotations", {}).items():
        ann = store.annotation(key)
        quote = f" “{_short(ann.quote)}”" if ann is not None else ""
        owner = ann.annotator if ann is not None else "its owner"
        yours = f"your decision ({status})" if status else "your clearing of its decision"
        if ann is not None and not ann.deleted:
            changed += 1
            lines.append(
                f"{owner} changed tag {key}{quote} after your copy: {yours} was not applied; review it again"
            )
            continue
        lines.append(
            f"{owner} deleted tag {key}{quote} after your copy: {yours} was not applied; the tag is now "
            "deleted here too (review it again if they restore it)"
        )
    return lines, changed


def _decision_line(key: str, ann: Annotation) -> str:
    """A reviewer's decision that went up beside the owner's edit made meanwhile."""
    decision = f"{ann.status} it" if ann.status else "cleared its decision"
    return (
        f"sent your decision on tag {key} “{_short(ann.quote)}” with the server's copy of the tag: "
        f"{ann.annotator} edited it meanwhile, and only they may; you {decision} and their edit stays"
    )


def _tag_line(key: str, ann: Annotation | None, *, reviewer: bool = False) -> str:
    quote = f" “{_short(ann.quote)}”" if ann is not None else ""
    start = f"sent your edit of tag {key}{quote} with the server's review decision: "
    end = "your edit went up and the decision stays on the edited tag (only reviewers record decisions)"
    if reviewer:  # the decision is newer than the pusher's own copy of it
        end = "your edit went up and the newer decision stays on the edited tag"
    if ann is None or ann.status is None:
        return f"{start}a reviewer cleared its decision meanwhile; {end}"
    reason = f" ({ann.reason})" if ann.reason else ""
    return f"{start}{ann.reviewer or 'a reviewer'} {ann.status} it meanwhile{reason}; {end}"


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


#: The owner's columns in words, for "make again".
_FIELDS = {
    "label": "label", "start": "span", "end": "span", "quote": "span", "prefix": "span", "suffix": "span",
    "fragments": "pieces", "note": "note", "deleted_at": "deletion", "orphaned": "anchoring",
    "speaker": "speaker", "source": "attribution", "cue": "attribution", "quotation": "attribution",
}  # fmt: skip


def _outdated_line(key: str, ann: Annotation | None, fields: Sequence[str]) -> str:
    """An edit of ours that a reviewer's later decision outdated: the newer copy (the server's) stays."""
    quote = f" “{_short(ann.quote)}”" if ann is not None else ""
    what = ", ".join(dict.fromkeys(_FIELDS.get(f, f) for f in fields)) or "content"
    if ann is None or ann.status is None:
        who = "a reviewer cleared its decision"
    else:
        who = f"{ann.reviewer or 'a reviewer'} {ann.status} it"
    return (
        f"your edit of tag {key}{quote} ({what}) was not applied: {who} on the server after you made it, and "
        "the newer copy wins; the tag now holds the server's copy, so make the edit again if it still holds"
    )


_CARD_FIELDS = {"text": "text", "speaker": "speaker", "claim_date": "date", "appearances": "appearances",
                "deleted_at": "deletion"}  # fmt: skip


def _outdated_card_line(key: str, card: ClaimCard | None, fields: Sequence[str]) -> str:
    """A card edit of ours that a reviewer's later step outdated: the newer copy (the server's) stays."""
    what = ", ".join(dict.fromkeys(_CARD_FIELDS.get(f, f) for f in fields)) or "content"
    moved = f"a reviewer moved it to {card.status}" if card is not None else "a reviewer moved it"
    return (
        f"your edit of claim card {key} ({what}) was not applied: {moved} on the server after you made it, "
        "and the newer copy wins; the card now holds the server's copy, so make the edit again if it still "
        "holds"
    )
