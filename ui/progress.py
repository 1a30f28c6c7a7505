"""How a long operation shows itself: a progress dialog that can cancel, then its outcome.

The dialog is not modal: the window stays usable for reading while the work runs on its thread. It sits
at the bottom right of the window, off the article. What happens afterwards is told once: the caller's
`done` on success, a dialog on failure (what happened and what to do), a status-bar line on a cancel.
Nothing pops up once the window is quitting or gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui import dialogs
from ui.operations import Job

SHOW_AFTER_MS = 400  # short work never flashes a dialog
STATUS_MS = 8000


class ProgressDialog(QProgressDialog):
    """Follows a Job: its progress, a Cancel button; closes itself when the job ends."""

    def __init__(self, parent: QWidget, job: Job) -> None:
        op = job.operation
        meanwhile = (
            "You can read meanwhile; tagging waits until it is done."
            if op.writes
            else "You can keep working meanwhile."
        )
        super().__init__(f"{op.doing}\n{meanwhile}", "Cancel", 0, 0, parent)
        self.setObjectName("operationProgress")
        self.setWindowTitle(op.title)
        self.setWindowModality(Qt.WindowModality.NonModal)
        # The reader keeps the keyboard: PageDown, Tab and the label keys still reach the article.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setMinimumDuration(SHOW_AFTER_MS)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(380)
        self.job = job
        self.canceled.connect(self._cancel)
        job.progressed.connect(self._progressed)
        job.ended.connect(self._ended)

    def _cancel(self) -> None:
        self.job.cancel()

    def _progressed(self, done: int, total: int) -> None:
        if self.wasCanceled():
            return
        if total and self.maximum() != total:
            self.setMaximum(total)
        self.setValue(min(done, total) if total else 0)

    def _ended(self) -> None:
        self.reset()
        self.hide()
        self.deleteLater()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        parent = self.parentWidget()
        if parent is not None:  # bottom right of the window, so the article stays readable
            corner = parent.mapToGlobal(QPoint(parent.width(), parent.height()))
            self.move(corner.x() - self.width() - 24, corner.y() - self.height() - 48)


@dataclass
class Feedback:
    """Where a window shows its operations: dialogs over `parent`, lines through `status`, and no
    dialogs while `quitting()` (the user asked to quit once the work has stopped)."""

    parent: QWidget
    status: Callable[[str], None]
    quitting: Callable[[], bool]

    def watch(
        self,
        job: Job,
        done: Callable[[Any], None] | None = None,
        *,
        failed_title: str,
        what_next: str,
    ) -> Job:
        """Show job's progress, then its outcome; returns job."""
        ProgressDialog(self.parent, job)
        self.status(f"{job.operation.doing} (you can cancel it in its dialog)")

        def succeeded(result: object) -> None:
            self.status(f"{job.operation.title} finished.")
            if done is not None and not self.quitting():
                done(result)

        def failed(message: str) -> None:
            self.status(f"{job.operation.title} failed.")
            # Shown even while quitting: the window is still there, and the user must know.
            if self.parent.isVisible():
                dialogs.show_error(self.parent, failed_title, message, what_next=what_next)

        job.succeeded.connect(succeeded)
        job.failed.connect(failed)
        job.cancelled.connect(self.status)
        return job

    def can_show(self) -> bool:
        """Whether a report may pop up now (the window is shown and not quitting)."""
        return self.parent.isVisible() and not self.quitting()
