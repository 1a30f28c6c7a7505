"""Undo steps that name a tag a sync or a merge dropped as identical to another.

The team's rule (services.sync_twins) tombstones the newer of two identical tags (same document, span,
pieces, label and annotator) and moves what named it (links, pointers, card tags) onto the tag kept. The
window's undo history names tags by id, so its steps follow the tag kept too: for the fact-checker it is
the same tag, the one they added or edited. Undoing "add tag" removes the tag kept, redo brings it back;
undoing a deletion whose identical tag came back meanwhile (a sync, a teammate's file) finds it there and
writes nothing (the store would refuse a second identical tag). A step whose tag is gone with no copy
left (deleted on another computer meanwhile) writes nothing either, and its text in the undo history says
so. A link step follows the link a sync moved onto the tag kept the same way."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from factcheck.core.duplicates import twin_of
from factcheck.core.links import Link
from factcheck.core.model import Annotation
from ui.project import ProjectModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("TwinSteps", text)


def kept_in_place_of(project: ProjectModel, tag: Annotation) -> Annotation | None:
    """The live tag identical to tag (as stored) under another id, when tag is a tombstone; else None."""
    stored = project.annotation(tag.id) or tag
    if not stored.deleted:
        return None
    candidates = project.annotations(stored.document_id, annotator=stored.annotator, label=stored.label)
    return twin_of(replace(stored, deleted_at=None), candidates)


def remove(project: ProjectModel, tag: Annotation) -> tuple[Annotation, bool]:
    """Tombstone tag, or the tag kept in its place when a sync or merge dropped it; nothing when it is
    gone already (a second tombstone would only move its stamp). (The tag acted on as stored, whether it
    was written.)"""
    stored = project.annotation(tag.id)
    if stored is not None and stored.deleted:
        kept = kept_in_place_of(project, stored)
        return (stored, False) if kept is None else (project.delete(kept.id), True)
    return project.delete(tag.id), True


def bring_back(project: ProjectModel, tag: Annotation) -> Annotation:
    """Restore tag, unless an identical live tag is there (a sync or merge kept it in its place, or
    brought it back): that one, unwritten. The tag the step now names."""
    stored = project.annotation(tag.id)
    if stored is not None and not stored.deleted:
        return stored
    kept = kept_in_place_of(project, stored or tag)
    return kept if kept is not None else project.restore(tag.id)


def link_in_place_of(project: ProjectModel, link: Link) -> Link | None:
    """The live link a sync moved link onto (services.sync_twins: a new row joining the tags kept, the old
    one tombstoned), when link is no longer live and an end of it is a tag dropped as identical to
    another; else None."""
    live = project.links(link.document_id)
    if any(lk.id == link.id for lk in live):
        return None
    ends = []
    for end in link.ends():
        tag = project.annotation(end)
        kept = kept_in_place_of(project, tag) if tag is not None else None
        ends.append(kept.id if kept is not None else end)
    if tuple(ends) == link.ends():
        return None
    return next(
        (lk for lk in live if (lk.type, lk.annotator, lk.ends()) == (link.type, link.annotator, tuple(ends))),
        None,
    )


def gone_note(text: str) -> str:
    """A step's text once its tag is gone with no identical copy left: said in the undo history."""
    suffix = _tr(" (its tag was removed meanwhile)")
    return text if text.endswith(suffix) else text + suffix
