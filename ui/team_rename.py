"""Rename a label or link type for the whole team, from the labels (link types) dialog of a synced project.

A synced project's scheme is the team's: its Rename… offers, to a reviewer (or anyone whose role the
window has not learnt yet: the server decides), the team rename (`factcheck.services.team_renames`),
after saying what it does; to an annotator known not to be a reviewer, the dialog's usual refusal, which
says who may. The rename runs on the background sync's worker thread (never the GUI thread: it waits on
the network), followed at once by a sync that brings it into this project.

After a sync that applied team renames, the views reload the scheme and the undo stack is cleared: its
commands name the old names, and undoing one would bring an old name back (`after_sync`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SIGNAL, QCoreApplication, QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from factcheck.services.sync_status import SyncOutcome
from factcheck.services.team_rename_sync import Renamed, rename_and_sync
from factcheck.services.team_renames import Kind
from ui import deferred, dialogs
from ui.operations import Busy, Operation, Operations

if TYPE_CHECKING:
    from ui.name_list_dialog import NameListDialog
    from ui.project import ProjectModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("TeamRename", text)


_NOUNS = {"label": ("label", "tag"), "link_type": ("link type", "link")}


class _Team(Protocol):
    """What of ui.team_sync.TeamSync this needs (imported from there, it would import the window)."""

    @property
    def last(self) -> SyncOutcome | None: ...
    @property
    def password(self) -> str | None: ...
    @property
    def runner(self) -> Operations: ...
    @property
    def renamed(self) -> list[str]: ...

    def finished(self, outcome: SyncOutcome) -> None: ...


class _Window(Protocol):
    @property
    def team(self) -> _Team: ...
    @property
    def undo_stack(self) -> QUndoStack: ...
    @property
    def project(self) -> ProjectModel: ...


def window_of(widget: QWidget) -> _Window | None:
    """The main window above widget, when it runs a team sync."""
    parent = widget.parentWidget()
    while parent is not None:
        if hasattr(parent, "team") and hasattr(parent, "undo_stack"):
            return parent  # type: ignore[return-value]
        parent = parent.parentWidget()
    return None


def offered(dialog: NameListDialog, project: ProjectModel, kind: Kind, old: str) -> bool:
    """In a synced project, offer the team rename of old (True: handled here, asked or cancelled);
    False: not synced, or a known non-reviewer, for whom the dialog's own path says why not."""
    window = window_of(dialog)
    if project.server_url() is None or window is None:
        return False
    last = window.team.last
    if last is not None and last.report is not None and not last.report.reviewer:
        return False
    from ui.labels_dialog import ask_text  # (the dialogs' own prompt, patched by the tests)

    noun = _NOUNS[kind][0]
    new = ask_text(
        dialog,
        _tr("Rename {noun} for the team").format(noun=noun),
        _tr("New name for “{name}”, for the whole team:").format(name=old),
        old,
    )
    if new is None or " ".join(new.split()) in ("", old):
        return True
    clean = " ".join(new.split())
    if not confirm(dialog, kind, old, clean):
        return True
    start(dialog, window, kind, old, clean)
    return True


def confirm(parent: QWidget, kind: Kind, old: str, new: str) -> bool:
    noun, rows = _NOUNS[kind]
    message = _tr(
        "This project syncs with a team server, which shares its {noun}s with the whole team.\n\n"
        "Rename “{old}” to “{new}” for everyone? Every {rows} with it follows on the server, whoever made "
        "it, and each teammate's project follows at its next sync (their offline {rows}s too). Files "
        "saved before the rename merge under the new name.\n\n"
        "Undo does not take it back: rename it again the same way."
    ).format(noun=noun, old=old, new=new, rows=rows)
    return dialogs.offer_or_cancel(
        parent,
        QMessageBox.Icon.Question,
        _tr("Rename for the team"),
        message,
        _tr("Rename for the &team"),
        name="teamRenameConfirm",
    )


def start(dialog: NameListDialog, window: _Window, kind: Kind, old: str, new: str) -> None:
    """Run the rename, then a sync, on the background sync's runner (after the sync running, if any)."""
    team = window.team
    url = window.project.server_url()
    password = team.password
    assert url is not None

    op: Operation[Renamed] = Operation(
        _tr("Team rename"),
        _tr("Renaming for the team…"),
        lambda connection, _progress: rename_and_sync(connection, url, kind, old, new, password=password),
    )
    dialog.status.setText(_tr("Renaming “{old}” to “{new}” for the team…").format(old=old, new=new))
    dialog.setEnabled(False)

    def renamed(result: object) -> None:  # the team's part: the server has it, dialog or not
        assert isinstance(result, Renamed)
        team.finished(result.outcome)

    def succeeded(result: object) -> None:  # the dialog's part
        assert isinstance(result, Renamed)
        dialog.setEnabled(True)
        dialog.reload(new)
        row = _NOUNS[kind][1]
        n = result.rows
        done = _tr("Renamed “{old}” to “{new}” for the whole team ({n} {rows} on the server).").format(
            old=old, new=new, n=n, rows=row if n == 1 else row + "s"
        )
        dialog.status.setText(done)
        dialog.status.setToolTip(result.sentence)

    def failed(message: str) -> None:
        dialog.setEnabled(True)
        dialog.status.setText(message)
        dialogs.show_error(dialog, _tr("Rename for the team"), message, what_next=_tr("Nothing was changed."))

    def launch() -> None:
        try:
            job = window.project.start_on(team.runner, op)
        except Busy:  # a background sync got in first: right after it
            deferred.soon(dialog, launch, 200)  # nothing starts once the dialog is gone
            return
        # Each part with what it works on as the connection's context: the job may end after the dialog
        # is gone (closed meanwhile), and its part would then work on a deleted dialog.
        QObject.connect(job, SIGNAL("succeeded(PyObject)"), team.runner, renamed)
        QObject.connect(job, SIGNAL("succeeded(PyObject)"), dialog, succeeded)
        QObject.connect(job, SIGNAL("failed(QString)"), dialog, failed)

    running = team.runner.current()
    if running is None:
        launch()
    else:
        QObject.connect(running, SIGNAL("ended()"), dialog, launch)  # no rename once the dialog is gone


def after_sync(window: _Window, outcome: SyncOutcome) -> None:
    """A sync applied team renames: the views reload the scheme; the undo stack, whose commands name the
    old names, is cleared (undoing one would bring an old name back)."""
    if outcome.report is None or not outcome.report.renames:
        return
    window.team.renamed.extend(outcome.report.renames)
    window.project.announce_scheme()
    window.undo_stack.clear()
    if isinstance(window, QWidget):  # an open labels (link types) dialog shows the new names, no undo
        from ui.name_list_dialog import NameListDialog

        for dialog in window.findChildren(NameListDialog):
            dialog.reload()
            dialog._enable_undo()
