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

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from factcheck.core.errors import FilesLeftOver
from ui import deferred, dialogs
from ui.operations import Job


def _tr(text: str) -> str:
    return QCoreApplication.translate("Progress", text)


SHOW_AFTER_MS = 400  # short work never flashes a dialog
STATUS_MS = 8000


class ProgressDialog(QProgressDialog):
    """Follows a Job: its progress, a Cancel button; closes itself when the job ends."""

    def __init__(self, parent: QWidget, job: Job) -> None:
        op = job.operation
        meanwhile = (
            _tr("You can read meanwhile; tagging waits until it is done.")
            if op.writes
            else _tr("You can keep working meanwhile.")
        )
        super().__init__(f"{op.doing}\n{meanwhile}", _tr("Cancel"), 0, 0, parent)
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
        self._return_focus = False
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
            self._return_focus = parent.isActiveWindow()

    def event(self, event: QEvent) -> bool:
        # Some platforms activate a new window despite WA_ShowWithoutActivating: hand the keyboard
        # back to the window once, on that first activation. A click on the dialog activates it as usual.
        if event.type() == QEvent.Type.WindowActivate and self._return_focus:
            self._return_focus = False
            parent = self.parentWidget()
            if parent is not None:
                deferred.soon(parent, parent.activateWindow)  # not at all if the window is gone
        return super().event(event)


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
        left_over: tuple[str, str] | None = None,
    ) -> Job:
        """Show job's progress, then its outcome; returns job. left_over: the title and what to do when the
        work is complete but left files it could not remove (`FilesLeftOver`), instead of the failure's."""
        ProgressDialog(self.parent, job)
        self.status(_tr("{doing} (you can cancel it in its dialog)").format(doing=job.operation.doing))

        def succeeded(result: object) -> None:
            self.status(_tr("{title} finished.").format(title=job.operation.title))
            if done is not None and not self.quitting():
                done(result)

        def failed(message: str) -> None:
            title, then = failed_title, what_next
            if left_over is not None and isinstance(job.error, FilesLeftOver):
                (title, then), status = left_over, left_over[0]
            else:
                status = _tr("{title} failed.").format(title=job.operation.title)
            self.status(status)
            # Shown even while quitting: the window is still there, and the user must know.
            if self.parent.isVisible():
                dialogs.show_error(self.parent, title, message, what_next=then)

        job.succeeded.connect(succeeded)
        job.failed.connect(failed)
        job.cancelled.connect(self.status)
        return job

    def can_show(self) -> bool:
        """Whether a report may pop up now (the window is shown and not quitting)."""
        return self.parent.isVisible() and not self.quitting()
