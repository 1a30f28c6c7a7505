"""The main window: documents on the left, the article in the centre, its tags on the right.

The window never reads state back from widgets: it writes through the project (via undo commands); the
project's signals feed the OpenDocument (``DocumentFeed``), and every view of the open document follows
the OpenDocument. What is true about the open document, the window asks the OpenDocument.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QVBoxLayout, QWidget

from factcheck.core.errors import FactcheckError
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument
from ui import (
    about,
    accessibility,
    claims_dock,
    command_texts,
    databases,
    dialogs,
    dock_fit,
    drops,
    identity,
    import_export,
    key_hints,
    modal,
    shortcuts,
    structure_window,
    web_open,
)
from ui.actions import build_actions, build_menus
from ui.annotation_table import AnnotationTable
from ui.article_view import ArticleView
from ui.colors import swatch
from ui.commands import StoreCommand
from ui.corrections_view import install_corrections
from ui.document_counts import DocumentCounts
from ui.document_feed import DocumentFeed
from ui.document_list import DocumentList, mark_text
from ui.document_tools import DocumentTools
from ui.file_gone import FileGone
from ui.find_bar import FindBar
from ui.layout_state import PaneLayout
from ui.legend import LabelBar
from ui.link_types_dialog import install_link_types
from ui.menus import menu_text
from ui.operations import Job
from ui.progress import Feedback
from ui.project import ProjectModel
from ui.quitting import Quitting
from ui.review_dock import install_review
from ui.settings import Settings
from ui.status_bar import StatusBar
from ui.status_items import StatusItems
from ui.tag_editing import TagEditing
from ui.tag_menu import TagMenus
from ui.team_sync import TeamSync
from ui.theme import Appearance

#: Steps the undo history keeps (the oldest dropped first). Every edit is saved at once, so the history is
#: a convenience, not the data: generous (a few hours of keyboard work) but bounded, so a window kept open
#: for days does not keep every tag it ever made, twice, in memory (each step holds its tags' copies).
UNDO_LIMIT = 2000
RELOAD_INTERVAL_MS = 2000  # look for other processes' writes this often (and on window activation)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    documentChanged = Signal(object)  # the open document's id, or None

    def __init__(self, project: ProjectModel, annotator: str, settings: Settings | None = None) -> None:
        super().__init__()
        self.setStatusBar(StatusBar(self))  # repaints only what changed when the tag counts change
        self.project = project
        self.annotator = annotator
        # Yours, for a project not synced: `annotator` is a synced project's login there (ui/team_sync.py).
        self.own_annotator = annotator
        self.settings = settings or Settings()
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)  # only while empty: before any command
        self.setWindowTitle("factcheck")
        self.resize(1280, 800)
        self.quitting = Quitting(self)  # asked to quit while an operation ran: close once it has ended
        self.feedback = Feedback(self, lambda text: self.statusBar().showMessage(text, 8000),
                                 self.quitting.asked)  # fmt: skip

        self.open_doc = OpenDocument()
        command_texts.follow(self.open_doc)  # the undo steps hold the open copy of its text, not an older
        self.feed = DocumentFeed(project, self.open_doc, self)  # before any other slot on the project
        self.view = ArticleView(open_document=self.open_doc)
        self.view.setObjectName("articleView")
        self.find_bar = FindBar(self.view)
        self.find_bar.closed.connect(lambda: self.view.setFocus())
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.view, 1)
        centre_layout.addWidget(self.find_bar)
        self.doc_list = DocumentList()
        self.table = AnnotationTable(open_document=self.open_doc)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for widget, stretch in ((self.doc_list, 0), (centre, 1), (self.table, 0)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.setCentralWidget(self.splitter)

        self.label_bar = LabelBar(self)
        self.addToolBar(self.label_bar)
        self.label_bar.labelChosen.connect(self.apply_label)
        self.view.annotatorMarksChanged.connect(self.label_bar.set_annotator_marks)
        self.docs = DocumentTools(self, self)  # documents, labels, search, tag boundaries
        # Tagging, relabelling, notes, deleting, undo/redo.
        self.editing = TagEditing(self, self, lambda: identity.ensure(self))
        self.actions_ = build_actions(self, self)
        self.recent_menu, self.relabel_menu = build_menus(self, self.actions_)
        self.panes = PaneLayout.standard(
            self, self.splitter, centre, self.doc_list, self.table, self.settings, home=self.view
        )
        self.recent_menu.aboutToShow.connect(
            lambda: databases.fill_recent_menu(self.recent_menu, self.settings, self.open_recent_database)
        )
        for changed in (self.undo_stack.canUndoChanged, self.undo_stack.canRedoChanged,
                        self.undo_stack.indexChanged):  # fmt: skip
            changed.connect(self._update_undo_actions)

        self.status_items = StatusItems(self, self)  # who tags, how many tags, saved or not
        self.team = TeamSync(self)  # background sync with the team server, its status after the others

        self.view.currentAnnotationChanged.connect(self._view_current_changed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.currentAnnotationChanged.connect(self._table_current_changed)
        self.table.activated.connect(lambda ann_id: self.edit_note(ann_id))
        self.table.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tag_menus = TagMenus(self, self)  # right-click on the article or a tag row
        self.doc_list.documentActivated.connect(self.open_document)
        self.doc_list.model.mark_of = self._mark_text

        p = self.project
        p.annotationUpserted.connect(self._on_tag_written)
        p.annotationRemoved.connect(self._on_tag_written)
        self.open_doc.tags.events.changed.connect(lambda _change: self._update_status())
        self.open_doc.tags.events.reset.connect(self._on_tags_reset)
        p.documentsChanged.connect(self._refresh_documents)
        p.curationChanged.connect(self._on_curation_changed)
        p.errorOccurred.connect(self.status_items.on_error)
        p.saved.connect(self.status_items.on_saved)
        p.storeReplaced.connect(self._on_store_replaced)
        p.operations.changed.connect(self._operations_changed)

        # The document list's counts: an edit's document only, once per burst of tagging.
        self.doc_counts = DocumentCounts(
            self,
            lambda: self.project,
            self.doc_list,
            self.status_items,
            self.open_doc,
            settled=lambda: not self.table.model.listing(),
        )
        self._reload_timer = QTimer(self, interval=RELOAD_INTERVAL_MS)
        self._reload_timer.timeout.connect(self.project.reload_if_changed)
        # The project's file deleted or moved: told once, offered a copy.
        self.file_gone = FileGone(self, self)
        self._reload_timer.timeout.connect(self.file_gone.check)
        self._reload_timer.start()

        self._load_labels()
        self._refresh_documents()
        self.review = install_review(self, self)
        accessibility.name_window(self, self)
        self.appearance = Appearance(self, self.view, self.settings)  # zoom and theme, from the settings
        self.appearance.add_to_menu(self.findChild(QMenu, "viewMenu"))
        self.review.panel.ask_name = lambda: identity.ensure(self)  # a decision needs the reviewer's name
        self.claims = claims_dock.install_claims(self, self)
        dock_fit.install(self, [self.review.dock, self.claims.dock])  # side by side, or tabbed if too wide
        self.corrections = install_corrections(self, self)  # which tag corrects which; J jumps between
        self.structure = structure_window.install(self, self)  # attribution, links, speakers, pieces
        self.drops = drops.install(self, self)  # files and links dropped on the window (ui/drops.py)
        install_link_types(self, lambda: self.project)  # Project > Link types…
        key_hints.install(self.view, self.review.dock.isVisible,  # a key that would do nothing says why
                          lambda: {lab.shortcut for lab in self.project.labels() if lab.shortcut},
                          lambda text: self.statusBar().showMessage(text, key_hints.HINT_MS))  # fmt: skip
        # Claim cards and their verdicts on each speaker's page.
        self.structure.add_speaker_section(_tr("Claim cards"), self.claims.speaker_section)
        self._restore_settings()
        self._update_status()
        self.editing.update_undo_actions()

    # -- documents -------------------------------------------------------------------------------
    @property
    def _document(self) -> Document | None:
        return self.open_doc.document

    def current_document_id(self) -> str | None:
        return self.open_doc.id

    def open_document(self, document_id: str | None) -> None:
        if document_id == self.current_document_id():
            return
        try:
            doc = self.feed.open(document_id)
        except FactcheckError as exc:
            dialogs.show_error(self, _tr("Cannot open the document"), str(exc))
            return
        if doc is not None:
            self.settings.set_last_document(self.project.path, doc.id)
        self.doc_list.select_document(document_id)
        self._update_title()
        self._update_status()
        self.documentChanged.emit(document_id)

    def _refresh_documents(self) -> None:
        self.doc_counts.refresh_all()
        # Renamed (here, by an undo or redo, by another program): the window's title follows.
        doc = self.open_doc.document
        if doc is not None:
            try:
                title = self.project.document(doc.id).title
            except FactcheckError:  # removed: ui.document_tools opens another one
                return
            if title != doc.title:
                self.open_doc.document = replace(doc, title=title)
                self._update_title()

    def _on_curation_changed(self, document_id: str) -> None:
        self.doc_counts.touch(document_id)
        self.doc_counts.flush()  # a mark set or cleared shows at once

    def _load_labels(self) -> None:
        labels = self.project.labels()
        self.view.set_labels(labels)
        self.table.set_labels(labels)
        self.doc_list.set_labels(labels)
        self.label_bar.set_labels(labels, [self.view, self.table.view])
        self.relabel_menu.clear()
        for lab in labels:
            action = self.relabel_menu.addAction(QIcon(swatch(lab.color)), menu_text(lab.name))
            action.triggered.connect(lambda _=False, name=lab.name: self.relabel_current(name))

    # -- tagging (ui/tag_editing.py) -------------------------------------------------------------
    def apply_label(self, label: str) -> None:
        self.editing.apply_label(label)

    def tag_selection(self, label: str, span: tuple[int, int]) -> Annotation | None:
        return self.editing.tag_selection(label, span)

    def current_annotation(self) -> Annotation | None:
        return self.editing.current_annotation()

    def relabel_current(self, label: str) -> None:
        self.editing.relabel_current(label)

    def edit_current_note(self) -> None:
        self.editing.edit_current_note()

    def edit_note(self, annotation_id: str) -> None:
        self.editing.edit_note(annotation_id)

    def edit_tag(self, annotation_id: str) -> None:
        self.editing.edit_tag(annotation_id)

    def delete_current(self) -> None:
        self.editing.delete_current()

    def _push(self, command: StoreCommand, title: str) -> bool:
        return self.editing.push(command, title)

    def undo(self) -> None:
        self.editing.undo()

    def redo(self) -> None:
        self.editing.redo()

    def _update_undo_actions(self) -> None:
        # A slot of the window's own: the stack emits as it is destroyed with the window, when a slot of
        # the window is no longer called (a plain object's method would run against the deleted stack).
        self.editing.update_undo_actions()

    # -- the current tag -------------------------------------------------------------------------
    def _set_current(self, annotation_id: str | None, scroll: bool = True) -> None:
        self.editing.set_current(annotation_id, scroll)

    def _mark_text(self, document_id: str) -> str | None:
        """The document list's line for a curated document's mark (the project of the moment's)."""
        mark = self.project.curated_mark_and_sender(document_id)
        return None if mark is None else mark_text(*mark)

    def _view_current_changed(self, annotation_id: object) -> None:
        self.table.select_annotation(annotation_id if isinstance(annotation_id, str) else None)

    def _table_current_changed(self, annotation_id: object) -> None:
        self.view.set_current(annotation_id if isinstance(annotation_id, str) else None, scroll=True)

    def step_tag(self, backward: bool) -> None:
        self.view.next_annotation(backward=backward)  # its currentAnnotationChanged selects the table row

    # -- project and OpenDocument events -----------------------------------------------------------
    def _on_tag_written(self, ann: Annotation) -> None:
        self.doc_counts.tag_written(ann)  # its document's line in the list, at the end of the burst

    def _on_tags_reset(self, _: None) -> None:
        """Many tags changed (import, another process): keep the current tag (and place) if it is alive."""
        current = self.view.current_annotation()
        if current and current in self.open_doc.tags:
            self._set_current(current, scroll=False)
        self._update_status()

    def _on_store_replaced(self) -> None:
        self.undo_stack.clear()  # the commands belong to the other database
        self.open_document(None)
        self._load_labels()
        self._refresh_documents()
        self.status_items.on_saved()
        self.open_initial_document()

    def _update_status(self) -> None:
        self.status_items.update()

    def _update_title(self) -> None:
        db = self.project.path.name if self.project.path else _tr("in memory")
        title = self._document.title if self._document else _tr("no article")
        # Qt appends the application display name ("— factcheck") itself.
        self.setWindowTitle(f"{title} ({db})")

    # -- other processes -------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.project.reload_if_changed()
        super().changeEvent(event)

    # -- find and zoom ---------------------------------------------------------------------------
    def zoom_in(self) -> None:  # the whole window's text (ui/theme.py)
        self.appearance.zoom_in()

    def zoom_out(self) -> None:
        self.appearance.zoom_out()

    def zoom_reset(self) -> None:
        self.appearance.set_zoom(100)

    # -- files and long operations (the work is in ui/import_export.py, run by the project) --------
    def import_dialog(self) -> None:
        self.import_files(import_export.choose_import_files(self))

    def import_files(self, paths: list[str], *, report: bool = True) -> Job | None:
        """Import on a worker thread; the window opens the first imported document once stored."""

        def opened(result: object) -> None:
            ids = getattr(result, "document_ids", [])
            if ids:
                self.open_document(ids[0])

        return import_export.start_import(self.feedback, self.project, paths, self.annotator,
                                          report=report, then=opened)  # fmt: skip

    def open_web_page(self) -> Job | None:
        """File > Open web page… (ui/web_open.py): an address, downloaded, imported and shown."""
        return web_open.open_web_page(self.feedback, self.project, self.annotator, self.open_document)

    def export_dialog(self) -> Job | None:
        return import_export.export_interactively(self.feedback, self.project, self.current_document_id())

    def backup_dialog(self) -> Job | None:
        if self.project.file_gone():  # a worker would open the path, not what this window holds
            self.file_gone.save_copy()
            return None
        return import_export.backup_interactively(self.feedback, self.project)

    def _operations_changed(self) -> None:
        """One long operation at a time: the commands that would start another wait for it."""
        job = self.project.operations.current()
        tip = _tr("{operation} is running").format(operation=job.operation.title) if job else ""
        a = self.actions_
        for action in (a.import_files, a.open_web, a.export, a.backup, a.new_db, a.open_db,
                       self.review.agreement_action):  # fmt: skip
            action.setEnabled(job is None)
            action.setToolTip(tip or action.text().replace("&", ""))
        self.recent_menu.setEnabled(job is None)

    def new_database(self) -> None:
        databases.choose_and_open(self, self.project, self.settings, new=True)

    def open_database_dialog(self) -> None:
        databases.choose_and_open(self, self.project, self.settings, new=False)

    def open_database(self, path: Path | str) -> bool:
        return databases.open_database(self, self.project, self.settings, path)

    def open_recent_database(self, path: str) -> bool:
        return databases.open_recent(self, self.project, self.settings, path)

    def change_annotator(self) -> None:
        identity.change(self)
        self.team.keep_login()  # a synced project's tags carry its login, whatever your name

    def team_server_dialog(self) -> None:
        self.team.open_dialog()

    def use_annotator(self, name: str) -> None:
        """The name on new tags for this project only (a team server's login), not saved as yours."""
        identity.set_name(self, name, remember=False)

    def show_shortcuts(self) -> None:
        others = [
            *self.actions_.all(),
            *self.claims.keys(),
            self.corrections.jump_action,
            *self.structure.all,
            self.structure.detail.delete_action,
        ]
        groups = shortcuts.shortcut_groups(self, self.label_bar.label_actions, others)
        modal.run(shortcuts.ShortcutsDialog(self, groups))

    def show_about(self) -> None:
        about.show_about(self, self.project.path)

    # -- settings --------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        self.panes.restore()

    def open_initial_document(self) -> None:
        """The last document of this database, else the first one."""
        last = self.settings.last_document(self.project.path)
        ids = [self.doc_list.model.summary(r).id for r in range(self.doc_list.model.rowCount())]
        self.open_document(last if last in ids else (ids[0] if ids else None))

    def save_settings(self) -> None:
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.panes.save()
        if self._document is not None:
            self.settings.set_last_document(self.project.path, self._document.id)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        job = self.project.operations.current()
        if job is not None and not self.quitting.after(job):
            event.ignore()  # never leave a worker running behind a closed window
            return
        if not self.file_gone.may_close():  # the project's file is gone: closing would lose it
            event.ignore()
            return
        self.project.operations.shutdown()  # a job's last step (an import's checkpoint) joined too
        self.team.shutdown()
        self._reload_timer.stop()
        self.doc_counts.stop()
        self.save_settings()
        super().closeEvent(event)
