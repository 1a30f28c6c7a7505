"""What undoing a change of the project's scheme needs: the former-names memory as it was; a removed
label with every row its removal took (the label with its colour, key, place and role; its tags,
tombstones included, column for column; the former names that meant it).

The rows are copied as stored, so an undo puts back exactly what was there: same ids, same times. Links
are not touched by a label's removal (they stay, naming the tags' ids), so they need no copy. A removed
link type: its row, its former names, and the ids of the links its removal tombstoned (brought back).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from db import labels as db_labels
from db.errors import StoreError
from db.renames import RenameTable
from db.store import Store
from factcheck.core.model import utc_now

#: (old, new, renamed_at) rows of a former-names table.
Memory = tuple[tuple[str, str, str], ...]


def memory(store: Store, table: RenameTable) -> Memory:
    """Every row of the former-names table, in a stable order."""
    rows = store._db.execute(f"SELECT old, new, renamed_at FROM {table} ORDER BY old").fetchall()
    return tuple((str(old), str(new), str(at)) for old, new, at in rows)


def put_memory(store: Store, table: RenameTable, rows: Memory) -> None:
    """Make the former-names table hold exactly rows (inside the caller's transaction)."""
    store._db.execute(f"DELETE FROM {table}")
    store._db.conn.executemany(f"INSERT INTO {table} (old, new, renamed_at) VALUES (?, ?, ?)", rows)


def _insert(store: Store, table: str, row: dict[str, Any]) -> None:
    """Put back one row copied as stored (its columns by name)."""
    cols = list(row)
    store._db.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [row[c] for c in cols],
    )


def _remember_again(store: Store, table: RenameTable, rows: Memory) -> None:
    """Put back former names a removal forgot (inside the caller's transaction)."""
    sql = f"INSERT OR REPLACE INTO {table} (old, new, renamed_at) VALUES (?, ?, ?)"
    store._db.conn.executemany(sql, rows)


@dataclass(frozen=True)
class RemovedLabel:
    """A label as its removal found it, with the rows that went with it."""

    label: dict[str, Any]
    columns: tuple[str, ...]  # of annotations, in the order of each row in tags
    tags: tuple[tuple[Any, ...], ...]
    renames: Memory  # the former names that meant this label


def _rows(store: Store, sql: str, params: Sequence[object]) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    cursor = store._db.execute(sql, list(params))
    return tuple(d[0] for d in cursor.description), [tuple(r) for r in cursor.fetchall()]


def take_label(store: Store, name: str) -> RemovedLabel:
    """Copy the label name and what removing it takes (read before the removal, in its transaction)."""
    label_cols, label_rows = _rows(store, "SELECT * FROM labels WHERE name = ?", [name])
    if not label_rows:
        raise StoreError(f"There is no label {name!r} in this project.")
    columns, tags = _rows(store, "SELECT * FROM annotations WHERE label = ? ORDER BY rowid", [name])
    renames = tuple(row for row in memory(store, "label_renames") if row[1] == name)
    return RemovedLabel(dict(zip(label_cols, label_rows[0], strict=True)), columns, tuple(tags), renames)


def remove_label(store: Store, name: str, *, force: bool, remove: Any) -> RemovedLabel:
    """Copy, then remove with remove(store, name, force=force) (the service's checks), in one transaction."""
    with store.atomic():
        taken = take_label(store, name)
        remove(store, name, force=force)
    return taken


def restore_label(store: Store, removed: RemovedLabel) -> None:
    """Put a removed label back with its tags and former names, exactly as they were."""
    name = removed.label["name"]
    with store.atomic():
        if any(lab.name.lower() == str(name).lower() for lab in store.labels()):
            raise StoreError(
                f"The project has a label {name!r} again; rename or remove that one to bring the old one "
                "back."
            )
        _insert(store, "labels", removed.label)
        if removed.tags:
            tag_marks = ", ".join("?" for _ in removed.columns)
            store._db.conn.executemany(
                f"INSERT INTO annotations ({', '.join(removed.columns)}) VALUES ({tag_marks})", removed.tags
            )
        _remember_again(store, "label_renames", removed.renames)
        db_labels._refresh(store)


@dataclass(frozen=True)
class RemovedLinkType:
    """A link type as its removal found it: its row, the links the removal tombstoned, its former names."""

    row: dict[str, Any]
    link_ids: tuple[str, ...]
    renames: Memory


def remove_link_type(store: Store, name: str, *, force: bool, remove: Any) -> RemovedLinkType:
    """Copy, then remove with remove(store, name, force=force) (the service's checks), in one transaction."""
    with store.atomic():
        cols, rows = _rows(store, "SELECT * FROM link_types WHERE name = ?", [name])
        if not rows:
            raise StoreError(f"There is no link type {name!r} in this project.")
        ids = store._db.execute(
            "SELECT id FROM links WHERE type = ? AND deleted_at IS NULL ORDER BY id", [name]
        ).fetchall()
        renames = tuple(row for row in memory(store, "link_type_renames") if row[1] == name)
        remove(store, name, force=force)
    return RemovedLinkType(dict(zip(cols, rows[0], strict=True)), tuple(str(i) for (i,) in ids), renames)


def restore_link_type(store: Store, removed: RemovedLinkType) -> None:
    """Put a removed link type back with its former names, and bring back the links its removal deleted
    (a fresh updated_at, as a restored tag's: a merge sees the undo as the latest word)."""
    name = str(removed.row["name"])
    with store.atomic():
        if store._db.execute("SELECT 1 FROM link_types WHERE lower(name) = lower(?)", [name]).fetchone():
            raise StoreError(
                f"The project has a link type {name!r} again; rename or remove that one to bring the old "
                "one back."
            )
        _insert(store, "link_types", removed.row)
        store._db.conn.executemany(
            "UPDATE links SET deleted_at = NULL, updated_at = ? WHERE id = ? AND type = ?",
            [(utc_now(), link_id, name) for link_id in removed.link_ids],
        )
        _remember_again(store, "link_type_renames", removed.renames)
