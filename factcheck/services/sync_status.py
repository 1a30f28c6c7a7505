"""One background sync of a project file, as the window runs it: its own connection, and a line for
the status bar whatever happened ("Synced 12:03 · 4 teammates", "Offline: 12 changes waiting")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from db import Store
from factcheck.core.errors import FactcheckError
from factcheck.services.sync import (
    Canceller,
    PasswordNeeded,
    ServerUnreachable,
    SyncReport,
    pending_changes,
    server_url,
    sync,
)
from factcheck.services.sync_identity import NameDiffers

__all__ = ["NOT_CONNECTED_YET", "SyncOutcome", "sync_file", "sync_store", "synced_text"]

#: What a first connection that could not reach the server leaves: nothing, so no sync comes later.
NOT_CONNECTED_YET = (
    "The project is not connected to it yet: nothing was sent, and nothing will be until it is. Check the "
    "server's address (the part after the @), and that this computer is on the network that reaches it."
)

Kind = Literal["synced", "offline", "password", "error", "not-connected", "names"]


@dataclass(frozen=True)
class SyncOutcome:
    kind: Kind
    text: str  # for the status bar
    report: SyncReport | None = None
    detail: str = ""  # the error's message, for a dialog
    #: "names": the login a first connection would put the user's earlier work under (`sync_identity`).
    login: str = ""

    @property
    def changed_project(self) -> bool:
        """Whether the pull wrote to the project (the window then reloads what it shows)."""
        report = self.report
        return report is not None and bool(
            report.pulled.changed
            or report.replaced > 0
            or report.kept
            or report.renames
            or report.held
            or report.not_applied  # a stale decision's tag is the server's again (deleted or changed)
            or report.unchanged
            or report.twins.wrote  # an identical tag dropped, or what named it moved (sync_twins)
        )


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def synced_text(report: SyncReport, now: datetime | None = None) -> str:
    moment = (now or datetime.now()).strftime("%H:%M")
    if report.push_held:  # received only: what to do first (a narrow bar elides the rest into the tooltip)
        return f"Update factcheck to send changes · received {moment} · {report.push_held}"
    text = f"Synced {moment} · {_plural(report.teammates, 'teammate')}"
    if report.refused:
        text += f" · {_plural(len(report.refused), 'change')} refused"
    if edits := sum(len(keys) for keys in report.kept.values()) - report.kept_decisions:
        text += f" · {_plural(edits, 'edit')} sent with a reviewer's decision"
    if report.kept_decisions:
        text += f" · {_plural(report.kept_decisions, 'decision')} sent with the owner's edit"
    if stale := sum(len(keys) for keys in report.not_applied.values()) - report.not_applied_changed:
        text += f" · {_plural(stale, 'decision')} not applied (tag deleted)"
    if report.not_applied_changed:
        text += f" · {_plural(report.not_applied_changed, 'decision')} not applied (tag changed)"
    if report.twins.dropped:
        text += f" · {_plural(report.twins.dropped, 'identical tag')} of yours dropped (one kept)"
    if report.held:
        n = len(report.held)
        text += (
            f" · {_plural(n, 'edit')} made while syncing {'waits' if n == 1 else 'wait'} for the next sync"
        )
    return text  # (team renames are said in the news beside it: ui/team_news.py)


def sync_file(
    path: Path | str,
    *,
    url: str | None = None,
    password: str | None = None,
    canceller: Canceller | None = None,
) -> SyncOutcome:
    """Open the project at path on a connection of its own, sync it, close it (safe on a worker thread:
    the connection lives and dies there)."""
    with Store.open(path, create=False) as store:
        return sync_store(store, url=url, password=password, canceller=canceller)


def sync_store(
    store: Store,
    *,
    url: str | None = None,
    password: str | None = None,
    canceller: Canceller | None = None,
    name: str = "",
    as_login: bool | None = None,
) -> SyncOutcome:
    """Sync store (connect it to url when given); every failure becomes an outcome, none is raised.
    name, as_login: the user's name, and what to do with the work under it (`sync`)."""
    if url is None and server_url(store) is None:
        return SyncOutcome("not-connected", "")
    try:
        report = sync(store, url, password=password, canceller=canceller, name=name, as_login=as_login)
    except NameDiffers as exc:
        return SyncOutcome("names", "Team server: not connected (File > Team server…)", detail=str(exc),
                           login=exc.login)  # fmt: skip
    except PasswordNeeded as exc:
        return SyncOutcome("password", "Team server: password needed (File > Team server…)", detail=str(exc))
    except ServerUnreachable as exc:
        if server_url(store) is None:  # a first connection: not offline, not connected at all
            detail = f"{exc} {NOT_CONNECTED_YET} Then Sync now again."
            return SyncOutcome("error", "Team server: not connected (File > Team server…)", detail=detail)
        waiting = pending_changes(store)
        return SyncOutcome("offline", f"Offline: {_plural(waiting, 'change')} waiting", detail=str(exc))
    except FactcheckError as exc:
        return SyncOutcome("error", "Team server: sync failed (File > Team server…)", detail=str(exc))
    return SyncOutcome("synced", synced_text(report), report)
