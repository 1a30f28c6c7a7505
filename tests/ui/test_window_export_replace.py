"""File > Export in the real window: it asks before replacing a file, and counts the tags it wrote as the
status bar does (live tags; the JSON format's tombstones of deleted tags are not "tags written")."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations
from ui.import_export import ExportDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _three_tags_one_deleted(store: Store, doc: Document) -> None:
    for word, label in (("crime", "claim"), ("Critics", "denial"), ("misleading", "characterization")):
        s = doc.text.index(word)
        ann = store.add_annotation(new_annotation(doc, s, s + len(word), label, "alice"))
    store.delete_annotation(ann.id)


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None], log: list[str]) -> None:
    """Once a modal widget of this kind is active, log its text and act on it (bounded: never hangs)."""
    tries = iter(range(300))

    def step() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind):
            if next(tries, None) is not None:
                QTimer.singleShot(10, step)
            elif isinstance(widget, QDialog):
                widget.reject()
            return
        log.append(widget.text() if isinstance(widget, QMessageBox) else kind.__name__)
        act(widget)

    QTimer.singleShot(0, step)


def click(name: str) -> Callable[[QWidget], None]:
    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text().replace("&", "") == name).click()

    return act


def export_to(
    qtbot: QtBot, window: MainWindow, out: Path, fmt: str, answers: list[str], log: list[str]
) -> None:
    """File > Export, format fmt, path out, Export; then answer each question in turn."""

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        dialog.format.setCurrentIndex(dialog.format.findData(fmt))
        dialog.path.setText(str(out))
        for answer in answers[:1]:  # the replace question, opened by accept
            when_shown(QMessageBox, click(answer), log)
        dialog.accept()
        if dialog.isVisible():  # stayed open: the user said no to replacing
            log.append("stayed open")
            dialog.reject()

    when_shown(ExportDialog, fill, log)
    window.actions_.export.trigger()
    finish_operations(qtbot, window)


def test_export_asks_before_replacing_a_file(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(prepare=_three_tags_one_deleted)
    out = tmp_path / "tags.csv"
    out.write_text("my spreadsheet, do not lose", encoding="utf-8")
    log: list[str] = []
    export_to(qtbot, window, out, "csv", ["Cancel"], log)
    assert log[:2] == ["ExportDialog", log[1]] and "already exists" in log[1] and "Replace" in log[1]
    assert log[2] == "stayed open"
    assert out.read_text(encoding="utf-8") == "my spreadsheet, do not lose"
    assert window.project.operations.current() is None and dialogs == []

    log.clear()
    export_to(qtbot, window, out, "csv", ["Replace"], log)
    assert "stayed open" not in log
    assert "my spreadsheet" not in out.read_text(encoding="utf-8-sig")
    assert dialogs[-1][1].startswith("Export finished: 2 tags written")


def test_brat_into_a_folder_holding_files_asks_first(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(prepare=_three_tags_one_deleted)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "mine.ann").write_text("T1\tclaim 0 4\tkeep\n", encoding="utf-8")
    log: list[str] = []
    export_to(qtbot, window, folder, "brat", ["Cancel"], log)
    assert "already holds files" in log[1] and log[2] == "stayed open"
    assert sorted(p.name for p in folder.iterdir()) == ["mine.ann"]
    log.clear()
    export_to(qtbot, window, folder, "brat", ["Replace"], log)
    assert "mine.ann" in {p.name for p in folder.iterdir()} and len(list(folder.glob("*.ann"))) == 2
    assert dialogs[-1][1].startswith("Export finished")
    # An empty folder, or a new one, is written without a question.
    log.clear()
    export_to(qtbot, window, tmp_path / "fresh", "brat", [], log)
    assert log == ["ExportDialog"]


def test_a_new_file_is_written_without_a_question_and_counts_live_tags(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(prepare=_three_tags_one_deleted)
    counts = window.findChild(QLabel, "tagCounts")
    assert counts is not None and counts.text().startswith("2 tags here")
    out = tmp_path / "tags.json"
    log: list[str] = []
    export_to(qtbot, window, out, "json", [], log)
    assert log == ["ExportDialog"]  # no question: nothing was there
    assert dialogs[-1][1].startswith("Export finished: 2 tags written")
    written = json.loads(out.read_text(encoding="utf-8"))["documents"][0]["annotations"]
    assert len(written) == 3 and sum(a["deleted_at"] is not None for a in written) == 1  # a tombstone


def test_the_command_line_counts_live_tags_too(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(db_path) as store:
        doc, _ = store.add_document(Document.create("Crime fell, critics said it was misleading.", title="t"))
        _three_tags_one_deleted_text(store, doc)
    assert main(["--db", str(db_path), "export", "--format", "json", "--out", str(tmp_path / "x.json")]) == 0
    assert "Exported 2 annotations" in capsys.readouterr().err


def _three_tags_one_deleted_text(store: Store, doc: Document) -> None:
    for word, label in (("Crime", "claim"), ("critics", "denial"), ("misleading", "characterization")):
        s = doc.text.index(word)
        ann = store.add_annotation(new_annotation(doc, s, s + len(word), label, "alice"))
    store.delete_annotation(ann.id)
