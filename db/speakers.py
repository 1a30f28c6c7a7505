"""Speakers in the store: the project-wide list of people and organizations source tags refer to.

A speaker has no owner: anyone may edit one (the newer updated_at wins a merge). Merging B into A only
sets B.merged_into (nobody's tags are rewritten); counts and lists follow `resolve`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from db.errors import StoreError
from factcheck.core.errors import StructureError
from factcheck.core.model import Annotation, utc_now
from factcheck.core.names import shown
from factcheck.core.speaker_fields import description_problem, same_as_problem
from factcheck.core.speakers import (
    SPEAKER_FIELDS,
    SPEAKER_KINDS,
    Speaker,
    SpeakerKind,
    merged,
    name_problem,
    resolve,
)

if TYPE_CHECKING:
    from db.store import Store

_COLUMNS = ", ".join(SPEAKER_FIELDS)
_PLACEHOLDERS = ", ".join("?" for _ in SPEAKER_FIELDS)
_SAME_AS = SPEAKER_FIELDS.index("same_as")


def speaker_row(speaker: Speaker) -> tuple[Any, ...]:
    row = [getattr(speaker, name) for name in SPEAKER_FIELDS]
    row[_SAME_AS] = json.dumps(list(speaker.same_as), ensure_ascii=False)
    return tuple(row)


def speaker_from_row(row: Sequence[Any]) -> Speaker:
    values = list(row)
    values[_SAME_AS] = tuple(json.loads(values[_SAME_AS] or "[]"))
    return Speaker(*values)


def speakers(store: Store, *, include_deleted: bool = False) -> list[Speaker]:
    where = "" if include_deleted else "WHERE deleted_at IS NULL"
    cursor = store._db.execute(f"SELECT {_COLUMNS} FROM speakers {where} ORDER BY name COLLATE NOCASE, id")
    return [speaker_from_row(row) for row in cursor]


def speaker(store: Store, speaker_id: str) -> Speaker | None:
    row = store._db.execute(f"SELECT {_COLUMNS} FROM speakers WHERE id = ?", [speaker_id]).fetchone()
    return speaker_from_row(row) if row else None


def speakers_by_id(store: Store) -> dict[str, Speaker]:
    """Every speaker (tombstones included), by id: what `resolve` follows."""
    return {s.id: s for s in speakers(store, include_deleted=True)}


def _require(store: Store, speaker_id: str) -> Speaker:
    found = speaker(store, speaker_id)
    if found is None:
        raise StoreError(f"There is no speaker with id {speaker_id!r}.")
    return found


def check_speaker(new: Speaker, kept_name: str | None = None, *, kept: Sequence[Speaker | None] = ()) -> None:
    """Refuse a speaker the project cannot hold. kept_name, kept: the name (the versions) the speaker
    had: a value one of them has is kept as it is (one made before the rules may still change its kind; a
    changed name, description or same-as list must follow them)."""
    was = [k for k in kept if k is not None]
    if (
        new.name != kept_name
        and new.name not in {k.name for k in was}
        and (problem := name_problem(new.name))
    ):
        raise StructureError(f"Cannot keep the speaker: {problem}.")
    if new.kind not in SPEAKER_KINDS:
        raise StructureError(f"A speaker is a person or an organization, not {new.kind!r}.")
    if new.description not in {k.description for k in was} and (
        problem := description_problem(new.description)
    ):
        raise StructureError(f"Cannot keep the speaker {shown(new.name)}: {problem}.")
    if new.same_as not in {k.same_as for k in was} and (problem := same_as_problem(new.same_as)):
        raise StructureError(f"Cannot keep the speaker {shown(new.name)}: {problem}.")


def add_speaker(store: Store, new: Speaker) -> Speaker:
    check_speaker(new)
    with store.atomic():
        store._db.execute(f"INSERT INTO speakers ({_COLUMNS}) VALUES ({_PLACEHOLDERS})", speaker_row(new))
    return new


def put_speakers(store: Store, rows: Iterable[Speaker]) -> int:
    """Insert or replace speakers as given (merges, undo); the caller has checked them."""
    values = [speaker_row(s) for s in rows]
    with store.atomic():
        store._db.conn.executemany(
            f"INSERT OR REPLACE INTO speakers ({_COLUMNS}) VALUES ({_PLACEHOLDERS})", values
        )
    return len(values)


def update_speaker(
    store: Store,
    speaker_id: str,
    *,
    name: str | None = None,
    kind: SpeakerKind | None = None,
    description: str | None = None,
    same_as: Sequence[str] | None = None,
) -> Speaker:
    """Change what is given; updated_at moves on."""
    with store.atomic():
        old = _require(store, speaker_id)
        changes: dict[str, Any] = {"updated_at": utc_now()}
        if name is not None and name != old.name:
            if problem := name_problem(name):  # before tidying: a line break typed in is refused, as labels
                raise StructureError(f"Cannot keep the speaker: {problem}.")
            changes["name"] = " ".join(name.split())
        if kind is not None:
            changes["kind"] = kind
        if description is not None:
            changes["description"] = description
        if same_as is not None:
            changes["same_as"] = tuple(u.strip() for u in same_as if u.strip())
        new = replace(old, **changes)
        check_speaker(new, kept=[old])
        put_speakers(store, [new])
    return new


def delete_speaker(store: Store, speaker_id: str) -> Speaker:
    """Tombstone a speaker that no live source tag names (merge it into another one instead)."""
    with store.atomic():
        old = _require(store, speaker_id)
        used = store._db.execute(
            "SELECT count(*) FROM annotations WHERE speaker = ? AND deleted_at IS NULL", [speaker_id]
        ).fetchone()[0]
        if used:
            raise StructureError(
                f"{old.name} is the speaker of {used} source tag{'s' if used != 1 else ''}; "
                "merge them into another speaker instead of deleting."
            )
        now = utc_now()
        new = replace(old, deleted_at=now, updated_at=now)
        put_speakers(store, [new])
    return new


def restore_speaker(store: Store, speaker_id: str) -> Speaker:
    with store.atomic():
        new = replace(_require(store, speaker_id), deleted_at=None, updated_at=utc_now())
        put_speakers(store, [new])
    return new


def merge_speakers(store: Store, into_id: str, merged_id: str) -> Speaker:
    """Merge speaker merged_id into into_id: merged_id's tags count as into_id's from now on. Refused
    when it would make a cycle (into_id already stands for merged_id)."""
    with store.atomic():
        into = _require(store, into_id)
        gone = _require(store, merged_id)
        if into.deleted or gone.deleted:
            raise StructureError("A deleted speaker cannot be merged; restore it first.")
        everyone = speakers_by_id(store)
        if resolve(into_id, everyone) == resolve(merged_id, everyone):
            raise StructureError(f"{gone.name} and {into.name} are one speaker already.")
        new = merged(gone, resolve(into_id, everyone))
        put_speakers(store, [new])
    return new


def unmerge_speaker(store: Store, speaker_id: str) -> Speaker:
    """Undo a merge: the speaker stands for itself again."""
    with store.atomic():
        new = replace(_require(store, speaker_id), merged_into=None, updated_at=utc_now())
        put_speakers(store, [new])
    return new


@dataclass(frozen=True)
class SpeakerCount:
    speaker: Speaker
    source_tags: int  # live source tags naming it (or a speaker merged into it)
    attributed: int  # live content tags whose live source tag names it
    documents: int  # documents where it is tagged


def speaker_counts(store: Store) -> list[SpeakerCount]:
    """Every live, unmerged speaker with what names it (merged speakers' tags counted as theirs)."""
    everyone = speakers_by_id(store)
    sources: dict[str, int] = {}
    attributed: dict[str, int] = {}
    documents: dict[str, set[str]] = {}
    tag_speaker: dict[str, str] = {}
    for tag_id, doc_id, speaker_id in store._db.execute(
        "SELECT id, document_id, speaker FROM annotations WHERE speaker IS NOT NULL AND deleted_at IS NULL"
    ):
        who = resolve(speaker_id, everyone)
        tag_speaker[tag_id] = who
        sources[who] = sources.get(who, 0) + 1
        documents.setdefault(who, set()).add(doc_id)
    for (source_id,) in store._db.execute(
        "SELECT source FROM annotations WHERE source IS NOT NULL AND deleted_at IS NULL"
    ):
        named = tag_speaker.get(source_id)
        if named is not None:
            attributed[named] = attributed.get(named, 0) + 1
    return [
        SpeakerCount(s, sources.get(s.id, 0), attributed.get(s.id, 0), len(documents.get(s.id, ())))
        for s in speakers(store)
        if s.merged_into is None
    ]


def tags_of_speaker(store: Store, speaker_id: str) -> tuple[list[Annotation], list[Annotation]]:
    """(source tags naming the speaker or one merged into it, content tags attributed to those), live,
    across documents: what a speaker's page lists."""
    everyone = speakers_by_id(store)
    target = resolve(speaker_id, everyone)
    names = [sid for sid in everyone if resolve(sid, everyone) == target]
    ids = json.dumps(names)
    source_tags = [
        a
        for a in store.annotations_where("speaker IN (SELECT value FROM json_each(?))", [ids])
        if not a.deleted
    ]
    by_source = json.dumps([a.id for a in source_tags])
    content = [
        a
        for a in store.annotations_where("source IN (SELECT value FROM json_each(?))", [by_source])
        if not a.deleted
    ]
    return source_tags, content
