"""Claim cards in the window: the Claims pane as a dock, the card keys on tags, the Project menu.

Kept out of main_window.py: the window only calls `install_claims(window, window)`. On the article view
and the tag table, K makes a card from the current claim tag (or opens the card it is on) and Shift+K puts
it on an existing card; Ctrl+Shift+C goes to the Claims pane (showing it) and back. Project > Verdict scale…
and Project > Organization… edit the project's settings of reviews. Every change is a command on the
window's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QWidget

from factcheck.core.claims import Organization, ScaleEntry
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Annotation
from ui import claim_commands as cc
from ui import commands, dialogs, scale_dialog
from ui.annotation_table import AnnotationTable
from ui.article_view import ArticleView
from ui.claim_flows import CardActions
from ui.claims_model import ClaimsModel
from ui.claims_pane import ClaimsPane
from ui.commands import StoreCommand
from ui.menus import menu_named
from ui.project import ProjectModel
from ui.review_panel import ReviewPanel
from ui.speaker_claims import SpeakerClaims
from ui.verdict_disagreements import DisputedCards


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClaimsDock", text)


class _Review(Protocol):
    @property
    def panel(self) -> ReviewPanel: ...


class Host(Protocol):
    """What the claim cards need of the main window (which sits above this module and implements it)."""

    project: ProjectModel
    undo_stack: QUndoStack
    annotator: str
    view: ArticleView
    table: AnnotationTable

    @property
    def review(self) -> _Review: ...

    @property
    def documentChanged(self) -> SignalInstance: ...

    def current_document_id(self) -> str | None: ...

    def current_annotation(self) -> Annotation | None: ...

    def open_document(self, document_id: str | None) -> None: ...


class Claims(QObject):
    """Wires the claims model, the Claims pane dock and the card actions into the main window."""

    def __init__(self, main: QMainWindow, window: Host) -> None:
        super().__init__(main)
        self.main = main
        self.window = window
        self.model = ClaimsModel(window.project, self)
        self.model.news.connect(self._status)
        self.actions = CardActions(main, self.model, self.push, lambda: window.annotator, self._status)
        self.pane = ClaimsPane(self.model, self.actions)
        self.dock = QDockWidget(_tr("Claims"), main)
        self.dock.setObjectName("claimsDock")  # saveState/restoreState need a name
        self.dock.setWidget(self.pane)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        main.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self._sized = False

        self.toggle_action = self.dock.toggleViewAction()
        self.toggle_action.setText(_tr("&Claims pane"))
        self.toggle_action.setStatusTip(_tr("Claim cards: check-worthiness, verdicts, the tags of each card"))
        # The key goes to the pane (showing it), and from the pane back to the article (hiding it).
        self.go_action = QAction(_tr("&Go to the Claims pane"), main)
        self.go_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.go_action.setStatusTip(_tr("Show the Claims pane and go to its list; from the pane, hide it"))
        self.go_action.triggered.connect(self.go)
        main.addAction(self.go_action)
        local: list[QWidget] = [window.view, window.table.view]
        self.make_action = self._tag_action(
            _tr("&Make claim card…"), "K", self.make_card, local,
            _tr("A claim card from the claim tag (or open its card)"),
        )  # fmt: skip
        self.add_action = self._tag_action(
            _tr("Add tag to a c&ard…"), "Shift+K", self.add_to_card, local,
            _tr("Put the current claim tag on an existing card"),
        )  # fmt: skip
        self.scale_action = QAction(_tr("&Verdict scale…"), main)
        self.scale_action.setStatusTip(_tr("The ratings of verdicts: names, values, colours"))
        self.scale_action.triggered.connect(self.edit_scale)
        self.organization_action = QAction(_tr("&Organization…"), main)
        self.organization_action.setStatusTip(_tr("Who publishes the reviews (name and web address)"))
        self.organization_action.triggered.connect(self.edit_organization)

        view_menu = menu_named(main, "&View")
        view_menu.addSeparator()
        view_menu.addActions([self.toggle_action, self.go_action])
        edit_menu = menu_named(main, "&Edit")
        edit_menu.addSeparator()
        edit_menu.addActions([self.make_action, self.add_action])
        project_menu = menu_named(main, "&Project")
        project_menu.addActions([self.scale_action, self.organization_action])
        claims_menu = menu_named(main, "&Claims")
        claims_menu.addActions([self.toggle_action, self.go_action])
        claims_menu.addSeparator()
        claims_menu.addActions(self.pane.actions())

        self.dock.visibilityChanged.connect(self._visibility_changed)
        self.pane.jumpTo.connect(self.jump)

        # The review panel lists the cards whose annotators' verdicts differ.
        self.disputed = DisputedCards(self.model)
        window.review.panel.add_section(
            _tr("Claim cards whose verdicts differ (Enter: open the card)"), self.disputed
        )
        self.disputed.openCard.connect(self.open_card)
        window.documentChanged.connect(self.disputed.set_document)
        self.disputed.set_document(window.current_document_id())

    def _tag_action(
        self, text: str, key: str, slot: Callable[[], object], on: list[QWidget], tip: str
    ) -> QAction:
        action = QAction(text, self.main)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # typing K in a box types a K
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        for widget in on:
            widget.addAction(action)
        return action

    def speaker_section(self) -> SpeakerClaims:
        """A speaker's cards and tally for a speaker's page (its add_section tells it the speaker shown);
        Enter on a card opens it in the Claims pane."""
        section = SpeakerClaims(self.model, None)
        section.openCard.connect(self.open_card)
        return section

    def keys(self) -> list[QAction]:
        """The card actions with keys, for Help > Keyboard shortcuts (the pane's act while it has focus)."""
        pane = self.pane
        # Delete card and Take tag off the card are on the list and the card's tags, not on the pane.
        return [self.go_action, self.make_action, self.add_action, *pane.actions(), pane.delete_action,
                pane.remove_tag_action, pane.back_action]  # fmt: skip

    def _status(self, text: str) -> None:
        self.main.statusBar().showMessage(text, 5000)

    def push(self, command: StoreCommand) -> bool:
        try:
            commands.push_command(self.window.undo_stack, command)
        except FactcheckError as exc:
            dialogs.show_error(self.main, _tr("The change was not saved"), str(exc),
                               what_next=_tr("Nothing was changed; try again once fixed."))  # fmt: skip
            return False
        return True

    # -- the dock --------------------------------------------------------------------------------
    def show_pane(self) -> None:
        if not self.dock.isVisible():
            self.dock.show()
        self.dock.raise_()  # behind the Review pane's tab, it is "visible" but not seen: brought forward

    def go(self) -> None:
        """Ctrl+Shift+C: to the pane's list (shown first if hidden); from inside the pane: hide it and
        go back to the article."""
        focus = QApplication.focusWidget()
        inside = focus is not None and self.pane.isAncestorOf(focus)
        if self.dock.isVisible() and inside:
            self.dock.hide()
            self.window.view.setFocus()
            return
        self.show_pane()
        self.pane.view.setFocus()

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.pane.activate()
        if visible and not self._sized:
            # The article stays the main thing to read: the dock starts at two fifths of the height.
            self._sized = True
            height = max(300, self.main.height() * 2 // 5)
            self.main.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)

    def open_card(self, card_id: str, *, focus: bool = True) -> None:
        self.show_pane()
        self.pane.open_card(card_id)
        if focus:
            self.pane.view.setFocus()

    def jump(self, annotation_id: str, document_id: str) -> None:
        """Show the tag in its document (opening it), current in the article and the tag table."""
        self.window.open_document(document_id)
        self.window.view.set_current(annotation_id, scroll=True)
        self.window.table.select_annotation(annotation_id)
        self.window.view.setFocus()

    # -- commands --------------------------------------------------------------------------------
    def make_card(self) -> str | None:
        card_id = self.actions.make_card(self.window.current_annotation())
        if card_id is not None:
            self.open_card(card_id, focus=False)
            self.window.view.setFocus()  # back to tagging
        return card_id

    def add_to_card(self) -> str | None:
        card_id = self.actions.add_to_card(self.window.current_annotation())
        if card_id is not None:
            self.open_card(card_id, focus=False)
            self.window.view.setFocus()
        return card_id

    def edit_scale(self) -> bool:
        scale = self.model.scale()
        steps = [(e.name, e.value, e.color) for e in scale.entries]
        edited = scale_dialog.edit_scale(self.main, steps, self.model.scale_usage())
        if edited is None:
            return False
        new_steps, renames = edited
        entries = [ScaleEntry(name, value, color) for name, value, color in new_steps]
        return self.push(cc.SetScale(self.model, scale.entries, entries, renames))

    def edit_organization(self) -> bool:
        org = self.model.organization()
        edited = scale_dialog.edit_organization(self.main, org.name, org.url)
        if edited is None:
            return False
        return self.push(cc.SetOrganization(self.model, org, Organization(*edited)))


def install_claims(main: QMainWindow, window: Host) -> Claims:
    return Claims(main, window)
