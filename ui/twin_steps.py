"""Undo steps that name a tag a sync or a merge dropped as identical to another.

The team's rule (services.sync_twins) tombstones the newer of two identical tags (same document, span,
pieces, label and annotator) and moves what named it (links, pointers, card tags) onto the tag kept. The
window's undo history names tags by id, so its steps follow the tag kept too: for the fact-checker it is
the same tag, the one they added or edited. Undoing "add tag" removes the tag kept, redo brings it back;
undoing a deletion whose identical tag came back meanwhile (a sync, a teammate's file) finds it there and
writes nothing (the store would refuse a second identical tag). A step whose tag is gone with no copy
left (deleted on another computer meanwhile) writes nothing either, and its text in the undo history says
so. A link step follows the link a sync moved onto the tag kept the same way; putting back a link whose
end was dropped puts it onto the tag kept (under the id a sync gives a moved link). A correction step
follows both of its tags and the `corrects` link joining them; a claim card step follows its card tags
(each under the id a card tag of the tag kept has); undoing "take a tag off a card" whose tag went since
with no copy left writes nothing (ui.claim_commands.DetachCommand). What a step that writes nothing says
in the status bar comes from `gone_notice` and `link_notice`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import QCoreApplication

from db import claims as claims_db
from factcheck.core.claims import ClaimTag, claim_tag_id
from factcheck.core.links import Link
from factcheck.core.model import Annotation, utc_now
from factcheck.services.sync_twins import moved_link_id
from ui.project import ProjectModel
from ui.tag_text import one_line

Row = TypeVar("Row")


def _tr(text: str) -> str:
    return QCoreApplication.translate("TwinSteps", text)


def kept_in_place_of(project: ProjectModel, tag: Annotation) -> Annotation | None:
    """The live tag identical to tag (as stored) under another id, when tag is a tombstone; else None."""
    stored = project.annotation(tag.id) or tag
    if not stored.deleted:
        return None
    return project.live_twin(replace(stored, deleted_at=None))


def followed(project: ProjectModel, tag: Annotation) -> Annotation:
    """tag as it stands: the tag kept in its place when a sync or merge dropped it as identical to another,
    else as stored (tag itself when it is not stored)."""
    stored = project.annotation(tag.id) or tag
    kept = kept_in_place_of(project, stored)
    return kept if kept is not None else stored


def remove(project: ProjectModel, tag: Annotation) -> tuple[Annotation, bool]:
    """Tombstone tag, or the tag kept in its place when a sync or merge dropped it; nothing when it is
    gone already (a second tombstone would only move its stamp; a tag gone with its document has no row
    left). (The tag acted on as stored, whether it was written.)"""
    stored = project.annotation(tag.id)
    if stored is None:  # gone with its document (removed meanwhile, by another program or for good)
        return tag, False
    if stored.deleted:
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


def gone_notice(text: str) -> str:
    """What the status bar says of a step that wrote nothing because its tag is gone with no copy left."""
    step = text.removesuffix(_tr(" (its tag was removed meanwhile)"))
    return _tr("“{step}” changed nothing: its tag was removed meanwhile.").format(step=step)


def correction_alone_notice(text: str) -> str:
    """What the status bar says when a correction is taken away after its original is gone with no copy
    left: the corrector's tag went, and no decision was put back."""
    step = text.removesuffix(_tr(" (its tag was removed meanwhile)"))
    return _tr("“{step}”: your correction was deleted (the tag it corrected is gone).").format(step=step)


def put_link_back(project: ProjectModel, link: Link, by: str) -> tuple[Link, str | None]:
    """Restore link (undoing its deletion, redoing its making). When a sync or merge dropped an end of it
    as identical to another tag, the link goes onto the tag kept: the row a sync would have moved it to
    (restored, or made), unless the tag kept has that link already (then nothing is written and the step
    names that one). (the link the step now names, "" when it was written, else why not: a status line,
    None when an end is gone with no copy left)."""
    tags = [project.annotation(end) for end in link.ends()]
    now = [followed(project, tag) for tag in tags if tag is not None]
    if len(now) < 2 or any(tag.deleted for tag in now):
        return link, None
    ends = (now[0].id, now[1].id)
    if ends == link.ends():
        return project.restore_link(link.id, by=by), ""
    quote = one_line(now[0].quote, 30)
    if ends[0] == ends[1]:
        return link, _tr(
            "The link from “{quote}” was not put back: its two tags are now one (identical copies of one "
            "tag, kept as one)."
        ).format(quote=quote)
    symmetric = any(t.name == link.type and t.symmetric for t in project.link_types())
    ways = {ends, ends[::-1]} if symmetric else {ends}
    same = next(
        (
            lk
            for lk in project.links(link.document_id)
            if lk.type == link.type and lk.annotator == link.annotator and lk.ends() in ways
        ),
        None,
    )
    if same is not None:
        return same, _tr(
            "The link from “{quote}” is there already: the tag kept in place of its identical copy has it."
        ).format(quote=quote)
    moved = moved_link_id(link.id, ends)
    if project.stored_link(moved) is not None:
        return project.restore_link(moved, by=by), ""
    stamp = utc_now()
    return project.add_link(
        replace(link, id=moved, from_id=ends[0], to_id=ends[1], updated_at=stamp, deleted_at=None)
    ), ""


def correction_now(
    project: ProjectModel, new: Annotation, original: Annotation, link: Link
) -> tuple[Annotation, Annotation, Link]:
    """A correction's tags and `corrects` link as they stand: each tag followed (`followed`), and when
    either is another tag now, the link joining those two (live, else a tombstone, else a new one under
    the id a sync would give the moved link)."""
    now_new, now_original = followed(project, new), followed(project, original)
    ends = (now_new.id, now_original.id)
    if ends == link.ends():
        return now_new, now_original, link
    found = [
        lk
        for lk in project.stored_links_of(now_new.id)
        if (lk.type, lk.annotator, lk.ends()) == (link.type, link.annotator, ends)
    ]
    found.sort(key=lambda lk: lk.deleted)  # a live one first
    moved = (
        found[0] if found else replace(link, id=moved_link_id(link.id, ends), from_id=ends[0], to_id=ends[1])
    )
    return now_new, now_original, moved


def card_rows(project: ProjectModel, rows: Sequence[Row]) -> tuple[tuple[Row, ...], list[ClaimTag]]:
    """A card step's rows with each card tag naming a tag a sync or merge dropped as identical to another
    named onto the tag kept, under the id the tag kept's card tag has (claim_tag_id), as a sync moves it;
    and the stored live card tags still naming a dropped tag (a merge moved none) as tombstones, to write
    with them: the card holds the tag once, as the tag kept."""
    out: list[Row] = []
    old: dict[str, str] = {}  # the id of a card tag naming a dropped tag -> its card
    for row in rows:
        if isinstance(row, ClaimTag):
            tag = project.annotation(row.annotation_id)
            kept = kept_in_place_of(project, tag) if tag is not None else None
            if kept is not None:
                old[row.id] = row.claim_id
                row = replace(
                    row, id=claim_tag_id(row.claim_id, kept.id, row.annotator), annotation_id=kept.id
                )
        out.append(row)
    if not old:
        return tuple(out), []
    stamp = utc_now()
    live = project.read_with(
        lambda store: [t for card in set(old.values()) for t in claims_db.claim_tags(store, card)]
    )
    return tuple(out), [replace(t, deleted_at=stamp, updated_at=stamp) for t in live if t.id in old]
