"""The team server's side of links, link types and speakers: what a push sends, and how a pull lands
them through the file-merge rules (services.merge_structure: ids, newer wins, tombstones, conflicts,
a link belongs to its annotator). Rows a client that bypassed factcheck wrote badly are skipped and
listed, as for tags; the server's copy of a row it refused, or of a conflict, replaces ours."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from db import links as link_store
from db import speakers as speaker_store
from db import sync_local
from db.pg_sync import Pulled
from db.pg_tables import LINK_TYPES, LINKS, SPEAKERS
from db.store import Store
from factcheck.core.bundle import Bundle
from factcheck.core.links import Link, LinkType, link_type_problem
from factcheck.core.model import CANONICAL_STAMP
from factcheck.core.speakers import SPEAKER_KINDS, Speaker, name_problem
from factcheck.services.formats.validate import CheckedAnnotations

_LINK_DOC = LINKS.names.index("document_id")
Row = tuple[Any, ...]


def push_rows(store: Store, keys: Mapping[str, Sequence[str]], rows: dict[str, list[Row]]) -> None:
    """The queued rows of the structure tables, in their specs' column order."""
    for spec in (LINK_TYPES, SPEAKERS, LINKS):
        rows[spec.name] = sync_local.table_rows(
            store, spec.name, spec.key, spec.names, keys.get(spec.name, [])
        )


def documents_named(rows: Mapping[str, Sequence[Row]]) -> set[str]:
    """The documents the links among rows are on."""
    return {str(r[_LINK_DOC]) for r in rows.get("links", ())}


def _stamped(*stamps: object) -> bool:
    return all(s is None or (isinstance(s, str) and CANONICAL_STAMP.match(s)) for s in stamps)


def _speaker(row: Row) -> Speaker | None:
    try:
        speaker = speaker_store.speaker_from_row(row)
    except (ValueError, TypeError):
        return None
    good = (
        name_problem(speaker.name) is None
        and speaker.kind in SPEAKER_KINDS
        and all(isinstance(u, str) and u.strip() for u in speaker.same_as)
        and _stamped(speaker.created_at, speaker.updated_at, speaker.deleted_at)
        and speaker.merged_into != speaker.id
    )
    return speaker if good else None


def _link(row: Row) -> Link | None:
    link = Link(*row)
    good = (
        all(isinstance(v, str) and v.strip() for v in (link.id, link.from_id, link.to_id, link.annotator))
        and link.from_id != link.to_id
        and link_type_problem(link.type) is None
        and _stamped(link.created_at, link.updated_at, link.deleted_at)
    )
    return link if good else None


def add_to_bundle(
    store: Store,
    bundle: Bundle,
    pulled: Pulled,
    metas: Mapping[str, Row],
    ours_by_sha: Mapping[str, str],
    skipped: list[str],
) -> None:
    """Put the pulled link types, speakers and links into the bundle a pull merges; each link with the
    (server's) document it is on, when both its ends are tags we hold or this pull brings."""
    for name, position, symmetric in pulled.rows.get("link_types", []):
        if link_type_problem(str(name)) is None:
            bundle.link_types.append(LinkType(str(name), int(position), bool(symmetric)))
    for row in pulled.rows.get("speakers", []):
        speaker = _speaker(row)
        if speaker is None:
            skipped.append(f"skipped speaker {row[0]}: its values are not what factcheck writes")
        else:
            bundle.speakers.append(speaker)
    speaker_ids = {s.id for s in bundle.speakers} | set(speaker_store.speakers_by_id(store))
    for i, s in enumerate(bundle.speakers):
        if s.merged_into is not None and s.merged_into not in speaker_ids:
            skipped.append(f"kept speaker {s.id} unmerged: it is merged into {s.merged_into}, no speaker")
            bundle.speakers[i] = replace(s, merged_into=None)
    parts = {doc.id: anns for doc, anns in bundle.documents if isinstance(anns, CheckedAnnotations)}
    coming = {row[0] for anns in parts.values() for row in anns.rows}
    types = {t.name for t in bundle.link_types} | {t.name for t in link_store.link_types(store)}
    for row in pulled.rows.get("links", []):
        link = _link(row)
        anns = parts.get(str(row[_LINK_DOC]))
        if link is None or anns is None:
            skipped.append(f"skipped link {row[0]}: its values or its document are not what factcheck writes")
            continue
        ends_here = all(end in coming or store.annotation(end) is not None for end in link.ends())
        if not ends_here or link.type not in types:
            skipped.append(f"skipped link {link.id}: its tags or its type are not on the server")
            continue
        anns.links.append((link, f"link {link.id} from the team server"))


def replace_forced(
    store: Store,
    pulled: Pulled,
    forced: Mapping[str, Sequence[str]],
    metas: Mapping[str, Row],
    ours_by_sha: Mapping[str, str],
    report: Any,
) -> int:
    """Put the server's copy of the links and speakers it refused or held otherwise at the same time,
    whatever the stamps (the server is the shared truth); how many local copies were replaced."""
    replaced = 0
    wanted = set(forced.get("links", ()))
    if wanted:
        ours = link_store.links_by_id(store, sorted(wanted))
        theirs = [lk for lk in map(_link, pulled.rows.get("links", [])) if lk is not None and lk.id in wanted]
        puts = []
        for link in theirs:
            mine = ours.get(link.id)
            if mine is None:
                continue
            copy = replace(link, document_id=mine.document_id)
            if copy != mine:
                puts.append(copy)
        link_store.put_links(store, puts)
        replaced += len(puts)
    wanted = set(forced.get("speakers", ()))
    if wanted:
        ours_speakers = speaker_store.speakers_by_id(store)
        puts_s = [
            s
            for s in map(_speaker, pulled.rows.get("speakers", []))
            if s is not None and s.id in wanted and ours_speakers.get(s.id) not in (None, s)
        ]
        speaker_store.put_speakers(store, puts_s)
        replaced += len(puts_s)
    return replaced
