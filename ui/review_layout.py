"""The review dock's layout in a short window: the article keeps a third of the height, and the heights
the reviewer gave the dock's lists (and which sections they folded) are remembered between runs.

The dock sits under the article. Whatever its remembered height or a drag of its edge, while it is docked
there it takes at most two thirds of the height it shares with the article, so the article never shrinks
to a few lines. The lists inside (disagreements, tags, folded sections) share the dock in a splitter
whose sizes are saved with the window's layout, restored when the dock is first shown (once every section
is in it). The Review menu shows or hides the tag lists (Ctrl+Shift+T: the status line still names the
current tag, and A / R / E still act on it) and folds each section, as its header does.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from ui.review_panel import ReviewPanel
from ui.review_sections import QWIDGETSIZE_MAX
from ui.settings import Settings

ARTICLE_SHARE = 1 / 3  # of the height the article shares with a dock under it, at least
SPLITTER_KEY = "review/splitter"
SECTION_KEY = "review/section{index}"  # "open", "folded" or absent (the section's count decides)
TAG_LISTS_KEY = "review/tag_lists"  # "hidden" or absent (shown)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewLayout", text)


class ReviewLayout(QObject):
    def __init__(
        self, main: QMainWindow, dock: QDockWidget, panel: ReviewPanel, settings: Settings, menu: QMenu
    ) -> None:
        super().__init__(main)
        self.main = main
        self.dock = dock
        self.panel = panel
        self.settings = settings
        self.restored = False
        self._cap_timer = QTimer(self, singleShot=True, interval=0)
        self._cap_timer.timeout.connect(self.keep_article_share)
        main.installEventFilter(self)
        dock.installEventFilter(self)
        dock.topLevelChanged.connect(lambda _floating: self._cap_timer.start())
        dock.dockLocationChanged.connect(lambda _area: self._cap_timer.start())
        dock.visibilityChanged.connect(self._visibility_changed)
        panel.splitter.splitterMoved.connect(lambda *_: self.save())
        self.tag_lists_action = QAction(_tr("&Tag lists"), panel)
        self.tag_lists_action.setCheckable(True)
        self.tag_lists_action.setChecked(settings.q.value(TAG_LISTS_KEY) != "hidden")
        self.tag_lists_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.tag_lists_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.tag_lists_action.setStatusTip(
            _tr("Show the tags of the current disagreement under the list, or give their room to the list")
        )
        self.tag_lists_action.setProperty("helpName", _tr("Show or hide the review panel's tag lists"))
        self.tag_lists_action.toggled.connect(self._show_tag_lists)
        panel.addAction(self.tag_lists_action)  # in the dock, and from the article while it is shown
        self.menu = menu
        menu.addAction(self.tag_lists_action)
        menu.aboutToShow.connect(self._add_section_actions)
        self._show_tag_lists(self.tag_lists_action.isChecked())

    # -- what the panel shows -----------------------------------------------------------------------
    def tag_lists(self) -> QWidget | None:
        return self.panel.tag_boxes[0].parentWidget()

    def _show_tag_lists(self, on: bool) -> None:
        row = self.tag_lists()
        if row is not None:
            row.setVisible(on)
        if self.restored:
            self.save()

    def _add_section_actions(self) -> None:
        """Sections come after the menu is made (the Claims part adds its own): listed when it opens."""
        listed = set(self.menu.actions())
        for section in self.panel.sections:
            if section.toggle_action not in listed:
                self.menu.addAction(section.toggle_action)

    def has_saved_layout(self) -> bool:
        """The reviewer used the dock in an earlier run (its height then comes with the window state)."""
        return self._bytes(SPLITTER_KEY) is not None

    # -- the article's third ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self._cap_timer.start()  # after the window's own layout shared the new height out
        elif kind == QEvent.Type.Close and watched is self.main:
            self.save()
        return False

    def keep_article_share(self) -> None:
        """Docked under the article, the dock is at most (1 - ARTICLE_SHARE) of the height they share."""
        dock, central = self.dock, self.main.centralWidget()
        docked_below = (
            not dock.isFloating()
            and self.main.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
            and dock.isVisible()
            and central is not None
        )
        if not docked_below or central is None:
            if dock.maximumHeight() != QWIDGETSIZE_MAX:
                dock.setMaximumHeight(QWIDGETSIZE_MAX)
            return
        shared = central.height() + dock.height()
        cap = max(dock.minimumSizeHint().height(), int(shared * (1 - ARTICLE_SHARE)))
        if dock.maximumHeight() != cap:
            dock.setMaximumHeight(cap)

    # -- remembering --------------------------------------------------------------------------------
    def _visibility_changed(self, visible: bool) -> None:
        if visible and not self.restored:
            self.restored = True  # every section is in by now: the saved sizes fit the splitter
            self.restore()
        self._cap_timer.start()

    def restore(self) -> None:
        for index, section in enumerate(self.panel.sections):
            choice = self.settings.q.value(SECTION_KEY.format(index=index))
            if choice in ("open", "folded"):
                section.set_expanded(choice == "open")
            section.expandedChanged.connect(lambda _on: self.save())
        state = self._bytes(SPLITTER_KEY)
        splitter = self.panel.splitter
        if state is not None:
            before = splitter.sizes()
            if not splitter.restoreState(state) or splitter.count() != len(before):
                splitter.setSizes(before)  # a state of another version of the panel: the defaults
            for i in range(splitter.count()):  # restoreState shows or hides children as saved: ours decide
                child = splitter.widget(i)
                if child is not None:
                    child.setVisible(child is not self.tag_lists() or self.tag_lists_action.isChecked())

    def save(self) -> None:
        if not self.restored:
            return  # the dock never shown this run: what was saved stays
        self.settings.q.setValue(SPLITTER_KEY, self.panel.splitter.saveState())
        if self.tag_lists_action.isChecked():
            self.settings.q.remove(TAG_LISTS_KEY)
        else:
            self.settings.q.setValue(TAG_LISTS_KEY, "hidden")
        for index, section in enumerate(self.panel.sections):
            key = SECTION_KEY.format(index=index)
            if section.user_choice is None:
                self.settings.q.remove(key)
            else:
                self.settings.q.setValue(key, "open" if section.user_choice else "folded")

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.settings.q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None
