"""The review dock in a short window (real window, real SQLite file, real settings file): the article keeps
a third of the height, the claim-cards section folds to its header with its count, the tag lists are as
tall as their rows, and the dock's list heights and folded sections come back after reopening."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.conftest import ARTICLE
from tests.helpers.claims import Debate
from tests.ui.claims_support import open_debate
from tests.ui.window_support import isolated_settings, show
from ui import app
from ui.main_window import MainWindow
from ui.review_layout import ARTICLE_SHARE
from ui.review_sections import MAX_TAG_ROWS, CollapsibleSection
from ui.settings import Settings

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

WORDS = ["Roe", "said", "Monday", "crime", "fell", "Critics", "mayor", "misleading", "denied", "never"]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return isolated_settings(tmp_path)


@pytest.fixture
def tagged(db_path: Path) -> Path:
    """A project whose article alice and bob tagged differently (one disagreement per word)."""
    with Store.open(db_path) as store:
        doc, _ = store.add_document(Document.create(ARTICLE, title="Roe on crime", source="roe.txt"))
        taken = 0
        for i, word in enumerate(WORDS):
            s = ARTICLE.find(word, taken)
            if s < 0:
                continue
            who = "bob" if i % 2 else "alice"
            store.add_annotation(new_annotation(doc, s, s + len(word), "claim", who))
            taken = s + len(word)
    return db_path


def reviewing(qtbot: QtBot, windows: list[MainWindow], db: Path, settings: Settings, size: tuple[int, int]
              | None) -> MainWindow:  # fmt: skip
    w = app.create_window(db, "alice", settings=settings)
    assert w is not None
    windows.append(w)
    show(qtbot, w, resize=size is not None)
    if size is not None:
        w.resize(*size)
    qtbot.wait(20)
    if not w.review.dock.isVisible():  # a reopened window shows the dock as it was left
        w.review.toggle_action.trigger()
    qtbot.waitUntil(w.review.dock.isVisible)
    qtbot.wait(30)  # the dock's cap follows the window's layout (a 0 ms timer)
    return w


def article_share(w: MainWindow) -> float:
    central = w.centralWidget()
    assert central is not None
    return central.height() / (central.height() + w.review.dock.height())


def cards_section(w: MainWindow) -> CollapsibleSection:
    (section,) = w.review.panel.sections
    assert section.content is w.claims.disputed
    return section


@pytest.mark.parametrize("size", [(800, 600), (1366, 768), (1280, 800)])
def test_the_article_keeps_a_third_of_the_height_whatever_the_dock_is_dragged_to(
    qtbot: QtBot, windows: list[MainWindow], tagged: Path, settings: Settings, size: tuple[int, int]
) -> None:
    w = reviewing(qtbot, windows, tagged, settings, size)
    assert article_share(w) >= ARTICLE_SHARE - 0.01
    panel = w.review.panel
    # The list of disagreements shows three rows at least, even at 800x600.
    row = panel.list_view.verticalHeader().defaultSectionSize()
    assert panel.list_view.viewport().height() >= 3 * row
    w.resizeDocks([w.review.dock], [size[1]], Qt.Orientation.Vertical)  # the dock's edge dragged up
    qtbot.wait(30)
    assert article_share(w) >= ARTICLE_SHARE - 0.01
    assert w.view.viewport().height() >= 3 * w.view.fontMetrics().lineSpacing()
    w.grab().save(f"/tmp/reviewdock-short-{size[0]}x{size[1]}.png")
    # Floating, the dock is no longer under the article: no cap.
    w.review.dock.setFloating(True)
    qtbot.wait(30)
    assert w.review.dock.maximumHeight() > size[1]


def test_without_differing_verdicts_the_cards_section_is_folded_to_its_count(
    qtbot: QtBot, windows: list[MainWindow], tagged: Path, settings: Settings
) -> None:
    w = reviewing(qtbot, windows, tagged, settings, (1366, 768))
    section = cards_section(w)
    qtbot.waitUntil(lambda: section.count() == 0)
    assert not section.is_expanded() and not w.claims.disputed.isVisible()
    assert section.header.text().endswith("(0)")
    assert section.height() <= section.folded_height() + 2
    assert section.header.accessibleName() and section.header.accessibleDescription() == "hidden"
    # From the keyboard: Tab reaches the header; Space on it opens the section, and again folds it.
    panel = w.review.panel
    panel.tag_views[0].setFocus()
    for _ in range(12):  # a few Tabs on from the tag list
        if section.header.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert section.header.hasFocus()
    qtbot.keyClick(section.header, Qt.Key.Key_Space)
    assert section.is_expanded() and w.claims.disputed.isVisible()
    qtbot.wait(20)
    assert section.height() > 3 * section.folded_height()  # its height given back by the other lists
    assert section.user_choice is True
    qtbot.keyClick(section.header, Qt.Key.Key_Space)
    assert not section.is_expanded() and section.user_choice is False


def test_tag_lists_are_one_line_for_one_tag_a_side(
    qtbot: QtBot, windows: list[MainWindow], tagged: Path, settings: Settings
) -> None:
    w = reviewing(qtbot, windows, tagged, settings, (800, 600))
    panel = w.review.panel
    panel.set_side_by_side("alice", "bob")
    assert panel.disagreements()
    row = panel.tag_views[0].verticalHeader().defaultSectionSize()
    for view in panel.tag_views:
        rows = max(m.rowCount() for m in panel.tag_models)
        assert 1 <= rows <= MAX_TAG_ROWS
        header = view.horizontalHeader().sizeHint().height()
        assert view.height() == 2 * view.frameWidth() + header + max(1, rows) * row
        assert view.viewport().height() >= row  # the tag's line is in view


def test_dock_sizes_and_folded_sections_come_back_after_reopening(
    qtbot: QtBot, windows: list[MainWindow], tagged: Path, settings: Settings
) -> None:
    w = reviewing(qtbot, windows, tagged, settings, (1366, 768))
    section = cards_section(w)
    section.header.setFocus()
    qtbot.keyClick(section.header, Qt.Key.Key_Space)  # opened by the reviewer, though empty
    w.resizeDocks([w.review.dock], [460], Qt.Orientation.Vertical)
    qtbot.wait(30)
    dock_height = w.review.dock.height()
    splitter = w.review.panel.splitter
    sizes = splitter.sizes()
    moved = [sizes[0] - 40, sizes[1], sizes[2] + 40]
    splitter.setSizes(moved)
    qtbot.wait(20)
    chosen = splitter.sizes()
    assert chosen != sizes
    w.close()

    again = reviewing(qtbot, windows, tagged, settings, None)  # the saved geometry: 1366x768
    qtbot.wait(30)
    section = cards_section(again)
    assert section.is_expanded() and section.user_choice is True
    assert again.review.panel.splitter.sizes() == chosen
    assert abs(again.review.dock.height() - dock_height) <= 2  # not reset to half the window
    # Folded by the reviewer: folded next time too.
    section.set_expanded(False)
    again.close()
    third = reviewing(qtbot, windows, tagged, settings, None)
    assert not cards_section(third).is_expanded() and cards_section(third).user_choice is False


def test_a_garbage_saved_splitter_keeps_the_defaults(
    qtbot: QtBot, windows: list[MainWindow], tagged: Path, settings: Settings
) -> None:
    from PySide6.QtCore import QByteArray

    settings.q.setValue("review/splitter", QByteArray(b"\x00\xffnot a splitter"))
    settings.q.setValue("review/section0", "sideways")
    w = reviewing(qtbot, windows, tagged, settings, (800, 600))
    splitter = w.review.panel.splitter
    assert all(size > 0 for size in splitter.sizes())
    assert all(splitter.widget(i).isVisible() for i in range(splitter.count()))  # type: ignore[union-attr]
    assert cards_section(w).user_choice is None
    assert article_share(w) >= ARTICLE_SHARE - 0.01


@pytest.fixture
def debate(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[tuple[MainWindow, Debate]]:
    yield from open_debate(qtbot, tmp_path, db_path)


def test_with_differing_verdicts_the_cards_section_opens_with_its_count(
    debate: tuple[MainWindow, Debate], qtbot: QtBot
) -> None:
    window, _made = debate
    window.claims.dock.hide()
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    section = cards_section(window)
    qtbot.waitUntil(section.is_expanded)
    # Every list of the dock open, the window still fits an 800x600 screen.
    assert window.minimumSizeHint().height() <= 600
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.height() == 600)
    assert section.count() == 2 and section.header.text().endswith("(2)")
    assert isinstance(window.review.dock, QDockWidget) and window.claims.disputed.view.isVisible()
    qtbot.wait(30)
    assert article_share(window) >= ARTICLE_SHARE - 0.01
    window.grab().save("/tmp/reviewdock-cards-800x600.png")


def test_tag_lists_hidden_from_the_keyboard_and_remembered(
    qtbot: QtBot, windows: list[MainWindow], tagged: Path, settings: Settings
) -> None:
    w = reviewing(qtbot, windows, tagged, settings, (800, 600))
    panel = w.review.panel
    panel.set_side_by_side("alice", "bob")
    tags_row = w.review.dock_layout.tag_lists()
    assert tags_row is not None and tags_row.isVisible()
    rows_before = panel.list_view.viewport().height()
    panel.list_view.setFocus()
    qtbot.keyClick(
        panel.list_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.wait(20)
    assert not tags_row.isVisible() and not w.review.dock_layout.tag_lists_action.isChecked()
    assert panel.list_view.viewport().height() > rows_before  # their room goes to the list
    # The review keys still act on the current tag, which the status line names.
    current = panel.current_annotation()
    assert current is not None and "Current:" in panel.status.text()
    qtbot.keyClick(panel.list_view, Qt.Key.Key_A)
    stored = w.project.annotation(current.id)
    assert stored is not None and stored.status == "accepted"
    w.close()
    again = reviewing(qtbot, windows, tagged, settings, None)
    assert not again.review.dock_layout.tag_lists_action.isChecked()
    row = again.review.dock_layout.tag_lists()
    assert row is not None and not row.isVisible()
    again.review.dock_layout.tag_lists_action.trigger()
    assert row.isVisible()


def test_the_review_menu_folds_the_cards_section(
    qtbot: QtBot, windows: list[MainWindow], tagged: Path, settings: Settings
) -> None:
    w = reviewing(qtbot, windows, tagged, settings, (1366, 768))
    section = cards_section(w)
    menu = w.review.dock_layout.menu
    menu.aboutToShow.emit()  # the sections' toggles are listed when the menu opens
    assert section.toggle_action in menu.actions()
    assert w.review.dock_layout.tag_lists_action in menu.actions()
    assert not section.toggle_action.isChecked() and section.toggle_action.text().endswith("(0)")
    section.toggle_action.trigger()
    assert section.is_expanded() and section.user_choice is True and section.header.isChecked()
    section.toggle_action.trigger()
    assert not section.is_expanded()
