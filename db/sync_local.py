"""The project's side of team sync: which rows changed here since the last push, and the sync state.

The outbox (`sync_outbox`, one row per changed label, document or tag) is filled by triggers created
when the project is first connected to a server, so a project that never syncs pays nothing on its
writes. A changed row gets a new `seq`; a push clears only the entries up to the `seq` it read, so an
edit made while the push ran is pushed next time. Rows a pull writes are taken out of the outbox in the
same transaction, and are never queued (see `pulling`): they came from the server.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from db.annotation_rows import ANNOTATION_COLUMNS_SQL
from db.claims_sync import CLAIM_SYNC_KEYS
from db.store import Store
from factcheck.core.model import Document, Label

#: Outbox kinds, one per shared table, and the trigger that records each.
_TRACKED = {
    "labels": ("name", "AFTER INSERT"),
    "documents": ("id", "AFTER INSERT"),
    "annotations": ("id", "AFTER INSERT"),
    # structure
    "link_types": ("name", "AFTER INSERT"),
    "speakers": ("id", "AFTER INSERT"),
    "links": ("id", "AFTER INSERT"),
}
# Claim cards and their settings: rows that change (a newer updated_at wins), so updates are queued too.
_TRACKED.update({table: (key, "AFTER INSERT") for table, key in CLAIM_SYNC_KEYS.items()})
# Curated marks and their clearings (`Store.set_curated` writes a row either way: INSERT OR REPLACE).
_TRACKED["curated_marks"] = ("document_id", "AFTER INSERT")
#: Tables whose rows change (newer wins): their updates are queued too.
_UPDATED = ("annotations", "speakers", "links", *CLAIM_SYNC_KEYS, "curated_marks")


#: A sync_state key present only inside a pull's transaction: the triggers then record nothing (what a
#: pull writes came from the server). Other connections never see it: it is gone before the commit.
PULLING = "pulling"


def _trigger_sql(table: str, key: str, event: str) -> str:
    name = f"sync_track_{table}_{event.split()[-1].lower()}"
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} {event} ON {table} "
        f"WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = '{PULLING}') BEGIN "
        f"INSERT OR REPLACE INTO sync_outbox (kind, key) VALUES ('{table}', NEW.{key}); END"
    )


def tracking_triggers() -> list[str]:
    """Every outbox trigger as the schema keeps it (SQLite stores a CREATE without its IF NOT EXISTS)."""
    made = [_trigger_sql(table, key, event) for table, (key, event) in _TRACKED.items()]
    made += [
        _trigger_sql(table, key, "AFTER UPDATE") for table, (key, _) in _TRACKED.items() if table in _UPDATED
    ]
    return [sql.replace(" IF NOT EXISTS", "", 1) for sql in made]


def start_tracking(store: Store) -> None:
    """Create the outbox triggers (idempotent) and queue every existing row: all of it is new to the
    server, or already there (then the push changes nothing). The clearing of each removed document's
    mark is queued too: its row went with the document, and the triggers that queue it at a removal did
    not exist yet (the push sends it only when the server has the document)."""
    with store.atomic():
        for table, (key, event) in _TRACKED.items():
            store._db.execute(_trigger_sql(table, key, event))
            if table in _UPDATED:
                store._db.execute(_trigger_sql(table, key, "AFTER UPDATE"))
            store._db.execute(
                f"INSERT OR IGNORE INTO sync_outbox (kind, key) SELECT '{table}', {key} FROM {table}"
            )
        store._db.execute(
            "INSERT OR IGNORE INTO sync_outbox (kind, key) SELECT 'curated_marks', document_id "
            "FROM removed_documents WHERE mark_cleared_at IS NOT NULL"
        )


def tracking(store: Store, tables: Sequence[str] = tuple(_TRACKED)) -> bool:
    """These shared tables are tracked (a project connected before links and speakers existed tracks
    its tags only, until its next sync starts tracking those too: their rows are then all queued)."""
    found = {
        r[0]
        for r in store._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_track_%'"
        )
    }
    return all(f"sync_track_{table}_insert" in found for table in tables)


# -- state --------------------------------------------------------------------------------------


def get_state(store: Store, key: str) -> str | None:
    row = store._db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else None


def set_state(store: Store, values: dict[str, str]) -> None:
    with store.atomic():
        store._db.conn.executemany(
            "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", list(values.items())
        )


# -- the outbox --------------------------------------------------------------------------------


def outbox_top(store: Store) -> int:
    row = store._db.execute("SELECT max(seq) FROM sync_outbox").fetchone()
    return int(row[0] or 0)


def outbox(store: Store, upto: int) -> dict[str, list[str]]:
    """The keys waiting per kind, up to seq `upto`."""
    keys: dict[str, list[str]] = {kind: [] for kind in _TRACKED}
    for kind, key in store._db.execute(
        "SELECT kind, key FROM sync_outbox WHERE seq <= ? ORDER BY seq", [upto]
    ):
        keys.setdefault(kind, []).append(key)
    return keys


def waiting(store: Store) -> int:
    """How many changes wait for the next push."""
    return int(store._db.execute("SELECT count(*) FROM sync_outbox").fetchone()[0])


def clear_outbox(store: Store, upto: int) -> None:
    """Forget the entries up to seq upto (pushed); later edits of the same rows stay queued."""
    store._db.execute("DELETE FROM sync_outbox WHERE seq <= ?", [upto])


def requeue(store: Store, kind: str, keys: Iterable[str]) -> None:
    """Queue these rows again (not sent: the server lacks their table yet)."""
    store._db.conn.executemany(
        "INSERT OR REPLACE INTO sync_outbox (kind, key) VALUES (?, ?)", [(kind, key) for key in keys]
    )


@contextlib.contextmanager
def pulling(store: Store) -> Iterator[None]:
    """Inside the caller's transaction: writes made in the block are not queued for the server."""
    store._db.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, '1')", [PULLING])
    try:
        yield
    finally:
        store._db.execute("DELETE FROM sync_state WHERE key = ?", [PULLING])


@contextlib.contextmanager
def queuing(store: Store) -> Iterator[None]:
    """Inside a pull's block (`pulling`): writes made in this block are the project's own, queued for the
    server (what a pull's rows call for from us, such as tombstoning our identical twin of a tag)."""
    store._db.execute("DELETE FROM sync_state WHERE key = ?", [PULLING])
    try:
        yield
    finally:
        store._db.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, '1')", [PULLING])


def clear_outbox_after(store: Store, seq: int) -> None:
    """Forget what was queued after seq: the rows a pull just wrote (call inside its transaction)."""
    store._db.execute("DELETE FROM sync_outbox WHERE seq > ?", [seq])


# -- reading and writing rows ------------------------------------------------------------------


def _json_in(column: str) -> str:
    return f"{column} IN (SELECT value FROM json_each(?))"


def annotation_rows(store: Store, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """The stored rows (tombstones included) of these ids, in `ANNOTATION_COLUMNS` order."""
    if not ids:
        return []
    cursor = store._db.execute(
        f"SELECT {ANNOTATION_COLUMNS_SQL} FROM annotations WHERE {_json_in('id')}", [json.dumps(ids)]
    )
    return [tuple(row) for row in cursor]


def document_shas(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """sha256 of each document id (the text is not read)."""
    ids = list(ids)
    if not ids:
        return {}
    cursor = store._db.execute(f"SELECT id, sha256 FROM documents WHERE {_json_in('id')}", [json.dumps(ids)])
    return {doc_id: sha for doc_id, sha in cursor}


def local_shas(store: Store, shas: Iterable[str]) -> dict[str, str]:
    """Our document id for each of these sha256 values that we have."""
    shas = list(shas)
    if not shas:
        return {}
    cursor = store._db.execute(
        f"SELECT sha256, id FROM documents WHERE {_json_in('sha256')}", [json.dumps(shas)]
    )
    return {sha: doc_id for sha, doc_id in cursor}


def documents(store: Store, ids: Iterable[str]) -> list[Document]:
    ids = list(ids)
    if not ids:
        return []
    cursor = store._db.execute(
        f"SELECT id, title, source, text, sha256, imported_at FROM documents WHERE {_json_in('id')}",
        [json.dumps(ids)],
    )
    return [Document(*row) for row in cursor]


def table_rows(
    store: Store, table: str, key: str, columns: Sequence[str], keys: Sequence[str]
) -> list[tuple[Any, ...]]:
    """The stored rows (tombstones included) of these keys of a structure table, in columns order."""
    if not keys:
        return []
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = store._db.execute(f"SELECT {names} FROM {table} WHERE {_json_in(key)}", [json.dumps(list(keys))])
    return [tuple(row) for row in cursor]


def label_rows(store: Store) -> list[tuple[str, str, str, int, str]]:
    rows = store._db.execute("SELECT name, color, shortcut, position, role FROM labels")
    return [(str(n), str(c), str(s), int(p), str(r)) for n, c, s, p, r in rows]


def add_labels(store: Store, labels: Iterable[Label]) -> int:
    """Add the labels we do not have, after ours (a teammate's extra label); returns how many."""
    ours = store.labels()
    known = {lab.name for lab in ours}
    keys = {lab.shortcut for lab in ours if lab.shortcut}
    new = []
    for lab in labels:
        if lab.name in known:
            continue
        known.add(lab.name)
        if lab.shortcut in keys:  # our key for another label: theirs gets none here
            lab = Label(lab.name, lab.color, "", lab.role)
        keys.add(lab.shortcut)
        new.append(lab)
    if not new:
        return 0
    with store.atomic():
        (top,) = store._db.execute("SELECT coalesce(max(position), -1) FROM labels").fetchone()
        store._db.conn.executemany(
            "INSERT INTO labels (name, color, shortcut, position, role) VALUES (?, ?, ?, ?, ?)",
            [(lab.name, lab.color, lab.shortcut, int(top) + 1 + i, lab.role) for i, lab in enumerate(new)],
        )
    store._label_cache = None
    return len(new)


def restamp_ahead(
    store: Store, stamp_columns: Mapping[str, Sequence[str]], horizon: str, now: str
) -> dict[str, int]:
    """Set the stamps later than horizon of the rows waiting in the outbox to now, in one transaction;
    how many rows changed per table. Stamps in the stored form sort as times. Done before a push reads
    the outbox: the rows' own triggers queue them again, and the push sends the new stamps."""
    changed: dict[str, int] = {}
    with store.atomic():
        for table, keys in outbox(store, outbox_top(store)).items():
            columns = stamp_columns.get(table, ())
            if not keys or not columns or table not in _TRACKED:
                continue
            key = _TRACKED[table][0]
            sets = ", ".join(f'"{c}" = CASE WHEN "{c}" > ? THEN ? ELSE "{c}" END' for c in columns)
            ahead = " OR ".join(f'"{c}" > ?' for c in columns)
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                cursor = store._db.execute(
                    f'UPDATE "{table}" SET {sets} WHERE "{key}" IN ({", ".join("?" * len(chunk))}) '
                    f"AND ({ahead})",
                    [*(v for _ in columns for v in (horizon, now)), *chunk, *(horizon for _ in columns)],
                )
                if cursor.rowcount > 0:
                    changed[table] = changed.get(table, 0) + cursor.rowcount
    return changed
