"""The window's tag-editing entry points: tag the selection, relabel, correct another's tag, edit a note,
delete, and undo/redo with the document of the step shown.

Kept out of the main window (which owns one `TagEditing` and forwards its public names to it): every
change goes through `push`, one undo command per user action, and a refusal (another's tag, the same tag
twice, a store error) changes nothing and says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QDockWidget, QStatusBar, QWidget

from factcheck.core import duplicates, ownership
from factcheck.core.errors import DuplicateTag, FactcheckError, InvalidSpan
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.spans import new_annotation
from ui import commands, dialogs, tag_text
from ui.annotation_table import AnnotationTable
from ui.article_view import ArticleView
from ui.commands import AddAnnotation, CorrectAnnotation, DeleteAnnotation, EditAnnotation, StoreCommand
from ui.project import ProjectModel
from ui.review_panel import ReviewPanel


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)  # the window's context: its translations hold


class _Review(Protocol):
    @property
    def dock(self) -> QDockWidget: ...
    @property
    def toggle_action(self) -> QAction: ...
    @property
    def panel(self) -> ReviewPanel: ...


class _Corrections(Protocol):
    def delete_command(self, ann: Annotation) -> StoreCommand | None: ...


class _UndoActions(Protocol):
    @property
    def undo(self) -> QAction: ...
    @property
    def redo(self) -> QAction: ...


class Window(Protocol):
    """What the tag editing uses of the main window."""

    project: ProjectModel
    annotator: str
    undo_stack: QUndoStack
    open_doc: OpenDocument
    view: ArticleView
    table: AnnotationTable

    @property
    def review(self) -> _Review: ...
    @property
    def corrections(self) -> _Corrections: ...
    @property
    def actions_(self) -> _UndoActions: ...

    def statusBar(self) -> QStatusBar: ...
    def current_document_id(self) -> str | None: ...
    def open_document(self, document_id: str | None) -> None: ...


class TagEditing:
    """Writes of the current tag, through the window's undo stack; `parent` is the dialogs' parent and
    `ensure_name` asks for the annotator's name when there is none yet (False: cancelled)."""

    def __init__(self, parent: QWidget, window: Window, ensure_name: Callable[[], bool]) -> None:
        self.parent = parent
        self.w = window
        self.ensure_name = ensure_name

    @property
    def _document(self) -> Document | None:
        return self.w.open_doc.document

    def _hint(self, text: str, ms: int = 4000) -> None:
        self.w.statusBar().showMessage(text, ms)

    # -- tagging ---------------------------------------------------------------------------------
    def apply_label(self, label: str) -> None:
        """A label key or button: tag the selection, or relabel the current tag when nothing is selected."""
        label = self.w.project.label_now(label)
        span = self.w.view.selected_span()
        if span is None or span[0] == span[1]:
            if self.current_annotation():
                self.relabel_current(label)
            else:
                self._hint(_tr("Select some text first, then press a label key."))
            return
        self.tag_selection(label, span)

    def tag_selection(self, label: str, span: tuple[int, int]) -> Annotation | None:
        doc = self._document
        if doc is None:
            self._hint(_tr("Open or import an article first."))
            return None
        if not self.ensure_name():
            return None
        try:
            ann = new_annotation(doc, span[0], span[1], label, self.w.annotator)
        except InvalidSpan as exc:
            self._hint(str(exc))  # whitespace only: a hint, not a dialog
            return None
        twin = duplicates.twin_of(ann, self.w.open_doc.tags.at(ann.start))
        if twin is None and not self.push(AddAnnotation(self.w.project, ann), _tr("The tag was not saved")):
            return None  # the selection stays, so the user can press the key again
        cursor = self.w.view.textCursor()
        cursor.clearSelection()
        self.w.view.setTextCursor(cursor)
        if twin is not None:  # the same tag exists: it becomes current (the next key relabels it)
            self.set_current(twin.id, scroll=False)
            self._hint(tag_text.already_tagged(twin, None), 8000)
            return None
        self.set_current(ann.id, scroll=False)
        return ann

    def current_annotation(self) -> Annotation | None:
        ann_id = self.w.view.current_annotation() or self.w.table.current_annotation()
        return self.w.open_doc.tags.get(ann_id)

    def set_current(self, annotation_id: str | None, scroll: bool = True) -> None:
        self.w.view.set_current(annotation_id, scroll=scroll)
        self.w.table.select_annotation(annotation_id)

    # -- changing a tag --------------------------------------------------------------------------
    def relabel_current(self, label: str) -> None:
        ann = self.current_annotation()
        if ann is None:
            self._hint("Select a tag first (click it, or Tab to it).")
        elif not ownership.owns(ann, self.w.annotator):
            self.correct_current(ann, label)
        elif ann.label != label:
            self._edit(ann, replace(ann, label=label))

    def correct_current(self, ann: Annotation, label: str) -> None:
        """Another's tag and a label key: ask, then add a tag of ours and reject theirs as corrected."""
        doc = self._document
        if doc is None or doc.id != ann.document_id or not self.ensure_name():
            return
        asked = dialogs.ask_about_others_tag(
            self.parent,
            _tr("Correct a tag"),
            _tr(
                "{annotator}'s tag: correct it (a new {label} tag of yours on the same words; theirs is "
                "marked rejected, corrected by {you}) or cancel?"
            ).format(annotator=ann.annotator, label=label, you=self.w.annotator),
            _tr("&Correct it"),
        )
        if not asked:
            return
        new, rejected = ownership.correction(ann, doc, self.w.annotator, label)
        self._correct(ann, new, rejected)

    def _correct(self, ann: Annotation, new: Annotation, rejected: Annotation) -> None:
        command = CorrectAnnotation(self.w.project, ann, new, rejected)
        if self.push(command, _tr("The correction was not saved")):
            self.set_current(new.id, scroll=False)

    def edit_current_note(self) -> None:
        ann = self.current_annotation()
        if ann is None:
            self._hint("Select a tag first (click it, or Tab to it).")
            return
        self.edit_note(ann.id)

    def edit_note(self, annotation_id: str) -> None:
        ann = self.w.open_doc.tags.get(annotation_id)
        if ann is None:
            return
        if not ownership.owns(ann, self.w.annotator):
            theirs = _tr("Their note: {note}").format(note=ann.note) if ann.note else _tr("It has no note.")
            refusal = ownership.refusal(ann, self.w.annotator, "edit the note of")
            dialogs.show_info(self.parent, _tr("Note"), refusal + "\n\n" + theirs)
            return
        note = dialogs.edit_note(self.parent, ann.quote, ann.note)
        if note is not None and note != ann.note:
            self._edit(ann, replace(ann, note=note))

    def edit_tag(self, annotation_id: str) -> None:
        """Label and note together (the reviewer's E)."""
        ann = self.w.open_doc.tags.get(annotation_id)
        if ann is None:
            return
        edited = dialogs.edit_tag(self.parent, ann.quote, self.w.project.labels(), ann.label, ann.note)
        if edited is None or edited == (ann.label, ann.note):
            return
        if not ownership.owns(ann, self.w.annotator):  # another's tag: the edit is a correction
            doc = self._document
            if doc is not None and doc.id == ann.document_id and self.ensure_name():
                new, rejected = ownership.correction(ann, doc, self.w.annotator, edited[0])
                self._correct(ann, replace(new, note=edited[1]), rejected)
            return
        self._edit(ann, replace(ann, label=edited[0], note=edited[1]))

    def delete_current(self) -> None:
        ann = self.current_annotation()
        if ann is None:
            self._hint("Select a tag first (click it, or Tab to it).")
        elif not ownership.owns(ann, self.w.annotator):
            reject = dialogs.ask_about_others_tag(
                self.parent,
                _tr("Delete tag"),
                ownership.refusal(ann, self.w.annotator, "delete"),
                _tr("&Reject it…"),
            )
            if reject:  # a review decision, in the review panel (shown for it)
                review = self.w.review
                if not review.dock.isVisible():
                    review.toggle_action.trigger()
                review.panel.set_current_annotation(ann.id)
                review.panel.reject_current()
        elif self.push(
            self.w.corrections.delete_command(ann) or DeleteAnnotation(self.w.project, ann),
            _tr("The tag was not deleted"),
        ):
            self.set_current(None)

    def _edit(self, before: Annotation, after: Annotation) -> None:
        doc = self._document
        text = doc.text if doc and doc.id == before.document_id else None
        if self.push(EditAnnotation(self.w.project, before, after, text), _tr("The change was not saved")):
            self.set_current(after.id, scroll=False)

    def push(self, command: StoreCommand, title: str) -> bool:
        """Run and record one command; False (with the reason shown) when it changed nothing."""
        try:
            commands.push_command(self.w.undo_stack, command)
        except DuplicateTag as exc:  # the same span, label and annotator exists: show it, make none
            self.w.project.reload_if_changed()  # another program may have made it: show it
            self.set_current(exc.existing_id, scroll=True)
            existing = self.w.open_doc.tags.get(exc.existing_id)
            self._hint(tag_text.already_tagged(existing, exc), 8000)
            return False
        except FactcheckError as exc:
            dialogs.show_error(
                self.parent, title, str(exc), what_next=_tr("Nothing was changed; try again once fixed.")
            )
            return False
        return True

    # -- undo ------------------------------------------------------------------------------------
    def undo(self) -> None:
        self._step(self.w.undo_stack.index() - 1, commands.undo, _tr("Undo failed"))

    def redo(self) -> None:
        self._step(self.w.undo_stack.index(), commands.redo, _tr("Redo failed"))

    def _step(self, index: int, step: Callable[[QUndoStack], bool], title: str) -> None:
        stack = self.w.undo_stack
        command = stack.command(index) if 0 <= index < stack.count() else None
        ann: Annotation | None = getattr(command, "annotation", None) or getattr(command, "before", None)
        if ann is not None and ann.document_id != self.w.current_document_id() and self._exists(ann):
            self.w.open_document(ann.document_id)  # show what is being undone
        try:
            step(stack)
        except FactcheckError as exc:
            dialogs.show_error(
                self.parent, title, str(exc), what_next=_tr("Nothing was changed; try again once fixed.")
            )
            return
        if notice := getattr(command, "notice", ""):  # it wrote nothing: why (ui.twin_steps)
            self.w.statusBar().showMessage(notice, 8000)
        # The step may have followed the tag kept in place of a dropped identical one (ui.twin_steps).
        ann = getattr(command, "annotation", None) or getattr(command, "before", None)
        if ann is not None:
            alive = ann.id in self.w.open_doc.tags
            self.set_current(ann.id if alive else None)

    def _exists(self, ann: Annotation) -> bool:
        """Whether the tag's document is in the project (removed, the step says it changed nothing)."""
        try:
            self.w.project.document(ann.document_id)
        except FactcheckError:
            return False
        return True

    def update_undo_actions(self, *_: object) -> None:
        stack, actions = self.w.undo_stack, self.w.actions_
        actions.undo.setEnabled(stack.canUndo())
        actions.redo.setEnabled(stack.canRedo())
        undo, redo = stack.undoText(), stack.redoText()
        actions.undo.setText(_tr("&Undo {what}").format(what=undo) if stack.canUndo() else _tr("&Undo"))
        actions.redo.setText(_tr("&Redo {what}").format(what=redo) if stack.canRedo() else _tr("&Redo"))
