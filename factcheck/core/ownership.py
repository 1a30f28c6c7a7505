"""Who may change a tag, and what changing another's tag means.

A tag belongs to its annotator: only they relabel it, move it, edit its note or delete it. Anyone else
reviews it (accept, or reject with a reason) or corrects it. A correction is a new tag of the corrector
(the same span unless changed, their label) and the original rejected with the reason "corrected by
NAME", so that agreement figures count both annotators' own decisions; a `corrects` link from the new tag
to the original (the corrector's link, made in the same step) says which tag corrects which.

What the figures do with the pair: agreement (`factcheck.core.agreement`) and the review's disagreement
list (`factcheck.core.disagreements`) leave out only deleted and orphaned tags, never rejected ones. So
the original, rejected as corrected, still counts as its annotator's decision and the correction as the
corrector's: a relabelling shows up once, as one label disagreement between the two, and neither
annotator's figures are rewritten by the other. Deleting the correction takes its rejection back
(`rejected_as_corrected`): "corrected by" a tag that is gone would not be true.

The window, imports (a copy naming another annotator is a conflict: `factcheck.services.merge`) and the
command line apply these rules; this module is the one place that states them.
"""

from __future__ import annotations

from factcheck.core.card_members import publish_refusal
from factcheck.core.claims import CheckworthyVote, ClaimCard, ClaimTag, Verdict
from factcheck.core.decisions import decided
from factcheck.core.errors import FactcheckError
from factcheck.core.links import Link, new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation

#: The fields only a tag's annotator may change (the review fields are anyone's). Attribution (source,
#: cue, quotation) is part of the content tag, and a source tag's speaker part of the source tag.
OWNED_FIELDS = frozenset(
    {"label", "start", "end", "quote", "prefix", "suffix", "note", "deleted_at"}
    | {"fragments", "speaker", "source", "cue", "quotation"}
)
CORRECTED_PREFIX = "corrected by "
#: The built-in link type from a correction to the tag it corrects (db migration m010 adds it).
CORRECTS = "corrects"


def owns(ann: Annotation, who: str) -> bool:
    """Whether who may relabel, move, edit the note of or delete ann."""
    return ann.annotator == who


def may_change(ann: Annotation, who: str, fields: set[str] | frozenset[str]) -> bool:
    """Whether who may change these fields of ann: their own tag, or review fields only."""
    return owns(ann, who) or not (set(fields) & OWNED_FIELDS)


def identity_changes(ours: tuple[str, str], theirs: tuple[str, str]) -> list[str]:
    """What another copy of a tag changes of what never changes: its (document, annotator). A merge or
    a sync does not apply a copy that does: it would move someone's tag or give it to someone else."""
    problems = []
    if theirs[0] != ours[0]:
        problems.append(f"their copy is on document {theirs[0]}, ours on {ours[0]}")
    if theirs[1] != ours[1]:
        problems.append(f"their copy names annotator {theirs[1]!r}, ours {ours[1]!r}")
    return problems


IDENTITY_RULE = "a tag's document and annotator never change; not applied"


def refusal(ann: Annotation, who: str, action: str) -> str:
    """Why who may not do action ("relabel", "delete", "edit the note of") to ann, and what they may do."""
    return (
        f"This tag belongs to {ann.annotator}; {who or 'you'} cannot {action} it. Review it instead "
        "(accept, or reject with a reason), or correct it with a tag of your own."
    )


def correction(
    original: Annotation, document: Document, corrector: str, label: str, span: tuple[int, int] | None = None
) -> tuple[Annotation, Annotation]:
    """(the corrector's new tag, the original rejected as corrected) for one undoable step. The new tag
    has the original's span unless span is given, and label."""
    if owns(original, corrector):
        raise ValueError("one corrects another's tag; one's own is edited")
    start, end = span if span is not None else (original.start, original.end)
    new = new_annotation(document, start, end, label, corrector, trim_whitespace=False)
    rejected = decided(original, "rejected", corrector, f"{CORRECTED_PREFIX}{corrector}")
    return new, rejected


def rejected_as_corrected(original: Annotation, corrector: str) -> bool:
    """Whether original's decision is still the rejection that corrector's correction made. Deleting
    the correction then takes the rejection back with it (undecided again): it said "corrected by"."""
    return (
        original.status == "rejected"
        and original.reviewer == corrector
        and original.reason == f"{CORRECTED_PREFIX}{corrector}"
    )


def correction_link(new: Annotation, original: Annotation) -> Link:
    """The `corrects` link from the corrector's new tag to the original; it belongs to the corrector."""
    if new.document_id != original.document_id or owns(original, new.annotator):
        raise ValueError("a correction is another annotator's tag of the same document")
    return new_link(new.document_id, CORRECTS, new.id, original.id, new.annotator)


# -- links ---------------------------------------------------------------------------------------------


class NotOwner(FactcheckError):
    """Someone tried to change what belongs to another annotator."""


def owns_link(link: Link, who: str) -> bool:
    """A link belongs to its annotator: only they change its type, delete or restore it."""
    return link.annotator == who


def link_refusal(link: Link, who: str, action: str) -> str:
    return (
        f"This {link.type} link belongs to {link.annotator}; {who or 'you'} cannot {action} it. "
        "Make a link of your own instead."
    )


def check_link_owner(link: Link, who: str | None, action: str) -> None:
    """Raise NotOwner when who (None: not checked, e.g. a merge) may not do action to link."""
    if who is not None and not owns_link(link, who):
        raise NotOwner(link_refusal(link, who, action))


def check_tag_owner(ann: Annotation, who: str | None, action: str) -> None:
    """Raise NotOwner when who (None: not checked) may not change ann's own fields (action: e.g.
    "attribute")."""
    if who is not None and not owns(ann, who):
        raise NotOwner(refusal(ann, who, action))


# -- claim cards: the same rule for cards, votes and verdicts ------------------------------------

#: What only a card's maker may change (the team server checks the same columns).
CARD_OWNED_FIELDS = frozenset({"text", "speaker", "claim_date", "appearances", "deleted_at"})
#: What the card's maker or a reviewer may change: its place in the workflow (`status_refusal` says
#: which steps each may take; the team server lets the maker or a member of the reviewer group write it).
CARD_WORKFLOW_FIELDS = frozenset({"status"})
#: The statuses that say a final verdict exists: only a reviewer moves a card into or out of them.
RATED_STATUSES = frozenset({"rated", "published"})


def status_refusal(
    card: ClaimCard, who: str, target: str, *, reviewer: bool, has_final: bool, has_claim_tag: bool = True
) -> str | None:
    """Why who may not move card to status target (None: they may). The one statement of the workflow
    rule, which the window, the command line and the store apply:

    - new <-> checking: the card's maker, or a reviewer. (Not every annotator who votes: the team server
      checks a card's row by itself, without the votes and verdicts a sync may bring after it.)
    - into or out of rated / published: a reviewer only, forward or back. A reviewer here is one who has
      set a final verdict on this card (reviewer=True); on the team server, a member of its reviewer
      group. Setting the final verdict moves a new or checking card to rated in the same step.
    - published: only while the card has a live final verdict (has_final) and a live claim tag
      (has_claim_tag: its tags all relabelled since, there is no claim to publish: `core.card_members`).
    """
    if target == card.status:
        return None
    if target == "published" and not has_claim_tag:
        return publish_refusal()
    if target == "published" and not has_final:
        return (
            "A card is published with its final verdict, and this one has none: a reviewer sets it "
            "first (F in the Claims pane)."
        )
    if {card.status, target} & RATED_STATUSES:
        if reviewer:
            return None
        # Say the step asked for: "back from checking" would tell the maker a step they may take is barred.
        if target in RATED_STATUSES:
            return (
                f"Only a reviewer (one who set this card's final verdict) marks it {target}; {who or 'you'} "
                "cannot. Set the final verdict (F) to rate it."
            )
        return (
            f"Only a reviewer (one who set this card's final verdict) moves it back from {card.status}; "
            f"{who or 'you'} cannot."
        )
    if owns_row(card, who) or reviewer:
        return None
    return (
        f"This claim card belongs to {card.annotator}; only they or a reviewer move it between new and "
        f"checking, so {who or 'you'} cannot. Add your vote or verdict to the card instead."
    )


def owns_row(row: ClaimCard | ClaimTag | CheckworthyVote | Verdict, who: str) -> bool:
    """Whether who made this card, attached this tag, cast this vote or gave this verdict (a final verdict
    is the row of the reviewer who set it)."""
    return row.annotator == who


def row_refusal(row: ClaimCard | ClaimTag | CheckworthyVote | Verdict, who: str, action: str) -> str:
    """Why who may not do action to another's card, tag link, vote or verdict, and what they may do."""
    what = {
        ClaimCard: "This claim card",
        ClaimTag: "This tag's place on the card",
        CheckworthyVote: "This check-worthiness vote",
        Verdict: "This final verdict" if isinstance(row, Verdict) and row.final else "This verdict",
    }[type(row)]
    instead = {
        ClaimCard: "Add your vote or verdict to the card instead.",
        ClaimTag: "Attach or detach tags of your own instead.",
        CheckworthyVote: "Cast your own vote instead.",
        Verdict: "Give your own verdict instead.",
    }[type(row)]
    return f"{what} belongs to {row.annotator}; {who or 'you'} cannot {action} it. {instead}"
