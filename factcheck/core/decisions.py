"""A reviewer's decision on a tag: the one way one is recorded (the review panel, corrections, tests)."""

from __future__ import annotations

from dataclasses import replace

from factcheck.core.model import REVIEW_STATUSES, Annotation, ReviewStatus, utc_now


def decided(
    ann: Annotation,
    status: ReviewStatus | None,
    reviewer: str | None,
    reason: str | None = None,
    *,
    now: str | None = None,
) -> Annotation:
    """ann accepted or rejected by reviewer (with reason), or with its decision cleared (status None).

    updated_at moves on with reviewed_at, so the decision wins the next merge of an older copy. A clearing
    keeps its time in reviewed_at too (status, reviewer and reason empty): it is an act like a decision,
    and a decision made before it elsewhere must not win over it for lack of a time (the team sync
    compares decisions by reviewed_at, `db.pg_owner_edits`)."""
    if status is not None and status not in REVIEW_STATUSES:
        raise ValueError(f"Unknown review status {status!r}.")
    now = now or utc_now()
    return replace(
        ann,
        status=status,
        reviewer=reviewer if status else None,
        reason=reason if status else None,
        reviewed_at=now,
        updated_at=now,
    )


#: What a reviewer's decision judges: the tag's label and the words it covers (its span and pieces). A tag
#: whose owner changed one of these after the reviewer's copy is another claim than the one decided on:
#: the decision is not applied to it (the team sync, `db.pg_stale_decisions`, and a file merge,
#: `factcheck.services.merge_decisions`). The note, the attribution, the anchoring are the owner's
#: comments on the tag: a decision stays beside a change of them.
REVIEWED_FIELDS: tuple[str, ...] = ("label", "start", "end", "quote", "fragments")
