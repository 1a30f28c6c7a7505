"""The window's panes on a small screen: the article keeps the larger share, side panes hide from the View
menu, and the remembered layout (splitter, hidden panes, tag table columns) comes back sane."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QHeaderView, QMenu
from pytestqt.qtbot import QtBot

from tests.ui.window_support import isolated_settings, show
from ui import app
from ui.layout_state import ARTICLE_SHARE, MIN_COLUMN, MIN_FIRST_COLUMN
from ui.main_window import MainWindow
from ui.settings import Settings

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return isolated_settings(tmp_path)


def make(qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings, size: tuple[int, int]
         | None = (800, 600)) -> MainWindow:  # fmt: skip
    w = app.create_window(db_path, "alice", settings=settings)
    assert w is not None
    windows.append(w)
    show(qtbot, w, resize=False)
    if size is not None:
        w.resize(*size)
    qtbot.wait(20)  # the splitter shares the new width, then the article takes its share back
    return w


def article_share(w: MainWindow) -> float:
    sizes = w.splitter.sizes()
    return sizes[1] / sum(sizes)


def words_split(w: MainWindow) -> bool:
    """True when some line of the article ends inside a word (a word wrapped "anywhere")."""
    view = w.view
    block = view.document().begin()
    while block.isValid():
        layout = block.layout()
        # Line positions count UTF-16 units: one entry per unit (an emoji fills two).
        text = [ch for ch in block.text() for _ in range(2 if ord(ch) > 0xFFFF else 1)]
        for i in range(layout.lineCount() - 1):
            line = layout.lineAt(i)
            end = line.textStart() + line.textLength()
            if end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                return True
        block = block.next()
    return False


def test_at_800x600_the_article_has_the_larger_share_and_no_split_words(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, windows, db_path, settings, (800, 600))
    sizes = w.splitter.sizes()
    assert article_share(w) >= ARTICLE_SHARE - 0.01
    assert sizes[1] > sizes[0] and sizes[1] > sizes[2]
    assert min(sizes) >= 78  # the side panes are narrow, not gone
    w.view.ensure_highlighted()
    assert not words_split(w)
    w.grab().save(str(db_path.parent / "w800.png"))


def test_dragging_the_article_small_gives_it_its_share_back(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, windows, db_path, settings, (800, 600))
    handle = w.splitter.handle(2)
    w.splitter.moveSplitter(200, 2)  # the tags pane dragged wide, over the article
    assert handle is not None
    assert article_share(w) >= ARTICLE_SHARE - 0.01


def test_panes_are_hidden_and_shown_from_the_view_menu(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, windows, db_path, settings, (800, 600))
    view_menu = w.findChild(QMenu, "viewMenu")
    assert isinstance(view_menu, QMenu)
    texts = {a.text(): a for a in view_menu.actions()}
    docs, tags = texts["Documents &pane"], texts["Tag&s pane"]
    before = w.view.width()
    tags.trigger()
    qtbot.wait(20)
    assert not w.table.isVisible() and w.view.width() > before
    docs.trigger()
    qtbot.wait(20)
    assert not w.doc_list.isVisible() and w.splitter.sizes()[1] == sum(w.splitter.sizes())
    w.close()
    again = make(qtbot, windows, db_path, settings, None)
    assert not again.table.isVisible() and not again.doc_list.isVisible()  # remembered
    hidden = {a.text(): a for a in again.findChild(QMenu, "viewMenu").actions()}  # type: ignore[union-attr]
    assert not hidden["Tag&s pane"].isChecked()
    hidden["Tag&s pane"].trigger()
    qtbot.wait(20)
    assert again.table.isVisible() and again.table.width() >= 100
    assert article_share(again) >= ARTICLE_SHARE - 0.01


def test_a_damaged_layout_is_put_right_on_restore(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, windows, db_path, settings, (800, 600))
    header = w.table.view.horizontalHeader()
    for col in (2, 3, 4):  # as if a crash or another version left the columns hidden or squeezed to 0
        header.hideSection(col)
    header.resizeSection(0, 0)
    w.splitter.setSizes([0, 60, 730])  # and the article squeezed
    settings.save_window(w.saveGeometry(), w.saveState())
    settings.save_layout(w.splitter.saveState(), header.saveState(), [])
    settings.sync()
    windows.remove(w)
    w.panes.save = lambda: None  # type: ignore[method-assign]  # closing must not overwrite the damage
    w.close()
    w.project.close()
    again = make(qtbot, windows, db_path, settings, None)
    qtbot.wait(20)
    header = again.table.view.horizontalHeader()
    assert all(not header.isSectionHidden(c) for c in range(header.count()))
    assert all(header.sectionSize(c) >= MIN_COLUMN for c in range(header.count()))
    # every column is within the table's width: none pushed out of sight
    assert header.length() <= header.viewport().width() + 2
    sizes = again.splitter.sizes()
    assert sizes[0] >= 78 and article_share(again) >= ARTICLE_SHARE - 0.01


def test_garbage_column_state_keeps_the_defaults(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    settings.save_layout(QByteArray(b"not a state"), QByteArray(b"\x00\x01garbage"), ["nonsense"])
    w = make(qtbot, windows, db_path, settings, (800, 600))
    header = w.table.view.horizontalHeader()
    assert header.count() == 5 and all(not header.isSectionHidden(c) for c in range(5))
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    assert w.table.isVisible() and w.doc_list.isVisible()


def test_columns_shrink_with_the_pane_and_grow_back(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    w = make(qtbot, windows, db_path, settings, (1280, 800))
    header = w.table.view.horizontalHeader()
    wide = [header.sectionSize(c) for c in range(header.count())]
    w.resize(800, 600)
    qtbot.wait(30)
    assert header.sectionSize(2) < wide[2]  # squeezed to keep the columns in view
    assert header.sectionSize(0) >= MIN_FIRST_COLUMN
    assert all(header.sectionSize(c) >= MIN_COLUMN for c in (2, 3))
    w.resize(1280, 800)
    qtbot.wait(30)
    assert [header.sectionSize(c) for c in (0, 2, 3)] == [wide[0], wide[2], wide[3]]  # as chosen again


LONG_SYNC = (
    "Team server: synced 21:45 · sent 3 · received 12 · 1 conflict listed · 1 decision not applied "
    "(tag deleted)"
)


@pytest.mark.parametrize("width", [800, 1280])
def test_a_long_team_status_ends_in_an_ellipsis_and_leaves_the_bar_room_for_messages(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings, width: int
) -> None:
    w = make(qtbot, windows, db_path, settings, (width, 600))
    label, bar = w.team.label, w.statusBar()
    label.setText(LONG_SYNC)
    bar.showMessage("Tagged “ridership” as claim")
    qtbot.waitUntil(lambda: label.width() <= bar.width() * label.MAX_SHARE + 1)
    assert label.text() == LONG_SYNC  # whole, for whoever reads it; shown cut with "…"
    assert label.toolTip() == LONG_SYNC and label.elided()
    items = w.status_items
    first = min(child.geometry().left() for child in (items.who, items.counts, label))
    assert first >= bar.width() * 0.15  # the message ("Tagged … as claim") keeps room on the left
    label.setText("Team server: synced 21:45")
    qtbot.waitUntil(lambda: not label.elided())
    assert label.toolTip() == ""
