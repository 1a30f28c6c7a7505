"""Attribution, links, speakers and discontinuous tags in the window: their keys, menus, dock and drawing.

Kept out of main_window.py: the window calls ``install(window, window)`` once. This installs
- the keys (on the article view and the tag table only, so a filter box keeps its letters):
  S / Shift+S source, C / Shift+C cue, Q quotation (ui/attribution.py); L link, F follow, Alt+Left or
  Backspace back, Shift+L delete a link (ui/links_keys.py); W the speaker of a source tag; Ctrl + a label
  key adds the selection as another piece of the current tag (ui/pieces.py);
- the Structure menu listing them, Project › Speakers… (Ctrl+Shift+K: ui/speakers_dialog.py), and
  View › Tag detail (Ctrl+Shift+D);
- the Tag detail pane under the tag table (ui/tag_detail.py) and the links drawn over the article
  (ui/links_overlay.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QMainWindow, QMenu, QScrollArea, QSplitter, QWidget

from factcheck.core.review_session import StructureSource
from ui.attribution import Attribution
from ui.layout_state import PaneLayout
from ui.links_keys import LinkKeys
from ui.links_overlay import LinksOverlay
from ui.menus import find_menu, last_menus, menu_named, object_name
from ui.pieces import Pieces
from ui.review_panel import ReviewPanel
from ui.speakers_dialog import SpeakersDialog
from ui.structure_context import Context, Host
from ui.tag_detail import TagDetail, quotation_value


def _tr(text: str) -> str:
    return QCoreApplication.translate("Structure", text)


class _Review(Protocol):
    @property
    def panel(self) -> ReviewPanel: ...


class Window(Host, Protocol):
    """The main window as seen from here (it sits above this module)."""

    splitter: QSplitter
    panes: PaneLayout

    @property
    def review(self) -> _Review: ...

    def open_document(self, document_id: str | None) -> None: ...

    def current_document_id(self) -> str | None: ...


class Structure(QObject):
    """See the module docstring; ``all`` lists every action (for Help › Keyboard shortcuts)."""

    def __init__(self, main: QMainWindow, window: Window) -> None:
        super().__init__(main)
        self.main = main
        self.window = window
        self.ctx = Context(main, window)
        self.attribution = Attribution(self.ctx)
        self.links = LinkKeys(self.ctx)
        self.pieces = Pieces(self.ctx)
        self.overlay = LinksOverlay(window.view, window.open_doc, self.ctx.role_of_label)
        self.attribution.preview = self.overlay.set_preview
        self.links.preview = self.overlay.set_preview
        self.speakers_dialog: SpeakersDialog | None = None
        self._speaker_sections: list[tuple[str, Callable[[], QWidget]]] = []
        # An open speaker's page follows the tags (a speaker named, an attribution made): once per burst.
        self._page_timer = QTimer(self, singleShot=True, interval=300)
        self._page_timer.timeout.connect(self._refresh_page)
        window.project.annotationUpserted.connect(self._tags_written)
        window.project.annotationRemoved.connect(self._tags_written)

        self.detail = TagDetail(window.open_doc, self.ctx.role, self.attribution.speaker)
        # Under the tag table, in a vertical splitter taking the table's place in the window's splitter:
        # the article keeps its width.
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setObjectName("tableDetailSplitter")
        splitter = window.splitter
        index = splitter.indexOf(window.table)
        splitter.replaceWidget(index, self.right)
        self.right.addWidget(window.table)
        # Scrolled, so that it gives the table room in a short window rather than squeezing it away.
        detail_area = QScrollArea()
        detail_area.setWidgetResizable(True)
        detail_area.setFrameShape(QFrame.Shape.NoFrame)
        detail_area.setWidget(self.detail)
        detail_area.setObjectName("tagDetailArea")
        detail_area.setAccessibleName(_tr("Tag detail"))
        self.right.addWidget(detail_area)
        self.right.setChildrenCollapsible(False)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 2)
        self.right.setSizes([480, 280])
        window.panes.replace_widget("tags", self.right)  # View › Tags pane shows and hides both
        self.detail.followRequested.connect(lambda link: self._from_detail(lambda: self.links.follow(link)))
        self.detail.deleteRequested.connect(
            lambda link: self._from_detail(lambda: self.links.delete_link(link))
        )
        self.detail.jumpRequested.connect(self._jump_from_detail)
        self.detail.quotationChosen.connect(self._quotation_chosen)

        # The detail follows the current tag however it changed (click, Tab, a new tag, an undo).
        self._sync_timer = QTimer(self, singleShot=True, interval=0)
        self._sync_timer.timeout.connect(self._sync_detail)
        window.view.currentAnnotationChanged.connect(lambda _id: self._sync_timer.start())
        window.table.currentAnnotationChanged.connect(lambda _id: self._sync_timer.start())
        window.table.view.selectionModel().currentRowChanged.connect(lambda *_: self._sync_timer.start())
        window.open_doc.tags.events.changed.connect(lambda _c: self._sync_timer.start())
        window.open_doc.events.opened.connect(lambda _doc: self.links.forget())
        window.project.speakersChanged.connect(self.detail.refresh)
        window.project.storeReplaced.connect(self._labels_changed)

        # The review panel lists link and attribution disagreements with the span ones.
        window.review.panel.session.structure = StructureSource(window.open_doc, self._symmetric)
        window.project.linkTypesChanged.connect(window.review.panel.structure_changed)

        self.all: list[QAction] = []  # every action here (as the window's Actions.all())
        local: list[QWidget] = [window.view, window.table.view]
        a = self._action
        self.attach_source = a(
            _tr("Attach nearest &source"),
            "S",
            lambda: self.attribution.attach_nearest("source"),
            local,
            _tr(
                "Attach the nearest source tag of the sentence to the current claim, denial "
                "or characterization"
            ),
        )
        self.choose_source = a(
            _tr("Ch&oose source…"), "Shift+S", lambda: self.attribution.choose("source"), local
        )
        self.attach_cue = a(
            _tr("Attach nearest &cue"), "C", lambda: self.attribution.attach_nearest("cue"), local
        )
        self.choose_cue = a(_tr("Choose c&ue…"), "Shift+C", lambda: self.attribution.choose("cue"), local)
        self.quotation = a(
            _tr("&Quotation: direct / indirect / none"), "Q", self.attribution.cycle_quotation, local
        )
        self.make_link = a(
            _tr("&Link to…"),
            "L",
            lambda: self.links.make_link(),
            local,
            _tr("Link the current tag to another: the type, then the target"),
        )
        self.follow = a(_tr("&Follow link"), "F", lambda: self.links.follow(), local)
        self.back = a(_tr("&Back"), ["Alt+Left", "Backspace"], lambda: self.links.back(), local)
        self.delete_link = a(_tr("&Delete link…"), "Shift+L", lambda: self.links.delete_link(), local)
        self.name_speaker = a(
            _tr("Spea&ker of this source…"), "W", lambda: self.attribution.name_speaker(), local
        )
        self.speakers = a(
            _tr("&Speakers…"),
            "Ctrl+Shift+K",
            self.show_speakers,
            None,
            _tr("The project's speakers: list, add, edit, merge; what each was tagged saying"),
        )
        self.detail_toggle = a(
            _tr("Tag detai&l"),
            "Ctrl+Shift+D",
            self._toggle_detail,
            None,
            _tr("Show or hide the current tag's attribution and links under the table"),
        )
        self.detail_toggle.setCheckable(True)
        self.detail_toggle.setChecked(True)
        self.piece_actions: list[QAction] = []
        self._labels_changed()

        structure = QMenu(_tr("&Structure"), main)
        structure.setObjectName(object_name("&Structure"))  # found by name: the title is translated
        structure.addActions(
            [self.attach_source, self.choose_source, self.attach_cue, self.choose_cue, self.quotation]
        )
        structure.addSeparator()
        structure.addActions([self.make_link, self.follow, self.back, self.delete_link])
        structure.addSeparator()
        structure.addAction(self.name_speaker)
        self.pieces_menu = structure.addMenu(_tr("Add selection as a &piece of the current tag"))
        bar = main.menuBar()
        # Before Review and Help, which stay last.
        before = last_menus(bar)
        if before is not None:
            bar.insertMenu(before, structure)
        else:
            bar.addMenu(structure)
        project = menu_named(main, "&Project")
        project.addSeparator()
        project.addAction(self.speakers)
        view_menu = find_menu(bar, "&View")
        if isinstance(view_menu, QMenu):
            view_menu.addSeparator()
            view_menu.addAction(self.detail_toggle)
        self._fill_pieces_menu()

    def _action(
        self,
        text: str,
        keys: str | list[str],
        slot: Callable[[], object],
        local: list[QWidget] | None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self.main)
        action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        if local:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            for widget in local:
                widget.addAction(action)
        else:
            self.main.addAction(action)
        self.all.append(action)
        return action

    # -- labels: Ctrl + each label key ---------------------------------------------------------------
    def _labels_changed(self) -> None:
        self.ctx.reload_labels()
        for action in self.piece_actions:
            for widget in (self.window.view, self.window.table.view):
                widget.removeAction(action)
            if action in self.all:
                self.all.remove(action)
            action.deleteLater()
        self.piece_actions = []
        for label in self.ctx.labels():
            if not label.shortcut:
                continue
            action = self._action(
                _tr("Add selection to the current {label}").format(label=label.name),
                f"Ctrl+{label.shortcut}",
                partial(self.pieces.add_selection, label.name),
                [self.window.view],
            )
            self.piece_actions.append(action)
        if hasattr(self, "pieces_menu"):
            self._fill_pieces_menu()

    def _fill_pieces_menu(self) -> None:
        self.pieces_menu.clear()
        self.pieces_menu.addActions(self.piece_actions)

    def _symmetric(self) -> dict[str, bool]:
        return {t.name: t.symmetric for t in self.window.project.link_types()}

    # -- the detail ------------------------------------------------------------------------------------
    def _toggle_detail(self) -> None:
        self.detail.setVisible(self.detail_toggle.isChecked())

    def _sync_detail(self) -> None:
        tag = self.window.current_annotation()
        tag_id = tag.id if tag is not None else None
        if tag_id != self.detail.tag_id:
            self.detail.show_tag(tag_id)

    def _from_detail(self, act: Callable[[], object]) -> None:
        act()
        self.window.view.setFocus()

    def _jump_from_detail(self, tag_id: str) -> None:
        current = self.window.current_annotation()
        if current is not None:
            self.links.back_stack.append(current.id)
        self.ctx.make_current(tag_id)
        self.window.view.setFocus()

    def _quotation_chosen(self, value: object) -> None:
        tag = self.window.current_annotation()
        if tag is not None and self.ctx.role(tag) == "content":
            self.attribution.set_quotation(tag, quotation_value(value))
        self.detail.refresh()

    # -- speakers --------------------------------------------------------------------------------------
    def add_speaker_section(self, title: str, make: Callable[[], QWidget]) -> None:
        """Another part of the window adds a section to every speaker's page (e.g. claim cards and a
        verdict tally): ``make()`` builds its widget when the Speakers dialog is built; a widget with
        ``show_speaker(speaker_id | None)`` is told of each speaker shown (ui/speaker_page.py)."""
        self._speaker_sections.append((title, make))
        if self.speakers_dialog is not None:
            self.speakers_dialog.page.add_section(title, make())

    def show_speakers(self) -> SpeakersDialog:
        if self.speakers_dialog is None:
            dialog = SpeakersDialog(self.ctx, self._titles)
            dialog.openTag.connect(self.open_tag)
            for title, make in self._speaker_sections:
                dialog.page.add_section(title, make())
            self.speakers_dialog = dialog
        self.speakers_dialog.reload()
        self.speakers_dialog.show()
        self.speakers_dialog.raise_()
        self.speakers_dialog.activateWindow()
        return self.speakers_dialog

    def _tags_written(self, _tag: object) -> None:
        if self.speakers_dialog is not None and self.speakers_dialog.isVisible():
            self._page_timer.start()

    def _refresh_page(self) -> None:
        dialog = self.speakers_dialog
        # The window closed within the burst's wait: its project may be closed already.
        if dialog is not None and dialog.isVisible() and self.main.isVisible():
            dialog.reload()  # the counts, and the page of the speaker shown

    def _titles(self) -> dict[str, str]:
        return {s.id: s.title for s in self.window.project.documents()}

    def open_tag(self, document_id: str, tag_id: str) -> None:
        """Open a document at a tag (from a speaker's page)."""
        self.window.open_document(document_id)
        if self.window.current_document_id() == document_id:
            self.window.open_doc.tags.complete()
            self.ctx.make_current(tag_id)
            self.main.activateWindow()
            self.window.view.setFocus()


def install(main: QMainWindow, window: Window) -> Structure:
    return Structure(main, window)
