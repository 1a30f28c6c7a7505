"""A correction in the store, as one transaction: the corrector's new tag, the original rejected as
corrected, and the `corrects` link between them (factcheck.core.ownership). Its undo is one transaction
too: the original's decision put back and the new tag tombstoned with its links (the link among them).
A redo restores the tag (which restores the links its undo tombstoned) and rejects the original again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from db import links as link_store
from db.errors import StoreError
from factcheck.core.links import Link, LinkType
from factcheck.core.model import Annotation
from factcheck.core.ownership import CORRECTS, rejected_as_corrected

if TYPE_CHECKING:
    from db.store import Store

#: The review fields a correction sets on the original (and its undo puts back).
REVIEW_FIELDS = ("status", "reviewer", "reason", "reviewed_at")


def _review(ann: Annotation) -> dict[str, str | None]:
    return {f: getattr(ann, f) for f in REVIEW_FIELDS}


def apply_correction(
    store: Store, new: Annotation, rejected: Annotation, link: Link, text: str | None = None
) -> tuple[Annotation, Annotation, Link]:
    """Store the correction (first time or redo): (the new tag, the original as rejected, the link)."""
    if link.type != CORRECTS or link.ends() != (new.id, rejected.id) or link.annotator != new.annotator:
        raise ValueError("the link of a correction goes from the corrector's tag to the original")
    with store.atomic():
        if store.annotation(new.id) is None:
            added = store.add_annotation(new, text)
        else:  # a redo: restoring the tag restores the links its undo tombstoned
            added = store.restore_annotation(new.id)
        original = store.patch_annotation(rejected.id, _review(rejected), text)
        stored = link_store.link(store, link.id)
        if stored is None:
            if CORRECTS not in {t.name for t in link_store.link_types(store)}:
                # A project whose `corrects` type was taken away (by hand): give it back rather than
                # leave a correction that says nothing of what it corrects.
                link_store.put_link_types(store, [LinkType(CORRECTS)])
            stored = link_store.add_link(store, link)
        elif stored.deleted:  # tombstoned otherwise than with the tag (e.g. deleted by hand): back too
            stored = link_store.restore_link(store, link.id)
    return added, original, stored


def undo_correction(store: Store, new_id: str, before: Annotation, text: str | None = None) -> tuple[
    Annotation, Annotation, bool
]:  # fmt: skip
    """Undo (or delete) a correction: the new tag tombstoned with its links, and the original given back
    before's decision, only while the original is still rejected as corrected by it: a decision someone
    made since is theirs and stays. (the tombstoned tag, the original as stored, whether its decision
    was put back)."""
    with store.atomic():
        removed = store.delete_annotation(new_id)  # tombstones the corrects link with it
        original = store.annotation(before.id)
        if original is None:
            raise StoreError(f"There is no tag with id {before.id!r}.")
        reverted = rejected_as_corrected(original, removed.annotator)
        if reverted:
            original = store.patch_annotation(before.id, _review(before), text)
    return removed, original, reverted


def correction_links(store: Store, document_id: str) -> list[Link]:
    """The live `corrects` links of a document."""
    return [lk for lk in link_store.links(store, document_id) if lk.type == CORRECTS]
