"""Review in the window: the review panel as a dock, its keys, and the agreement dialog.

Kept out of main_window.py: the window only calls `install_review(window)`. While the dock is shown, the
review keys (N, P, A, R, E) also work from the article view, where the reviewer reads; while it is hidden
they do nothing there, so a stray key never decides on a tag.
"""

from __future__ import annotations

from typing import Protocol, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMessageBox

from factcheck.core.errors import FactcheckError
from factcheck.core.model import utc_now
from factcheck.core.open_document import OpenDocument
from ui.agreement_dialog import AgreementDialog
from ui.annotation_table import AnnotationTable
from ui.article_view import ArticleView
from ui.commands import MarkCurated, push_command
from ui.dialogs import offer_or_cancel, show_error
from ui.document_list import DocumentList
from ui.menus import find_menu, object_name
from ui.operations import Job
from ui.progress import Feedback
from ui.project import ProjectModel
from ui.project_operations import Agreement
from ui.review_layout import ReviewLayout
from ui.review_panel import ReviewPanel
from ui.settings import Settings


def _tr(text: str) -> str:
    return QCoreApplication.translate("Review", text)


class Host(Protocol):
    """What the review needs of the main window (which sits above this module and implements it)."""

    project: ProjectModel
    undo_stack: QUndoStack
    annotator: str
    view: ArticleView
    table: AnnotationTable
    feedback: Feedback
    open_doc: OpenDocument
    settings: Settings
    doc_list: DocumentList

    @property
    def documentChanged(self) -> SignalInstance: ...

    def current_document_id(self) -> str | None: ...

    def edit_tag(self, annotation_id: str) -> None: ...


class Review(QObject):
    """Wires a ReviewPanel dock into the main window (`main`, as a Qt window; `window`, as its Host)."""

    def __init__(self, main: QMainWindow, window: Host) -> None:
        super().__init__(main)
        self.main = main
        self.window = window
        self.agreement_dialog: AgreementDialog | None = None
        self.panel = ReviewPanel(window.project, window.undo_stack, window.annotator, window.open_doc)
        self.panel.set_suspended(True)  # no review work while the dock is closed
        self.dock = QDockWidget(_tr("Review"), main)
        self.dock.setObjectName("reviewDock")  # saveState/restoreState need a name
        self.dock.setWidget(self.panel)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        main.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self._sized = False

        self.toggle_action = self.dock.toggleViewAction()
        self.toggle_action.setText(_tr("&Review panel"))
        self.toggle_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.toggle_action.setStatusTip(_tr("Compare annotators' tags and accept or reject them"))
        main.addAction(self.toggle_action)
        self.agreement_action = QAction(_tr("&Agreement…"), main)
        self.agreement_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.agreement_action.setStatusTip(
            _tr("How well annotators agree: F1, Cohen's kappa, Krippendorff's alpha")
        )
        self.agreement_action.triggered.connect(self.show_agreement)
        main.addAction(self.agreement_action)
        self.curated_action = QAction(_tr("Mark as &curated"), main)
        self.curated_action.setCheckable(True)
        self.curated_action.setStatusTip(
            _tr("Mark this article as curated: its review is done (the document list shows it; undoable)")
        )
        self.curated_action.triggered.connect(self.toggle_curated)
        main.addAction(self.curated_action)

        menu = main.menuBar().addMenu(_tr("&Review"))
        menu.setObjectName(object_name("&Review"))
        menu.addAction(self.toggle_action)
        menu.addAction(self.agreement_action)
        menu.addAction(self.curated_action)
        menu.addSeparator()
        menu.addActions(self.panel.actions())
        menu.addSeparator()  # what the panel shows: ReviewLayout's toggles
        # The Help menu stays last.
        bar = main.menuBar()
        help_menu = find_menu(bar, "&Help")
        if help_menu is not None:
            help_action = help_menu.menuAction()
            bar.removeAction(help_action)
            bar.addAction(help_action)

        self.dock.visibilityChanged.connect(self._visibility_changed)
        self.dock.installEventFilter(self)  # its hiding, to take the focus back to the article
        # The article keeps a third of the height; the dock's lists keep the heights given them.
        self.dock_layout = ReviewLayout(main, self.dock, self.panel, window.settings, menu)
        # One current tag: the article's (a click, Tab, the tag table, any window action) is the panel's,
        # and the one the panel chooses itself (its list computed) becomes the article's.
        self.panel.article_current = window.view.current_annotation
        window.view.currentShown.connect(self._view_current_changed)
        self.panel.currentTagChosen.connect(self._panel_chose)
        self.panel.jumpTo.connect(self._jump)
        self.panel.annotatorFilterChanged.connect(window.view.set_annotator_filter)
        self.panel.editRequested.connect(window.edit_tag)
        window.documentChanged.connect(lambda _doc: self._sync_curated())
        window.project.curationChanged.connect(lambda _doc: self._sync_curated())
        window.project.storeReplaced.connect(self._sync_curated)
        self._sync_curated()

    # -- curation --------------------------------------------------------------------------------
    def _sync_curated(self) -> None:
        """The action shows whether the open document is marked curated (and needs one open)."""
        doc_id = self.window.current_document_id()
        self.curated_action.setEnabled(doc_id is not None)
        self.curated_action.setChecked(
            doc_id is not None and self.window.project.curated_mark(doc_id) is not None
        )

    def toggle_curated(self) -> None:
        """Mark the open document curated, or clear its mark: one undoable step."""
        doc_id = self.window.current_document_id()
        if doc_id is None or not (self.window.annotator or self.panel.ask_name()):  # the mark names you
            self._sync_curated()
            return
        project = self.window.project
        previous = project.curated_mark(doc_id)
        if previous is None and not self._curated_anyway(doc_id):
            self._sync_curated()
            return
        mark = None if previous is not None else (self.window.annotator, utc_now())
        command = MarkCurated(project, doc_id, project.document(doc_id).title, mark, previous)
        try:
            push_command(self.window.undo_stack, command)
        except FactcheckError as exc:
            show_error(self.main, _tr("The mark was not saved"), str(exc),
                       what_next=_tr("Nothing was changed; try again once fixed."))  # fmt: skip
        self._sync_curated()

    def _curated_anyway(self, doc_id: str) -> bool:
        """With disagreements still open (the mark closes none), whether the reviewer marks it anyway;
        Cancel is the default."""
        # As the list shows it (the open document's followed count: never its tags read in full here).
        shown = self.window.doc_list.model.state(doc_id)
        still_open = (shown if shown is not None else self.window.project.document_state(doc_id)).open
        if not still_open:
            return True
        if still_open == 1:
            text = _tr("1 disagreement is still open in this document. Mark it curated anyway?")
        else:
            text = _tr("{n} disagreements are still open in this document. Mark it curated anyway?")
        return offer_or_cancel(
            self.main, QMessageBox.Icon.Question, _tr("Mark as curated"), text.format(n=still_open),
            _tr("&Mark curated"), name="curatedAnywayBox",
        )  # fmt: skip

    def _visibility_changed(self, visible: bool) -> None:
        view = self.window.view
        self.panel.set_suspended(not visible)
        if visible and not self._sized:
            # The dock starts at half the height (the article keeps the other half, and at least a third
            # whatever the dock is dragged to: ReviewLayout); in later runs the window's saved state brings
            # back the height the reviewer chose.
            self._sized = True
            if not self.dock_layout.has_saved_layout():
                height = max(300, self.main.height() // 2)
                self.main.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)
        for action in self.panel.actions():
            if visible:
                view.addAction(action)
            else:
                view.removeAction(action)
        if not visible:
            view.set_annotator_filter(None)
        else:
            view.set_annotator_filter(self.panel.chosen_annotators())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dock and event.type() == QEvent.Type.Hide and not event.spontaneous():
            # Sent before Qt passes the focus of a hidden widget on, to the next control in the chain
            # (the tag table's label filter, where N or A do nothing): back to the article instead.
            focus = QApplication.focusWidget()
            if focus is not None and self.dock.isAncestorOf(focus):
                self.window.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def _view_current_changed(self, annotation_id: object) -> None:
        self.panel.set_current_annotation(annotation_id if isinstance(annotation_id, str) else None)

    def _panel_chose(self, annotation_id: str) -> None:
        self.window.view.set_current(annotation_id, scroll=False)
        self.window.table.select_annotation(annotation_id)

    def _jump(self, start: int, end: int, annotation_id: object) -> None:
        if isinstance(annotation_id, str):
            self.window.view.set_current(annotation_id, scroll=True)
            self.window.table.select_annotation(annotation_id)
        else:
            self.window.view.select_span(start, end)  # scrolls to it

    def show_agreement(self) -> Job | None:
        """Measure agreement on a worker thread (a big project takes a while), then show the dialog."""
        feedback = self.window.feedback
        try:
            job = self.window.project.agreement()
        except FactcheckError as exc:  # another operation runs
            feedback.status(str(exc))
            return None

        def done(result: object) -> None:
            rows, titles, scores, decisions = cast(Agreement, result)
            dialog = AgreementDialog(rows, titles, self.main, scores=scores, decisions=decisions)
            dialog.set_scope(self.window.current_document_id(), None)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(self._agreement_closed)
            self.agreement_dialog = dialog
            if feedback.can_show():
                dialog.show()

        return feedback.watch(job, done, failed_title=_tr("Cannot measure agreement"),
                              what_next=_tr("Nothing was changed; try again once fixed."))  # fmt: skip

    def _agreement_closed(self) -> None:
        self.agreement_dialog = None


def install_review(main: QMainWindow, window: Host) -> Review:
    return Review(main, window)
