"""The team server's side of links, link types and speakers: what a push sends, and how a pull lands
them through the file-merge rules (services.merge_structure: ids, newer wins, tombstones, conflicts,
a link belongs to its annotator). Rows a client that bypassed factcheck wrote badly are skipped and
listed, as for tags; the server's copy of a row it refused, or of a conflict, replaces ours."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from db import links as link_store
from db import speakers as speaker_store
from db import sync_local
from db.annotation_rows import ANNOTATION_COLUMNS
from db.link_types import renamed_link_types
from db.pg_sync import Pulled
from db.pg_tables import LINK_TYPES, LINKS, SPEAKERS
from db.store import Store
from factcheck.core import fragments as fragment_rules
from factcheck.core.attribution import roles
from factcheck.core.bundle import Bundle
from factcheck.core.errors import FactcheckError
from factcheck.core.links import Link
from factcheck.core.model import QUOTATIONS
from factcheck.core.names import cleaned, holds_hidden, shown
from factcheck.core.speaker_fields import (
    cleaned_description,
    description_problem,
    field_problem,
    good_urls,
    same_as_problem,
    shown_url,
)
from factcheck.core.speakers import Speaker
from factcheck.services import sync_checks
from factcheck.services.formats.validate import CheckedAnnotations

_LINK_DOC = LINKS.names.index("document_id")
_SPEAKER_NAME = SPEAKERS.names.index("name")


class SpeakerNameRefused(FactcheckError):
    """A speaker of ours to push has a name, description or same-as list the rules refuse (kept from an
    older project)."""


_DOC, _START, _END, _LABEL = (ANNOTATION_COLUMNS.index(c) for c in ("document_id", "start", "end", "label"))
_FRAGMENTS, _SPEAKER, _SOURCE, _CUE, _QUOTATION = (
    ANNOTATION_COLUMNS.index(c) for c in ("fragments", "speaker", "source", "cue", "quotation")
)
Row = tuple[Any, ...]


def push_rows(store: Store, keys: Mapping[str, Sequence[str]], rows: dict[str, list[Row]]) -> None:
    """The queued rows of the structure tables, in their specs' column order."""
    for spec in (LINK_TYPES, SPEAKERS, LINKS):
        rows[spec.name] = sync_local.table_rows(
            store, spec.name, spec.key, spec.names, keys.get(spec.name, [])
        )
    for row in rows[SPEAKERS.name]:  # one made before the rules: corrected here, not sent as it is
        name = str(row[_SPEAKER_NAME])
        if holds_hidden(name):
            raise SpeakerNameRefused(
                f"The speaker “{shown(name)}” has control characters in its name (line breaks, escape "
                "sequences, direction overrides), which the team cannot read as they are; rename it "
                "(Project › Speakers…, or factcheck speakers rename) and sync again. Nothing was sent."
            )
        speaker = speaker_store.speaker_from_row(row)
        found = field_problem(speaker.description, speaker.same_as)
        if found is not None:
            field, problem = found
            raise SpeakerNameRefused(
                f"The speaker “{shown(name)}” has a {field} the team would not accept: {problem}; correct "
                "it (Project › Speakers…, Edit, or factcheck speakers edit) and sync again. Nothing was sent."
            )


def documents_named(rows: Mapping[str, Sequence[Row]]) -> set[str]:
    """The documents the links among rows are on."""
    return {str(r[_LINK_DOC]) for r in rows.get("links", ())}


def _speaker(row: Row) -> Speaker | str:
    """The pulled speaker as a file import reads it (its name cleaned of control characters: one on the
    server already must still be found by its tags), or why it is not one."""
    name = row[_SPEAKER_NAME]
    return sync_checks.speaker(row, SPEAKERS.names, cleaned(name) if isinstance(name, str) else name)


def _tidied(speaker: Speaker, skipped: list[str]) -> Speaker:
    """A pulled speaker (a bypassing or older client's row on the server) with its description cleaned
    and its same-as addresses that are no web address dropped, each change listed: refusing it would
    stop everyone's sync, and its tags must still find it."""
    if description_problem(speaker.description):
        speaker = replace(speaker, description=cleaned_description(speaker.description))
        skipped.append(
            f"speaker {speaker.id}: its description held control or invisible characters; kept them as spaces"
        )
    if same_as_problem(speaker.same_as):
        kept = good_urls(speaker.same_as)
        dropped = [shown_url(str(u)) for u in speaker.same_as if u not in kept]
        speaker = replace(speaker, same_as=kept)
        if dropped:
            skipped.append(
                f"speaker {speaker.id}: dropped same_as entries that are no web address: {dropped}"
            )
        else:
            skipped.append(f"speaker {speaker.id}: its same_as listed an address twice; kept once")
    return speaker


def _link(row: Row) -> Link | str:
    """The pulled link as a file import reads it, or why it is not one."""
    return sync_checks.link(row, LINKS.names)


class TagStructure:
    """Checks of the pulled tags' structure, so that a row a bypassing client wrote badly is skipped and
    listed (as for tags whose span is wrong) rather than refusing the whole pull: pieces well formed in
    the text with the tag's start-end their envelope, a known quotation, ids as text, a source and cue
    that are tags of the same text (pulled or ours; one relabelled since lies dormant), fields the
    label's role allows, a speaker pulled or ours."""

    def __init__(
        self,
        store: Store,
        rows: Sequence[Row],
        ours_by_sha: Mapping[str, str],
        metas: Mapping[str, Row],
        pulled_speakers: Sequence[Row] = (),
    ) -> None:
        self.store = store
        self.roles = roles(store.labels())
        self.pulled = {row[0]: row for row in rows}
        self.sha_of_server_doc = {doc_id: meta[4] for doc_id, meta in metas.items()}
        self.sha_of_local_doc = {local: sha for sha, local in ours_by_sha.items()}
        # Only the pulled speakers that land: a tag naming one skipped is skipped too (the merge would
        # refuse the whole pull over it).
        landing = {str(r[0]) for r in pulled_speakers if isinstance(_speaker(r), Speaker)}
        self.speakers = set(speaker_store.speakers_by_id(store)) | landing

    def good_rows(self, rows: list[Row], text: str, skipped: list[str]) -> list[Row]:
        good = []
        for row in rows:
            problem = self.problem(row, text)
            if problem is None:
                good.append(row)
            else:
                skipped.append(f"skipped tag {row[0]}: {problem}")
        return good

    def _sha(self, row_doc: str, local: bool) -> str | None:
        return (self.sha_of_local_doc if local else self.sha_of_server_doc).get(row_doc)

    def problem(self, row: Row, text: str) -> str | None:
        stored = row[_FRAGMENTS]
        if stored is not None:
            try:
                parts = json.loads(stored)
            except (TypeError, ValueError):
                return "its pieces are not JSON"
            if not isinstance(parts, list):
                return "its pieces are not a list"
            if why := fragment_rules.problem(parts, len(text), text):
                return f"its pieces: {why}"
            if (parts[0][0], parts[-1][1]) != (row[_START], row[_END]):
                return "its start and end are not the envelope of its pieces"
        if row[_QUOTATION] not in (None, *QUOTATIONS):
            return f"its quotation {row[_QUOTATION]!r} is neither direct nor indirect"
        for index in (_SPEAKER, _SOURCE, _CUE):
            value = row[index]
            if value is not None and (not isinstance(value, str) or not value.strip()):
                return "its speaker, source or cue is no id"
        role = self.roles.get(row[_LABEL], "content")
        if role != "content" and (row[_SOURCE] or row[_CUE] or row[_QUOTATION]):
            return f"a {row[_LABEL]} tag cannot have a source, cue or quotation"
        if row[_SPEAKER] is not None and (role != "source" or row[_SPEAKER] not in self.speakers):
            return "its speaker is not a speaker of a source tag here"
        sha = self._sha(row[_DOC], local=False)
        for index, field in ((_SOURCE, "source"), (_CUE, "cue")):
            target_id = row[index]
            if target_id is None:
                continue
            target = self.pulled.get(target_id)
            if target is not None:
                target_sha = self._sha(target[_DOC], local=False)
            else:
                ours = self.store.annotation(target_id)
                if ours is None:
                    continue  # may come later: kept, read as unattributed meanwhile
                target_sha = self._sha(ours.document_id, local=True)
            if target_id == row[0] or target_sha != sha:
                return f"its {field} {target_id} is not a tag of the same text"
            # A tag of another role (relabelled since it was attached) is a dormant pointer, as its
            # owner's project holds it (core.attribution): kept, read as unattributed.
        return None


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
    bundle.link_types.extend(sync_checks.link_types(pulled.rows.get("link_types", []), skipped))
    for row in pulled.rows.get("speakers", []):
        speaker = _speaker(row)
        if isinstance(speaker, str):
            skipped.append(f"skipped speaker {row[0]}: {speaker}")
            continue
        if speaker.name != row[_SPEAKER_NAME]:  # on the server already: its tags must still find it
            skipped.append(
                f"speaker {speaker.id}: its name held control characters; kept as {speaker.name!r}"
            )
        bundle.speakers.append(_tidied(speaker, skipped))
    speaker_ids = {s.id for s in bundle.speakers} | set(speaker_store.speakers_by_id(store))
    for i, s in enumerate(bundle.speakers):
        if s.merged_into is not None and s.merged_into not in speaker_ids:
            skipped.append(f"kept speaker {s.id} unmerged: it is merged into {s.merged_into}, no speaker")
            bundle.speakers[i] = replace(s, merged_into=None)
    parts = {doc.id: anns for doc, anns in bundle.documents if isinstance(anns, CheckedAnnotations)}
    coming = {row[0]: doc_id for doc_id, anns in parts.items() for row in anns.rows}
    # A type renamed here is the former name of ours: its links land under the new name (merge_structure).
    types = {t.name for t in bundle.link_types} | {t.name for t in link_store.link_types(store)}
    types |= set(renamed_link_types(store))
    for row in pulled.rows.get("links", []):
        link = _link(row)
        anns = parts.get(str(row[_LINK_DOC]))
        if isinstance(link, str) or anns is None:
            why = link if isinstance(link, str) else "its document is not on the server"
            skipped.append(f"skipped link {row[0]}: {why}")
            continue
        ends_here = all(end in coming or store.annotation(end) is not None for end in link.ends())
        if not ends_here or link.type not in types:
            skipped.append(f"skipped link {link.id}: its tags or its type are not on the server")
            continue
        local = ours_by_sha.get(str(metas[link.document_id][4])) if link.document_id in metas else None
        if not all(_on_document(store, end, link.document_id, local, coming) for end in link.ends()):
            skipped.append(f"skipped link {link.id}: it joins a tag of another document")
            continue
        anns.links.append((link, f"link {link.id} from the team server"))


def _on_document(
    store: Store, tag_id: str, server_doc: str, local_doc: str | None, coming: Mapping[str, str]
) -> bool:
    """Whether the tag is on the server's document server_doc (local_doc here): as this pull brings it,
    or else as the project holds it."""
    if tag_id in coming:
        return coming[tag_id] == server_doc
    tag = store.annotation(tag_id)
    return tag is not None and tag.document_id == local_doc


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
        aliases = renamed_link_types(store)  # the server keeps a type's former name: ours is the new one
        ours = link_store.links_by_id(store, sorted(wanted))
        theirs = [
            lk for lk in map(_link, pulled.rows.get("links", [])) if isinstance(lk, Link) and lk.id in wanted
        ]
        puts = []
        for link in theirs:
            mine = ours.get(link.id)
            if mine is None:
                continue
            copy = replace(link, document_id=mine.document_id, type=aliases.get(link.type, link.type))
            if copy != mine:
                puts.append(copy)
        link_store.put_links(store, puts)
        replaced += len(puts)
    wanted = set(forced.get("speakers", ()))
    if wanted:
        ours_speakers = speaker_store.speakers_by_id(store)
        pulled_s = map(_speaker, pulled.rows.get("speakers", []))
        theirs_s = [_tidied(s, []) for s in pulled_s if isinstance(s, Speaker)]
        puts_s = [s for s in theirs_s if s.id in wanted and ours_speakers.get(s.id) not in (None, s)]
        speaker_store.put_speakers(store, puts_s)
        replaced += len(puts_s)
    return replaced
