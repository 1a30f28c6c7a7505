"""The project's file deleted, moved or replaced while the window has it open: say so, once, and offer to
save what the window holds before it is lost.

Every tag saved before is then only in the deleted file, which the open connection still reads; closing
the window loses it. The window's two-second look (`check`) notices it and tells the user once (again only
after the file came back and went again); closing the window asks the same before letting it go. "Save a
copy…" writes, through the backup API on the window's own connection, a copy to a new file, and opens it
in the window at once: the file gone takes no more saves, and a fact-checker keeps working on the copy.
A moved file put back needs nothing: the window goes on as usual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from factcheck.core.errors import FactcheckError
from factcheck.core.model import utc_now
from ui import dialogs, modal
from ui.import_export import user_folder
from ui.project import ProjectModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileGone", text)


class Window(Protocol):
    project: ProjectModel

    def open_database(self, path: Path | str) -> bool: ...


class FileGone:
    def __init__(self, window: QMainWindow, host: Window) -> None:
        self.window = window
        self.host = host
        self.told = False  # told since the file went: not again until it came back and went again
        self._asking = False
        dialogs.on_file_gone(window, self.refused)  # a write refused for it asks this, not an error box

    def check(self) -> None:
        """The window's periodic look: tell the user once when the project's file went."""
        if not self.host.project.file_gone():
            self.told = False
            return
        if self.told or self._asking:
            return
        if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget() is not None:
            return  # not over a dialog or menu the user is in: told at a look after it closed
        self.told = True
        self.ask(closing=False)

    def refused(self) -> None:
        """A write refused because the file went (before a look noticed, or after "Not now"): the
        question straight away, as the answer to that write; the looks then say nothing more."""
        if self._asking:
            return
        self.told = True
        self.ask(closing=False, refused=True)

    def may_close(self) -> bool:
        """Closing the window: True when nothing would be lost (the file is there, a copy was saved and
        opened, or the user chose to close without it)."""
        if self._asking:
            return False  # the question is open already (the periodic one)
        if not self.host.project.file_gone():
            return True
        self.told = True
        return self.ask(closing=True)

    def ask(self, *, closing: bool, refused: bool = False) -> bool:
        """The question; True when the window may close (closing) or a copy was saved. refused: asked
        for a change that was not saved (it says so, and to make it again on the copy)."""
        path = self.host.project.path
        name = str(path) if path is not None else ""
        text = _tr(
            "The project file {name} was deleted, moved or replaced by another program while it was open. "
            "Everything you tagged is still here, but only this window holds it: it is lost when the "
            "window closes.\n\nSave a copy to a new file now (it opens here, and you go on working on it), "
            "or, if you moved the file, put it back where it was."
        ).format(name=dialogs.escaped(name))
        if refused:
            text = _tr("Your last change was not saved: make it again once the copy is open or the file "
                       "is back.\n\n") + text  # fmt: skip
        box = QMessageBox(QMessageBox.Icon.Warning, _tr("The project file is gone"), text, parent=self.window)
        box.setObjectName("projectFileGone")
        save = box.addButton(_tr("&Save a copy…"), QMessageBox.ButtonRole.AcceptRole)
        drop = None
        if closing:
            drop = box.addButton(_tr("Close &without saving"), QMessageBox.ButtonRole.DestructiveRole)
            later = box.addButton(QMessageBox.StandardButton.Cancel)
        else:
            later = box.addButton(_tr("&Not now"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(later)
        self._asking = True
        try:
            modal.run(box)
        finally:
            self._asking = False
        clicked = box.clickedButton()
        if clicked is save:
            return self.save_copy()
        return closing and clicked is drop  # the user chose to let it go

    def save_copy(self) -> bool:
        """Ask where, write the copy through the backup API and open it; True once it is open."""
        project = self.host.project
        path = project.path
        stamp = utc_now()[:19].replace(":", "").replace("-", "")
        name = f"{path.stem}-saved-{stamp}.db" if path is not None else "saved.db"
        dest, _ = QFileDialog.getSaveFileName(
            self.window,
            _tr("Save a copy of the project"),
            str(user_folder(path) / name),
            _tr("Databases (*.db)"),
        )
        if not dest:
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = project.save_copy(Path(dest))
        except FactcheckError as exc:
            QGuiApplication.restoreOverrideCursor()
            dialogs.show_error(self.window, _tr("The copy was not saved"), str(exc),
                               what_next=_tr("Choose another folder and try again."))  # fmt: skip
            self.told = False  # asked again at the next look
            return False
        QGuiApplication.restoreOverrideCursor()
        if not self.host.open_database(written):
            return False
        self.told = False
        self.window.statusBar().showMessage(
            _tr("Saved a copy to {path}: it is the open project now.").format(path=written), 8000
        )
        return True
