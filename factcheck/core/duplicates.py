"""Exact duplicate tags: the same span (the same pieces, for a tag in pieces), label and annotator on
one document, both live.

A second identical tag adds nothing (and halves agreement scores, which count it as unmatched), so no path
creates one: the window makes the existing tag current instead, and the store refuses a write that would
make one (`DuplicateTag`, naming the existing tag).
"""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.core.errors import DuplicateTag
from factcheck.core.fragments import pieces
from factcheck.core.model import Annotation, Fragments


def shape(ann: Annotation) -> tuple[str, int, int, str, str, Fragments]:
    """What makes two tags the same tag (id, note, review and times aside): a tag in pieces and one
    over its whole envelope are two tags."""
    return ann.document_id, ann.start, ann.end, ann.label, ann.annotator, pieces(ann)


def twin_of(ann: Annotation, candidates: Iterable[Annotation]) -> Annotation | None:
    """A live tag among candidates identical to ann (another id, same shape), or None."""
    key = shape(ann)
    return next((c for c in candidates if c.id != ann.id and not c.deleted and shape(c) == key), None)


def refuse(ann: Annotation, existing: Annotation) -> DuplicateTag:
    """The error for writing ann while existing is live and identical."""
    parts = pieces(existing)
    shown = " … ".join(existing.quote[s - existing.start : e - existing.start] for s, e in parts)
    where = ", ".join(f"{s}–{e}" for s, e in parts)
    return DuplicateTag(
        f"{ann.annotator} already tagged “{shown[:40]}” ({where}) as "
        f"{existing.label}; a second identical tag is not made.",
        existing.id,
    )
