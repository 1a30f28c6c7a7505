"""The window's commands on documents, labels, search across documents and tag boundaries.

Kept out of the main window (which only creates a `DocumentTools` and lets the actions call it): renaming
(F2 in the document list) and removing documents (undoable), Project > Labels…, Search all documents
(Ctrl+Shift+F), moving the current tag's start or end by a word (Alt+Ctrl / Alt+Shift + arrows), and
snapping mouse selections in the article to whole words.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStatusBar, QWidget

from factcheck.core import ownership
from factcheck.core.errors import FactcheckError
from factcheck.core.fragments import covered_text, envelope
from factcheck.core.model import Annotation, Document, Fragments
from factcheck.core.open_document import OpenDocument
from factcheck.core.spans import context
from factcheck.core.words import Edge, hit_span, moved_pieces, moved_span
from ui import commands, dialogs, modal, scheme_commands
from ui.article_view import ArticleView
from ui.commands import EditAnnotation, StoreCommand
from ui.document_commands import RemoveDocument, RenameDocument
from ui.document_list import DocumentList
from ui.labels_dialog import LabelsDialog
from ui.project import ProjectModel
from ui.search_pane import SearchPane
from ui.selection_snap import SelectionSnap
from ui.tag_text import one_line, quotable


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentTools", text)


class Window(Protocol):
    """What the tools use of the main window."""

    project: ProjectModel
    annotator: str
    undo_stack: QUndoStack
    open_doc: OpenDocument
    view: ArticleView
    doc_list: DocumentList

    def statusBar(self) -> QStatusBar: ...
    def open_document(self, document_id: str | None) -> None: ...
    def current_document_id(self) -> str | None: ...
    def current_annotation(self) -> Annotation | None: ...
    def _load_labels(self) -> None: ...
    def _update_title(self) -> None: ...
    def _set_current(self, annotation_id: str | None, scroll: bool = True) -> None: ...
    def _push(self, command: StoreCommand, title: str) -> bool: ...


def confirm(parent: QWidget, title: str, message: str, offer: str) -> bool:
    """Ask before a change that removes something: offer (with its & mnemonic) or Cancel, the default."""
    return dialogs.offer_or_cancel(parent, QMessageBox.Icon.Question, title, message, offer)


class DocumentTools(QObject):
    def __init__(self, window: Window, main: QMainWindow) -> None:
        super().__init__(main)
        self.w = window
        self.main = main
        self.search_pane = SearchPane(window.project, main)
        self.search_pane.resultActivated.connect(self.open_at_match)
        self.search_pane.closed.connect(lambda: window.view.setFocus())
        main.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.search_pane)
        self.search_pane.hide()
        self._match_shown: tuple[str, tuple[int, int]] | None = None  # (document, span) a result selected
        self.snap = SelectionSnap(window.view)
        lst = window.doc_list
        lst.renameRequested.connect(self.rename)
        lst.removeRequested.connect(self.remove)
        window.project.labelsChanged.connect(self._labels_changed)
        # Before the window's own refresh: a document removed (here, by a redo, or by another program)
        # must not stay on screen, where a tag on it could no longer be stored.
        self._ids = [s.id for s in window.project.documents()]
        window.project.documentsChanged.connect(self._close_if_gone)

    # -- documents ---------------------------------------------------------------------------------
    def _push(self, command: StoreCommand, title: str) -> bool:
        try:
            commands.push_command(self.w.undo_stack, command)
        except FactcheckError as exc:
            dialogs.show_error(self.main, title, str(exc), what_next=_tr("Nothing was changed."))
            return False
        return True

    def _target(self) -> str | None:
        doc_id = self.w.doc_list.current_document() or self.w.current_document_id()
        if doc_id is None:
            self.w.statusBar().showMessage(_tr("Choose a document in the list first."), 4000)
        return doc_id

    def rename_current(self) -> None:
        """F2 in the list (and Project > Rename document): edit the title in place."""
        doc_id = self._target()
        if doc_id is not None:
            self.w.doc_list.edit_title(doc_id)

    def rename(self, document_id: str, title: str) -> None:
        old = self._document(document_id)
        if old is None or " ".join(title.split()) == old.title:
            return
        # The window's title follows the stored one (MainWindow._refresh_documents), undo and redo too.
        if self._push(RenameDocument(self.w.project, document_id, old.title, title), _tr("Cannot rename")):
            self.w.statusBar().showMessage(_tr("Renamed (Ctrl+Z to undo)."), 4000)

    def remove_current(self) -> None:
        doc_id = self._target()
        if doc_id is not None:
            self.remove(doc_id)

    def remove(self, document_id: str) -> None:
        doc = self._document(document_id)
        if doc is None:
            return
        tags = sum(s.total for s in self.w.project.documents() if s.id == document_id)
        question = (
            _tr("Remove “{title}” and its 1 tag (everyone's) from this project?")
            if tags == 1
            else _tr("Remove “{title}” and its {n} tags (everyone's) from this project?")
        ).format(title=one_line(doc.title, 80), n=tags)
        why = _tr(
            "Undo (Ctrl+Z) brings it back. Merging a teammate's work that still has "
            "it will not bring it back; importing the article file again will."
        )
        message = f"{question}\n\n{why}"
        if not confirm(self.main, _tr("Remove document"), message, _tr("&Remove")):
            return
        command = RemoveDocument(self.w.project, document_id, doc.title, self.w.annotator)
        if self._push(command, _tr("Cannot remove")):  # the open one is replaced by _close_if_gone
            self.w.statusBar().showMessage(
                _tr("Removed “{title}” (Ctrl+Z to undo).").format(title=one_line(doc.title, 40)), 6000
            )

    def _close_if_gone(self) -> None:
        before, self._ids = self._ids, [s.id for s in self.w.project.documents()]
        open_id = self.w.open_doc.id
        if open_id is None or open_id in self._ids:
            return
        following = _neighbour(before, open_id)
        self.w.open_doc.open(None)  # gone from the store: nothing of it stays on screen
        self.w.open_document(following if following in self._ids else (self._ids[0] if self._ids else None))

    def _document(self, document_id: str) -> Document | None:
        try:
            return self.w.project.document(document_id)
        except FactcheckError:
            return None

    # -- labels ------------------------------------------------------------------------------------
    def labels_dialog(self) -> None:
        modal.run(LabelsDialog(self.w.project, self.main, self.w.undo_stack))

    def _labels_changed(self) -> None:
        self.w._load_labels()
        # Commands on the stack may name a label that was renamed or removed elsewhere: undoing them would
        # fail. A change on the stack itself keeps it (undoing in order takes that change back first).
        names = {lab.name for lab in self.w.project.labels()}
        if not scheme_commands.applying() and not names >= _labels_named(self.w.undo_stack):
            self.w.undo_stack.clear()

    # -- search across documents -----------------------------------------------------------------
    def search_all(self) -> None:
        span = self.w.view.selected_span()
        if span is not None and self._match_shown == (self.w.current_document_id(), span):
            # Back from a result: the search as typed, not the one word of it the result selected.
            self.search_pane.open_pane("")
            return
        text = self.w.view.document_text()
        selected = " ".join(text[span[0] : span[1]].split()) if span else ""
        self.search_pane.open_pane(selected if 0 < len(selected) <= 80 else "")

    def open_at_match(self, document_id: str, words: list[str]) -> None:
        self.w.open_document(document_id)
        doc = self.w.open_doc.document
        if doc is None or doc.id != document_id:
            return
        # Where the result's snippet shows it (the whole query where it first occurs, else a word of it).
        span = hit_span(doc.text, words)
        if span is not None:
            self.w.view.select_span(*span)
            self._match_shown = (document_id, span)
        # The article takes the keys (a label key tags the hit, not typed into the search); Ctrl+Shift+F
        # goes back to the search.
        self.w.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the current tag's boundaries ----------------------------------------------------------------
    def move_boundary(self, edge: Edge, forward: bool) -> None:
        ann = self.w.current_annotation()
        bar = self.w.statusBar()
        doc = self.w.open_doc.document
        if ann is None or doc is None:
            bar.showMessage(_tr("Select a tag first (click it, or Tab to it)."), 4000)
            return
        if not ownership.owns(ann, self.w.annotator):
            bar.showMessage(ownership.refusal(ann, self.w.annotator, "move"), 8000)
            return
        parts: Fragments | None = ()
        if ann.fragments:  # its outer piece moves; the tag's start and end are the pieces' envelope
            parts = moved_pieces(doc.text, ann.fragments, edge, forward)
            span = envelope(parts) if parts else None
        else:
            span = moved_span(doc.text, ann.start, ann.end, edge, forward)
        if span is None:
            stuck = (
                _tr("The tag's start cannot move further that way.")
                if edge == "start"
                else _tr("The tag's end cannot move further that way.")
            )
            bar.showMessage(stuck, 3000)
            return
        start, end = span
        prefix, quote, suffix = context(doc.text, start, end)
        after = replace(
            ann, start=start, end=end, quote=quote, prefix=prefix, suffix=suffix, fragments=parts or ()
        )
        command = EditAnnotation(self.w.project, ann, after, doc.text)
        if self.w._push(command, _tr("The tag was not moved")):  # onto an identical tag: shows that one
            self.w._set_current(ann.id, scroll=False)
            now = covered_text(after, doc.text)
            bar.showMessage(_tr("Tag now: “{quote}”").format(quote=quotable(now, 60)), 3000)


def _neighbour(ids: list[str], gone: str) -> str | None:
    """The document to show once gone is removed: the next one in the list, else the previous one."""
    if gone not in ids:
        return ids[0] if ids else None
    i = ids.index(gone)
    rest = ids[:i] + ids[i + 1 :]
    return rest[min(i, len(rest) - 1)] if rest else None


def _labels_named(stack: QUndoStack) -> set[str]:
    names: set[str] = set()
    for i in range(stack.count()):
        command = stack.command(i)
        for attr in ("annotation", "before", "after", "rejected"):
            ann = getattr(command, attr, None)
            if isinstance(ann, Annotation):
                names.add(ann.label)
    return names
