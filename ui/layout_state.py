"""The window's panes: documents | article | tags in one splitter, their View menu toggles, and what of
the layout is remembered between runs (splitter sizes, which panes are shown, the tag table's columns).

The article is what the user reads: whatever the window size or a restored state says, it keeps at least
``ARTICLE_SHARE`` of the splitter while side panes are shown, so words are never split over lines of a few
characters. A remembered state is only a starting point: a pane squeezed to nothing, a hidden or
zero-width column, a column wider than its table are put right when restored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QHeaderView, QMainWindow, QMenu, QSplitter, QWidget

from ui.annotation_table import AnnotationTable
from ui.settings import Settings

ARTICLE_SHARE = 0.5  # of the splitter's width at least, while a side pane is shown
MIN_SIDE = 110  # px: a side pane narrower than this is no use (hide it instead)
MIN_COLUMN = 32  # px: a table column narrower than this shows nothing
MIN_FIRST_COLUMN = 72  # px
MIN_STRETCH_COLUMN = 80  # px: the stretched column (the quote) keeps at least this
STRETCH_SHARE = 0.3  # and at least this share of the table's width


def _tr(text: str) -> str:
    return QCoreApplication.translate("PaneLayout", text)


@dataclass
class Pane:
    key: str  # its name in the settings
    widget: QWidget
    action: QAction


class PaneLayout(QObject):
    """Keeps the article the largest pane; View menu toggles for the side panes; saves and restores."""

    def __init__(
        self,
        main: QMainWindow,
        splitter: QSplitter,
        article: QWidget,
        sides: list[tuple[str, str, str, QWidget]],  # (key, menu text, shortcut, widget)
        header: QHeaderView,
        settings: Settings,
        widths: list[int],
        home: QWidget | None = None,
    ) -> None:
        super().__init__(main)
        self.main = main
        self.splitter = splitter
        self.article = article
        self.home = home or article  # where the focus goes when the pane holding it is hidden
        self.header = header
        self.settings = settings
        self._adjusting = False
        splitter.setChildrenCollapsible(False)  # a pane goes away from the View menu, never by a drag
        self.panes: list[Pane] = []
        for key, text, keys, widget in sides:
            action = QAction(text, main)
            action.setCheckable(True)
            action.setChecked(True)
            action.setShortcut(QKeySequence(keys))
            action.setStatusTip(_tr("Show or hide this pane; the article takes its room"))
            action.toggled.connect(lambda on, k=key: self._show_pane(k, on))
            main.addAction(action)  # window-wide shortcut, also while the menu bar is hidden
            self.panes.append(Pane(key, widget, action))
        # The widths the user chose by dragging (at first the defaults): the proportions kept on resizes.
        self._preferred = list(widths)
        splitter.setSizes(widths)
        splitter.splitterMoved.connect(lambda *_: self.keep_article_share(dragged=True))
        self._resized = QTimer(self, singleShot=True, interval=0)
        self._resized.timeout.connect(lambda: self.keep_article_share(resized=True))
        splitter.installEventFilter(self)
        header.viewport().installEventFilter(self)

    @classmethod
    def standard(
        cls,
        main: QMainWindow,
        splitter: QSplitter,
        article: QWidget,
        documents: QWidget,
        tags: AnnotationTable,
        settings: Settings,
        home: QWidget | None = None,
    ) -> PaneLayout:
        """The main window's: documents | article | tags, toggled from its View menu."""
        panes = cls(
            main,
            splitter,
            article,
            [
                ("documents", _tr("Documents &pane"), "Ctrl+Shift+1", documents),
                ("tags", _tr("Tag&s pane"), "Ctrl+Shift+3", tags),
            ],
            tags.view.horizontalHeader(),
            settings,
            [190, 650, 440],
            home,
        )  # fmt: skip (the article gets the most room, and keeps it)
        panes.add_to_menu(main.findChild(QMenu, "viewMenu"))
        return panes

    # -- the View menu ---------------------------------------------------------------------------------
    def add_to_menu(self, menu: QMenu | None) -> None:
        if menu is None:
            return
        menu.addSeparator()
        for pane in self.panes:
            menu.addAction(pane.action)

    def _show_pane(self, key: str, on: bool) -> None:
        widget = next(p.widget for p in self.panes if p.key == key)
        focus = QApplication.focusWidget()
        if not on and focus is not None and widget.isAncestorOf(focus):
            # Qt would pass it on to the next control in the chain (the documents' filter box, where
            # the next label key would be typed): back to the article instead
            self.home.setFocus(Qt.FocusReason.OtherFocusReason)
        widget.setVisible(on)
        if on:
            self.keep_article_share()

    def replace_widget(self, key: str, widget: QWidget) -> None:
        """The pane key is now widget (one that took the old one's place in the splitter, e.g. a splitter
        holding it and more): the View toggle, the saved width and visibility follow it."""
        pane = next(p for p in self.panes if p.key == key)
        pane.widget = widget
        widget.setVisible(pane.action.isChecked())

    # -- the article's share ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            if watched is self.splitter:  # after QSplitter's own share-out of the new width
                self._resized.start()
            elif watched is self.header.viewport():
                fit_columns(self.header)
        return False

    def keep_article_share(self, dragged: bool = False, resized: bool = False) -> None:
        """Share the splitter's width as the user last chose it, the article keeping at least
        ARTICLE_SHARE and each side pane its minimum where there is room for it. A drag that leaves all
        that so is kept as it is; a resize shares the new width in the chosen proportions (Qt would give
        all of it to the article, and take it back from the side panes first)."""
        if self._adjusting:
            return
        sizes = self.splitter.sizes()
        index = self.splitter.indexOf(self.article)
        total = sum(sizes)
        if total <= 0 or index < 0:
            return
        if dragged:  # a hidden pane (0) keeps its last width for when it is shown again
            self._preferred = [s if s > 0 else p for s, p in zip(sizes, self._preferred, strict=True)]
        pref = self._preferred
        widgets = [self.splitter.widget(i) for i in range(len(sizes))]
        sides = [i for i, w in enumerate(widgets) if i != index and w is not None and not w.isHidden()]
        if not sides:
            return
        mins = {i: max(MIN_SIDE, w.minimumSizeHint().width()) for i in sides if (w := widgets[i]) is not None}
        if not resized and sizes[index] >= total * ARTICLE_SHARE and all(sizes[i] >= mins[i] for i in sides):
            return  # as the user left it: nothing to put right
        chosen = pref[index] / max(1, pref[index] + sum(pref[i] for i in sides))
        article = min(total, math.ceil(total * max(ARTICLE_SHARE, chosen)))
        room = total - article
        # Each side pane keeps its minimum if it can; what is left is shared as the user chose.
        if sum(mins.values()) > room:
            mins = dict.fromkeys(sides, 0)
        spare = room - sum(mins.values())
        weight = sum(pref[i] for i in sides)
        new = [0] * len(sizes)
        for i in sides:
            new[i] = max(1, mins[i] + math.floor(spare * pref[i] / weight if weight else 0))
        new[index] = total - sum(new[i] for i in sides)
        if new == sizes:
            return
        self._adjusting = True
        try:
            self.splitter.setSizes(new)
        finally:
            self._adjusting = False

    # -- remembering -----------------------------------------------------------------------------------
    def save(self) -> None:
        self.settings.save_layout(
            self.splitter.saveState(),
            self.header.saveState(),
            [p.key for p in self.panes if not p.action.isChecked()],
        )

    def restore(self) -> None:
        """The remembered layout, made sane: panes shown or hidden as left, sizes and columns checked."""
        hidden = set(self.settings.hidden_panes())
        for pane in self.panes:
            pane.action.setChecked(pane.key not in hidden)
        state = self.settings.splitter_state()
        if state is not None and self.splitter.restoreState(state):
            for pane in self.panes:  # restoreState shows or hides children as saved: the menu decides
                pane.widget.setVisible(pane.action.isChecked())
            self.article.setVisible(True)
            self._repair_sizes()
            sizes = self.splitter.sizes()
            self._preferred = [s if s > 0 else p for s, p in zip(sizes, self._preferred, strict=True)]
        self.keep_article_share()
        restore_columns(self.header, self.settings.columns_state())

    def _repair_sizes(self) -> None:
        """A shown side pane squeezed below MIN_SIDE (or to 0) gets its width back from the article."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        index = self.splitter.indexOf(self.article)
        new = list(sizes)
        for pane in self.panes:
            i = self.splitter.indexOf(pane.widget)
            if pane.action.isChecked() and 0 <= i < len(new) and new[i] < MIN_SIDE:
                new[i] = MIN_SIDE
        new[index] = max(0, total - sum(s for i, s in enumerate(new) if i != index))
        if new != sizes:
            self.splitter.setSizes(new)


def restore_columns(header: QHeaderView, state: QByteArray | None) -> None:
    """Restore a header's saved state, then undo what would hide a column: a hidden or zero-width
    section, or a column count that no longer matches (the defaults are kept then)."""
    defaults = header.saveState()
    if state is not None:
        count = header.count()
        if not header.restoreState(state) or header.count() != count:
            header.restoreState(defaults)
    for section in range(header.count()):
        if header.isSectionHidden(section):
            header.showSection(section)
        stretched = header.sectionResizeMode(section) == QHeaderView.ResizeMode.Stretch
        if not stretched and header.sectionSize(section) < MIN_COLUMN:
            header.resizeSection(section, header.defaultSectionSize())
    fitter = header.findChild(ColumnFitter) or ColumnFitter(header)
    fitter.remember_current()  # the restored widths are the chosen ones
    fitter.fit()


class ColumnFitter(QObject):
    """Keeps every column of a table in view: the fixed-width columns shrink (never below MIN_COLUMN)
    when the table narrows, leaving the stretched one (the quote) STRETCH_SHARE of the width, and grow
    back to the widths the user (or the table) chose when it widens again."""

    def __init__(self, header: QHeaderView) -> None:
        super().__init__(header)
        self.header = header
        self.wanted: dict[int, int] = {}  # column -> the width chosen for it, not squeezed
        self._fitting = False
        header.sectionResized.connect(self._resized)

    def _resized(self, section: int, _old: int, new: int) -> None:
        if not self._fitting and self.header.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive:
            self.wanted[section] = new

    def remember_current(self) -> None:
        self.wanted = {s: self.header.sectionSize(s) for s in range(self.header.count())}

    def fit(self) -> None:
        header = self.header
        width = header.viewport().width()
        if width <= 0 or header.count() == 0:
            return
        modes = {s: header.sectionResizeMode(s) for s in range(header.count())}
        stretched = [s for s, m in modes.items() if m == QHeaderView.ResizeMode.Stretch]
        fixed = [s for s, m in modes.items() if m == QHeaderView.ResizeMode.Interactive]
        others = sum(header.sectionSize(s) for s in modes if s not in stretched and s not in fixed)
        quote = max(MIN_STRETCH_COLUMN, int(width * STRETCH_SHARE))  # what the table is read for
        room = width - others - quote * len(stretched)
        wanted = {s: max(MIN_COLUMN, self.wanted.get(s, header.sectionSize(s))) for s in fixed}
        if sum(wanted.values()) <= room:
            targets = wanted
        else:
            # The first column (the label) names the row: it keeps room for a short word and its swatch.
            floor = {s: min(wanted[s], MIN_FIRST_COLUMN if s == 0 else MIN_COLUMN) for s in fixed}
            spare = max(0, room - sum(floor.values()))
            extra = sum(wanted[s] - floor[s] for s in fixed)
            targets = {s: floor[s] + ((wanted[s] - floor[s]) * spare // extra if extra else 0) for s in fixed}
        changed = {s: size for s, size in targets.items() if header.sectionSize(s) != size}
        if not changed:
            return
        # Each resizeSection of a shown header first carries out the resize the one before it posted,
        # which measures the columns sized to their contents again (the time column: 100 rows, a Python
        # call per cell); with its updates off a resize is only posted, done once after the last.
        repaint = header.updatesEnabled()
        self._fitting = True
        if repaint:
            header.setUpdatesEnabled(False)
        try:
            for s, size in changed.items():
                header.resizeSection(s, size)
        finally:
            if repaint:
                header.setUpdatesEnabled(True)
            self._fitting = False


def fit_columns(header: QHeaderView) -> None:
    """Fit the columns of a header (through its ColumnFitter, made on first use)."""
    fitter = header.findChild(ColumnFitter)
    if fitter is None:
        fitter = ColumnFitter(header)
        fitter.remember_current()
    fitter.fit()
