"""A team rename followed at once by a sync of the project that asked for it (the window's Rename in a
synced project): the server renames for everyone, then this project applies it with its next pull."""

from __future__ import annotations

from dataclasses import dataclass

from db.store import Store
from factcheck.services.sync_status import SyncOutcome, sync_store
from factcheck.services.team_renames import Kind, done_sentence, rename_for_team


@dataclass(frozen=True)
class Renamed:
    """What the team rename did: the server's count and sentence, and the sync that followed."""

    rows: int
    sentence: str
    outcome: SyncOutcome


def rename_and_sync(
    store: Store, url: str, kind: Kind, old: str, new: str, *, password: str | None = None
) -> Renamed:
    """Rename old to new for the team (raises TeamRenameRefused, ServerError: nothing changed), then sync
    store (whatever happens to that sync is in its outcome: the rename is done)."""
    rows = rename_for_team(url, kind, old, new, password=password)
    return Renamed(rows, done_sentence(kind, old, new, rows), sync_store(store, password=password))
