"""Two copies of one claim card: which part of each stands. The one statement of the rule that the team
server applies on push (`db.pg_claim_rules`, which takes its parts and steps from here) and a merge of a
teammate's file or database applies on import (`factcheck.services.merge_claims`).

A card has two parts with two owners (`factcheck.core.ownership`): the maker's part (text, speaker,
date, appearances, deletion), which only its maker writes, and the status, whose steps into or out of
rated / published only a reviewer takes. A card row has one stamp; merged whole, the newer copy would
win both parts, so the maker's newer text would carry their stale status (checking) over our rating. So:

- the maker's part: the newer copy's (the maker's newer text comes in);
- the status, when the step between the copies is one only a reviewer takes: the copy that knows the
  reviewers' latest word on the card stands, i.e. the copy that holds the newest final verdict row
  (set, changed or withdrawn, as the other side has it) when the other copy does not: the other copy's
  status predates that word. When both copies know it (or neither does) and the maker's part differs too,
  the maker, unless they review the card themselves, did not take the step: the newer copy's status
  stands when its maker's part is the same as the older's (a reviewer's step). When both parts changed:
  a step out of rated / published (back to check the card, its final verdict kept) in the older copy,
  made after the card was rated (`rated_at`), beside the maker's later edit in the newer copy, is
  separable, as on the team server (`db.pg_claim_rules`): the maker's text and the reviewer's step both
  stand. Otherwise the rule cannot say whose step is newer (nor, when the reviewer's copy is the newer,
  which text is the maker's latest: a file holds no time per part, the server holds the maker's latest
  text): a true conflict, our status kept and listed;
- any other step (new <-> checking, which the maker takes too): the newer copy's status.

Equal stamps with different content are a conflict, ours kept (the rule of every merged row).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from factcheck.core.claims import ClaimCard
from factcheck.core.ownership import CARD_OWNED_FIELDS, CARD_WORKFLOW_FIELDS, RATED_STATUSES

#: The maker's part of a card and the reviewers' part (the columns the team server compares too).
MAKER_PART: tuple[str, ...] = tuple(sorted(CARD_OWNED_FIELDS))
REVIEW_PART: tuple[str, ...] = tuple(sorted(CARD_WORKFLOW_FIELDS))

Outcome = Literal["unchanged", "updated", "deleted", "older (ours kept)", "conflicting"]


def reviewer_step(a: str, b: str) -> bool:
    """Whether moving a card between statuses a and b (either way) is a step only a reviewer takes."""
    return a != b and bool({a, b} & RATED_STATUSES)


def _part(card: ClaimCard, names: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(getattr(card, n) for n in names)


@dataclass(frozen=True)
class CardMerge:
    """What to write (None: ours stands as it is), how the report counts it, and a conflict to list."""

    card: ClaimCard | None
    outcome: Outcome
    conflict: str | None = None


def merge_card(
    ours: ClaimCard,
    theirs: ClaimCard,
    *,
    ours_knows: bool,
    theirs_knows: bool,
    maker_reviews: bool,
    now: str,
    rated_at: str | None = None,
) -> CardMerge:
    """Merge their copy of a card into ours (same id and maker: the caller checked who made it).

    ours_knows / theirs_knows: whether each side holds the newest final verdict row of the card (the
    reviewers' latest word; both True when there is none). maker_reviews: whether the card's maker is a
    reviewer of it (set a final verdict on it) and so may have taken a reviewer's step. now: the stamp of a
    card made of both copies, newer than both, so that every project that merges it takes it whole.
    rated_at: when the card was rated (its newest live final verdict's time; when all were withdrawn, when
    they were first set; "" with none), None when unknown."""
    if ours == theirs:
        return CardMerge(None, "unchanged")
    maker_differs = _part(ours, MAKER_PART) != _part(theirs, MAKER_PART)
    status_differs = ours.status != theirs.status
    if ours.updated_at == theirs.updated_at:
        if not (maker_differs or status_differs):  # the same card (e.g. a canonical stamp): nothing new
            return CardMerge(None, "unchanged")
        return CardMerge(
            None,
            "conflicting",
            f"claim conflict: card {ours.id} of {ours.annotator}: changed on both sides at "
            f"{ours.updated_at}; ours kept",
        )
    newer = theirs if theirs.updated_at > ours.updated_at else ours
    text, status, conflict = newer, newer.status, None  # `text`: the copy whose maker's part stands
    if status_differs and reviewer_step(ours.status, theirs.status):
        if ours_knows != theirs_knows:
            knowing = ours if ours_knows else theirs
            status = knowing.status
            if maker_differs and knowing is newer:  # the other copy's text may be a later maker's edit
                text = ours
                conflict = (
                    f"claim conflict: card {ours.id} of {ours.annotator}: changed on both sides (the status "
                    f"by a reviewer, {status} taken; the maker's text too, maybe after that step): our "
                    f"text kept, {ours.annotator} checks it"
                )
        elif maker_differs and not maker_reviews and _step_out_before_edit(newer, ours, theirs, rated_at):
            status = (theirs if newer is ours else ours).status  # the older copy's step, the newer's text
        elif maker_differs and not maker_reviews:
            status = ours.status
            conflict = (
                f"claim conflict: card {ours.id} of {ours.annotator}: changed on both sides (the maker's "
                f"text and the status: ours {ours.status}, theirs {theirs.status}); "
                + (
                    "their newer text taken and our status kept: a reviewer sets it"
                    if newer is theirs
                    else "ours kept: a reviewer sets the status"
                )
            )
    merged = replace(text, status=status)
    if _part(merged, MAKER_PART) == _part(ours, MAKER_PART) and merged.status == ours.status:
        kept: Outcome = "older (ours kept)" if newer is ours else "unchanged"
        return CardMerge(None, "conflicting" if conflict else kept, conflict)
    if merged != newer:  # made of both copies: a stamp newer than both
        merged = replace(merged, updated_at=max(now, newer.updated_at))
    deleted = merged.deleted_at is not None and ours.deleted_at is None
    return CardMerge(merged, "conflicting" if conflict else ("deleted" if deleted else "updated"), conflict)


def _step_out_before_edit(newer: ClaimCard, ours: ClaimCard, theirs: ClaimCard, rated_at: str | None) -> bool:
    """Whether the older copy stepped the card out of rated / published after it was rated, and the newer
    copy is the maker's later edit of the card still rated: both parts then stand."""
    older = theirs if newer is ours else ours
    return (
        rated_at is not None
        and newer.status in RATED_STATUSES
        and older.status not in RATED_STATUSES
        and older.updated_at > rated_at
    )
