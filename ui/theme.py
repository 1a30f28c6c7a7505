"""How the window looks: the size of all its text (Ctrl+= / Ctrl+- / Ctrl+0) and its colour scheme
(follow the system, light or dark), both remembered.

Zoom scales the application font (menus, tables, lists, dialogs) and the article's reading font by the
same percentage. The dark scheme is Qt's Fusion style with a dark palette and style sheet; "follow the
system" reads the platform's colour scheme and follows it when it changes. Tag tints and lines are made
from the page colour (ui/highlighter.py), so they are rebuilt for whichever page the scheme gives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QFontMetrics, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QStyleFactory, QTableView

from ui.settings import Settings

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
STYLE_SHEETS = {"light": RESOURCES / "style.qss", "dark": RESOURCES / "style-dark.qss"}
SCHEMES = ("system", "light", "dark")
ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 10, 50, 300  # percent, as the article's


def _tr(text: str) -> str:
    return QCoreApplication.translate("Appearance", text)


class _Zoomable(Protocol):
    def set_zoom(self, percent: int) -> None: ...


class _Start:
    """The application's font and palette as the platform gave them, before any zoom or scheme."""

    font: QFont | None = None
    palette: QPalette | None = None
    style: str = ""


def platform_point_size() -> float:
    """The application font's point size as the platform gave it (before any zoom): the size the user
    chose for their system's text, which the article's reading size follows."""
    base = _Start.font or QApplication.font()
    return base.pointSizeF() if base.pointSizeF() > 0 else 9.0


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, "#202124"), (roles.WindowText, "#e6e6e6"), (roles.Base, "#1b1b1d"),
        (roles.AlternateBase, "#242427"), (roles.ToolTipBase, "#2b2b2e"), (roles.ToolTipText, "#eeeeee"),
        (roles.PlaceholderText, "#8a8a8a"), (roles.Text, "#e6e6e6"), (roles.Button, "#2b2b2e"),
        (roles.ButtonText, "#e6e6e6"), (roles.BrightText, "#ff6b6b"), (roles.Link, "#8ab4f8"),
        (roles.Highlight, "#355189"), (roles.HighlightedText, "#ffffff"), (roles.Light, "#3a3a3e"),
        (roles.Midlight, "#323236"), (roles.Mid, "#2a2a2d"), (roles.Dark, "#151517"),
        (roles.Shadow, "#000000"),
    ):  # fmt: skip
        p.setColor(role, QColor(color))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return p


class Appearance(QObject):
    """The window's zoom and colour scheme; View menu entries; applied at once and saved."""

    def __init__(self, main: QMainWindow, article: _Zoomable, settings: Settings) -> None:
        super().__init__(main)
        self.main, self.article, self.settings = main, article, settings
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        if _Start.font is None:
            _Start.font, _Start.palette, _Start.style = app.font(), app.palette(), app.style().name()
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, settings.zoom))
        self.scheme = settings.theme if settings.theme in SCHEMES else "system"
        self.scheme_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for key, text in (("system", _tr("Follow the &system")), ("light", _tr("&Light")),
                          ("dark", _tr("&Dark"))):  # fmt: skip
            action = QAction(text, group)
            action.setCheckable(True)
            action.setChecked(key == self.scheme)
            action.triggered.connect(lambda _=False, k=key: self.set_scheme(k))
            self.scheme_actions[key] = action
        # A bound method: Qt drops the connection with this object (a lambda would outlive the window).
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._follow_system)
        self.apply_scheme()
        self.set_zoom(self.zoom)

    def add_to_menu(self, menu: QMenu | None) -> None:
        if menu is not None:
            sub = menu.addMenu(_tr("T&heme"))
            sub.addActions(list(self.scheme_actions.values()))

    # -- zoom -------------------------------------------------------------------------------------------
    def set_zoom(self, percent: int) -> None:
        """Scale all the window's text to percent of its normal size (and remember it)."""
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, int(percent)))
        font = QFont(_Start.font or self.app.font())
        font.setPointSizeF(platform_point_size() * self.zoom / 100)
        self.app.setFont(font)
        # Widgets styled by a style sheet keep the font they were polished with: polish them again.
        self.app.setStyleSheet(self.app.styleSheet())
        self.article.set_zoom(self.zoom)
        rows = QFontMetrics(font).height() + 8  # table rows follow the text, never clip it
        for table in self.main.findChildren(QTableView):
            table.verticalHeader().setDefaultSectionSize(rows)
        self.settings.zoom = self.zoom

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom + ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom - ZOOM_STEP)

    # -- colour scheme ----------------------------------------------------------------------------------
    def set_scheme(self, scheme: str) -> None:
        self.scheme = scheme if scheme in SCHEMES else "system"
        self.scheme_actions[self.scheme].setChecked(True)
        self.settings.theme = self.scheme
        self.apply_scheme()

    def dark(self) -> bool:
        """True when the window is dark: chosen so, or following a dark system."""
        return self.system_dark() if self.scheme == "system" else self.scheme == "dark"

    def system_dark(self) -> bool:
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def _follow_system(self, _scheme: object = None) -> None:
        if self.scheme == "system":
            self.apply_scheme()

    def apply_scheme(self) -> None:
        dark = self.dark()
        if dark:
            self.app.setStyle(QStyleFactory.create("Fusion"))
            self.app.setPalette(dark_palette())
        else:
            if _Start.style and self.app.style().name() != _Start.style:
                self.app.setStyle(QStyleFactory.create(_Start.style))
            start = _Start.palette
            light = (
                start
                if start is not None and start.color(QPalette.ColorRole.Base).lightness() >= 128
                else None
            )
            self.app.setPalette(light or self.app.style().standardPalette())
        sheet = STYLE_SHEETS["dark" if dark else "light"]
        self.app.setStyleSheet(sheet.read_text(encoding="utf-8") if sheet.exists() else "")
