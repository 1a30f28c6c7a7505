"""The project's file deleted or moved under the open window: the window's periodic look tells the user
once and offers to save what it holds to a new file (the backup API, on its own connection), which it then
opens; closing asks the same before losing it. A real window on a real SQLite file, removed or renamed
with os.remove/os.rename."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from db import Store
from tests.ui.conftest import OpenWindow
from tests.ui.question_audit import check_question
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

LOOK_MS = 50  # the window's two-second look, made quick


@dataclass
class GoneBox:
    """Answers every "the project file is gone" box with `answer` (an auto-closer), logging its text."""

    answer: str = "Not now"
    log: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # for a keyboard or screen-reader user

    def step(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "projectFileGone":
            self.log.append(box.text())
            self.problems += check_question(box)
            named = {b.text().replace("&", ""): b for b in box.buttons()}
            # A test that failed midway still lets its window close at teardown.
            (named.get(self.answer) or named["Close without saving"]).click()


@pytest.fixture
def gone_box() -> Iterator[GoneBox]:
    """Set up before the window (so it outlives it): the window's closing, at teardown, is answered too."""
    box = GoneBox()
    timer = QTimer(interval=10)
    timer.timeout.connect(box.step)
    timer.start()
    yield box
    box.answer = "Close without saving"
    QApplication.processEvents()
    timer.stop()


def tagged_window(open_window: OpenWindow) -> tuple[MainWindow, list[tuple[str, str, str]]]:
    w = open_window()
    text = w.view.document_text()
    for quote, label in (("crime fell by 20%", "claim"), ("We never said that", "denial")):
        s = text.index(quote)
        assert w.tag_selection(label, (s, s + len(quote))) is not None
    return w, tags(w.project.store)


def tags(store: Store) -> list[tuple[str, str, str]]:
    return sorted((a.id, a.label, a.quote) for a in store.annotations())


def test_a_deleted_file_is_told_once_and_a_refused_save_says_it_once(
    qtbot: QtBot, gone_box: GoneBox, open_window: OpenWindow, db_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    w, _ = tagged_window(open_window)
    w._reload_timer.setInterval(LOOK_MS)
    os.remove(db_path)
    qtbot.waitUntil(lambda: len(gone_box.log) == 1, timeout=5000)
    assert str(db_path) in gone_box.log[0] and "Save a copy" in gone_box.log[0]
    qtbot.wait(LOOK_MS * 10)  # ten more looks: not told again
    assert len(gone_box.log) == 1

    # A save tried meanwhile is refused: the same question again (its answer can save the copy), saying
    # the change was not saved; no error box besides, and the looks still say nothing more.
    text = w.view.document_text()
    s = text.index("Critics")
    assert w.tag_selection("claim", (s, s + 7)) is None
    assert dialogs == [] and len(gone_box.log) == 2
    assert gone_box.log[1].startswith("Your last change was not saved") and "Save a copy" in gone_box.log[1]
    qtbot.wait(LOOK_MS * 6)
    assert len(gone_box.log) == 2
    gone_box.answer = "Close without saving"
    assert w.close() and len(gone_box.log) == 3  # asked again on closing
    assert gone_box.problems == []


def test_saving_the_copy_keeps_every_tag_and_the_window_goes_on_with_it(
    qtbot: QtBot,
    gone_box: GoneBox,
    open_window: OpenWindow,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w, before = tagged_window(open_window)
    w._reload_timer.setInterval(LOOK_MS)
    dest = tmp_path / "saved" / "copy.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))
    gone_box.answer = "Save a copy…"
    os.remove(db_path)
    qtbot.waitUntil(lambda: w.project.path == dest, timeout=5000)
    assert len(gone_box.log) == 1
    with Store.open(dest) as copy:
        assert tags(copy) == before and len(before) == 2
    # The copy is the open project: tagging saves into it, and nothing more is asked.
    text = w.view.document_text()
    s = text.index("Critics")
    assert w.tag_selection("claim", (s, s + 7)) is not None
    with Store.open(dest) as copy:
        assert len(tags(copy)) == 3
    qtbot.wait(LOOK_MS * 6)
    assert len(gone_box.log) == 1
    assert w.close()


def test_closing_asks_while_the_file_is_gone_and_saves_the_copy(
    qtbot: QtBot,
    gone_box: GoneBox,
    open_window: OpenWindow,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w, before = tagged_window(open_window)
    w._reload_timer.stop()  # only the closing asks
    os.remove(db_path)
    gone_box.answer = "Cancel"
    assert not w.close()
    assert w.isVisible() and len(gone_box.log) == 1
    dest = tmp_path / "closing.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))
    gone_box.answer = "Save a copy…"
    assert w.close()
    assert len(gone_box.log) == 2
    with Store.open(dest) as copy:
        assert tags(copy) == before
    assert gone_box.problems == []


def test_a_moved_file_put_back_goes_on_as_usual(
    qtbot: QtBot, gone_box: GoneBox, open_window: OpenWindow, db_path: Path, tmp_path: Path
) -> None:
    w, before = tagged_window(open_window)
    w._reload_timer.setInterval(LOOK_MS)
    moved = tmp_path / "elsewhere.db"
    os.rename(db_path, moved)
    qtbot.waitUntil(lambda: len(gone_box.log) == 1, timeout=5000)
    os.rename(moved, db_path)
    qtbot.wait(LOOK_MS * 6)
    text = w.view.document_text()
    s = text.index("Critics")
    assert w.tag_selection("claim", (s, s + 7)) is not None
    assert w.close()  # nothing asked: the file is back
    assert len(gone_box.log) == 1
    with Store.open(db_path) as back:
        assert len(tags(back)) == len(before) + 1


def test_no_notice_while_the_file_is_there(qtbot: QtBot, gone_box: GoneBox, open_window: OpenWindow) -> None:
    w, _ = tagged_window(open_window)
    w._reload_timer.setInterval(LOOK_MS)
    qtbot.wait(LOOK_MS * 8)
    assert w.close()
    assert gone_box.log == []


def test_not_told_over_another_dialog_but_once_it_closed(
    qtbot: QtBot, gone_box: GoneBox, open_window: OpenWindow, db_path: Path
) -> None:
    # The look put its box over a dialog the user was in (it stacked on top of it, modal on modal).
    w, _ = tagged_window(open_window)
    w._reload_timer.setInterval(LOOK_MS)
    other = QMessageBox(QMessageBox.Icon.Information, "Another question", "Still deciding", parent=w)
    seen_over: list[bool] = []

    def while_open() -> None:
        os.remove(db_path)
        qtbot.wait(LOOK_MS * 8)  # eight looks with the other dialog up
        seen_over.append(bool(gone_box.log))
        other.done(0)

    QTimer.singleShot(0, while_open)
    other.exec()
    assert seen_over == [False]
    qtbot.waitUntil(lambda: len(gone_box.log) == 1, timeout=5000)  # told at a look after it closed
