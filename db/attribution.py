"""A tag's structure in the store: attribution (source, cue, quotation) on a content tag, the speaker of a
source tag, and the pieces of a discontinuous tag. Each operation is one transaction; `by` (when given)
must own the tag (core.ownership: attribution belongs to the content tag's annotator)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from db.errors import StoreError
from factcheck.core import fragments as fragment_rules
from factcheck.core.attribution import content_problem, roles, target_problem
from factcheck.core.errors import StructureError
from factcheck.core.fragments import quoted
from factcheck.core.model import QUOTATIONS, Annotation, Quotation, utc_now
from factcheck.core.ownership import check_tag_owner
from factcheck.core.spans import context

if TYPE_CHECKING:
    from db.store import Store

#: Marks "leave as it is" in set_attribution (None clears).
KEEP: Any = object()


def check_structure(
    store: Store, ann: Annotation, text: str | None = None, *, attaching: bool = False
) -> None:
    """The structure fields of ann are right: fragments well formed with ann's start/end their envelope,
    the label's role allows its fields, source and cue are tags of its document with the right roles,
    its speaker exists. Only `attaching` (the user attaches a source or cue) needs them live and of
    their role: a pointer whose tag was deleted or relabelled since lies dormant (`core.attribution`),
    the tag's other edits (its quotation, its other end) must not be refused for it, and an undo may
    bring one back. A source or cue the stored row already names is not checked again. Cheap for a tag
    without structure (every new tag): nothing is read."""
    if ann.fragments:
        if text is None:
            text = store.document(ann.document_id).text
        fragment_rules.check(ann.fragments, text)
        if not fragment_rules.matches_envelope(ann):
            raise StructureError(
                f"The {ann.label} tag {quoted(ann)}: start-end {ann.start}-{ann.end} is not the envelope "
                "of its pieces."
            )
    if not (ann.source or ann.cue or ann.quotation or ann.speaker):
        return
    label_roles = roles(store.labels())
    if problem := content_problem(ann, label_roles):
        raise StructureError(f"The {ann.label} tag {quoted(ann)}: {problem}.")
    if ann.quotation is not None and ann.quotation not in QUOTATIONS:
        raise StructureError(
            f"The {ann.label} tag {quoted(ann)}: quotation must be direct or indirect, not {ann.quotation!r}."
        )
    stored = store.annotation(ann.id) if ann.source or ann.cue else None
    for field in ("source", "cue"):
        target_id = getattr(ann, field)
        if target_id is None:
            continue
        if stored is not None and getattr(stored, field) == target_id:
            continue  # kept as it was: its tag may be deleted or relabelled since (dormant)
        target = store.annotation(target_id)
        # Attaching (S, C, a picker) needs a live tag of the right role; another write (an undo, a redo)
        # may bring back a pointer that lies dormant now, its tag deleted or relabelled since.
        may_lie_dormant = not attaching and target is not None and target.document_id == ann.document_id
        problem = target_problem(ann, field, target, target_id, label_roles)
        if problem and not (may_lie_dormant and target_id != ann.id):
            raise StructureError(f"The {ann.label} tag {quoted(ann)}: {problem}.")
        if attaching and target is not None and target.deleted:
            raise StructureError(
                f"The {ann.label} tag {quoted(ann)}: its {field} {quoted(target)} was deleted."
            )
    if ann.speaker is not None:
        row = store._db.execute("SELECT deleted_at FROM speakers WHERE id = ?", [ann.speaker]).fetchone()
        if row is None or row[0] is not None:
            raise StructureError(
                f"The {ann.label} tag {quoted(ann)}: its speaker {ann.speaker!r} is no live speaker."
            )


def _require(store: Store, annotation_id: str) -> Annotation:
    ann = store.annotation(annotation_id)
    if ann is None:
        raise StoreError(f"There is no annotation with id {annotation_id!r}.")
    return ann


def set_attribution(
    store: Store,
    annotation_id: str,
    *,
    source: str | None = KEEP,
    cue: str | None = KEEP,
    quotation: Quotation | None = KEEP,
    by: str | None = None,
) -> Annotation:
    """Attach (or with None detach) the source tag, the cue tag and the quotation of a content tag;
    fields not given stay. updated_at moves on."""
    with store.atomic():
        old = _require(store, annotation_id)
        check_tag_owner(old, by, "attribute")
        changes: dict[str, Any] = {
            key: value
            for key, value in (("source", source), ("cue", cue), ("quotation", quotation))
            if value is not KEEP
        }
        new = replace(old, **changes, updated_at=utc_now())
        check_structure(store, new, attaching=True)
        store.put_annotations([new])
    return new


def set_speaker(
    store: Store, annotation_id: str, speaker_id: str | None, *, by: str | None = None
) -> Annotation:
    """Say which speaker a source tag refers to (None: nobody known)."""
    with store.atomic():
        old = _require(store, annotation_id)
        check_tag_owner(old, by, "set the speaker of")
        new = replace(old, speaker=speaker_id, updated_at=utc_now())
        check_structure(store, new)
        store.put_annotations([new])
    return new


def set_pieces(
    store: Store, annotation_id: str, parts: list[tuple[int, int]], *, by: str | None = None
) -> Annotation:
    """Make a tag cover these pieces of its text (overlapping or touching ones are joined; one piece left
    makes it continuous); start/end/quote/context become the envelope's."""
    with store.atomic():
        old = _require(store, annotation_id)
        check_tag_owner(old, by, "change the pieces of")
        text = store.document(old.document_id).text
        joined = fragment_rules.normalized(parts)
        if joined:
            fragment_rules.check(joined, text)
            start, end = fragment_rules.envelope(joined)
        else:
            if not parts:
                raise StructureError("A tag covers at least one piece of text.")
            start, end = min(s for s, _ in parts), max(e for _, e in parts)
        prefix, quote, suffix = context(text, start, end)
        new = replace(
            old,
            fragments=joined,
            start=start,
            end=end,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            updated_at=utc_now(),
        )
        store.check_annotation(new, text)
        store.put_annotations([new])
    return new


def attributed_to(store: Store, source_id: str) -> list[Annotation]:
    """The live content tags whose source is this tag."""
    return [a for a in store.annotations_where("source = ?", [source_id]) if not a.deleted]
