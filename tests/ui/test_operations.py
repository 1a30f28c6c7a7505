"""Long work off the GUI thread, on the real window and a real SQLite file: the window stays usable while
an export or import runs, cancelling leaves nothing written, errors in the worker reach a dialog, and
quitting during an import asks, then stops and joins the worker.

A `Gate` holds the worker at one progress step until the test opens it: no sleeps, no timing."""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

import ui.project
import ui.project_operations
from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services import exporting, importing
from tests.conftest import ARTICLE
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations, grab_with_dialogs
from ui.main_window import MainWindow
from ui.operations import Job, Outcome
from ui.progress import ProgressDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TAGS = 2500  # more than one export chunk (2000 rows), so an export can be stopped halfway
GATE_TIMEOUT_S = 10  # a test that never opens its gate fails instead of hanging the suite


class Gate:
    """Wraps a service's progress callback; at the first step where `at(done, total)`, the worker waits
    for the test to `release()` it, then reports as usual (raising if the job was cancelled)."""

    def __init__(self, at: Callable[[int, int], bool]) -> None:
        self.at = at
        self.reached = threading.Event()
        self._open = threading.Event()
        # Makes the exception raised at the gate instead of going on (a fresh one: an exception kept here
        # would keep the failed work's frames alive after its connection closed).
        self.fail: Callable[[], BaseException] | None = None

    def wrap(self, progress: Callable[[int, int], None] | None) -> Callable[[int, int], None]:
        def step(done: int, total: int) -> None:
            if not self.reached.is_set() and self.at(done, total):
                self.reached.set()
                assert self._open.wait(GATE_TIMEOUT_S), "the test never opened the gate"
                if self.fail is not None:
                    raise self.fail()
            if progress is not None:
                progress(done, total)

        return step

    def release(self) -> None:
        self._open.set()

    def wait_reached(self, qtbot: QtBot) -> None:
        qtbot.waitUntil(self.reached.is_set, timeout=GATE_TIMEOUT_S * 1000)


@pytest.fixture
def gate_export(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """Exports stop halfway (after the first chunk is written to the temporary file)."""
    gate = Gate(lambda done, total: 0 < done < total)
    real = exporting.export

    def held(store: Store, fmt: str, out: Path, *, progress: Any = None, **kw: Any) -> int:
        return real(store, fmt, out, progress=gate.wrap(progress), **kw)

    monkeypatch.setattr(ui.project_operations, "export", held)
    yield gate
    gate.release()  # never leave a worker waiting behind a failed test


@pytest.fixture
def gate_import(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """Imports stop inside their transaction, after the first file is stored (steps: read all, then
    store each)."""
    holder: list[Gate] = []
    real = importing.import_paths

    def held(store: Store, paths: list[Path], *, annotator: str = "", progress: Any = None) -> Any:
        gate = holder[0]
        return real(store, paths, annotator=annotator, progress=gate.wrap(progress))

    monkeypatch.setattr(ui.project_operations, "import_paths", held)
    gate = Gate(lambda done, total: done == total // 2 + 1)
    holder.append(gate)
    yield gate
    gate.release()  # never leave a worker waiting behind a failed test


def many_tags(store: Store, doc: Document) -> None:
    anns = []
    for i in range(TAGS):
        start = i % (len(doc.text) - 30)
        if not doc.text[start : start + 12].strip():
            start += 1
        anns.append(new_annotation(doc, start, start + 12, "claim", f"annotator{i % 3}"))
    with store.atomic():
        store.put_annotations(anns)


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(ARTICLE * 40, prepare=many_tags)


def articles(tmp_path: Path) -> list[str]:
    paths = []
    for name in ("one.txt", "two.txt"):
        path = tmp_path / name
        path.write_text(f"The {name} article says the bridge is safe.\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def progress_dialog(window: MainWindow) -> ProgressDialog:
    (dialog,) = window.findChildren(ProgressDialog)
    return dialog


def document_count(window: MainWindow) -> int:
    return len(window.project.store.documents())


def test_the_window_stays_usable_while_an_export_runs(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, gate_export: Gate, dialogs: list[tuple[str, str]]
) -> None:
    out = tmp_path / "tags.csv"
    job = window.project.export("csv", out)
    from ui.progress import Feedback

    assert isinstance(window.feedback, Feedback)
    window.feedback.watch(job, failed_title="Export failed", what_next="")
    gate_export.wait_reached(qtbot)  # the worker is halfway through, and held there
    dialog = progress_dialog(window)
    qtbot.waitUntil(dialog.isVisible)  # it shows itself once the work takes a moment
    qtbot.waitUntil(window.isActiveWindow)  # it does not keep the keyboard from the article
    assert window.view.hasFocus()
    # The GUI thread is free: a timer fires, and the article scrolls.
    timer = QTimer(singleShot=True, interval=0)
    with qtbot.waitSignal(timer.timeout):
        timer.start()
    bar = window.view.verticalScrollBar()
    assert bar.maximum() > 0
    before = bar.value()
    QTest.keyClick(window.view, Qt.Key.Key_PageDown)
    assert bar.value() > before
    assert not dialog.isModal() and "Exporting to tags.csv" in dialog.labelText()
    assert not out.exists()
    grab_with_dialogs(window).save(str(tmp_path.parent / "progress-over-window.png"))
    gate_export.release()
    finish_operations(qtbot, window)
    assert job.outcome is Outcome.DONE and job.result == TAGS
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == TAGS + 1
    assert not window.findChildren(ProgressDialog) or not progress_dialog(window).isVisible()


def test_cancelling_an_export_writes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, gate_export: Gate, dialogs: list[tuple[str, str]]
) -> None:
    from ui.import_export import start_export

    out = tmp_path / "tags.csv"
    job = start_export(window.feedback, window.project, "csv", out)
    assert job is not None
    gate_export.wait_reached(qtbot)
    dialog = progress_dialog(window)
    qtbot.waitUntil(dialog.isVisible)
    (button,) = dialog.findChildren(QPushButton)
    assert button.text() == "Cancel"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    gate_export.release()
    finish_operations(qtbot, window)
    assert job.outcome is Outcome.CANCELLED
    assert list(tmp_path.glob("*tags.csv*")) == []  # neither the file nor its temporary part
    assert dialogs == []  # the user cancelled: a status line, no dialog
    assert "Export cancelled; nothing was written." in window.statusBar().currentMessage()


def test_cancelling_an_import_stores_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, gate_import: Gate, dialogs: list[tuple[str, str]]
) -> None:
    before = document_count(window)
    job = window.import_files(articles(tmp_path))
    assert job is not None
    gate_import.wait_reached(qtbot)  # the first file is stored, inside the transaction
    assert not window.actions_.export.isEnabled()  # one long operation at a time, and it says so
    from ui.import_export import start_export

    assert start_export(window.feedback, window.project, "csv", tmp_path / "x.csv") is None
    assert "Import is running" in window.statusBar().currentMessage()
    job.cancel()
    gate_import.release()
    finish_operations(qtbot, window)
    assert job.outcome is Outcome.CANCELLED
    assert document_count(window) == before and window.doc_list.model.rowCount() == before
    assert dialogs == [] and window.actions_.export.isEnabled()


def test_tagging_waits_for_an_import_and_says_so(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, gate_import: Gate, dialogs: list[tuple[str, str]]
) -> None:
    tags_before = len(window.project.store.annotations())
    job = window.import_files(articles(tmp_path), report=False)
    assert job is not None
    gate_import.wait_reached(qtbot)
    window.activateWindow()  # back from the progress dialog to the article, as a click on it does
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.select_span(0, 7)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # answered at once, not after the import's lock
    assert dialogs and "Import is running" in dialogs[-1][1] and "Nothing was changed" in dialogs[-1][1]
    assert len(window.project.store.annotations()) == tags_before
    assert "tagging waits" in progress_dialog(window).labelText()
    gate_import.release()
    finish_operations(qtbot, window)
    assert job.outcome is Outcome.DONE and document_count(window) == 3
    window.open_document(job.result.document_ids[0])
    window.view.select_span(4, 7)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert len(window.project.store.annotations()) == tags_before + 1


def test_an_error_in_the_worker_reaches_a_dialog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, gate_export: Gate, dialogs: list[tuple[str, str]]
) -> None:
    from ui.import_export import start_export

    gate_export.fail = lambda: RuntimeError("the disk controller caught fire")
    out = tmp_path / "tags.csv"
    job = start_export(window.feedback, window.project, "csv", out)
    assert job is not None
    gate_export.release()
    finish_operations(qtbot, window)
    assert job.outcome is Outcome.FAILED
    ((kind, text),) = dialogs
    assert kind == "critical" and text.startswith("Export failed")
    assert "the disk controller caught fire" in text and "report it" in text and "Nothing was written" in text
    assert list(tmp_path.glob("*tags.csv*")) == []


def test_an_export_to_a_folder_that_cannot_be_made_says_what_to_do(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    from ui.import_export import start_export

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    start_export(window.feedback, window.project, "csv", blocker / "tags.csv")
    finish_operations(qtbot, window)
    ((kind, text),) = dialogs
    assert kind == "critical" and "Cannot write" in text and "Choose another place" in text


@pytest.mark.parametrize("choice", ["cancel", "wait", None])
def test_closing_the_window_during_an_import_asks(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    gate_import: Gate,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[tuple[str, str]],
    choice: str | None,
) -> None:
    asked: list[tuple[str, bool]] = []

    def ask(parent: object, title: str, writes: bool) -> str | None:
        asked.append((title, writes))
        return choice

    monkeypatch.setattr("ui.dialogs.ask_cancel_or_wait", ask)
    before = document_count(window)
    job = window.import_files(articles(tmp_path))
    assert job is not None
    gate_import.wait_reached(qtbot)
    worker = window.project.operations._worker
    assert worker is not None and worker.isRunning()
    left_run: list[bool] = []
    worker.finished.connect(lambda: left_run.append(True), Qt.ConnectionType.DirectConnection)
    window.actions_.quit.trigger()  # Ctrl+Q
    assert asked == [("Import", True)]
    assert window.isVisible()  # nothing is closed while the worker runs
    gate_import.release()
    finish_operations(qtbot, window)
    if choice is None:  # "Don't quit": the import goes on and is reported as usual
        assert window.isVisible() and job.outcome is Outcome.DONE
        assert dialogs and dialogs[-1][1].startswith("Import finished")
        return
    qtbot.waitUntil(lambda: not window.isVisible())
    # The thread left run() and was joined (waited for) before its QThread was deleted.
    assert left_run == [True] and window.project.operations.current() is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(worker))
    assert dialogs == []  # nothing pops up once the user has asked to quit
    if choice == "cancel":
        assert job.outcome is Outcome.CANCELLED and document_count(window) == before
    else:
        assert job.outcome is Outcome.DONE and document_count(window) == before + 2


def test_agreement_is_measured_on_a_worker_and_opens_its_dialog(window: MainWindow, qtbot: QtBot) -> None:
    job = window.review.show_agreement()
    assert isinstance(job, Job)
    finish_operations(qtbot, window)
    dialog = window.review.agreement_dialog
    assert dialog is not None and dialog.isVisible() and dialog.index.rows
    dialog.close()


def test_a_store_in_memory_runs_its_operations_inline(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.memory()
    doc, _ = store.add_document(Document.create(ARTICLE, title="Roe"))
    store.add_annotation(new_annotation(doc, 0, 8, "claim", "ann"))
    project = ui.project.ProjectModel(store)
    out = tmp_path / "tags.jsonl"
    job = project.export("jsonl", out)
    with qtbot.waitSignal(job.ended):
        pass
    assert job.outcome is Outcome.DONE and job.result == 1 and out.exists()
    project.close()


def test_an_import_that_ends_while_the_quit_question_is_open_still_quits(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    gate_import: Gate,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[tuple[str, str]],
) -> None:
    job = window.import_files(articles(tmp_path), report=False)
    assert job is not None
    gate_import.wait_reached(qtbot)

    def ask_slowly(parent: object, title: str, writes: bool) -> str:
        gate_import.release()  # the import finishes while the user reads the question
        qtbot.waitUntil(lambda: not job.running())
        return "cancel"

    monkeypatch.setattr("ui.dialogs.ask_cancel_or_wait", ask_slowly)
    window.close()
    assert not window.isVisible()  # closed at once: there is nothing left to wait for
    assert job.outcome is Outcome.DONE  # it had committed: kept, not half undone


def test_a_backup_cancelled_while_it_copies_leaves_no_copy(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[tuple[str, str]],
) -> None:
    # The backup API copies in one step, so it cannot stop midway: the copy it made is deleted.
    gate = Gate(lambda done, total: True)
    real = Store.backup

    def held(store: Store, dest: Path | str) -> Path:
        gate.wrap(None)(0, 0)
        return real(store, dest)

    monkeypatch.setattr(Store, "backup", held)
    dest = tmp_path / "copy.db"
    job = window.project.backup(dest)  # what File > Back up starts, once a file is chosen
    gate.wait_reached(qtbot)
    job.cancel()
    gate.release()
    finish_operations(qtbot, window)
    assert job.outcome is Outcome.CANCELLED and job.message == "Backup cancelled; no copy was made."
    assert list(tmp_path.glob("copy.db*")) == []
