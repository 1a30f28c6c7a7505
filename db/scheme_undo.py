"""What undoing a change of the project's scheme needs: the former-names memory as it was, and a removed
label with every row its removal took (the label with its colour, key, place and role; its tags,
tombstones included, column for column; the former names that meant it).

The rows are copied as stored, so an undo puts back exactly what was there: same ids, same times. Links
are not touched by a removal (they stay, naming the tags' ids), so they need no copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from db import labels as db_labels
from db.errors import StoreError
from db.renames import RenameTable
from db.store import Store

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
        cols = list(removed.label)
        marks = ", ".join("?" for _ in cols)
        store._db.execute(
            f"INSERT INTO labels ({', '.join(cols)}) VALUES ({marks})", [removed.label[c] for c in cols]
        )
        if removed.tags:
            tag_marks = ", ".join("?" for _ in removed.columns)
            store._db.conn.executemany(
                f"INSERT INTO annotations ({', '.join(removed.columns)}) VALUES ({tag_marks})", removed.tags
            )
        store._db.conn.executemany(
            "INSERT OR REPLACE INTO label_renames (old, new, renamed_at) VALUES (?, ?, ?)", removed.renames
        )
        db_labels._refresh(store)
