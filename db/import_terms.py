"""What an import of another tool's files (brat) reads of the project's vocabulary, and adds to it when
asked (`--add-labels`): labels with their role, link types; and the project's speakers. Inside the
caller's transaction, like everything an import writes."""

from __future__ import annotations

from collections.abc import Iterable

from db.store import Store
from db.structure_exports import all_speakers
from factcheck.core.model import Label
from factcheck.core.speakers import Speaker


def link_type_names(store: Store) -> list[str]:
    """The project's link types, in their order."""
    return [row[0] for row in store._db.execute("SELECT name FROM link_types ORDER BY position, name")]


def project_speakers(store: Store) -> list[Speaker]:
    """Every speaker of the project, deleted ones left out."""
    return [s for s in all_speakers(store).values() if s.deleted_at is None]


def _next_position(store: Store, table: str) -> int:
    row = store._db.execute(f"SELECT coalesce(max(position), -1) + 1 FROM {table}").fetchone()
    return int(row[0])


def add_labels(store: Store, labels: Iterable[Label]) -> None:
    """Add labels that are not in the project yet (after the others; a name already there is left
    alone)."""
    position = _next_position(store, "labels")
    for label in labels:
        cursor = store._db.execute(
            "INSERT OR IGNORE INTO labels (name, color, shortcut, position, role) VALUES (?, ?, ?, ?, ?)",
            (label.name, label.color, label.shortcut, position, label.role),
        )
        position += cursor.rowcount
    store._label_cache = None


def add_link_types(store: Store, names: Iterable[str]) -> None:
    """Add directed link types that are not in the project yet, after the others."""
    position = _next_position(store, "link_types")
    for name in names:
        cursor = store._db.execute(
            "INSERT OR IGNORE INTO link_types (name, position, symmetric) VALUES (?, ?, 0)", (name, position)
        )
        position += cursor.rowcount
