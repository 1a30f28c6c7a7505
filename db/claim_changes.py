"""Whether another program changed the claim cards: a cheap fingerprint of the claim tables.

The window's claim views compare it after PRAGMA data_version moved (a teammate's sync, another window),
so that a change to cards, votes, verdicts or the scale alone, with no tag changed, still shows.
"""

from __future__ import annotations

from db.store import Store

_TABLES = ("claims", "claim_tags", "checkworthy", "verdicts", "verdict_scale", "settings")


def claims_fingerprint(store: Store) -> tuple[tuple[int, str], ...]:
    """(rows, newest updated_at) of each claim table: every write moves one of them on."""
    out = []
    for table in _TABLES:
        n, newest = store._db.execute(
            f"SELECT count(*), coalesce(max(updated_at), '') FROM {table}"
        ).fetchone()
        out.append((int(n), str(newest)))
    return tuple(out)
