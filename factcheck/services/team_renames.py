"""Renaming a label or link type for the whole team, through the team server, and what a sync does with
the team's renames.

`rename_for_team` is done once, by a reviewer or the server's owner (`factcheck server rename-label`,
or the labels dialog's Rename in a synced project): the server renames its scheme entry and everyone's
rows naming it in one transaction, and records the rename (`db.pg_renames`). Each client's next sync
applies the renames it has not applied yet, in order, in the pull's transaction (`apply_pulled`): its
own label and tags renamed (its offline tags too, which a push before that maps onto the new name on
the server), and the old name remembered for files merged later (`db.team_renames`).
"""

from __future__ import annotations

import psycopg

from db import team_renames
from db.pg_connection import check_version, connect
from db.pg_errors import ServerError, server_errors
from db.pg_renames import Kind, TeamRename, rename
from db.pg_sync import Pulled
from db.store import Store

__all__ = ["Kind", "TeamRename", "TeamRenameRefused", "apply_pulled", "rename_for_team"]

_NOUNS = {"label": ("label", "tag"), "link_type": ("link type", "link")}


class TeamRenameRefused(ServerError):
    """The server refused the rename (not a reviewer, a name taken, no such entry): nothing changed."""


def rename_for_team(url: str, kind: Kind, old: str, new: str, *, password: str | None = None) -> int:
    """Rename old to new on the team server (kind: "label" or "link_type"), for everyone; the number of
    the team's tags (links) renamed. Raises TeamRenameRefused with the server's reason."""
    noun = _NOUNS[kind][0]
    new = spaced(new)
    with server_errors():
        conn = connect(url, password)
        try:
            check_version(conn)
            try:
                return rename(conn, kind, old, new)
            except psycopg.errors.OperationalError:
                raise
            except psycopg.Error as exc:
                reason = exc.diag.message_primary or str(exc)
                raise TeamRenameRefused(
                    f"The team server refused to rename the {noun} {old!r} to {new!r}: {reason}. "
                    "Nothing was changed."
                ) from exc
        finally:
            conn.close()


def spaced(name: str) -> str:
    """name as the team server stores it: each run of white space one space, none at the ends (as a
    project's own labels and link types are named), so that what we say is the name the team sees."""
    return " ".join(name.split())


def done_sentence(kind: Kind, old: str, new: str, rows: int) -> str:
    """What a team rename did, for the user."""
    noun, row = _NOUNS[kind]
    new = spaced(new)
    count = f"{rows:,} {row}{'' if rows == 1 else 's'}"
    return (
        f"Renamed the {noun} {old!r} to {new!r} for the whole team ({count} on the server); each "
        "teammate's project follows at its next sync."
    )


def applied_before(store: Store) -> int:
    """The server number of the last team rename this project applied (0: none)."""
    return team_renames.applied(store)


def apply_pulled(store: Store, pulled: Pulled) -> list[TeamRename]:
    """Inside the pull's transaction (writes not queued): apply the pulled renames in order; them.

    Then the pulled scheme rows: a pulled label (link type) is on the server now, so if its name is a
    former one here (renamed for the team, then added anew by a teammate), it means itself again."""
    for change in pulled.renames:
        team_renames.apply(store, change.kind, change.old, change.new, change.renamed_at)
    for kind, table in (("label", "labels"), ("link_type", "link_types")):
        team_renames.taken_again(store, kind, [str(r[0]) for r in pulled.rows.get(table, [])])
    if pulled.renames:
        team_renames.mark_applied(store, pulled.renames[-1].id)
    return pulled.renames


def former_name(store: Store, kind: Kind, name: str) -> tuple[str, str] | None:
    """name as a former name of a team rename applied here: the name it ends as now, and the rename's
    time on the server; None otherwise (never renamed, added anew, or renamed in this project alone).
    Adding it anew makes it mean itself again, for the team too (`db.pg_renames`)."""
    return team_renames.former(store, kind, name)


def taken_again_note(store: Store, kind: Kind, name: str) -> str | None:
    """Before adding name: if the team renamed it away, what adding it anew means (for the command line,
    which cannot ask); None otherwise."""
    found = former_name(store, kind, " ".join(name.split()))
    if found is None:
        return None
    new, at = found
    noun, rows = _NOUNS[kind]
    clean = " ".join(name.split())
    return (
        f"The team renamed the {noun} {clean!r} to {new!r} on {at[:10]}: the new {noun} {clean!r} is one "
        f"of its own, for the whole team; the team's {rows}s of the old meaning stay {new!r}."
    )


def forget_server(store: Store) -> None:
    """The project connects to another server: that one's renames are all new to it."""
    team_renames.forget_applied(store)
