"""What an import of another tool's files (brat) reads of the project's vocabulary and adds to it when
asked (`--add-labels`): labels with their role, link types; the speakers and links it brings. Inside the
caller's transaction, like everything an import writes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from db.links import link_row, link_types, put_link_types
from db.speakers import put_speakers, speaker, speakers
from db.store import Store
from factcheck.core.links import Link, LinkType
from factcheck.core.model import Label
from factcheck.core.speakers import Speaker


def link_type_names(store: Store) -> list[str]:
    """The project's link types, in their order."""
    return [t.name for t in link_types(store)]


def project_speakers(store: Store) -> list[Speaker]:
    """Every speaker of the project, deleted ones left out."""
    return speakers(store)


def add_labels(store: Store, labels: Iterable[Label]) -> None:
    """Add labels that are not in the project yet (after the others; a name already there is left
    alone)."""
    (top,) = store._db.execute("SELECT coalesce(max(position), -1) FROM labels").fetchone()
    position = int(top) + 1
    for label in labels:
        cursor = store._db.execute(
            "INSERT OR IGNORE INTO labels (name, color, shortcut, position, role) VALUES (?, ?, ?, ?, ?)",
            (label.name, label.color, label.shortcut, position, label.role),
        )
        position += cursor.rowcount
    store._label_cache = None


def add_link_types(store: Store, names: Iterable[str]) -> None:
    """Add directed link types that are not in the project yet, after the others."""
    put_link_types(store, [LinkType(name) for name in names])


def add_speakers(store: Store, new: Iterable[Speaker]) -> int:
    """Add the speakers the project does not have (by id); the number added. One already there is
    left as it is: an import refers to it, it does not edit it."""
    missing = [s for s in new if speaker(store, s.id) is None]
    return put_speakers(store, missing)


def merge_links(store: Store, links: Iterable[Link]) -> tuple[int, int]:
    """Links matched by id: added when new, replaced when theirs is newer; (added, updated). Each is
    placed on the document its start tag is on now (a merge may have moved the tags onto our copy)."""
    added = updated = 0
    for link in links:
        row = store._db.execute(
            "SELECT document_id FROM annotations WHERE id = ?", (link.from_id,)
        ).fetchone()
        placed = link if row is None else replace(link, document_id=row[0])
        ours = store._db.execute("SELECT updated_at FROM links WHERE id = ?", (link.id,)).fetchone()
        if ours is None or ours[0] < link.updated_at:
            store._db.execute(
                "INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", link_row(placed)
            )
            added += ours is None
            updated += ours is not None
    return added, updated
