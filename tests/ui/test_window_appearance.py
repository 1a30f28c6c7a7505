"""The window's look: Ctrl+= / Ctrl+- / Ctrl+0 scale all its text (remembered), and the theme follows the
system or is chosen light or dark from the View menu (remembered), with tag colours made for the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.window_support import isolated_settings, show
from ui import app, theme
from ui.article_view import BASE_POINT_SIZE
from ui.main_window import MainWindow
from ui.settings import Settings

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return isolated_settings(tmp_path)


@pytest.fixture
def opened() -> Iterator[list[MainWindow]]:
    windows: list[MainWindow] = []
    yield windows
    for w in windows:
        w.appearance.set_scheme("light")  # the application's look is shared by the tests that follow
        w.appearance.set_zoom(100)
        w.close()
        w.project.close()


def make(qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings) -> MainWindow:
    if not db_path.exists():
        store = Store.open(db_path)
        doc, _ = store.add_document(Document.create("Officials said the bridge is safe today.\n", title="B"))
        s = doc.text.index("bridge")
        store.add_annotation(new_annotation(doc, s, s + 6, "claim", "alice"))
        store.close()
    w = app.create_window(db_path, "alice", settings=settings)
    assert w is not None
    opened.append(w)
    return show(qtbot, w)


def test_zoom_scales_all_the_text_and_is_remembered(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, opened, db_path, settings)
    base, article = QApplication.font().pointSizeF(), w.view.font().pointSizeF()
    row = w.table.view.verticalHeader().defaultSectionSize()
    for _ in range(2):
        qtbot.keyClick(w.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.2)
    assert w.view.font().pointSizeF() == pytest.approx(article * 1.2)
    # The tables, menus and lists too (they take the application font as its change event reaches them).
    qtbot.waitUntil(lambda: w.table.view.font().pointSizeF() == pytest.approx(base * 1.2))
    assert w.doc_list.view.font().pointSizeF() == pytest.approx(base * 1.2)
    assert w.menuBar().font().pointSizeF() == pytest.approx(base * 1.2)
    assert w.table.view.verticalHeader().defaultSectionSize() > row  # rows grow with the text
    qtbot.keyClick(w.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.1)
    w.grab().save(str(db_path.parent / "zoomed.png"))
    w.close()
    opened.remove(w)
    w.project.close()
    again = make(qtbot, opened, db_path, settings)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.1)  # remembered
    assert again.view.zoom() == 110
    qtbot.keyClick(again.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    assert settings.zoom == 100


def _theme_actions(w: MainWindow) -> dict[str, object]:
    view_menu = w.findChild(QMenu, "viewMenu")
    assert isinstance(view_menu, QMenu)
    theme = next(
        a.menu() for a in view_menu.actions() if a.menu() is not None and "Theme" in a.text().replace("&", "")
    )
    assert isinstance(theme, QMenu)
    return {a.text().replace("&", ""): a for a in theme.actions()}


def test_dark_theme_from_the_view_menu_with_tag_colours_for_it(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, opened, db_path, settings)
    actions = _theme_actions(w)
    assert set(actions) == {"Follow the system", "Light", "Dark"}
    assert actions["Follow the system"].isChecked()  # type: ignore[attr-defined]
    light_page = w.view.palette().color(QPalette.ColorRole.Base)
    light_ink = w.view._hl.style.ink("claim")
    actions["Dark"].trigger()  # type: ignore[attr-defined]
    page = w.view.palette().color(QPalette.ColorRole.Base)
    assert page.lightness() < 60 < light_page.lightness()
    style = w.view._hl.style
    assert style.page == page and style.dark
    ink = style.ink("claim")
    assert ink.lightness() > light_ink.lightness()  # lines lighter than the label on a dark page
    tag = w.project.store.annotations()[0]
    w.view.ensure_highlighted()
    block = w.view.document().findBlock(tag.start)
    ranges = block.layout().formats()
    tint = ranges[0].format.background().color()
    assert abs(tint.lightness() - page.lightness()) > 25  # the tint stands out from the dark page
    text = w.view.palette().color(QPalette.ColorRole.Text)
    assert abs(text.lightness() - tint.lightness()) > 100  # and the words on it stay readable
    w.grab().save(str(db_path.parent / "dark.png"))
    w.close()
    opened.remove(w)
    w.project.close()
    again = make(qtbot, opened, db_path, settings)
    assert settings.theme == "dark" and _theme_actions(again)["Dark"].isChecked()  # type: ignore[attr-defined]
    assert again.view.palette().color(QPalette.ColorRole.Base).lightness() < 60


def test_following_the_system_scheme(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, opened, db_path, settings)
    assert not w.appearance.dark()
    w.appearance.system_dark = lambda: True  # type: ignore[method-assign]  # the desktop turns dark
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert w.view.palette().color(QPalette.ColorRole.Base).lightness() < 60
    _theme_actions(w)["Light"].trigger()  # type: ignore[attr-defined]  # chosen light: the system is ignored
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert w.view.palette().color(QPalette.ColorRole.Base) == QColor("#ffffff")


@pytest.fixture
def large_system_font() -> Iterator[float]:
    """The platform gives 16 pt text (a user who chose large text); the tests after see the usual font."""
    saved = QApplication.font()
    start = (theme._Start.font, theme._Start.palette, theme._Start.style)  # all taken again at None
    font = QFont(saved)
    font.setPointSizeF(16.0)
    theme._Start.font = None  # as at the first window of a process
    QApplication.setFont(font)
    yield 16.0
    theme._Start.font, theme._Start.palette, theme._Start.style = start
    QApplication.setFont(saved)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_article_follows_a_large_system_font(
    qtbot: QtBot, large_system_font: float, opened: list[MainWindow], db_path: Path, settings: Settings,
    scheme: str,
) -> None:  # fmt: skip
    settings.theme = scheme
    w = make(qtbot, opened, db_path, settings)
    menu = w.menuBar().font().pointSizeF()
    assert menu == pytest.approx(large_system_font)
    assert w.view.font().pointSizeF() == pytest.approx(large_system_font)  # not 12 pt below 16 pt menus
    w.grab().save(str(db_path.parent / f"large-{scheme}.png"))
    qtbot.keyClick(w.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert w.view.font().pointSizeF() == pytest.approx(large_system_font * 1.1)  # zoom on top
    w.close()
    opened.remove(w)
    w.project.close()
    again = make(qtbot, opened, db_path, settings)
    assert again.view.zoom() == 110  # the remembered zoom, on the system's size
    assert again.view.font().pointSizeF() == pytest.approx(large_system_font * 1.1)
    assert QApplication.font().pointSizeF() == pytest.approx(large_system_font * 1.1)


def test_the_article_keeps_its_reading_size_over_a_small_system_font(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, opened, db_path, settings)
    assert QApplication.font().pointSizeF() < BASE_POINT_SIZE
    assert w.view.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)


def test_a_window_opened_zoomed_shows_the_article_zoomed(
    qtbot: QtBot, opened: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    settings.zoom = 120
    w = make(qtbot, opened, db_path, settings)  # shown: the style sheet's polish came after the zoom
    assert w.view.zoom() == 120
    assert w.view.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.2)
