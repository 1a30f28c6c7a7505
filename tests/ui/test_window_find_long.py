"""Ctrl+F on a long article: the article is folded a slice at a time between the window's turns (the slice
made small here, as for a 5 MB article), what is typed meanwhile waits ("Searching…") and is answered once
the fold is done; Enter, Match case, another article shown and the bar closed mid-fold keep it right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from tests.conftest import ARTICLE
from tests.ui.conftest import OpenWindow
from ui import find_bar
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()
CTRL = Qt.KeyboardModifier.ControlModifier
COPIES = 60  # "mayor" 60 times, about 10,000 characters: 100 slices of 100
OTHER = "The mayor of Rome. " * 300 + "The Mayor of Paris."


@pytest.fixture
def window(open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(find_bar, "FOLD_SLICE_CHARS", 100, raising=False)

    def other(store: Store, doc: Document) -> None:
        store.add_document(Document.create(OTHER, title="Other"))

    return open_window(text=ARTICLE * COPIES, prepare=other)


def _selected(window: MainWindow) -> str:
    span = window.view.selected_span()
    return window.view.document_text()[span[0] : span[1]] if span else ""


def _folding(window: MainWindow) -> bool:
    """Not folded yet: slices of the article shown folded, or to be."""
    folds = window.view.find_folds
    folding = folds.folding()
    return folds.holds() is None and (folding is None or folding is window.view.document_text())


def test_what_is_typed_while_the_article_folds_is_found_once_it_is_folded(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = window.find_bar
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "mayor")
    assert bar.status.text() == "Searching…" and _selected(window) == ""
    assert _folding(window), "folded a slice at a time, not at once"
    qtbot.waitUntil(lambda: bar.status.text() == f"1 of {COPIES}")
    assert _selected(window) == "mayor" and window.view.find_folds.folding() is None
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)  # folded: at once
    assert bar.status.text() == f"2 of {COPIES}"


def test_enter_pressed_while_the_article_folds_goes_to_the_next_match(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = window.find_bar
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "mayor")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert _folding(window) and bar.status.text() == "Searching…"
    qtbot.waitUntil(lambda: not _folding(window))
    qtbot.waitUntil(lambda: bar.status.text() == f"3 of {COPIES}")  # typed, then Enter twice
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.status.text() == f"2 of {COPIES}"


def test_match_case_toggled_while_the_article_folds_folds_it_with_case(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = window.find_bar
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "Mayor")
    assert _folding(window)
    bar.case.setChecked(True)
    assert _folding(window) and bar.status.text() == "Searching…"
    qtbot.waitUntil(lambda: bar.status.text() == "No match")  # only "mayor" in the article
    held = window.view.find_folds.holds()
    assert held is not None and held.case_sensitive
    bar.case.setChecked(False)  # a short wait again, then found
    qtbot.waitUntil(lambda: bar.status.text() == f"1 of {COPIES}")
    assert _selected(window) == "mayor"


def test_another_article_shown_while_one_folds_is_folded_and_searched_instead(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = window.find_bar
    first = window.view.document_text()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "mayor of p")
    assert _folding(window)
    other = next(s.id for s in window.project.documents() if s.title == "Other")
    window.open_document(other)
    assert window.view.find_folds.folding() is not first, "the slices of the article left are let go of"
    qtbot.waitUntil(lambda: bar.status.text() == "1 of 1")
    assert _selected(window) == "Mayor of P" and window.view.find_folds.holds().text is window.open_doc.text  # type: ignore[union-attr]


def test_a_tag_added_while_the_article_folds_does_not_start_it_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = window.find_bar
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    folds = window.view.find_folds
    for _ in range(20):  # the window's turns, one slice each
        bar._fold_slice()
    job = folds._job
    assert job is not None and job.pos >= 2000
    folded = job.pos
    assert window.tag_selection("claim", (0, 8)) is not None  # "Minister": formats change, not the text
    window.view.ensure_highlighted()
    assert folds._job is job and job.pos >= folded, "the slices go on from where they were"
    qtbot.keyClicks(bar.edit, "mayor")
    qtbot.waitUntil(lambda: bar.status.text() == f"1 of {COPIES}")


def test_the_bar_closed_while_the_article_folds_lets_go_of_the_slices(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = window.find_bar
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "mayor")
    assert _folding(window)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    folds = window.view.find_folds
    assert folds.folding() is None and folds.holds() is None
    qtbot.wait(20)
    assert folds.folding() is None and folds.holds() is None and not bar._slices.isActive()
    assert _selected(window) == ""
    qtbot.keyClick(window.view, Qt.Key.Key_F3)  # the bar closed: F3 waits for the fold, then finds
    qtbot.waitUntil(lambda: bar.status.text() == f"1 of {COPIES}")
    assert _selected(window) == "mayor" and not bar.isVisible()
