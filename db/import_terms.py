"""What an import of another tool's files (brat) reads of the project's vocabulary and adds to it when
asked (`--add-labels`): labels with their role, link types; and the project's speakers. Inside the
caller's transaction, like everything an import writes."""

from __future__ import annotations

from collections.abc import Iterable

from db.links import link_types, put_link_types
from db.speakers import speakers
from db.store import Store
from factcheck.core.links import LinkType
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
