"""Two-way sync of a project with the team server (PostgreSQL), offline-first.

A sync is a push, then a pull, each atomic on both sides:

- push: the rows queued in the project's outbox go to the server in ONE server transaction; only once
  it committed is the outbox cleared (a sync killed in between sends the same rows again, which changes
  nothing). Rows the server refuses are listed (which, why) and the rest lands.
- pull: everything the server numbered after our last change number, read from one snapshot, lands in
  ONE project transaction through the file-merge rules (`merge_bundle`: documents by text, ids, newer
  wins, tombstones, re-anchoring, conflicts listed). The server is the shared truth, so the local copy of
  a row it refused, or of one it holds at the same time stamp with other content (a conflict, listed),
  is replaced by the server's; except a row changed here since the push read the outbox (the window
  syncs while the user works): that newer edit stays, queued for the next push (`sync_meanwhile`).
- identical tags under two ids (one span tagged on two computers): every project keeps the one created
  first; the other's owner tombstones it, and what named it moves, each row by its own author's sync
  (`sync_twins`). Those writes are queued, and pushed at once after the pull.

Passwords are never stored: only the URL without one. libpq finds it (PGPASSWORD, ~/.pgpass), or the
caller passes the one the user typed, for this sync only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from db import sync_local
from db.annotation_rows import annotation_from_row
from db.pg_connection import Canceller, check_schema, connect, teammates, whoami
from db.pg_errors import PasswordNeeded, ServerError, ServerUnreachable, server_errors
from db.pg_server_stamps import kept_by_server
from db.pg_sync import (
    Pulled,
    PushResult,
    document_meta,
    document_texts,
    pull,
    push,
    server_document_ids,
)
from db.pg_tables import ANNOTATIONS
from db.store import Store
from factcheck.core.bundle import Bundle
from factcheck.core.errors import FactcheckError
from factcheck.core.model import utc_now
from factcheck.core.report import Conflict, ImportReport
from factcheck.services import (
    sync_checks,
    sync_claims,
    sync_clock,
    sync_held_conflicts,
    sync_identity,
    sync_kept,
    sync_marks,
    sync_meanwhile,
    sync_pending,
    sync_rules,
    sync_samples,
    sync_structure,
    sync_twins,
    sync_window,
    sync_words,
    team_renames,
)
from factcheck.services.formats.validate import CheckedAnnotations
from factcheck.services.merge import merge_bundle
from factcheck.services.sync_report import SyncReport

__all__ = [
    "Canceller",
    "NotConnected",
    "PasswordNeeded",
    "ServerError",
    "ServerUnreachable",
    "SyncReport",
    "clean_url",
    "pending_changes",
    "server_url",
    "sync",
    "sync_role",
]

_DOC = ANNOTATIONS.names.index("document_id")

STATE_URL = "server_url"
STATE_CHANGE = "change_no"
STATE_ROLE = "role"
STATE_LAST = "last_sync"


class NotConnected(FactcheckError):
    """The project has no team server yet."""


def clean_url(url: str) -> str:
    """The URL without any password (in the user part or as ?password=): what the project keeps."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ServerError(f"{url.split('@')[-1]!r} is not a postgresql://USER@HOST/DATABASE URL.")
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def server_url(store: Store) -> str | None:
    return sync_local.get_state(store, STATE_URL)


def sync_role(store: Store) -> str | None:
    """The login role of a connected project (its annotator name), or None."""
    if server_url(store) is None:
        return None
    return sync_local.get_state(store, STATE_ROLE)


def pending_changes(store: Store) -> int:
    """Changes made here that the server has not received yet."""
    return sync_local.waiting(store)


def sync(
    store: Store,
    url: str | None = None,
    *,
    password: str | None = None,
    canceller: Canceller | None = None,
    name: str = "",
    as_login: bool | None = None,
) -> SyncReport:
    """Connect the project to url (remembered, without password) or to its server, and sync both ways.

    name: the user's own name here. At a first connection, when it owns work here and is not the login,
    as_login says what to do: True puts that work under the login, False keeps it local (the server
    refuses it), None raises NameDiffers (nothing synced nor remembered) for the caller to ask.
    Raises NotConnected, ServerUnreachable (offline: nothing changed), PasswordNeeded, ServerError.
    """
    remembered = server_url(store)
    target = clean_url(url) if url else remembered
    if target is None:
        raise NotConnected(
            "This project has no team server yet: run `factcheck sync --server postgresql://NAME@HOST/DB`."
        )
    # The password of a URL typed with one is used for this sync and forgotten.
    if password is None and url and urlsplit(url).password:
        # As libpq reads it: percent-decoded (a password holding @, :, / or # can only be written so).
        password = unquote(urlsplit(url).password or "")
    with server_errors():
        conn = connect(url or target, password)
    if canceller is not None:
        canceller.attach(conn)
    try:
        with server_errors():
            check_schema(conn)
            role, reviewer = whoami(conn)
        if target != remembered or not sync_local.tracking(store, ("annotations",)):
            if as_login is None:
                sync_identity.check_name(store, name, role)
            elif as_login:
                sync_identity.take_as_login(store, name, role)
            # A new server: everything here is new to it, and its numbering starts again.
            sync_local.start_tracking(store)
            # (Nothing pulled yet: no twin of a pull before the team's rule to look for, `sync_twins`.)
            sync_local.set_state(
                store,
                {STATE_URL: target, STATE_CHANGE: "0", STATE_ROLE: role, sync_twins.STATE_CHECKED: "1"},
            )
            with store.atomic():
                team_renames.forget_server(store)
                sync_pending.forget(store)
        elif not sync_local.tracking(store):
            sync_local.start_tracking(store)  # tables added since the project was connected (links...)
        report = SyncReport(server=_display(target), role=role, reviewer=reviewer)
        held_before = sync_held_conflicts.remembered(store)  # conflicts an earlier sync held, unlisted
        # What an earlier push told, whose pull never committed (that sync was cut off): acted on now.
        pending = sync_pending.remembered(store)
        with server_errors():
            newer = sync_rules.server_is_newer(conn)
            held_now = {} if newer else _conflicts_going_up(store, conn, pending)
        if held_now:
            for table, keys in held_now.items():
                held_before.setdefault(table, {}).update(keys)
        held_rows = sync_held_conflicts.ours(store, held_before)
        pushed, sent = pending, dict[str, list[tuple[Any, ...]]]()
        early = sync_twins.TwinOutcome()
        if not newer:  # a newer factcheck's rules on the server: pull only, the outbox kept
            try:
                with server_errors():
                    report.restamped = sync_clock.restamp(store, conn)
                    # Our links (card tags, pointers) made to a dropped twin since the last pull: up moved.
                    early = sync_twins.before_push(
                        store, role, reviewer=reviewer,
                        server_keeps=lambda table, stamps: kept_by_server(conn, table, stamps),
                    )  # fmt: skip
                    pushed, sent, report.sent_decisions = _push(
                        store, conn, pending, held_before if held_now else None, role
                    )
            except sync_rules.SyncRulesNewer:  # recorded since we read it: the push wrote nothing
                newer = True
        if newer:
            report.push_held = sync_rules.NEWER_RULES
        report.pushed, report.refused = pushed.written, pushed.refused
        report.kept, report.outdated = pushed.kept, pushed.outdated
        report.not_applied, report.unchanged = pushed.not_applied, pushed.unchanged
        with server_errors():
            forced = _forced(pushed)
            pulled = pull(
                conn, _since(store), forced, team_renames.applied_before(store), sync_marks.whole(store)
            )
            # Read before the pull's transaction: once it commits, nothing is left that could fail and
            # lose the report of what it did (its conflict lines above all, listed once).
            report.teammates = teammates(conn)
            held = _pull(store, conn, pulled, forced, report, sent, (pushed, held_before, held_rows))
            if sync_marks.TABLE in pushed.missing:
                report.pulled.notes.append(sync_marks.WAITING)
            report.twins.absorb(early)
            # Tombstones and moves of identical tags: up now, for the team to see (kept in the outbox
            # when this factcheck may not send).
            if report.twins.wrote and not newer:
                try:
                    again, _, decided = _push(store, conn, PushResult(), None, role)
                except sync_rules.SyncRulesNewer:  # recorded since the first push: they wait here
                    report.push_held = sync_rules.NEWER_RULES
                else:
                    for table, n in again.written.items():
                        report.pushed[table] = report.pushed.get(table, 0) + n
                    report.sent_decisions += decided
        # A decision not applied but changed here again while the sync ran stays ours (held): the next
        # sync says what becomes of it.
        report.not_applied = {
            table: left
            for table, keys in report.not_applied.items()
            if (left := {k: v for k, v in keys.items() if k not in held.get(table, ())})
        }
        report.kept_lines, report.kept_decisions = sync_kept.describe(
            store, role, report.kept, report.outdated, reviewer=reviewer
        )
        report.not_applied_lines, report.not_applied_changed = sync_kept.not_applied(
            store, report.not_applied
        )
        report.finished_at = utc_now()
        sync_local.set_state(store, {STATE_LAST: report.finished_at, STATE_ROLE: role})
        return report
    finally:
        if canceller is not None:
            canceller.attach(None)
        conn.close()


def _display(url: str) -> str:
    """host/database, for messages."""
    parts = urlsplit(url)
    host = unquote(parts.hostname or "") or dict(parse_qsl(parts.query)).get("host", "localhost")
    return f"{host}{parts.path}"


def _since(store: Store) -> int:
    return int(sync_local.get_state(store, STATE_CHANGE) or 0)


def _conflicts_going_up(store: Store, conn: Any, pending: PushResult) -> dict[str, dict[str, str]]:
    """Of the conflicts a cut-off sync's push found, those on rows changed here since (queued: this push
    sends them over the other copy, where they win as the newer): the server's copy, described now, before
    it is overwritten, to be listed as a held conflict. Taken out of pending (the pull replaces nothing)."""
    if not any(pending.conflicts.values()):
        return {}
    queued = sync_local.outbox(store, sync_local.outbox_top(store))
    going = {t: [k for k in keys if k in set(queued.get(t, ()))] for t, keys in pending.conflicts.items()}
    going = {t: keys for t, keys in going.items() if keys}
    if not going:
        return {}
    theirs = pull(conn, _NOTHING_SINCE, going)  # only these rows, as the server has them now
    for table, keys in going.items():
        pending.conflicts[table] = [k for k in pending.conflicts[table] if k not in keys]
    return sync_held_conflicts.described(theirs.rows)


#: A change number no row has: a pull "since" it reads only the keys it is given.
_NOTHING_SINCE = 2**62


def _push(
    store: Store, conn: Any, pending: PushResult, held: Mapping[str, Mapping[str, str]] | None, role: str
) -> tuple[PushResult, dict[str, list[tuple[Any, ...]]], int]:
    """What the server did with the outbox (with a cut-off sync's answer in `pending` added), and the rows
    sent of those it kept with its own reviewer's columns (what our copy held when the push read it:
    `sync_meanwhile.keep_cards`), and how many decisions on another's tag went up (`sync_words`). held:
    the held conflicts to remember, when this sync added some."""
    top = sync_local.outbox_top(store)
    keys = sync_local.outbox(store, top)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    wanted_labels = set(keys.get("labels", ()))
    rows["labels"] = [r for r in sync_local.label_rows(store) if r[0] in wanted_labels]
    rows["annotations"] = sync_local.annotation_rows(store, keys.get("annotations", []))
    sync_structure.push_rows(store, keys, rows)
    rows.update(sync_claims.push_rows(store, keys))  # claim cards, their votes, verdicts and settings
    samples = sync_samples.drop_sample_rows(store, rows)  # trying factcheck out is not the team's work
    rows[sync_marks.TABLE], cleared = sync_marks.push_rows(store, keys, samples)
    doc_ids = set(keys.get("documents", ())) | {r[_DOC] for r in rows["annotations"]}
    doc_ids |= sync_structure.documents_named(rows) | sync_marks.documents_named(rows)
    doc_ids -= samples
    shas = sync_local.document_shas(store, doc_ids)
    # a removed document's mark: its clearing (a document here again under its id is sent as ours)
    removed = {doc: sha for doc, sha in cleared.items() if doc not in shas}
    on_server = server_document_ids(conn, sorted(set(shas.values()) | set(removed.values())))
    missing = [doc_id for doc_id, sha in shas.items() if sha not in on_server]
    sync_marks.drop_removed_unknown(rows, removed, on_server)
    shas.update(removed)
    rows["documents"] = [
        (d.id, d.title, d.source, d.text, d.sha256, d.imported_at)
        for d in sync_local.documents(store, missing)
    ]
    if not any(rows.values()):
        if top:
            with store.atomic():
                sync_local.clear_outbox(store, top)
        return pending, {}, 0
    result = push(
        conn,
        _since(store),
        rows,
        shas,
        renames_applied=team_renames.applied_before(store),
        rules=sync_rules.SYNC_RULES_VERSION,
    )
    missing = result.missing
    result = sync_pending.combined(pending, result)
    not_written = {r.key for r in result.refused if r.table == "annotations"}
    for table_keys in (result.unchanged, result.not_applied):
        not_written.update(table_keys.get("annotations", ()))
    decided = sync_words.decisions_sent(rows["annotations"], role, not_written)
    # The server committed: forget what was sent (later edits keep their newer entries), and keep what
    # the server said of it until the pull acted on it, all at once.
    with store.atomic():
        sync_local.clear_outbox(store, top)
        for table in missing:  # a server prepared before the table: they wait here (`OPTIONAL_TABLES`)
            sync_local.requeue(store, table, keys.get(table, ()))
        sync_pending.remember(store, result)
        if held is not None:
            sync_held_conflicts.remember(store, held)
        if result.caught_up_to is not None:
            sync_local.set_state(store, {STATE_CHANGE: str(result.caught_up_to)})
    kept = {table: set(keys) for table, keys in result.kept.items()}
    sent = {table: [r for r in rows.get(table, ()) if r[0] in keys] for table, keys in kept.items()}
    return result, sent, decided


def _forced(pushed: PushResult) -> dict[str, list[str]]:
    """Rows whose server copy replaces ours whatever their stamps: refused, or conflicting."""
    forced: dict[str, list[str]] = defaultdict(list)
    for refusal in pushed.refused:
        forced[refusal.table].append(refusal.key)
    for table, keys in (
        *pushed.conflicts.items(),
        *pushed.kept.items(),
        *pushed.unchanged.items(),
        *((table, list(decisions)) for table, decisions in pushed.not_applied.items()),
    ):
        forced[table].extend(keys)
    return dict(forced)


def _pull(
    store: Store,
    conn: Any,
    pulled: Pulled,
    forced: dict[str, list[str]],
    report: SyncReport,
    sent: Mapping[str, Sequence[tuple[Any, ...]]],
    earlier: tuple[PushResult, Mapping[str, Mapping[str, str]], Mapping[tuple[str, str], Any]],
) -> dict[str, list[str]]:
    """The pull's rows into the project; the keys of the rows it held (changed here meanwhile). earlier:
    the push's result, and the conflicts an earlier sync held (`sync_held_conflicts`) with our rows of
    them as they were before the push."""
    source = f"team server ({report.server})"
    # A sample article an older factcheck sent: left out, as ours is of the push (`sync_samples`).
    sample_left_out = sync_samples.leave_out_pulled(store, conn, pulled.rows)
    ann_rows = pulled.rows.get("annotations", [])
    forced_ids = set(forced.get("annotations", ()))
    normal = [r for r in ann_rows if r[0] not in forced_ids]
    # Documents: the ones pulled, and the ones the pulled tags name (already here, maybe by another id).
    metas = {r[0]: r for r in pulled.rows.get("documents", [])}
    named = {r[_DOC] for r in normal} | sync_structure.documents_named(pulled.rows)
    named = (named | sync_marks.documents_named(pulled.rows)) - set(metas)
    metas.update(document_meta(conn, sorted(named)))
    ours_by_sha = sync_local.local_shas(store, [m[4] for m in metas.values()])
    texts = document_texts(conn, [i for i, m in metas.items() if m[4] not in ours_by_sha])
    by_doc: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in normal:
        by_doc[row[_DOC]].append(row)
    with store.atomic(), sync_local.pulling(store):
        # Our decisions the push could not apply (their tag deleted since), before the pull replaces
        # them: one on a tag dropped as identical to another goes onto the tag kept (sync_twins).
        unapplied = sync_twins.unapplied_decisions(
            store, report.role, report.not_applied.get("annotations", {})
        )
        before = sync_local.outbox_top(store)
        # The outbox now holds what changed here since the push read it: edits made while this sync ran.
        queued = sync_local.outbox(store, before)
        # Of the rows forced above, those keep our newer copy (still queued): no edit is ever replaced.
        forced, held = sync_meanwhile.split(forced, queued)
        held_tags = set(held.get("annotations", ()))
        replacing = [r for r in ann_rows if r[0] in forced_ids and r[0] not in held_tags]
        # The team's renames first: the pulled rows already have the new names, as ours then do.
        report.renames = [r.sentence() for r in team_renames.apply_pulled(store, pulled)]
        # Tags changed here since the push read the outbox: their decision goes by its own time.
        stale: dict[str, str | None] = {}  # our decisions made meanwhile on a tag changed since
        by_doc_now, decided_there = sync_window.decisions_by_time(
            store,
            by_doc,
            role=report.role,
            reviewer=report.reviewer,
            queued=set(queued["annotations"]),
            not_applied=stale,
        )
        if stale:
            report.not_applied.setdefault("annotations", {}).update(stale)
        # After the renames: a label the project has under its new name is no new label.
        labels = sync_checks.labels(pulled.rows.get("labels", []), store.labels(), report.skipped)
        sync_local.add_labels(store, labels)
        bundle = Bundle(labels=store.labels(), source=source)
        known = {label.name for label in bundle.labels}
        structure_check = sync_structure.TagStructure(
            store, normal, ours_by_sha, metas, pulled.rows.get("speakers", [])
        )
        for doc_id in sorted(set(by_doc_now) - set(metas)):  # a document id no document of the server has
            sync_checks.skipped_with_document(
                by_doc_now[doc_id], doc_id, report.skipped, "is not on the server"
            )
        for doc_id, meta in metas.items():
            local = ours_by_sha.get(meta[4])
            text = store.document(local).text if local is not None else texts.get(doc_id)
            if text is None:
                sync_checks.skipped_with_document(
                    by_doc_now.get(doc_id, []), doc_id, report.skipped, "has no text"
                )
                continue
            doc = sync_checks.document(meta, text, report.skipped)
            if doc is None:
                sync_checks.skipped_with_document(by_doc_now.get(doc_id, []), doc_id, report.skipped)
                continue
            rows = sync_checks.tags(by_doc_now.get(doc_id, []), doc, known, report.skipped)
            rows = structure_check.good_rows(rows, text, report.skipped)
            bundle.documents.append((doc, CheckedAnnotations(rows, text)))
        sync_structure.add_to_bundle(store, bundle, pulled, metas, ours_by_sha, report.skipped)
        something = bundle.documents or bundle.speakers or bundle.link_types
        ours_before = sync_words.before(store, (r[0] for r in normal))  # to say what the pull changed
        # The server's rows as they are: a twin there (two machines, one span) is its own row here too,
        # until the team's rule settles it at the end of this transaction (`sync_twins`).
        report.pulled = (
            merge_bundle(store, bundle, find_twins=False, keep_samples=True, exact_names=True)
            if something
            else ImportReport(source=source)
        )
        if sample_left_out and (sentence := sync_samples.told(store)) is not None:
            report.pulled.notes.append(sentence)
        sync_window.take(store, decided_there)
        report.pulled_tags = sync_words.after(store, ours_before)
        kept_tags = sync_meanwhile.keep_tags(store, [r for r in ann_rows if r[0] in held_tags], report.role)
        report.held = sync_meanwhile.lines(kept_tags, held)
        report.replaced = _replace(store, replacing, report)
        report.replaced += sync_structure.replace_forced(store, pulled, forced, metas, ours_by_sha, report)
        report.replaced += sync_marks.pull_marks(
            store,
            pulled.rows.get(sync_marks.TABLE, ()),
            {doc_id: str(meta[4]) for doc_id, meta in metas.items()},
            set(forced.get(sync_marks.TABLE, ())),
            report.pulled,
            report.skipped,
        )
        refused = {(r.table, r.key) for r in report.refused}  # the claim rows come after the tags
        claims, replaced = sync_claims.pull_claims(store, pulled.rows, forced, report.skipped, refused)
        report.replaced += replaced
        report.claims = claims
        sync_meanwhile.keep_cards(
            store, pulled.rows.get("claims", ()), sent.get("claims", ()), held, report.role
        )
        if claims.summary():
            report.pulled.notes.append(claims.summary())
            report.pulled.notes.extend(claims.conflicts)
        # The held conflicts are listed and remembered in the same transaction as the rows they are
        # about: a sync cut off after it can neither drop a listing nor repeat one.
        pushed, held_before, held_rows = earlier
        sync_held_conflicts.settle(
            store, held_before, held_rows, pushed, held, pulled.rows, report.pulled, source
        )
        sync_pending.forget(store)  # acted on, in this transaction
        sync_local.clear_outbox_after(store, before)  # what the pull wrote came from the server
        sync_local.set_state(store, {STATE_CHANGE: str(max(pulled.high_water, _since(store)))})
        sync_marks.pulled_whole(store, pulled.rows)
        with sync_local.queuing(store):  # our own writes: queued for the server
            report.twins = sync_twins.resolve(
                store,
                report.role,
                reviewer=report.reviewer,
                fresh={r[0] for r in ann_rows},
                documents=report.pulled.document_ids,
                server_keeps=lambda table, stamps: kept_by_server(conn, table, stamps),
                unapplied=unapplied,
            )
        for key in report.twins.settled:  # said by the twins' lines instead
            report.not_applied["annotations"].pop(key, None)
    return held


def _replace(store: Store, rows: list[tuple[Any, ...]], report: SyncReport) -> int:
    """Put the server's copy of rows we hold (on our document for that text), whatever the stamps."""
    if not rows:
        return 0
    ours = {r[0]: r for r in sync_local.annotation_rows(store, [r[0] for r in rows])}
    refused = {r.key for r in report.refused}
    kept = set(report.kept.get("annotations", ()))  # our edit, with the reviewer's decision: not a conflict
    kept |= {*report.not_applied.get("annotations", {}), *report.unchanged.get("annotations", ())}
    replacements = []
    for row in rows:
        mine = ours.get(row[0])
        if mine is None or tuple(mine) == tuple(row):
            continue
        ann = replace(annotation_from_row(row), document_id=mine[_DOC])
        text = store.document(ann.document_id).text
        if text[ann.start : ann.end] != ann.quote:
            report.skipped.append(f"kept our copy of tag {ann.id}: the server's does not fit our text")
            continue
        if row[0] not in refused and row[0] not in kept:
            report.pulled.conflicting += 1
            report.pulled.conflicts.append(
                Conflict(ann.id, ann.document_id, report.server, "replaced by the server's", _brief(ann))
            )
        replacements.append(ann)
    store.put_annotations(replacements)
    return sum(1 for ann in replacements if ann.id not in kept)


def _brief(ann: Any) -> str:
    state = "deleted" if ann.deleted else ann.label
    return f"{state} {ann.start}-{ann.end} by {ann.annotator} at {ann.updated_at}"
