"""Identical tags in team sync: every project converges on one live tag.

The server takes what each client pushes, and a pull mirrors it (`merge_bundle(find_twins=False)`). So the
same span tagged under two ids (the same fact-checker on a laptop and a desktop, one teammate file imported
on two machines, another tool's upper-cased uuids) reaches every project twice. After each pull, in its
transaction, the project applies the team's rule (`merge_twins.team_twins`, the one home of it): of one
document's identical live tags the one created first (ties by id) is the tag, the others are dropped
twins. Every project computes the same pairs whatever the order of its syncs; each then moves only what
its user may write (the server's rules are unchanged):

- the twin's owner (the same annotator as the tag's, by the rule) tombstones it, with a stamp just after
  its own (two computers of one owner make the same row), and carries its note and attribution onto the
  tag when the tag has none; a different note is kept on the tag and the twin's listed;
- a reviewer whose decision the twin holds carries it onto the tag when the tag has none (and no later
  decision act, such as a clearing); a different decision is kept on the tag and the twin's listed. A
  decision the reviewer made on the twin while their project held only it, which their push could not
  apply because the pair met on the server meanwhile (the owner's tombstone came first), goes onto the
  tag the same way in that sync (`unapplied_decisions`), not lost with their copy;
- everyone moves their own links from or to a twin, their own tags' source and cue pointers, and their
  own claim-card tags naming it, onto the tag (a link that would then join the tag to itself, or repeat a
  live one, is only tombstoned). A moved link or card tag is a new row whose id is made from the old one
  and the tag's (the same on every computer), with the old one's creation time.

The twin's tombstone keeps what it held, so a teammate who syncs later (a reviewer, another link's
author) still finds and moves theirs. The writes are the project's own (queued), and the sync pushes them
at once (services.sync), so that teammates who sync next see one tag.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from db import claims as claim_store
from db import links as link_store
from db import sync_local
from db.annotation_rows import ANNOTATION_COLUMNS, annotation_from_row
from db.store import Store
from db.twin_refs import all_twin_rows, claim_tags_naming, queued_names, rows_naming, twin_rows
from factcheck.core.claims import ClaimTag, claim_tag_id
from factcheck.core.links import Link
from factcheck.core.model import Annotation, utc_now
from factcheck.core.stamps import just_after
from factcheck.services.merge_twins import (
    attribution_of,
    takes_attribution,
    takes_decision,
    takes_note,
    team_twins,
)

_LABEL = ANNOTATION_COLUMNS.index("label")
_DECISION = ("status", "reviewer", "reason", "reviewed_at")
#: Above this many tags pulled, their documents are grouped at once rather than each tag looked up.
_LOOK_UPS = 2_000
#: Set once the whole project was checked for twins (those pulled before the rule was applied).
STATE_CHECKED = "twins_checked"
_LINK_NAMESPACE = uuid.UUID("5f0f4d55-9d52-4d8c-8a43-6f2b0e1e7a31")
#: Of a table's rows ({key: the stamp we would push}), those whose server row a push would leave as it is.
ServerKeeps = Callable[[str, Mapping[str, str]], set[str]]
_LEFT = (
    "was left as it is, not changed for its identical twin: the server's copy is stamped ahead of this "
    "change (an administrator sets its updated_at back with psql)"
)


@dataclass
class TwinOutcome:
    """What one sync did about identical tags."""

    dropped: int = 0  # tags of the syncing user tombstoned: the same as one already on the server
    notes: int = 0  # notes carried onto the tag kept
    decisions: int = 0  # review decisions carried onto the tag kept
    #: "link", "card tag", "pointer", "attribution" (a twin's carried onto the tag kept): how many.
    moved: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # one sentence per twin of ours, and what was listed
    #: Tags on which the server did not apply a decision of ours (their owner deleted them after our copy)
    #: whose decision went onto the tag kept of identical ones instead, or was listed beside its own.
    settled: set[str] = field(default_factory=set)

    def absorb(self, other: TwinOutcome) -> None:
        """Add what another step of the same sync did (the rule applied before its push)."""
        self.dropped += other.dropped
        self.notes += other.notes
        self.decisions += other.decisions
        for noun, n in other.moved.items():
            self.moved[noun] = self.moved.get(noun, 0) + n
        self.lines[:0] = other.lines
        self.settled |= other.settled

    @property
    def wrote(self) -> bool:
        return bool(self.dropped or self.notes or self.decisions or any(self.moved.values()))

    def summary(self) -> str:
        """The report's sentence ("" when nothing happened)."""
        parts = []
        if self.dropped == 1:
            parts.append("1 tag of yours was the same as one already on the server: kept one.")
        elif self.dropped:
            parts.append(
                f"{self.dropped} tags of yours were the same as ones already on the server: kept one of each."
            )
        carried = [
            f"{n} {noun}{'s' if n != 1 else ''}"
            for n, noun in ((self.decisions, "decision"), (self.notes, "note"))
            if n
        ]
        moved = [f"{n} {noun}{'s' if n != 1 else ''}" for noun, n in sorted(self.moved.items()) if n]
        if carried or moved:
            parts.append(f"Moved onto the tag kept of identical ones: {', '.join(carried + moved)}.")
        return " ".join(parts)


def resolve(
    store: Store,
    role: str,
    *,
    reviewer: bool,
    fresh: Collection[str],
    documents: Iterable[str],
    server_keeps: ServerKeeps | None = None,
    unapplied: Mapping[str, Annotation] | None = None,
) -> TwinOutcome:
    """Apply the team's rule to the tags a pull brought (fresh: their ids; documents: ours they are on)
    and those identical to them, inside its transaction, with writes queued for the server. (A pair
    neither of which is new was settled by the pull that brought the later one; the first sync of this
    version settles those pulled before.) A difference between a twin and its tag is listed when one of
    them is new, not at every sync. server_keeps: a tag whose server row is stamped ahead of the change
    (a bypassing client's far-future stamp, which every pull skips) is left as every project holds it, and
    listed: the push would not land, and only this project would hold the change. unapplied: our copies
    of the tags whose decision of ours this sync's push could not apply (`unapplied_decisions`): on a
    dropped twin, the decision goes onto the tag kept as the twin's would (`TwinOutcome.settled`)."""
    out = TwinOutcome()
    unapplied = unapplied or {}
    if sync_local.get_state(store, STATE_CHECKED) is None:  # once: twins pulled before the rule
        groups = all_twin_rows(store)
        sync_local.set_state(store, {STATE_CHECKED: "1"})
    elif len(fresh) > _LOOK_UPS:  # a big pull: one grouping of its documents costs less
        groups = all_twin_rows(store, {*documents, *(t.document_id for t in unapplied.values())})
    else:
        groups = twin_rows(store, {*fresh, *unapplied})
    _settle(store, groups, role, reviewer, fresh, out, server_keeps, unapplied)
    return out


def unapplied_decisions(
    store: Store, role: str, not_applied: Mapping[str, str | None]
) -> dict[str, Annotation]:
    """Our copies, read before the pull replaces them, of the tags whose decision of ours the push could
    not apply because their owner deleted them after our copy (not_applied: the push's, by tag id): the
    decision is lost with the copy, unless the tag was dropped as identical to another, which a
    reviewer's project may not have held when the decision was made (the pair came together on the
    server meanwhile). Then it goes onto the tag kept in this same sync (`resolve`), as a decision on the
    dropped twin that reached the server first would at this sync's pull."""
    out: dict[str, Annotation] = {}
    for key in not_applied:
        ann = store.annotation(key)
        if ann is not None and not ann.deleted and ann.reviewer == role and ann.status is not None:
            out[key] = ann
    return out


def before_push(
    store: Store, role: str, *, reviewer: bool, server_keeps: ServerKeeps | None = None
) -> TwinOutcome:
    """The team's rule, before a push, for the tags that our queued links, card tags and pointers name
    when such a tag has an identical twin here. The pull that brought the pair moved what we had named
    the dropped one then; a link made to it since (it stays live here until its owner's tombstone comes)
    would go up as it is and move only at our pull after that tombstone, one sync later than the rest.
    Moved now, it goes up moved in this push. The writes are those a later pull would make (the rule,
    the ids and the stamps are the same on every computer), so every order of syncs still converges; the
    differences between the two tags were listed by the pull that brought them, not again."""
    named = queued_names(store, role)
    out = TwinOutcome()
    if not named:
        return out
    with store.atomic():
        # A big push (a first one, an import's): one grouping of the project costs less.
        groups = all_twin_rows(store) if len(named) > _LOOK_UPS else twin_rows(store, named)
        _settle(store, groups, role, reviewer, (), out, server_keeps)
    return out


def _settle(
    store: Store,
    groups: Mapping[str, list[tuple[Any, ...]]],
    role: str,
    reviewer: bool,
    fresh: Collection[str],
    out: TwinOutcome,
    server_keeps: ServerKeeps | None,
    unapplied: Mapping[str, Annotation] | None = None,
) -> None:
    mapped_all: dict[str, str] = {}
    roles = {label.name: label.role for label in store.labels()} if groups else {}
    for document_id, rows in groups.items():
        by_id = {row[0]: row[_LABEL] for row in rows}
        mapped = team_twins(rows)
        if not mapped:
            continue
        mapped_all.update(mapped)
        # Only the tags concerned are read (a document may hold 100k): the twins, and the tags whose
        # source or cue names one (pointers name source and cue tags only).
        pointed = [key for key in mapped if roles.get(by_id[key]) in ("source", "cue")]
        naming = rows_naming(store, document_id, pointed) if pointed else []
        concerned = {row[0]: row for row in (*rows, *naming)}
        tags = {key: annotation_from_row(row) for key, row in concerned.items()}
        for key, ours in (unapplied or {}).items():  # the decision the dropped twin would hold
            if key in mapped and key in tags and tags[key].deleted:
                tags[key] = replace(tags[key], **{f: getattr(ours, f) for f in _DECISION})
        _tags(store, tags, mapped, role, reviewer, fresh, out, server_keeps, unapplied or {})
        _links(store, document_id, mapped, role, out, server_keeps)
    _card_tags(store, mapped_all, role, out, server_keeps)


def _tags(
    store: Store,
    tags: dict[str, Annotation],
    mapped: dict[str, str],
    role: str,
    reviewer: bool,
    fresh: Collection[str],
    out: TwinOutcome,
    server_keeps: ServerKeeps | None = None,
    unapplied: Mapping[str, Annotation] | None = None,
) -> None:
    now = utc_now()
    settled: list[tuple[str, str]] = []  # (tag changed, a twin whose unapplied decision of ours it settles)
    changed: dict[str, Annotation] = {}
    counts: list[tuple[str, str]] = []  # (tag changed, what it counts as): counted once it is written
    lines: list[tuple[str, str]] = []  # (tag changed, the sentence): said once it is written

    def current(key: str) -> Annotation:
        return changed.get(key) or tags[key]

    for twin_id, kept_id in sorted(mapped.items()):
        twin, kept = tags[twin_id], current(kept_id)
        listed = twin_id in fresh or kept_id in fresh
        if twin.annotator == role and not twin.deleted:
            stamp = just_after(twin.updated_at)
            changed[twin_id] = replace(twin, deleted_at=stamp, updated_at=stamp)
            counts.append((twin_id, "dropped"))
            listed = True
            mine, theirs = attribution_of(kept), attribution_of(twin)
            carry, differ = takes_attribution(mine, theirs, mapped, kept_id, twin_id)
            if carry:
                counts.append((kept_id, "attribution"))
            for name in differ:
                out.lines.append(
                    f"tag {kept_id} kept its {name}; its identical twin {twin_id} had another: "
                    f"{getattr(twin, name)}"
                )
            if takes_note(kept.note, twin.note):
                carry["note"] = twin.note
                counts.append((kept_id, "notes"))
            elif twin.note.strip() and twin.note != kept.note:
                out.lines.append(
                    f"tag {kept_id} kept its note; its identical twin {twin_id} had another: “{twin.note}”"
                )
            if carry:
                changed[kept_id] = kept = replace(kept, **carry, updated_at=now)
            lines.append((
                twin_id,
                f"your tag {twin_id} “{_short(twin.quote)}” ({twin.label}) was the same as tag {kept_id} "
                "already on the server: kept that one",
            ))  # fmt: skip
        if twin.status is None:
            continue
        if takes_decision(kept.status, kept.reviewed_at, twin.status, twin.reviewed_at):
            if reviewer and twin.reviewer == role:
                changed[kept_id] = replace(
                    kept,
                    status=twin.status,
                    reviewer=twin.reviewer,
                    reason=twin.reason,
                    reviewed_at=twin.reviewed_at,
                    updated_at=now,
                )
                counts.append((kept_id, "decisions"))
                settled.append((kept_id, twin_id))
                lines.append((
                    kept_id,
                    f"your decision ({twin.status}) on tag {twin_id}, identical to tag {kept_id}, is now on "
                    f"{kept_id}",
                ))  # fmt: skip
            elif twin_id in changed and changed[twin_id].deleted:  # we dropped it: say where it goes
                out.lines.append(
                    f"{twin.reviewer or 'a reviewer'}'s decision ({twin.status}) on tag {twin_id} goes onto "
                    f"tag {kept_id} at their next sync (only they may record it)"
                )
        elif (
            listed
            and kept.status is not None  # a clearing after the twin's decision is the newer act
            and (kept.status, kept.reason) != (twin.status, twin.reason)
            and role in (twin.reviewer, twin.annotator)
        ):
            reason = f": {twin.reason}" if twin.reason else ""
            if twin_id in (unapplied or {}):
                out.settled.add(twin_id)
            out.lines.append(
                f"tag {kept_id} kept {kept.reviewer or 'its reviewer'}'s decision ({kept.status}); its "
                f"identical twin {twin_id} had {twin.reviewer or 'a reviewer'}'s ({twin.status}{reason})"
            )
    for key, tag in tags.items():
        tag = current(key)
        if tag.annotator != role or tag.deleted or not (tag.source in mapped or tag.cue in mapped):
            continue
        source = mapped.get(tag.source, tag.source) if tag.source else tag.source
        cue = mapped.get(tag.cue, tag.cue) if tag.cue else tag.cue
        # A pointer to a twin of the tag itself (relabelled on one computer) would name the tag: none.
        source, cue = (None if p == key else p for p in (source, cue))
        changed[key] = replace(tag, source=source, cue=cue, updated_at=now)
        counts.append((key, "pointer"))
    frozen = (
        server_keeps("annotations", {k: t.updated_at for k, t in changed.items()})
        if server_keeps and changed
        else set()
    )
    for key in sorted(frozen):
        del changed[key]
        out.lines.append(f"tag {key} {_LEFT}")
    for key, what in counts:
        if key not in frozen:
            if what in ("dropped", "notes", "decisions"):
                setattr(out, what, getattr(out, what) + 1)
            else:
                out.moved[what] = out.moved.get(what, 0) + 1
    out.lines.extend(line for key, line in lines if key not in frozen)
    out.settled.update(twin for key, twin in settled if key not in frozen and twin in (unapplied or {}))
    store.put_annotations(changed.values())


def _frozen(server_keeps: ServerKeeps | None, table: str, stamps: Mapping[str, str]) -> set[str]:
    return server_keeps(table, stamps) if server_keeps and stamps else set()


def _links(
    store: Store,
    document_id: str,
    mapped: dict[str, str],
    role: str,
    out: TwinOutcome,
    server_keeps: ServerKeeps | None = None,
) -> None:
    every = link_store.links(store, document_id, include_deleted=True)
    if not any(lk.from_id in mapped or lk.to_id in mapped for lk in every):
        return
    moving = {
        lk.id: just_after(lk.updated_at)
        for lk in every
        if lk.deleted_at is None and lk.annotator == role and (lk.from_id in mapped or lk.to_id in mapped)
    }
    frozen = _frozen(server_keeps, "links", moving)
    symmetric = {t.name for t in link_store.link_types(store) if t.symmetric}
    have = {
        (lk.type, lk.annotator, lk.ends())
        for lk in every
        if lk.deleted_at is None and lk.from_id not in mapped and lk.to_id not in mapped
    }
    known = {lk.id for lk in every}
    written: list[Link] = []
    for lk in every:
        if (
            lk.deleted_at is not None
            or lk.annotator != role
            or not (lk.from_id in mapped or lk.to_id in mapped)
        ):
            continue
        if lk.id in frozen:  # its server row takes no write: left as every project holds it
            out.lines.append(f"link {lk.id} {_LEFT}")
            continue
        stamp = just_after(lk.updated_at)
        written.append(replace(lk, deleted_at=stamp, updated_at=stamp))
        ends = (mapped.get(lk.from_id, lk.from_id), mapped.get(lk.to_id, lk.to_id))
        ways = [ends, ends[::-1]] if lk.type in symmetric else [ends]
        if ends[0] == ends[1] or any((lk.type, lk.annotator, e) in have for e in ways):
            continue  # between a tag and its twin, or a link the tag already has
        have.add((lk.type, lk.annotator, ends))
        new_id = moved_link_id(lk.id, ends)
        if new_id in known:
            continue  # moved before (and maybe deleted since: not brought back)
        written.append(replace(lk, id=new_id, from_id=ends[0], to_id=ends[1], updated_at=stamp))
        out.moved["link"] = out.moved.get("link", 0) + 1
    link_store.put_links(store, written)


def moved_link_id(link_id: str, ends: tuple[str, str]) -> str:
    """The id of link_id's row moved onto the tags ends: made from both, the same on every computer (and
    in the window's undo history, which puts a link back where a sync would have moved it)."""
    return str(uuid.uuid5(_LINK_NAMESPACE, f"{link_id}\n{ends[0]}\n{ends[1]}"))


def _card_tags(
    store: Store, mapped: dict[str, str], role: str, out: TwinOutcome, server_keeps: ServerKeeps | None = None
) -> None:
    rows = claim_tags_naming(store, mapped)
    by_id = {t.id: t for t in rows}
    moving = {
        t.id: just_after(t.updated_at)
        for t in rows
        if t.deleted_at is None and t.annotator == role and t.annotation_id in mapped
    }
    frozen = _frozen(server_keeps, "claim_tags", moving)
    written: list[ClaimTag] = []
    for member in rows:
        if member.deleted_at is not None or member.annotator != role or member.annotation_id not in mapped:
            continue
        if member.id in frozen:
            out.lines.append(f"card tag {member.id} {_LEFT}")
            continue
        stamp = just_after(member.updated_at)
        written.append(replace(member, deleted_at=stamp, updated_at=stamp))
        kept_id = mapped[member.annotation_id]
        key = claim_tag_id(member.claim_id, kept_id, member.annotator)
        there = by_id.get(key)
        if any(
            t.claim_id == member.claim_id and t.annotation_id == kept_id and t.deleted_at is None
            for t in rows
        ):
            continue  # the card has the tag already
        if there is None:
            written.append(
                ClaimTag(key, member.claim_id, kept_id, member.annotator, member.created_at, stamp)
            )
        elif there.updated_at < member.updated_at:  # taken off the card before the twin was put on it
            written.append(
                replace(there, deleted_at=None, updated_at=max(stamp, just_after(there.updated_at)))
            )
        else:
            continue  # taken off the card since: not put back
        out.moved["card tag"] = out.moved.get("card tag", 0) + 1
    claim_store.put_claim_tags(store, written)


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
