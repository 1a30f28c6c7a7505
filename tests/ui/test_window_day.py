"""A fact-checker's day on a wire story, from the keyboard only, in the real window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Annotation
from tests.ui.day_article import ARTICLE
from tests.ui.structure_support import Answer, answer_dialogs
from tests.ui.window_support import finish_operations, grab_with_dialogs, isolated_settings, show
from ui.main_window import MainWindow
from ui.project import ProjectModel

# the offscreen platform cannot raise a window or grab the keyboard (the file dialog, popups)
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", r"support raise\(\)", "grabbing the keyboard")
K, M = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT, ALT = M.ControlModifier, M.ShiftModifier, M.AltModifier
SHOTS = os.environ.get("WALKTHROUGH_SHOTS", "")  # a folder: each step's screenshot saved there


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Typed key by key; QTest only types ASCII, so other characters come as key events with that text."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, M.NoModifier, ch))


Key = Qt.Key | str | tuple[Qt.Key, Qt.KeyboardModifier]


def keys(qtbot: QtBot, *sequence: Key) -> Answer:
    """Answer a dialog from the keyboard: each item a key, a key with modifiers, or text typed into the
    focused widget."""

    def answer(dialog: QWidget) -> None:
        dialog.activateWindow()  # else the keys would reach the window's shortcuts
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
        qtbot.waitUntil(lambda: dialog.focusWidget() is not None, timeout=3000)
        for item in sequence:
            target = dialog.focusWidget() or dialog
            if isinstance(item, str):
                type_into(qtbot, target, item)
            elif isinstance(item, tuple):
                qtbot.keyClick(target, item[0], item[1])
            else:
                qtbot.keyClick(target, item)

    return answer


class Day:
    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot, self.window, self.n = qtbot, window, 0

    def shot(self, what: str) -> None:
        self.qtbot.wait(300)  # what is deferred (counts, the tag detail) lands as it would on screen
        self.n += 1
        if SHOTS:
            grab_with_dialogs(self.window).save(f"{SHOTS}/walkthrough-{self.n:02d}-{what}.png")

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = M.NoModifier) -> None:
        focus = QApplication.focusWidget()
        assert focus is not None, "nothing has the keyboard focus"
        self.qtbot.keyClick(focus, key, modifiers)

    def focus(self) -> QWidget | None:
        return QApplication.focusWidget()

    def back(self) -> QWidget | None:
        """Once the dialogs are closed, the window active again (a window manager gives it back; the
        offscreen platform does not): the widget the keys now reach."""
        qtbot, w = self.qtbot, self.window
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
        if QApplication.activeWindow() is None:
            w.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
        return QApplication.focusWidget()

    def status(self) -> str:
        return self.window.statusBar().currentMessage()

    def find(self, words: str) -> None:
        """Ctrl+F, the words typed, Esc: the match selected in the article, the keys back there."""
        self.press(K.Key_F, CTRL)
        focus = self.focus()
        assert focus is not None
        type_into(self.qtbot, focus, words)
        self.press(K.Key_Escape)

    def select(self, words: str, within: str) -> tuple[int, int]:
        """Find `within`, then select `words` in it with Left and Shift+Right (code points = keys here)."""
        self.find(within)
        assert self.focus() is self.window.view, self.focus()
        found = self.window.view.selected_span()
        assert found is not None
        start = found[0] + within.index(words)
        self.press(K.Key_Left)
        for _ in range(within.index(words)):
            self.press(K.Key_Right)
        for _ in range(len(words)):
            self.press(K.Key_Right, SHIFT)
        assert self.window.view.selected_span() == (start, start + len(words))
        return start, start + len(words)

    def current(self) -> Annotation:
        tag = self.window.current_annotation()
        assert tag is not None
        return tag


@pytest.fixture
def day(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[Day]:
    store = Store.open(db_path)
    project = ProjectModel(store)
    window = MainWindow(project, "alice", isolated_settings(tmp_path))
    project.setParent(window)
    show(qtbot, window)
    yield Day(qtbot, window)
    window.project.operations.shutdown()
    window.close()
    store.close()


def test_the_day(day: Day, tmp_path: Path) -> None:
    w, qtbot = day.window, day.qtbot
    article = tmp_path / "harbour-water-rates.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    day.shot("start")
    seen = answer_dialogs(keys(qtbot, str(article), K.Key_Return), keys(qtbot, K.Key_Return))
    day.press(K.Key_O, CTRL)
    finish_operations(qtbot, w)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert day.back() is w.view, day.focus()
    day.shot("opened")

    # the mayor's claim, her name, her verb
    claim_words = "the city’s water rates “have not risen in real terms for a decade”"
    day.select(claim_words, "that " + claim_words)
    day.shot("selected")
    day.press(K.Key_1)
    claim = day.current()
    assert (claim.label, claim.quote) == ("claim", claim_words)
    day.shot("claim")
    day.find("Mayor Dana Okafor")
    day.press(K.Key_4)
    source = day.current()
    assert (source.label, source.quote) == ("source", "Mayor Dana Okafor")
    day.select("said", "Okafor said on")
    day.press(K.Key_5)
    cue = day.current()
    assert cue.label == "cue"
    day.press(K.Key_Tab)
    assert day.current().id == claim.id, day.current()
    day.press(K.Key_S)
    day.press(K.Key_C)
    day.press(K.Key_Q)
    attributed = day.current()
    said = (attributed.source, attributed.cue, attributed.quotation)
    assert said == (source.id, cue.id, "direct"), day.status()
    day.shot("attributed")

    # the ratepayers' denial, linked to the claim; follow the link and come back
    denial_words = "“The rates have risen faster than inflation in six of the last ten years,”"
    day.find(denial_words)
    day.press(K.Key_2)
    denial = day.current()
    assert denial.label == "denial"
    titles = answer_dialogs(keys(qtbot, K.Key_Return), keys(qtbot, "decade", K.Key_Return))
    day.press(K.Key_L)
    assert day.back() is w.view, day.focus()
    assert titles == ["Link type", "Link target"], titles
    # a whole quotation tagged reads once quoted, not ““…”” (and the picker found the claim by its end)
    linked_text = day.status()
    assert linked_text.startswith("Linked: “The rates have risen faster t…” denies “the city’s"), linked_text
    assert "““" not in linked_text and "””" not in linked_text, linked_text
    linked = w.project.links(w.current_document_id() or "")
    assert [(ln.type, ln.from_id, ln.to_id) for ln in linked] == [("denies", denial.id, claim.id)]
    day.shot("linked")
    day.press(K.Key_F)
    assert day.current().id == claim.id, day.status()
    day.shot("followed")
    day.press(K.Key_Left, ALT)
    assert day.current().id == denial.id, day.status()

    # the speaker named on the source tag
    while day.current().id != source.id:
        day.press(K.Key_Backtab, SHIFT)
    titles = answer_dialogs(keys(qtbot, "Dana Okafor", K.Key_Return))
    day.press(K.Key_W)
    assert day.back() is w.view, day.focus()
    named = w.project.store.annotation(source.id)
    assert named is not None and named.speaker, day.status()
    day.shot("speaker")

    # a note on the claim: F2, typed on two lines, Ctrl+Enter
    day.press(K.Key_Tab)
    day.press(K.Key_Tab)
    assert day.current().id == claim.id
    answer_dialogs(keys(qtbot, "Check the 2014", K.Key_Return, "rate tables", (K.Key_Return, CTRL)))
    day.press(K.Key_F2)
    assert day.back() is w.view, day.focus()
    assert day.current().note == "Check the 2014\nrate tables", day.status()
    day.shot("note")
    print(day.status())
