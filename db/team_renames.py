"""A team rename (`db.pg_renames`) applied to a synced project, inside the pull's transaction.

The project's label (link type) takes the new name, its tags (links) follow whoever's they are, their
stamps unchanged as on the server (an offline edit keeps its newer stamp and goes up under the new name),
and the old name is remembered (`db.renames`) so that a teammate's older file also merges under the new
one. When the project has both names already, the tags of the old one join the new one and the old
label goes. Nothing written here is queued for the server (the caller is pulling): the server made it.
"""

from __future__ import annotations

from db import renames
from db.store import Store

#: The last team rename applied (its server number), in sync_state.
STATE_KEY = "renames_applied"

#: Per kind: the scheme table, the rows' table, their column naming it, the memory of former names.
_TABLES: dict[str, tuple[str, str, str, renames.RenameTable]] = {
    "label": ("labels", "annotations", "label", "label_renames"),
    "link_type": ("link_types", "links", "type", "link_type_renames"),
}


def applied(store: Store) -> int:
    row = store._db.execute("SELECT value FROM sync_state WHERE key = ?", [STATE_KEY]).fetchone()
    return int(row[0]) if row else 0


def apply(store: Store, kind: str, old: str, new: str, at: str | None = None) -> int:
    """Rename old to new here (inside the caller's transaction; `at`: the rename's time on the server);
    the number of rows renamed."""
    scheme, rows, column, memory = _TABLES[kind]
    if old == new:
        return 0
    has_old = store._db.execute(f"SELECT 1 FROM {scheme} WHERE name = ?", [old]).fetchone() is not None
    has_new = store._db.execute(f"SELECT 1 FROM {scheme} WHERE name = ?", [new]).fetchone() is not None
    renamed = 0
    if has_old and not has_new:
        # A label's tags follow by the foreign key's cascade; links name their type without one.
        (renamed,) = store._db.execute(f"SELECT count(*) FROM {rows} WHERE {column} = ?", [old]).fetchone()
        store._db.execute(f"UPDATE {scheme} SET name = ? WHERE name = ?", [new, old])
        if kind == "link_type":
            store._db.execute(f"UPDATE {rows} SET {column} = ? WHERE {column} = ?", [new, old])
    elif has_old:
        renamed = store._db.execute(f"UPDATE {rows} SET {column} = ? WHERE {column} = ?", [new, old]).rowcount
        store._db.execute(f"DELETE FROM {scheme} WHERE name = ?", [old])
    renames.remember(store, memory, old, new, at)
    if kind == "label":
        store._label_cache = None
    return int(renamed)


def taken_again(store: Store, kind: str, names: list[str]) -> None:
    """The team added these names anew (pulled scheme rows, after the pulled renames): each means
    itself here too, no more the name it was renamed to (as a local re-add: `db.renames.forget_alias`)."""
    memory = _TABLES[kind][3]
    for name in names:
        renames.forget_alias(store, memory, name)


def former(store: Store, kind: str, name: str) -> tuple[str, str] | None:
    """What name was renamed to here, and when (a team rename: the server's time); None: not renamed."""
    return renames.alias(store, _TABLES[kind][3], name)


def mark_applied(store: Store, number: int) -> None:
    store._db.execute(
        "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", [STATE_KEY, str(number)]
    )


def forget_applied(store: Store) -> None:
    """A new server: its renames are numbered from the start again."""
    store._db.execute("DELETE FROM sync_state WHERE key = ?", [STATE_KEY])


def reread_labels(store: Store) -> None:
    """Another connection (the background sync's) renamed labels: this store reads them again."""
    store._label_cache = None
