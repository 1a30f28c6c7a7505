"""The team server's side of the curated marks (`db.pg_tables.CURATED_MARKS`): what a push sends, and how
a pull lands them.

A row is a document's mark (curator, curated_at) or its clearing (both NULL: the mark's tombstone), with
the time of that change (`updated_at`). The newer change wins, as for every row the server holds: it sees
each change, a clearing too, so a mark cleared on one computer is cleared on every one (a file cannot
carry that: `factcheck.core.curated_marks`). A row a bypassing client wrote badly is skipped and listed,
as for tags; the server's copy of a row it refused replaces ours.

A mark's curator may differ from the login that sent it (a lead sharing marks merged from a reviewer's
file): the server records the sender itself (`sent_by`), and a pull says whose marks came from whom."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from db import sync_local
from db.curated import mark_stamps
from db.documents import removed_mark_clearings, removed_shas
from db.pg_tables import CURATED_MARKS
from db.store import Store
from factcheck.core.model import is_stored_stamp
from factcheck.core.names import cleaned, shown
from factcheck.core.report import ImportReport
from factcheck.services.formats.validate_curated import parse_mark
from factcheck.services.formats.validate_values import Refusal, latest_stamp

Row = tuple[Any, ...]
TABLE = CURATED_MARKS.name
_DOC, _CURATOR, _AT, _UPDATED, _SENT_BY = range(5)


#: Said when the server lacks the marks' table (prepared by an older factcheck): they wait here.
WAITING = (
    "Curated marks wait here: the team server was prepared by an older factcheck; its administrator runs "
    "`factcheck server init` again to share them (everything else was synced)."
)
#: Set once this project pulled the server's marks from their first change: until then a pull reads them
#: whole (an older factcheck here, or a server without the table, pulled past their changes unread).
STATE_WHOLE = "curated_marks_pulled"


def whole(store: Store) -> tuple[str, ...]:
    """The tables a pull reads whole: the marks', until they were once."""
    return () if sync_local.get_state(store, STATE_WHOLE) else (TABLE,)


def pulled_whole(store: Store, rows: Mapping[str, Sequence[Row]]) -> None:
    """Inside the pull's transaction: the marks were read (the server has their table), whole if asked."""
    if TABLE in rows:
        sync_local.set_state(store, {STATE_WHOLE: "1"})


def push_rows(
    store: Store, keys: Mapping[str, Sequence[str]], samples: Collection[str]
) -> tuple[list[Row], dict[str, str]]:
    """The queued marks and clearings (not the sample article's: it is not the team's work), with the
    clearing of each removed document's mark (its row went with it: `db.documents`); and the sha256 of
    each such removed document by its id (the server finds its document by it, as for ours)."""
    queued = keys.get(TABLE, [])
    rows = sync_local.table_rows(store, TABLE, CURATED_MARKS.key, CURATED_MARKS.names, queued)
    found = {row[_DOC] for row in rows}
    cleared = removed_mark_clearings(
        store, [doc for doc in queued if doc not in found and doc not in samples]
    )
    rows += [(doc, None, None, at) for doc, (_, at) in sorted(cleared.items())]
    return [row for row in rows if row[_DOC] not in samples], {doc: sha for doc, (sha, _) in cleared.items()}


def drop_removed_unknown(
    rows: dict[str, list[Row]], removed: Mapping[str, str], on_server: Collection[str]
) -> None:
    """A removed document the server never had needs no clearing there (nor can it be sent)."""
    gone = {doc for doc, sha in removed.items() if sha not in on_server}
    if gone:
        rows[TABLE] = [row for row in rows.get(TABLE, ()) if row[_DOC] not in gone]


def documents_named(rows: Mapping[str, Sequence[Row]]) -> set[str]:
    """The documents the marks among rows are of."""
    return {str(row[_DOC]) for row in rows.get(TABLE, ())}


def _checked(row: Row) -> tuple[tuple[str, str] | None, str] | str:
    """(the mark or None for a clearing, its change's stamp), or why the row is not one factcheck writes.
    The curator's name as a name already on the server is taken (`names.cleaned`): refusing it would stop
    everyone's sync."""
    _, curator, at, updated = row[:_SENT_BY]
    if type(updated) is not str or not is_stored_stamp(updated):
        return "its updated_at is not a time stamp as factcheck writes it"
    if curator is None and at is None:
        return None, updated
    if isinstance(curator, str):
        curator = cleaned(curator) or curator
    try:
        mark = parse_mark({"curator": curator, "curated_at": at}, "")
    except Refusal as exc:
        return exc.problem
    if updated > latest_stamp():
        return f"its updated_at {updated} is more than a day ahead"
    return mark, updated


def pull_marks(
    store: Store,
    rows: Iterable[Row],
    server_shas: Mapping[str, str],
    forced: Collection[str],
    report: ImportReport,
    skipped: list[str],
) -> int:
    """Land the pulled marks (inside the pull's transaction, after its documents), each on our document
    of its text: the newer change wins, and a forced one (the server refused ours, or kept its own
    against ours) replaces ours whatever the stamps. server_shas: the sha256 of each server document id
    the marks name. Counts go to the report's structure ("marks added", "marks cleared"); the number of
    our rows replaced by a forced one is returned."""
    rows = list(rows)
    ours_by_sha = sync_local.local_shas(store, sorted(set(server_shas.values())))
    removed = removed_shas(store)
    marks = store.curated_documents()
    stamps = mark_stamps(store)
    replaced = 0
    relayed: dict[tuple[str, str], int] = {}  # (curator, sender): marks landed that another login sent
    for row in rows:
        doc = str(row[_DOC])
        local = ours_by_sha.get(server_shas.get(doc, ""))
        if local is None:
            if server_shas.get(doc) in removed:
                continue  # removed here: its mark is left out with it, as a merge leaves it
            skipped.append(f"skipped the curated mark of document {doc}: the document is not here")
            continue
        checked = _checked(row)
        if isinstance(checked, str):
            skipped.append(f"skipped the curated mark of document {doc}: {checked}")
            continue
        mark, updated = checked
        ours = stamps.get(local)
        if doc not in forced and ours is not None and ours >= updated:
            continue  # ours is the same change, or a newer one (it goes up at the next push)
        if marks.get(local) == mark and ours == updated:
            continue
        before = marks.get(local)
        sender = row[_SENT_BY] if len(row) > _SENT_BY else None
        relayed_by = sender if mark is not None and isinstance(sender, str) and sender != mark[0] else None
        store.set_curated(local, mark, changed_at=updated, sent_by=relayed_by)
        if doc in forced and ours is not None and ours >= updated:
            replaced += 1
        if before != mark:
            key = "marks cleared" if mark is None else ("marks added" if before is None else "marks updated")
            report.structure[key] = report.structure.get(key, 0) + 1
            if mark is not None and relayed_by is not None:
                relayed[(mark[0], relayed_by)] = relayed.get((mark[0], relayed_by), 0) + 1
    for (curator, sender), n in sorted(relayed.items()):
        counted = "1 curated mark" if n == 1 else f"{n} curated marks"
        report.notes.append(f"{counted} by {shown(curator)}, sent by {shown(sender)}.")
    return replaced
