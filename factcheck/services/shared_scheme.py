"""A synced project's scheme (labels, link types) is the team's: it is not renamed or removed locally.

The team server keeps the old name and sends it back with the next sync, with the team's rows that have
it, and it refuses a change of other annotators' rows."""

from __future__ import annotations

from db.errors import StoreError
from db.store import Store
from factcheck.services.sync import server_url


def refuse_if_shared(store: Store, kinds: str, name: str, doing: str, rows: str, may: str) -> None:
    """Refuse doing ("renaming", "removing") the scheme entry name of kinds ("labels", "link types") in a
    synced project; rows: how many of the team's rows have it ("2 tags", "" for none); may: what may be
    done here instead."""
    if server_url(store) is None:
        return
    on = f" and {rows} of the team's" if rows else ""
    raise StoreError(
        f"This project syncs with a team server, which shares its {kinds} with the team: {doing} {name!r} "
        f"here would change the team's scheme{on}, and the next sync would bring {name!r} back. Agree on "
        f"it with the team; {may}."
    )
