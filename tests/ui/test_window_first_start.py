"""The first start through the real app start-up (`ui.app.create_window`) on a real SQLite file: the name
question cancelled leaves no name saved and is asked again at the first tag; the sample article says it
is one and is removed in one step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.faults import failing_writes
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations, isolated_settings, show
from ui import app
from ui.main_window import MainWindow
from ui.sample_bar import SampleBar
from ui.settings import Settings

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return isolated_settings(tmp_path)


def start(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings, **kw: object
) -> MainWindow:
    w = app.create_window(db_path, None, settings=settings, **kw)  # type: ignore[arg-type]
    assert w is not None
    windows.append(w)
    return show(qtbot, w)


class Answers:
    """QInputDialog.getText answered from a list: (text, ok) each time it is asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: list[tuple[str, bool]]) -> None:
        self.answers = answers
        self.asked: list[str] = []
        monkeypatch.setattr(QInputDialog, "getText", self)

    def __call__(self, parent: object, title: str, label: str, *args: object) -> tuple[str, bool]:
        self.asked.append(title)
        return self.answers.pop(0)


def who(window: MainWindow) -> str:
    return next(w.text() for w in window.statusBar().findChildren(QLabel) if w.text().startswith("Annotator"))


def test_cancelling_the_name_saves_nothing_and_the_first_tag_asks_again(
    qtbot: QtBot,
    windows: list[MainWindow],
    db_path: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FACTCHECK_ANNOTATOR", raising=False)
    answers = Answers(monkeypatch, [("", False), ("", False), ("  Maya  R ", True)])
    w = start(qtbot, windows, db_path, settings)
    assert answers.asked == ["Your name"]
    assert w.annotator == "" and settings.annotator == ""  # not the login name, and not saved
    assert "not set" in who(w)

    # The first tag asks again; cancelled again, no tag is made, and the status bar says why.
    w.view.select_span(0, 7)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    assert answers.asked == ["Your name"] * 2
    assert w.project.store.annotations() == []
    assert "your name" in w.statusBar().currentMessage()
    assert w.view.selected_span() == (0, 7)  # still selected: press the key again

    qtbot.keyClick(w.view, Qt.Key.Key_1)
    (tag,) = w.project.store.annotations()
    assert tag.annotator == "Maya R" and w.annotator == "Maya R" and settings.annotator == "Maya R"
    assert who(w) == "Annotator: Maya R"
    assert w.review.panel.reviewer == "Maya R"  # review decisions carry the same name
    assert answers.asked == ["Your name"] * 3

    # The next start remembers it.
    w.close()
    again = start(qtbot, windows, db_path, settings)
    assert again.annotator == "Maya R" and answers.asked == ["Your name"] * 3


def sample_bar(window: MainWindow) -> SampleBar:
    bar = window.findChild(SampleBar)
    assert bar is not None
    return bar


def answer_box(button: str, log: list[str]) -> None:
    tries = iter(range(300))

    def step() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if next(tries, None) is not None:
                QTimer.singleShot(10, step)
            return
        log.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == button).click()

    QTimer.singleShot(0, step)


def test_the_sample_article_says_it_is_one_and_is_removed_in_one_step(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path
) -> None:
    settings.annotator = "alice"
    w = start(qtbot, windows, db_path, settings)
    bar = sample_bar(w)
    assert bar.isVisible() and "sample article" in bar.message.text()
    assert "File > Import" in bar.message.text()
    sample = w.current_document_id()
    assert sample in w.project.sample_document_ids()
    w.view.select_span(0, 7)
    qtbot.keyClick(w.view, Qt.Key.Key_1)  # a tag made while trying

    own = tmp_path / "bridge.txt"
    own.write_text("Officials said the bridge is safe.\n", encoding="utf-8")
    w.import_files([str(own)], report=False)
    finish_operations(qtbot, w)
    w.open_document(sample)

    # Asked first (there is a tag on it); "Keep it" keeps everything.
    log: list[str] = []
    answer_box("Keep it", log)
    assert not bar.remove()
    assert log and "1 tag" in log[0]
    assert w.project.sample_document_ids() == [sample]

    answer_box("Remove", log)
    qtbot.mouseClick(bar.remove_button, Qt.MouseButton.LeftButton)
    assert w.project.sample_document_ids() == []
    titles = [s.title for s in w.project.documents()]
    assert len(titles) == 1 and w.project.store.annotations() == []  # the sample's tag went with it
    assert w.current_document_id() == w.project.documents()[0].id  # the user's own article opened
    assert w.doc_list.model.rowCount() == 1
    assert not bar.isVisible()
    assert "sample article was removed" in w.statusBar().currentMessage()


def test_no_sample_no_bar(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings, tmp_path: Path
) -> None:
    settings.annotator = "alice"
    own = tmp_path / "bridge.txt"
    own.write_text("Officials said the bridge is safe.\n", encoding="utf-8")
    w = start(qtbot, windows, db_path, settings, files=[str(own)])
    finish_operations(qtbot, w)
    assert w.project.sample_document_ids() == []
    assert not sample_bar(w).isVisible()
    assert isinstance(sample_bar(w), QWidget)


def test_a_review_decision_without_a_name_asks_for_it(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def prepare(store: Store, doc: Document) -> None:
        s = doc.text.index("crime")
        store.add_annotation(new_annotation(doc, s, s + 5, "claim", "bob"))

    window = open_window(annotator="", prepare=prepare)
    answers = Answers(monkeypatch, [("", False), ("", False), ("Rita", True)])
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    doc_id = window.current_document_id() or ""
    window.review.curated_action.trigger()  # marking curated names the curator: asked, cancelled
    assert window.project.curated_mark(doc_id) is None and not window.review.curated_action.isChecked()
    (bobs,) = window.project.store.annotations()
    window.review.panel.set_current_annotation(bobs.id)
    assert not window.review.panel.accept_current()  # cancelled: no decision by nobody
    assert window.project.store.annotations()[0].status is None
    assert window.review.panel.accept_current()
    got = window.project.store.annotations()[0]
    assert (got.status, got.reviewer) == ("accepted", "Rita") and window.annotator == "Rita"
    assert answers.asked == ["Your name"] * 3


def test_a_failed_removal_keeps_the_sample_open(
    qtbot: QtBot,
    windows: list[MainWindow],
    db_path: Path,
    settings: Settings,
    dialogs: list[tuple[str, str]],
) -> None:
    settings.annotator = "alice"
    w = start(qtbot, windows, db_path, settings)
    sample = w.current_document_id()
    with failing_writes(w.project.store, "database or disk is full"):
        assert not sample_bar(w).remove()
    assert dialogs[-1][0] == "critical" and "disk is full" in dialogs[-1][1]
    assert w.project.sample_document_ids() == [sample] and w.current_document_id() == sample
    assert sample_bar(w).isVisible()


def _words_fit(label: QLabel) -> bool:
    """All of the label's words are shown in its area (wrapped, where it wraps)."""
    area, metrics, text = label.contentsRect(), label.fontMetrics(), label.text()
    if not label.wordWrap():
        return metrics.horizontalAdvance(text) <= area.width()
    flags = Qt.TextFlag.TextWordWrap.value
    return metrics.boundingRect(QRect(0, 0, area.width(), 10_000), flags, text).height() <= area.height()


def test_the_sample_bar_says_all_its_words_in_large_text(
    qtbot: QtBot, windows: list[MainWindow], db_path: Path, settings: Settings
) -> None:
    settings.annotator = "alice"
    w = start(qtbot, windows, db_path, settings)
    bar = sample_bar(w)
    line = bar.message.fontMetrics().height()
    assert _words_fit(bar.message) and bar.height() < 3 * line  # one line where it fits
    try:
        w.appearance.set_zoom(180)  # Ctrl+= up to a 16 pt text: the words go on two lines
        qtbot.waitUntil(lambda: _words_fit(bar.message))  # the bar takes its new height on the next turn
        assert "(Ctrl+I)." in bar.message.text()
        button = bar.remove_button
        assert button.isVisible() and button.mapTo(w, button.rect().topRight()).x() <= w.width()
        w.resize(800, 600)
        qtbot.waitUntil(lambda: _words_fit(bar.message))
    finally:
        w.appearance.set_zoom(100)  # the application's font is shared by the tests that follow
