"""Two panes under the article (Review and Claims) share its width side by side while both fit in the
window; when they do not (an 800x600 screen: about 400 + 600 pixels at least), the one shown last goes
into tabs with the other instead of widening the window past the screen (the tabs along the panes' foot;
Ctrl+Shift+R / Ctrl+Shift+C still bring each forward). A window wide enough keeps them side by side."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStyle

from ui.deferred import soon

_ACROSS = (Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea)


class DockFit(QObject):
    def __init__(self, main: QMainWindow, docks: list[QDockWidget]) -> None:
        super().__init__(main)
        self.main = main
        self.docks = docks
        # Qt widens the window to the docks' minimum as a dock is shown, before saying it is shown: the
        # size it had before such a forced growth is what the panes had to fit in.
        self.forced_from: QSize | None = None
        main.installEventFilter(self)
        self.behind: set[QDockWidget] = set()  # shown, but behind another's tab
        for dock in docks:
            dock.visibilityChanged.connect(lambda visible, dock=dock: self._visibility(dock, visible))
            # Its key brings a pane behind a tab forward, as the tab would (Qt's toggle closed it).
            dock.toggleViewAction().triggered.connect(lambda checked, dock=dock: self._toggled(dock, checked))

    def _visibility(self, dock: QDockWidget, visible: bool) -> None:
        if visible:
            self.behind.discard(dock)
            self.fit(dock)
        elif dock.toggleViewAction().isChecked() and self.main.tabifiedDockWidgets(dock):
            self.behind.add(dock)

    def _toggled(self, dock: QDockWidget, checked: bool) -> None:
        if not checked and dock in self.behind:
            self.behind.discard(dock)
            dock.show()
            dock.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.main and event.type() == QEvent.Type.Show:
            soon(self, self.fit_screen)  # a layout saved on a wider screen, side by side
        if watched is self.main and event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            hint = self.main.minimumSizeHint()
            grew = event.size().width() > event.oldSize().width() > 0
            forced = grew and event.size().width() <= hint.width()
            self.forced_from = event.oldSize() if forced else None
            if forced:  # only a dock being shown right now may use it
                soon(self, self._forget_forced)
        return False

    def _forget_forced(self) -> None:
        self.forced_from = None

    def fit_screen(self) -> None:
        """Panes side by side, as saved on a wider screen, that this screen cannot show: into tabs (the
        window could not be made narrower than the two, its right part off the screen)."""
        screen = self.main.screen()
        docked = [d for d in self.docks if d.isVisible() and not d.isFloating()]
        if screen is None or len(docked) < 2:
            return
        first, *others = docked
        main = self.main
        area = main.dockWidgetArea(first)
        beside = [
            d for d in others if main.dockWidgetArea(d) == area and d not in main.tabifiedDockWidgets(first)
        ]
        if area in _ACROSS and beside and self._need(first, beside) > screen.availableGeometry().width():
            for dock in beside:
                main.tabifyDockWidget(first, dock)
            first.raise_()

    def _need(self, shown: QDockWidget, beside: list[QDockWidget]) -> int:
        main = self.main
        spacing = main.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, main)
        return sum(d.minimumSizeHint().width() for d in (shown, *beside)) + spacing * len(beside)

    def fit(self, shown: QDockWidget) -> None:
        main = self.main
        if shown.isFloating():
            return
        area = main.dockWidgetArea(shown)
        if area not in _ACROSS:
            return
        beside = [
            d
            for d in self.docks
            if d is not shown and d.isVisible() and not d.isFloating() and main.dockWidgetArea(d) == area
            and shown not in main.tabifiedDockWidgets(d)
        ]  # fmt: skip
        if not beside:
            return
        room = self.forced_from.width() if self.forced_from is not None else main.width()
        if self._need(shown, beside) <= room:
            return
        main.tabifyDockWidget(beside[0], shown)
        shown.raise_()
        if self.forced_from is not None:  # back to the width the window had, once the tabs are laid out
            width = self.forced_from.width()
            self.forced_from = None
            soon(self, lambda: main.resize(width, main.height()))


def install(main: QMainWindow, docks: list[QDockWidget]) -> DockFit:
    return DockFit(main, docks)
