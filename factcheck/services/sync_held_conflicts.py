"""A conflict held while the window synced in the background, listed by the sync that settles it.

A push that finds a row in conflict (the server holds it at the same time stamp with other content)
keeps the server's copy, and the pull puts it over ours, listing the conflict. When we changed that row
while the sync ran, though, the pull holds our newer edit instead (`sync_meanwhile`): it stays queued and
the next push sends it, where it wins as the newer one. The conflict is then still real: the server's
copy from the other side is overwritten by ours. So the held conflict is remembered (in the project's
sync state, to outlast a restart), with the server's copy described as it was, and the next sync that
sends our row lists it in the same words as any other conflict ("conflict … (team server …): ours …;
theirs …"), counted among the conflicting rows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from db import sync_local
from db.annotation_rows import annotation_from_row
from db.pg_sync import PushResult
from db.pg_tables import TABLES
from db.speakers import speaker_from_row
from db.store import Store
from factcheck.core.links import Link
from factcheck.core.model import Annotation
from factcheck.core.report import Conflict, ImportReport
from factcheck.services.merge_structure import describe_link, describe_speaker

Row = tuple[Any, ...]

STATE_KEY = "held_conflicts"
#: What a conflict on a row of each table is called in its line ("conflict link …"); tags need no word.
_KINDS = {"annotations": "tag", "links": "link", "speakers": "speaker"}
#: The claim tables' rows, whose conflicts a merge lists in words of their own (`merge_claims`).
_CLAIM_NOUNS = {"claims": "card", "claim_tags": "card's tag", "checkworthy": "vote", "verdicts": "verdict"}
_SPECS = {spec.name: spec for spec in TABLES}


def remembered(store: Store) -> dict[str, dict[str, str]]:
    """The held conflicts not listed yet: per table, key -> the server's copy as it was, described."""
    text = sync_local.get_state(store, STATE_KEY)
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {
        str(table): {str(k): str(v) for k, v in keys.items()}
        for table, keys in value.items()
        if isinstance(keys, dict)
    }


def described(server_rows: Mapping[str, Sequence[Row]]) -> dict[str, dict[str, str]]:
    """The server's copies of rows, described as a held conflict remembers them."""
    return {
        table: {str(row[0]): _describe(table, row) for row in rows}
        for table, rows in server_rows.items()
        if rows
    }


def remember(store: Store, conflicts: Mapping[str, Mapping[str, str]]) -> None:
    """Keep these held conflicts (all of them: the state's whole value) for the sync that lists them."""
    sync_local.set_state(store, {STATE_KEY: json.dumps(conflicts, sort_keys=True) if conflicts else ""})


def ours(store: Store, described: Mapping[str, Mapping[str, str]]) -> dict[tuple[str, str], Row | None]:
    """Our rows of these held conflicts as the project holds them (read before the push that sends
    them: the conflict is listed only if the sync leaves them as they were, i.e. ours went up)."""
    return {(table, key): _local_row(store, table, key) for table, keys in described.items() for key in keys}


def _local_row(store: Store, table: str, key: str) -> Row | None:
    if table == "annotations":
        found = sync_local.annotation_rows(store, [key])
    elif (spec := _SPECS.get(table)) is not None:
        found = sync_local.table_rows(store, table, spec.key, spec.names, [key])
    else:
        return None
    return tuple(found[0]) if found else None


def _still_ours(table: str, sent: Row | None, now: Row | None) -> bool:
    """Whether the project still holds the edit it sent: its stamp stands (the server may have added its
    own reviewer's columns to it, `db.pg_owner_edits`, which leaves our stamp)."""
    spec = _SPECS.get(table)
    if sent is None or now is None or spec is None or spec.stamp is None:
        return False
    at = spec.names.index(spec.stamp)
    return bool(sent[at] == now[at])


def settle(
    store: Store,
    before: Mapping[str, Mapping[str, str]],
    sent: Mapping[tuple[str, str], Row | None],
    pushed: PushResult,
    held: Mapping[str, Sequence[str]],
    server_rows: Mapping[str, Sequence[Row]],
    report: ImportReport,
    server: str,
) -> None:
    """After a sync's pull: list the conflicts held by an earlier sync (`before`) whose row this push
    wrote (ours won as the newer: the project still holds it as `sent`, read before the push), and
    remember the ones this sync held (`held`: kept here, still
    queued) among its push's conflicts, described from the server's rows it pulled."""
    refused = {(r.table, r.key) for r in pushed.refused}
    for table, described in before.items():
        for key, theirs in described.items():
            if (table, key) in refused or key in pushed.conflicts.get(table, ()):
                continue  # refused or in conflict again: said so, in those words
            if key in held.get(table, ()):
                continue  # held again: remembered below
            if not _still_ours(table, sent.get((table, key)), _local_row(store, table, key)):
                continue  # a newer copy from the server replaced ours: the pull said so
            if table in _CLAIM_NOUNS:
                report.notes.append(_claim_conflict(store, table, key, theirs))
                continue
            conflict = _conflict(store, table, key, theirs, server)
            if conflict is not None:
                report.conflicting += 1
                report.conflicts.append(conflict)
    later: dict[str, dict[str, str]] = {}
    for table, held_keys in held.items():
        conflicting = set(pushed.conflicts.get(table, ()))
        rows = {str(row[0]): row for row in server_rows.get(table, ()) if str(row[0]) in conflicting}
        for key in held_keys:
            if key in rows:
                later.setdefault(table, {})[key] = _describe(table, rows[key])
            elif key in before.get(table, {}):  # held again (refused or kept this time): still unlisted
                later.setdefault(table, {})[key] = before[table][key]
    if before or later:
        sync_local.set_state(store, {STATE_KEY: json.dumps(later, sort_keys=True) if later else ""})


def _conflict(store: Store, table: str, key: str, theirs: str, server: str) -> Conflict | None:
    """The conflict line of a held row that went up: ours as the project now holds it."""
    if table == "annotations":
        ann = store.annotation(key)
        if ann is None:
            return None
        return Conflict(key, ann.document_id, server, _brief(ann), theirs)
    spec = _SPECS.get(table)
    rows = sync_local.table_rows(store, table, spec.key, spec.names, [key]) if spec is not None else []
    if not rows:
        return None
    names = spec.names if spec is not None else ()
    document = str(rows[0][names.index("document_id")]) if "document_id" in names else ""
    return Conflict(key, document, server, _describe(table, rows[0]), theirs, kind=_KINDS.get(table, table))


def _claim_conflict(store: Store, table: str, key: str, theirs: str) -> str:
    """As a merge says a claim row changed on both sides at once (theirs: the server row's stamp)."""
    spec = _SPECS[table]
    row = _local_row(store, table, key)
    who = f" of {row[spec.names.index('annotator')]}" if row is not None and "annotator" in spec.names else ""
    return f"claim conflict: {_CLAIM_NOUNS[table]} {key}{who}: changed on both sides at {theirs}; ours kept"


def _describe(table: str, row: Row) -> str:
    """A row as any other conflict of its kind describes it (a tag, a link, a speaker), else its stamp."""
    try:
        if table == "annotations":
            return _brief(annotation_from_row(row))
        if table == "links":
            return describe_link(Link(*row))
        if table == "speakers":
            return describe_speaker(speaker_from_row(row))
    except (TypeError, ValueError):
        pass  # a row a client that bypassed factcheck wrote: its stamp, below
    spec = _SPECS.get(table)
    if spec is None or spec.stamp is None:
        return "the server's copy"
    if table in _CLAIM_NOUNS:  # the stamp, as a claim conflict says it
        return str(row[spec.names.index(spec.stamp)])
    names = spec.names
    stamp = row[names.index(spec.stamp)]
    state = "deleted" if "deleted_at" in names and row[names.index("deleted_at")] else "edited"
    who = f" by {row[names.index('annotator')]}" if "annotator" in names else ""
    return f"{state}{who} at {stamp}"


def _brief(ann: Annotation) -> str:
    """As the sync describes a tag in any other conflict."""
    state = "deleted" if ann.deleted else ann.label
    return f"{state} {ann.start}-{ann.end} by {ann.annotator} at {ann.updated_at}"
