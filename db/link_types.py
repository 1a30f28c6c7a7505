"""Changing the project's link types: add, rename, set symmetric, reorder, remove.

Each change is one transaction. A rename changes the type of every link that has it, whoever's it is
(link types are the project's scheme, like labels), and stamps those links' `updated_at`, so that a
merge of a teammate's older copy keeps the renamed link; the old name is remembered
(`link_type_renames`, db.renames), so that a teammate's links made before the rename merge under the new
name instead of bringing the old type back. A link type still on live links is removed only when asked
with `force`: those links are then tombstoned (kept, so that no merge brings them back), and its former
names are forgotten with it (as a removed label's).
The built-in `corrects` (made by corrections alone) is neither renamed nor removed.
"""

from __future__ import annotations

from collections.abc import Sequence

from db import renames
from db.errors import StoreError
from db.links import link_types
from db.scheme_names import check_scheme_name
from db.store import Store
from factcheck.core.links import LinkType
from factcheck.core.model import utc_now
from factcheck.core.ownership import CORRECTS

RENAMES: renames.RenameTable = "link_type_renames"


def check_name(name: str) -> str:
    """name with its white space tidied, or why it cannot name a link type."""
    return check_scheme_name(name, "link type")


def _require(store: Store, name: str) -> LinkType:
    types = link_types(store)
    found = next((t for t in types if t.name == name), None)
    if found is None:
        names = ", ".join(t.name for t in types) or "none"
        raise StoreError(f"There is no link type {name!r} in this project (its link types: {names}).")
    return found


def _refuse_builtin(name: str, doing: str) -> None:
    if name == CORRECTS:
        raise StoreError(f"{CORRECTS!r} is built in: corrections make these links, so it cannot be {doing}.")


def _taken(store: Store, name: str, but: str | None = None) -> str | None:
    return next((t.name for t in link_types(store) if t.name.lower() == name.lower() and t.name != but), None)


def add_link_type(store: Store, name: str, *, symmetric: bool = False) -> LinkType:
    """Add a link type after the others; a name the project has (in any case) is refused."""
    name = check_name(name)
    with store.atomic():
        if (taken := _taken(store, name)) is not None:
            raise StoreError(f"The project has a link type {taken!r} already; choose another name.")
        (top,) = store._db.execute("SELECT coalesce(max(position), -1) FROM link_types").fetchone()
        new = LinkType(name, int(top) + 1, symmetric)
        renames.forget_alias(store, RENAMES, name)  # a type of its own again
        store._db.execute(
            "INSERT INTO link_types (name, position, symmetric) VALUES (?, ?, ?)",
            [new.name, new.position, int(symmetric)],
        )
    return new


def rename_link_type(store: Store, old: str, new: str) -> int:
    """Rename a link type; every link with it follows. The number of links (tombstones included)."""
    new = check_name(new)
    with store.atomic():
        _require(store, old)
        _refuse_builtin(old, "renamed")
        if new == old:
            return 0
        if (taken := _taken(store, new, but=old)) is not None:
            raise StoreError(f"The project has a link type {taken!r} already; choose another name.")
        store._db.execute("UPDATE link_types SET name = ? WHERE name = ?", [new, old])
        renames.remember(store, RENAMES, old, new)  # for merges of links made before
        cursor = store._db.execute(
            "UPDATE links SET type = ?, updated_at = ? WHERE type = ?", [new, utc_now(), old]
        )
    return int(cursor.rowcount)


def renamed_link_types(store: Store) -> dict[str, str]:
    """Former link type names -> the current name (for merging links made before a rename)."""
    return renames.renames(store, RENAMES)


def set_symmetric(store: Store, name: str, symmetric: bool) -> None:
    """Whether A→B of this type says the same as B→A (as `same_claim`)."""
    with store.atomic():
        _require(store, name)
        if name == CORRECTS and symmetric:
            raise StoreError(f"{CORRECTS!r} is built in and directed: a correction → the tag it corrects.")
        store._db.execute("UPDATE link_types SET symmetric = ? WHERE name = ?", [int(symmetric), name])


def reorder(store: Store, names: Sequence[str]) -> None:
    """Put the link types in this order (every one, each once)."""
    with store.atomic():
        ours = [t.name for t in link_types(store)]
        if sorted(names) != sorted(ours):
            raise StoreError("The new order must list every link type of the project once.")
        store._db.conn.executemany(
            "UPDATE link_types SET position = ? WHERE name = ?", [(i, n) for i, n in enumerate(names)]
        )


def usage(store: Store) -> dict[str, tuple[int, int]]:
    """Per link type: (links not deleted, links in all, tombstones included)."""
    counts = {t.name: (0, 0) for t in link_types(store)}
    for kind, live, total in store._db.execute(
        "SELECT type, sum(deleted_at IS NULL), count(*) FROM links GROUP BY type"
    ):
        if kind in counts:
            counts[kind] = (int(live), int(total))
    return counts


def remove_link_type(store: Store, name: str, *, force: bool = False) -> int:
    """Remove a link type. Refused while links not deleted have it, unless force: then those links are
    tombstoned (their count is returned)."""
    with store.atomic():
        _require(store, name)
        _refuse_builtin(name, "removed")
        live, _ = usage(store).get(name, (0, 0))
        if live and not force:
            raise StoreError(
                f"{live} link{'s' if live != 1 else ''} {'have' if live != 1 else 'has'} the type {name!r}; "
                "removing it deletes them. Confirm to do so."
            )
        now = utc_now()
        cursor = store._db.execute(
            "UPDATE links SET deleted_at = ?, updated_at = ? WHERE type = ? AND deleted_at IS NULL",
            [now, now, name],
        )
        store._db.execute("DELETE FROM link_types WHERE name = ?", [name])
        renames.forget_target(store, RENAMES, name)
    return int(cursor.rowcount)
