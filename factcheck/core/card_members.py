"""The tags on a claim card: live claim tags, and dormant members.

A card gathers claim tags. A tag on a card that is relabelled since (a denial, a characterization, any
label that is not a claim label) stays on the card, dormant, as an attribution pointer to a relabelled
source does (`factcheck.core.attribution.attached`): relabelling it back, or undoing the relabel, brings it
back live, with no card row touched. A dormant member is not the claim reviewed: the lists, the counts, the
appearances, ClaimReview and the claims CSV take only live claim tags; JSON and JSONL project files keep
the membership as it is (the tag's own label says it is dormant), so a round trip is exact. Only putting a
tag on a card anew needs a live claim tag; a card whose members are all dormant is shown so ("no claim
tag: add one") and cannot be published. A deleted tag is left out as before (not dormant: it is gone).
A tag gone with a removed document is left out of the counts, appearances and ClaimReview likewise, but
the card keeps it (undoing the removal brings it back): a card whose tags all went so is shown as one
with no claim tag, whose votes and verdicts stay for a claim tag put on it again.
"""

from __future__ import annotations

from collections.abc import Mapping

from factcheck.core.model import Annotation

#: The label of the tags a card gathers (its denials and characterizations come through links).
CLAIM_LABEL = "claim"
#: What a card shows whose tags are all dormant (or gone).
NO_CLAIM_TAG = "no claim tag: add one"


def is_claim_label(label: str, label_roles: Mapping[str, str]) -> bool:
    """Whether a tag of this label is a claim tag: labelled claim or, in a project without that label,
    any content label (a label the scheme does not know counts as content)."""
    if CLAIM_LABEL in label_roles:
        return label == CLAIM_LABEL
    return label_roles.get(label, "content") == "content"


def live_member(ann: Annotation | None, label_roles: Mapping[str, str]) -> bool:
    """Whether a tag on a card is one of its live claim tags (not deleted, still a claim label)."""
    return ann is not None and not ann.deleted and is_claim_label(ann.label, label_roles)


def dormant_member(ann: Annotation | None, label_roles: Mapping[str, str]) -> bool:
    """Whether a tag on a card is dormant: still there, relabelled since to a label no claim tag has."""
    return ann is not None and not ann.deleted and not is_claim_label(ann.label, label_roles)


def dormant_text(quote: str, label: str) -> str:
    """How a dormant member is shown: “…”, a denial tag since."""
    return f"“{quote}”, a {label} tag since"


def publish_refusal() -> str:
    """Why a card with no live claim tag cannot be published."""
    return (
        "This claim card has no claim tag now (its tags were relabelled or deleted since), so there is no "
        "claim to publish a review of: relabel one back, or put a claim tag on the card, then publish it."
    )
