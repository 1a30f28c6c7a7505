"""Undoable changes of documents: rename, remove. Writes go through the project, as every command's."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from db.documents import Removed
from ui.commands import StoreCommand
from ui.project import ProjectModel
from ui.tag_text import one_line


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentCommands", text)


class RenameDocument(StoreCommand):
    def __init__(self, project: ProjectModel, document_id: str, old: str, new: str) -> None:
        super().__init__(
            project, _tr("Rename “{old}” to “{new}”").format(old=one_line(old, 30), new=one_line(new, 30))
        )
        self.document_id = document_id
        self.old = old
        self.new = new

    def _do_redo(self) -> None:
        if not self.document_gone(self.document_id):
            self.new = self.project.rename_document(self.document_id, self.new).title

    def _do_undo(self) -> None:
        if not self.document_gone(self.document_id):
            self.project.rename_document(self.document_id, self.old)


class RemoveDocument(StoreCommand):
    """Remove a document and its tags; undo puts them back exactly (same ids, notes, reviews)."""

    def __init__(self, project: ProjectModel, document_id: str, title: str, removed_by: str) -> None:
        super().__init__(project, _tr("Remove “{title}”").format(title=one_line(title, 30)))
        self.document_id = document_id
        self.removed_by = removed_by
        self.removed: Removed | None = None
        self._passed = ""  # why an undo changed nothing (the article imported again): nor does a redo

    def _do_redo(self) -> None:
        if self._passed:
            self.wrote_nothing(self._passed)
            return
        self.removed = self.project.remove_document(self.document_id, self.removed_by)

    def _do_undo(self) -> None:
        if self.removed is None:
            return
        if self._passed or self.project.has_text(self.removed.document.sha256):
            # The article was imported again meanwhile (here or by another program): that copy stays.
            # Refusing would hold the stack at this step for ever, the steps before it out of reach.
            self._passed = _tr(
                "“{title}” was imported again meanwhile: that copy stays, and this step changed nothing."
            ).format(title=one_line(self.removed.document.title, 40))
            self.wrote_nothing(self._passed)
            return
        self.project.restore_document(self.removed)
