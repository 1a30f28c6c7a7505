"""Quitting while a long operation runs: ask "Cancel it / Wait", then close the window once it has ended."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMainWindow

from ui import dialogs
from ui.operations import Job


def _tr(text: str) -> str:
    return QCoreApplication.translate("Quitting", text)


class Quitting:
    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        #: Set when the user asked to quit while an operation ran: the window closes once it has ended.
        self.choice: dialogs.QuitChoice | None = None

    def asked(self) -> bool:
        return self.choice is not None

    def after(self, job: Job) -> bool:
        """Ask what to do with job, and close once it has ended. True if it has ended already (it may,
        while the question is open), so the window can close now."""
        if self.choice is not None:
            return False  # asked already; the window closes when the job ends
        choice = dialogs.ask_cancel_or_wait(self.window, job.operation.title, job.operation.writes)
        if choice is None:
            return False
        self.choice = choice
        if not job.running():
            return True
        bar = self.window.statusBar()
        if choice == "cancel":
            job.cancel()
            bar.showMessage(_tr("Cancelling, then quitting: {doing}").format(doing=job.operation.doing))
        else:
            bar.showMessage(_tr("Quitting once it is done: {doing}").format(doing=job.operation.doing))
        # Queued: the job's own handlers (its report, the progress dialog) run first.
        job.ended.connect(self.window.close, Qt.ConnectionType.QueuedConnection)
        return False
