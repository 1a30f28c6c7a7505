"""A synced project's scheme (labels, link types) is the team's: it is not renamed or removed locally.

The team server keeps the old name and sends it back with the next sync, with the team's rows that have
it, and it refuses a change of other annotators' rows. A rename is done for the whole team instead, on
the server, by a reviewer (`factcheck.services.team_renames`); a removal stays refused."""

from __future__ import annotations

from db.errors import StoreError
from db.store import Store
from factcheck.services.sync import server_url

#: The command that renames for the team, per kind of scheme entry ("labels", "link types").
TEAM_COMMANDS = {"labels": "rename-label", "link types": "rename-link-type"}


def team_rename_hint(store: Store, kinds: str, old: str, new: str = "NEW") -> str:
    """How to rename old for the whole team instead (a reviewer's or the server owner's command)."""
    url = server_url(store) or "URL"
    return (
        f"A reviewer renames it for the whole team instead: in the window, Project > {kinds.capitalize()}…, "
        f"Rename; or: factcheck server {TEAM_COMMANDS[kinds]} {url} {old!r} {new!r}. Each teammate's "
        "project follows at its next sync"
    )


def refuse_if_shared(store: Store, kinds: str, name: str, doing: str, rows: str, may: str) -> None:
    """Refuse doing ("renaming", "removing") the scheme entry name of kinds ("labels", "link types") in a
    synced project; rows: how many of the team's rows have it ("2 tags", "" for none); may: what may be
    done here instead."""
    if server_url(store) is None:
        return
    on = f" and {rows} of the team's" if rows else ""
    instead = (
        f"{team_rename_hint(store, kinds, name)}; {may}"
        if doing == "renaming"
        else f"Agree on it with the team; {may}"
    )
    raise StoreError(
        f"This project syncs with a team server, which shares its {kinds} with the team: {doing} {name!r} "
        f"here would change the team's scheme{on}, and the next sync would bring {name!r} back. {instead}."
    )
