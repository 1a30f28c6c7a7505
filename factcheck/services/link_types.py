"""The project's link types, changed with what the rest of the project needs: a project synced with a
team server shares its link types with the team, so they are not renamed or removed here (the server
keeps the old name and sends it back with the next sync, with the team's links that have it; the server
refuses a change of other annotators' links). Adding one, the order and the symmetric flag stay local."""

from __future__ import annotations

from db import link_types as db_link_types
from db.store import Store
from factcheck.services.shared_scheme import refuse_if_shared


def _refuse_if_shared(store: Store, name: str, doing: str) -> None:
    live, _ = db_link_types.usage(store).get(name, (0, 0))
    rows = f"{live} link{'s' if live != 1 else ''}" if live else ""
    refuse_if_shared(
        store, "link types", name, doing, rows, "you may add a new link type, or change the order here"
    )


def rename_link_type(store: Store, old: str, new: str) -> int:
    """Rename a link type (every link with it follows); the number of links renamed."""
    _refuse_if_shared(store, old, "renaming")
    return db_link_types.rename_link_type(store, old, new)


def remove_link_type(store: Store, name: str, *, force: bool = False) -> int:
    """Remove a link type (and, with force, tombstone the links that have it); how many were."""
    _refuse_if_shared(store, name, "removing")
    return db_link_types.remove_link_type(store, name, force=force)
