"""Who may change a tag, and what changing another's tag means.

A tag belongs to its annotator: only they relabel it, move it, edit its note or delete it. Anyone else
reviews it (accept, or reject with a reason) or corrects it. A correction is a new tag of the corrector
(the same span unless changed, their label) and the original rejected with the reason "corrected by
NAME", so that agreement figures count both annotators' own decisions. The window, imports (a copy
naming another annotator is a conflict: `factcheck.services.merge`) and the command line apply these
rules; this module is the one place that states them.
"""

from __future__ import annotations

from factcheck.core.decisions import decided
from factcheck.core.errors import FactcheckError
from factcheck.core.links import Link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation

#: The fields only a tag's annotator may change (the review fields are anyone's). Attribution (source,
#: cue, quotation) is part of the content tag, and a source tag's speaker part of the source tag.
OWNED_FIELDS = frozenset(
    {"label", "start", "end", "quote", "prefix", "suffix", "note", "deleted_at"}
    | {"fragments", "speaker", "source", "cue", "quotation"}
)
CORRECTED_PREFIX = "corrected by "


def owns(ann: Annotation, who: str) -> bool:
    """Whether who may relabel, move, edit the note of or delete ann."""
    return ann.annotator == who


def may_change(ann: Annotation, who: str, fields: set[str] | frozenset[str]) -> bool:
    """Whether who may change these fields of ann: their own tag, or review fields only."""
    return owns(ann, who) or not (set(fields) & OWNED_FIELDS)


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
