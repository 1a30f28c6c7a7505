"""Changes stamped ahead of the team server's clock. The server refuses a stamp more than a day ahead
(`db.pg_value_guards`): a computer whose clock runs days ahead would have every change refused, and an
edit refused comes back as the server's copy. Such changes are sent with the server's time instead,
before the push reads them, and the sync says so with what to do."""

from __future__ import annotations

from typing import Any

from db import sync_local
from db.pg_tables import TABLES
from db.pg_value_guards import server_clock, stamp_columns
from db.store import Store

_STAMPS = {spec.name: stamp_columns(spec) for spec in TABLES}


def restamp(store: Store, conn: Any) -> int:
    """Give the waiting changes stamped more than a day ahead of the server's clock the server's time;
    how many rows."""
    now, horizon = server_clock(conn)
    return sum(sync_local.restamp_ahead(store, _STAMPS, horizon, now).values())


def said(count: int) -> str:
    """The summary's sentence for count rows sent with the server's time ("" for none)."""
    if not count:
        return ""
    rows = "1 change" if count == 1 else f"{count} changes"
    return (
        f"{rows} of yours stamped more than a day ahead of the team server's clock went up with the "
        "server's time: check this computer's date and time."
    )
