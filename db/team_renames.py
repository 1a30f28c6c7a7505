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
from factcheck.core.model import utc_now

#: The last team rename applied (its server number), in sync_state.
STATE_KEY = "renames_applied"
#: In sync_state, per former name that a TEAM rename made (not one renamed here before the project
#: joined, which the server may still hold as a name of its own): the rename's time on the server.
_TEAM_KEY = "team_renamed:{kind}:{name}"

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
    store._db.execute(
        "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
        [_TEAM_KEY.format(kind=kind, name=old), at or utc_now()],
    )
    _forget_team(store, kind, new)  # in use again
    if kind == "label":
        store._label_cache = None
    return int(renamed)


def taken_again(store: Store, kind: str, names: list[str]) -> None:
    """Pulled scheme rows (after the pulled renames): a name the TEAM renamed away is on the server again
    only because a teammate added it anew, so here too it means itself, no more the name it was renamed
    to (as a local re-add: `db.renames.forget_alias`). A name renamed here alone, before the project
    joined, stays a former one: the server keeping that name is no re-add."""
    memory = _TABLES[kind][3]
    for name in names:
        if _team_renamed_at(store, kind, name) is not None:
            renames.forget_alias(store, memory, name)
            _forget_team(store, kind, name)


def former(store: Store, kind: str, name: str) -> tuple[str, str] | None:
    """What the team renamed name to (the name in use now) and when, by the server's clock; None when
    name is no former name of a team rename here (never renamed, added anew, or renamed here alone)."""
    at = _team_renamed_at(store, kind, name)
    found = renames.alias(store, _TABLES[kind][3], name) if at is not None else None
    return (found[0], at) if found is not None and at is not None else None


def _team_renamed_at(store: Store, kind: str, name: str) -> str | None:
    key = _TEAM_KEY.format(kind=kind, name=name)
    row = store._db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else None


def _forget_team(store: Store, kind: str, name: str) -> None:
    store._db.execute("DELETE FROM sync_state WHERE key = ?", [_TEAM_KEY.format(kind=kind, name=name)])


def mark_applied(store: Store, number: int) -> None:
    store._db.execute(
        "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", [STATE_KEY, str(number)]
    )


def forget_applied(store: Store) -> None:
    """A new server: its renames are numbered from the start again, and the former names stay this
    project's own (that team did not rename them)."""
    store._db.execute("DELETE FROM sync_state WHERE key = ? OR key LIKE 'team_renamed:%'", [STATE_KEY])


def reread_labels(store: Store) -> None:
    """Another connection (the background sync's) renamed labels: this store reads them again."""
    store._label_cache = None
