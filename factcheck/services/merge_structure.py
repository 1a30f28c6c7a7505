"""Landing the structure of an import: link types, speakers, links, and the checks of attribution.

Runs inside the import's transaction, after its tags landed (`merge.merge_parts` calls `finish`), so a
refusal undoes the whole import. The rules are the tags' (services.merge):

- a link type renamed here (db.link_types) is the new name: a link made before the rename, and the old
  type listed with it, land under the new name (the old type does not come back).
- speakers and links are matched by id; unknown -> added; same content -> unchanged; otherwise the
  newer `updated_at` wins (a newer tombstone deletes ours, an older live copy never brings one back);
  the same `updated_at` with different content is a conflict: ours is kept and it is listed.
- a link belongs to its annotator, and a link is its type's join of two tags of one document: a copy
  that moves it to another document, names another annotator or other ends is a conflict (not applied).
- hostile input is refused whole, naming the place: a link whose ends are not tags of its document, an
  attribution naming a tag of another document or of the wrong label role, a speaker that does not
  exist. A source or cue naming a tag neither in the file nor in the project is kept (the tag may come
  with a later import; until then the content tag reads as unattributed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

from db import links as link_store
from db import speakers as speaker_store
from db.annotation_rows import ANNOTATION_COLUMNS
from db.link_types import renamed_link_types
from db.store import Store
from factcheck.core.attribution import roles
from factcheck.core.errors import ImportRefused
from factcheck.core.links import Link, LinkType
from factcheck.core.names import name_cleaned
from factcheck.core.report import Conflict, ImportReport
from factcheck.core.speaker_fields import speaker_field_refusal
from factcheck.core.speakers import RENAME_FIRST, Speaker, name_problem
from factcheck.services.merge_conflicts import owner_name

_ID = ANNOTATION_COLUMNS.index("id")
_LABEL = ANNOTATION_COLUMNS.index("label")
_SPEAKER = ANNOTATION_COLUMNS.index("speaker")
_SOURCE = ANNOTATION_COLUMNS.index("source")
_CUE = ANNOTATION_COLUMNS.index("cue")
_QUOTATION = ANNOTATION_COLUMNS.index("quotation")
assert (_SOURCE, _CUE, _QUOTATION) == (_SPEAKER + 1, _SPEAKER + 2, _SPEAKER + 3)
_NAMED = itemgetter(slice(_SPEAKER, _QUOTATION + 1))  # (one slice of the row: a C copy, not 4 look-ups)
_NOTHING = (None, None, None, None)


@dataclass
class Incoming:
    """What merge_parts collects for the end: links per target document, and the tags that name other
    things (a source, a cue, a speaker), with the document they landed on."""

    links: list[tuple[str, Link, str]] = field(default_factory=list)  # (our document id, link, place)
    # The team server's rows: each link keeps its annotator's name as the server has it (its owner).
    exact_names: bool = False
    references: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)  # (our document id, row)

    def add(self, target_id: str, rows: Sequence[tuple[Any, ...]], links: Sequence[tuple[Link, str]]) -> None:
        # C loops, each slice freed as the next is made: most imports have no structure at all.
        if any(map(_NOTHING.__ne__, map(_NAMED, rows))):
            self.references += [(target_id, row) for row in rows if _NAMED(row) != _NOTHING]
        for link, where in links:
            self.links.append((target_id, link, where))


def finish(
    store: Store,
    incoming: Incoming,
    speakers: Sequence[Speaker],
    link_types: Sequence[LinkType],
    report: ImportReport,
    source: str,
) -> None:
    """Land link types, speakers and links, then check every reference; ImportRefused when hostile."""
    aliases = renamed_link_types(store)
    if aliases:  # made before a link type was renamed here: filed under its new name
        link_types = [t for t in link_types if t.name not in aliases]
        _rename_links(incoming, aliases, report)
    added = link_store.put_link_types(store, link_types)
    if added:
        _count(report, "links types added", added)
    _merge_speakers(store, speakers, report, source)
    _check_references(store, incoming, source)
    _merge_links(store, incoming.links, report, source, exact_names=incoming.exact_names)


def _rename_links(incoming: Incoming, aliases: Mapping[str, str], report: ImportReport) -> None:
    renamed = 0
    for i, (target_id, link, where) in enumerate(incoming.links):
        if link.type in aliases:
            incoming.links[i] = (target_id, replace(link, type=aliases[link.type]), where)
            renamed += 1
    if renamed:
        _count(report, "links of renamed types", renamed)


def _refused(source: str, where: str, problem: str) -> ImportRefused:
    return ImportRefused(f"{source}: {problem} (at {where}); nothing was imported.")


def _count(report: ImportReport, key: str, n: int = 1) -> None:
    report.structure[key] = report.structure.get(key, 0) + n


# -- speakers ------------------------------------------------------------------------------------


def _merge_speakers(store: Store, incoming: Sequence[Speaker], report: ImportReport, source: str) -> None:
    if not incoming:
        return
    for i, theirs in enumerate(incoming):  # as labels: a name that does not read as it is refuses it all
        if problem := name_problem(theirs.name):
            raise _refused(source, f"speakers[{i}]", f"{problem}; {RENAME_FIRST}")
        if refusal := speaker_field_refusal(theirs.id, theirs.name, theirs.description, theirs.same_as):
            raise _refused(source, f"speakers[{i}]", refusal)
    ours = speaker_store.speakers_by_id(store)
    writes: list[Speaker] = []
    for theirs in incoming:
        mine = ours.get(theirs.id)
        if mine is None:
            writes.append(theirs)
            _count(report, "speakers added")
        elif mine == theirs:
            _count(report, "speakers unchanged")
        elif mine.updated_at > theirs.updated_at:
            _count(report, "speakers older")
        elif theirs.updated_at > mine.updated_at:
            writes.append(replace(theirs, created_at=mine.created_at))
            _count(report, "speakers deleted" if theirs.deleted and not mine.deleted else "speakers updated")
        else:
            report.conflicting += 1
            report.conflicts.append(
                Conflict(
                    theirs.id, "", source, describe_speaker(mine), describe_speaker(theirs), kind="speaker"
                )
            )
    speaker_store.put_speakers(store, writes)
    known = speaker_store.speakers_by_id(store)
    for i, theirs in enumerate(incoming):
        if theirs.merged_into is not None and theirs.merged_into not in known:
            raise _refused(source, f"speakers[{i}]", f"it is merged into {theirs.merged_into!r}, no speaker")


def describe_speaker(speaker: Speaker) -> str:
    state = "deleted " if speaker.deleted else ""
    merged = f" (merged into {speaker.merged_into})" if speaker.merged_into else ""
    return f"{state}{speaker.name!r}{merged} at {speaker.updated_at}"


# -- attribution and speakers named by tags --------------------------------------------------------


def _check_references(store: Store, incoming: Incoming, source: str) -> None:
    if not incoming.references:
        return
    label_roles = roles(store.labels())
    speakers = speaker_store.speakers_by_id(store)
    for target_id, row in incoming.references:
        where = f"tag {row[_ID]!r}"
        role = label_roles.get(row[_LABEL], "content")
        if role != "content" and (row[_SOURCE] or row[_CUE] or row[_QUOTATION]):
            raise _refused(
                source, where, f"a {row[_LABEL]} tag ({role}) cannot have a source, cue or quotation"
            )
        if row[_SPEAKER] is not None:
            if role != "source":
                raise _refused(
                    source, where, f"a {row[_LABEL]} tag cannot name a speaker: only source tags do"
                )
            if row[_SPEAKER] not in speakers:
                raise _refused(
                    source, where, f"its speaker {row[_SPEAKER]!r} is in neither the file nor the project"
                )
        for field_name, index in (("source", _SOURCE), ("cue", _CUE)):
            named = row[index]
            if named is None:
                continue
            if named == row[_ID]:
                raise _refused(source, where, f"it names itself as its {field_name}")
            target = store.annotation(named)
            if target is None:
                continue  # may come with a later import: kept, read as unattributed meanwhile
            if target.document_id != target_id:
                raise _refused(source, where, f"its {field_name} {named!r} is a tag of another document")
            # A tag of another role (relabelled since it was attached) is kept as a dormant pointer, as
            # the project that wrote the file holds it (core.attribution): read as unattributed.


# -- links ---------------------------------------------------------------------------------------


def _merge_links(
    store: Store,
    incoming: list[tuple[str, Link, str]],
    report: ImportReport,
    source: str,
    *,
    exact_names: bool = False,
) -> None:
    if not incoming:
        return
    types = {t.name for t in link_store.link_types(store)}
    ours = link_store.links_by_id(store, [link.id for _, link, _ in incoming])
    writes: dict[str, Link] = {}
    for target_id, theirs, where in incoming:
        # Its annotator's name as an imported tag's reads (factcheck.core.names.name_cleaned).
        name = theirs.annotator if exact_names else name_cleaned(theirs.annotator)
        theirs = replace(theirs, document_id=target_id, annotator=name)
        # A tombstone may keep the type of a link type since removed (db.link_types): it joins nothing.
        if theirs.type not in types and not theirs.deleted:
            raise _refused(
                source,
                where,
                f"the link type {theirs.type!r} is neither listed in the file nor the project's",
            )
        for end, tag_id in (("from", theirs.from_id), ("to", theirs.to_id)):
            tag = store.annotation(tag_id)
            if tag is None:
                raise _refused(
                    source, where, f"its {end} end {tag_id!r} is no tag of the file or the project"
                )
            if tag.document_id != target_id:
                raise _refused(source, where, f"its {end} end {tag_id!r} is a tag of another document")
        mine = writes.get(theirs.id) or ours.get(theirs.id)
        if mine is None:
            writes[theirs.id] = theirs
            _count(report, "links added" if not theirs.deleted else "links tombstones kept")
            continue
        identity = _identity_problem(mine, theirs)
        if not identity and mine.annotator != theirs.annotator:  # its exact name kept (`owner_name`)
            theirs = replace(theirs, annotator=owner_name(mine.annotator, theirs.annotator) or mine.annotator)
        if identity:
            report.conflicting += 1
            report.conflicts.append(
                Conflict(
                    theirs.id,
                    mine.document_id,
                    source,
                    describe_link(mine),
                    describe_link(theirs),
                    identity,
                    "link",
                )
            )
        elif mine == theirs:
            _count(report, "links unchanged")
        elif mine.updated_at > theirs.updated_at:
            _count(report, "links older")
        elif theirs.updated_at > mine.updated_at:
            writes[theirs.id] = theirs
            _count(report, "links deleted" if theirs.deleted and not mine.deleted else "links updated")
        else:
            report.conflicting += 1
            report.conflicts.append(
                Conflict(
                    theirs.id,
                    mine.document_id,
                    source,
                    describe_link(mine),
                    describe_link(theirs),
                    kind="link",
                )
            )
    link_store.put_links(store, writes.values())


def _identity_problem(mine: Link, theirs: Link) -> str:
    problems = []
    if mine.document_id != theirs.document_id:
        problems.append(f"their copy is on document {theirs.document_id}, ours on {mine.document_id}")
    if owner_name(mine.annotator, theirs.annotator) is None:  # (one's name exact, the other's cleaned: one)
        problems.append(f"their copy names annotator {theirs.annotator!r}, ours {mine.annotator!r}")
    if mine.ends() != theirs.ends():
        problems.append("their copy joins other tags")
    if not problems:
        return ""
    return "; ".join(problems) + " (a link's document, annotator and ends never change; not applied)"


def describe_link(link: Link) -> str:
    state = "deleted " if link.deleted else ""
    return f"{state}{link.type} {link.from_id} → {link.to_id} by {link.annotator} at {link.updated_at}"
