"""What the structure keys (attribution, links, speakers, pieces) share: the window they work in.

``Host`` is what they need of the main window (which sits above them and implements it); ``Context``
wraps it with the few things every flow does: find the current tag, tell the user why nothing happened
(the status bar), push an undoable command (a dialog when the write fails), make a tag current.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMainWindow, QWidget

from factcheck.core import ownership
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Annotation, Label, LabelRole
from factcheck.core.open_document import OpenDocument
from ui import commands, dialogs
from ui.annotation_table import AnnotationTable
from ui.article_view import ArticleView
from ui.commands import StoreCommand
from ui.project import ProjectModel

HINT_MS = 5000


def _tr(text: str) -> str:
    return QCoreApplication.translate("StructureKeys", text)


class Host(Protocol):
    project: ProjectModel
    undo_stack: QUndoStack
    annotator: str
    view: ArticleView
    table: AnnotationTable
    open_doc: OpenDocument

    def current_annotation(self) -> Annotation | None: ...

    def undo(self) -> None: ...  # Edit › Undo, from a window of the project's own (Project › Speakers…)

    def redo(self) -> None: ...


class Context:
    """The window as the structure flows use it (``main`` as a Qt window, ``host`` as its Host)."""

    def __init__(self, main: QMainWindow, host: Host) -> None:
        self.main = main
        self.host = host
        self._roles: dict[str, LabelRole] = {}
        self.reload_labels()

    # -- reading ---------------------------------------------------------------------------------
    @property
    def project(self) -> ProjectModel:
        return self.host.project

    @property
    def open_doc(self) -> OpenDocument:
        return self.host.open_doc

    @property
    def parent(self) -> QWidget:
        return self.main

    def reload_labels(self) -> None:
        self._roles = {lab.name: lab.role for lab in self.host.project.labels()}

    def labels(self) -> list[Label]:
        return self.host.project.labels()

    def role(self, tag: Annotation) -> LabelRole:
        """The role of the tag's label (a label this project does not know counts as content)."""
        return self._roles.get(tag.label, "content")

    def role_of_label(self, label: str) -> LabelRole:
        return self._roles.get(label, "content")

    def labels_of_role(self, role: LabelRole) -> list[str]:
        return [name for name, r in self._roles.items() if r == role]

    def current(self, hint: str = "") -> Annotation | None:
        """The current tag, or None after saying so in the status bar."""
        tag = self.host.current_annotation()
        if tag is None:
            self.status(hint or _tr("Select a tag first (click it, or Tab to it)."))
        return tag

    def owned(self, tag: Annotation, action: str) -> bool:
        """True when the user may change this tag; else a dialog says whose it is and what they may do."""
        if ownership.owns(tag, self.host.annotator):
            return True
        dialogs.show_info(self.main, _tr("Not your tag"), ownership.refusal(tag, self.host.annotator, action))
        return False

    def text(self) -> str:
        return self.open_doc.text

    # -- doing -----------------------------------------------------------------------------------
    def status(self, message: str) -> None:
        self.main.statusBar().showMessage(message, HINT_MS)

    def push(self, command: StoreCommand, title: str) -> bool:
        try:
            commands.push_command(self.host.undo_stack, command)
        except FactcheckError as exc:
            dialogs.show_error(
                self.main, title, str(exc), what_next=_tr("Nothing was changed; try again once fixed.")
            )
            return False
        return True

    def make_current(self, tag_id: str | None, *, scroll: bool = True) -> None:
        """Make this tag current in the article and the table (as a click or Tab would)."""
        self.host.view.set_current(tag_id, scroll=scroll)
        self.host.table.select_annotation(tag_id)
        self.host.view.currentAnnotationChanged.emit(tag_id)
