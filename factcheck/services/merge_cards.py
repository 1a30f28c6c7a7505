"""A teammate's copies of claim cards, merged part by part (`factcheck.core.card_merge`): what each side
knows of the reviewers' word on a card (its final verdict rows), read before the merge changes ours."""

from __future__ import annotations

from collections.abc import Sequence

from db import claims
from db.store import Store
from factcheck.core.card_merge import CardMerge, merge_card
from factcheck.core.claims import ClaimCard, ClaimsPart, Verdict
from factcheck.core.stamps import just_after


class CardRule:
    """The card rule for one merge, with each side's final verdict rows of the merged cards as they were
    before it (withdrawn ones too, from a database or a JSON file alike; a row a file lacks, e.g. an
    older file without withdrawn verdicts, is one its side does not know)."""

    def __init__(self, store: Store, part: ClaimsPart) -> None:
        ids = {c.id for c in part.cards}
        self._ours: dict[str, list[Verdict]] = {}
        for v in claims.final_verdicts_of(store, ids):
            self._ours.setdefault(v.claim_id, []).append(v)
        self._theirs: dict[str, list[Verdict]] = {}
        for v in part.verdicts:
            if v.final and v.claim_id in ids:
                self._theirs.setdefault(v.claim_id, []).append(v)

    def merge(self, ours: ClaimCard, theirs: ClaimCard) -> CardMerge:
        mine, their = self._ours.get(ours.id, []), self._theirs.get(ours.id, [])
        latest = _newest([*mine, *their])
        return merge_card(
            ours,
            theirs,
            ours_knows=latest is None or _knows(mine, latest),
            theirs_knows=latest is None or _knows(their, latest),
            maker_reviews=any(v.annotator == ours.annotator for v in (*mine, *their)),
            rated_at=_rated_at([*mine, *their]),
            # A card made of both copies: its stamp follows from theirs, the same in every project.
            now=just_after(max(ours.updated_at, theirs.updated_at)),
        )


def _newest(rows: Sequence[Verdict]) -> Verdict | None:
    return max(rows, key=lambda v: (v.updated_at, v.id), default=None)


def _knows(rows: Sequence[Verdict], latest: Verdict) -> bool:
    """Whether a side's rows hold the latest final verdict row as it is (or newer)."""
    return any(v.id == latest.id and v.updated_at >= latest.updated_at for v in rows)


def _rated_at(rows: Sequence[Verdict]) -> str:
    """When the card was rated, as the team server reads it (`db.pg_claim_rules`): its newest live final
    verdict's time, or, when every final verdict was withdrawn, when they were first set; "" with none."""
    live = [v.updated_at for v in rows if v.deleted_at is None]
    return max(live) if live else max((v.created_at for v in rows), default="")
