"""What an import of another tool's files (brat) reads of the project's vocabulary, and adds to it when
asked (`--add-labels`): labels with their role, link types; and the project's speakers. Inside the
caller's transaction, like everything an import writes."""

from __future__ import annotations

import json
from collections.abc import Iterable

from db.store import Store
from db.structure_exports import all_speakers
from factcheck.core.links import Link
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


def put_speakers(store: Store, speakers: Iterable[Speaker]) -> int:
    """Add the speakers the project does not have (by id); the number added. One already there is
    left as it is: an import refers to it, it does not edit it."""
    added = 0
    for s in speakers:
        cursor = store._db.execute(
            "INSERT OR IGNORE INTO speakers (id, name, kind, description, same_as, created_at, updated_at, "
            "deleted_at, merged_into) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                s.id, s.name, s.kind, s.description, json.dumps(list(s.same_as)), s.created_at,
                s.updated_at, s.deleted_at, s.merged_into,
            ),
        )  # fmt: skip
        added += cursor.rowcount
    return added


def put_links(store: Store, links: Iterable[Link]) -> tuple[int, int]:
    """Links matched by id: added when new, replaced when theirs is newer; (added, updated). Each is
    placed on the document its start tag is on now (a merge may have moved the tags onto our copy)."""
    added = updated = 0
    for link in links:
        row = store._db.execute(
            "SELECT document_id FROM annotations WHERE id = ?", (link.from_id,)
        ).fetchone()
        document_id = row[0] if row else link.document_id
        values = (
            link.id, document_id, link.type, link.from_id, link.to_id, link.annotator, link.created_at,
            link.updated_at, link.deleted_at,
        )  # fmt: skip
        ours = store._db.execute("SELECT updated_at FROM links WHERE id = ?", (link.id,)).fetchone()
        if ours is None:
            store._db.execute("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
            added += 1
        elif ours[0] < link.updated_at:
            store._db.execute("DELETE FROM links WHERE id = ?", (link.id,))
            store._db.execute("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
            updated += 1
    return added, updated
