"""The WAL checkpoint of a big write, run once its result is handed over instead of inside its commit.

In WAL mode, the commit that leaves more than `wal_autocheckpoint` pages (1,000: 4 MB) in the WAL copies
them into the database file before it returns (a checkpoint: about a sixth of a 100k-tag import, whose
57 MB it writes a second time and syncs). The import's all-or-nothing does not depend on that copy (the
commit is whole in the WAL: every reader, and the file after a crash, has all of it or none), nor does
its durability: with synchronous=NORMAL, the WAL is synced to disk by the checkpoint, whoever runs it,
and by nothing before. `checkpoint_later` lets a long operation's commit leave it; the operation runs
`checkpoint` itself once the window has its result (`ui.operations`: `Operation.after`, on the worker
thread), and otherwise the next commit past the threshold, or the last connection's close, does it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from db.store import Store


@contextlib.contextmanager
def checkpoint_later(store: Store) -> Iterator[None]:
    """The transactions committed inside leave the WAL checkpoint to `checkpoint` (or to whoever commits
    or closes next). Around whole transactions only: inside one, nothing changes."""
    conn = store._db.conn
    if store.path is None or conn.in_transaction:  # (a store in memory has no WAL)
        yield
        return
    (pages,) = conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")


def checkpoint(store: Store) -> None:
    """Copy what the WAL holds into the database file now, as the commit would have (PASSIVE: it waits for
    no reader or writer; what readers still need is copied by a later checkpoint)."""
    if store.path is not None:
        store._db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
