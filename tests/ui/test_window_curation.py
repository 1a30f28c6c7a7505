"""Curation in the window: the tag table's Curated view, the document list's review states."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.curation import CURATED, DocumentState, curate_document, live_placed
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.helpers.review import set_review
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import answer_dialogs, keys
from tests.ui.window_support import finish_operations
from ui.annotation_table_model import ANNOTATOR, LABEL, NOTE, QUOTE
from ui.document_list import state_text
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


def _team(store: Store, doc: Document) -> None:
    for who in ("ana", "bo"):
        store.add_annotation(new_annotation(doc, 0, 8, "claim", who, note=f"{who}'s note"))
    store.add_annotation(new_annotation(doc, 20, 30, "denial", "ana"))  # only ana: not curated
    lone = store.add_annotation(new_annotation(doc, 40, 50, "characterization", "bo"))
    set_review(store, lone.id, "accepted", "rita")  # accepted: curated


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="alice", prepare=_team)


def _shown(window: MainWindow) -> list[tuple[str, str, str, str]]:
    proxy = window.table.proxy
    return sorted(
        tuple(proxy.index(r, c).data(Qt.ItemDataRole.DisplayRole) for c in (LABEL, QUOTE, ANNOTATOR, NOTE))
        for r in range(proxy.rowCount())
    )


def test_curated_view_shows_exactly_the_curated_set_and_follows_changes(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    table = window.table
    assert table.proxy.rowCount() == 4
    table.set_curated_view(True)
    assert not table.annotator_filter.isEnabled()
    rows = _shown(window)
    assert [(r[0], r[2]) for r in rows] == [("characterization ✓", CURATED), ("claim", CURATED)]
    assert rows[1][3] == "ana's note bo's note"  # both notes, one per line (shown on one)
    assert table.count_label.text() == "2 curated tags (from 4 tags)"
    # the same set as the core computes from the open document's tags
    expected = curate_document(live_placed(window.open_doc.tags))
    assert len(expected) == table.proxy.rowCount()
    window.grab().save(str(tmp_path / "curated_view.png"))

    # alice tags the article too: now three people tagged it, and the claim needs her as well
    doc_id = window.current_document_id()
    assert doc_id is not None
    window.project.add(new_annotation(window.project.document(doc_id), 60, 70, "claim", "alice"))
    qtbot.waitUntil(lambda: table.proxy.rowCount() == 1)
    assert [r[0] for r in _shown(window)] == ["characterization ✓"]

    table.set_curated_view(False)
    assert table.annotator_filter.isEnabled()
    assert table.proxy.rowCount() == 5
    assert {r[2] for r in _shown(window)} == {"ana", "bo", "alice"}


def test_mark_as_curated_is_undoable_and_the_document_list_shows_each_state(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    doc_id = window.current_document_id()
    assert doc_id is not None
    action = window.review.curated_action
    model = window.doc_list.model
    state = model.state(doc_id)
    # ana's lone denial is undecided (open); bo's lone characterization was accepted (settled)
    assert state is not None and state.describe() == "in review, 1 open disagreement"
    assert action.isEnabled() and not action.isChecked()

    answer_dialogs(_mark_anyway)  # (asked first: a disagreement is still open; see the test below)
    action.trigger()
    assert action.isChecked()
    assert window.project.curated_mark(doc_id) is not None
    assert window.project.curated_mark(doc_id)[0] == "alice"  # type: ignore[index]
    qtbot.waitUntil(lambda: (s := model.state(doc_id)) is not None and s.kind == "curated")
    index = window.doc_list.proxy.index(0, 0)
    assert "Review: curated" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert window.actions_.undo.text() == "&Undo Mark “Roe on crime” as curated"
    window.doc_list.grab().save(str(tmp_path / "curated_list.png"))

    window.undo()
    assert not action.isChecked() and window.project.curated_mark(doc_id) is None
    qtbot.waitUntil(lambda: (s := model.state(doc_id)) is not None and s.kind == "in_review")
    window.redo()
    assert action.isChecked() and window.project.curated_mark(doc_id) is not None
    # and back: triggering again clears the mark, one more undoable step
    action.trigger()
    assert not action.isChecked() and window.project.curated_mark(doc_id) is None
    window.undo()
    assert action.isChecked()


def _mark_anyway(dialog: QWidget) -> None:
    assert isinstance(dialog, QMessageBox)
    [take] = [b for b in dialog.buttons() if b.text() == "&Mark curated"]
    take.click()


def test_marking_curated_with_open_disagreements_asks_and_the_list_keeps_the_count(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    doc_id = window.current_document_id()
    assert doc_id is not None
    action, model = window.review.curated_action, window.doc_list.model
    qtbot.waitUntil(lambda: (s := model.state(doc_id)) is not None and s.open == 1)

    # Enter takes Cancel, the default: nothing marked, nothing on the undo stack
    seen = answer_dialogs(keys(qtbot, Qt.Key.Key_Return))
    action.trigger()
    assert seen == ["Mark as curated"]
    assert window.project.curated_mark(doc_id) is None and not action.isChecked()
    assert not window.undo_stack.canUndo()

    texts: list[str] = []

    def read_then_mark(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        texts.append(dialog.text())
        _mark_anyway(dialog)

    answer_dialogs(read_then_mark)
    action.trigger()
    assert texts == ["1 disagreement is still open in this document. Mark it curated anyway?"]
    assert window.project.curated_mark(doc_id) is not None and action.isChecked()
    # the list says curated, and the disagreement still open beside it
    qtbot.waitUntil(lambda: (s := model.state(doc_id)) is not None and s.kind == "curated")
    state = model.state(doc_id)
    assert state is not None and state.open == 1
    assert state_text(state) == "✓ Curated · 1 open"
    assert window.project.document_states()[doc_id] == state  # as read from the store
    tip = window.doc_list.proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Review: curated, 1 open disagreement" in tip
    window.grab().save(str(tmp_path / "curated_open.png"))

    window.undo()  # the mark goes; the count stays
    qtbot.waitUntil(lambda: model.state(doc_id) == DocumentState("in_review", 1))


def test_a_new_tag_without_decision_opens_a_disagreement_in_the_list(
    window: MainWindow, qtbot: QtBot
) -> None:
    doc_id = window.current_document_id()
    assert doc_id is not None
    window.project.add(new_annotation(window.project.document(doc_id), 60, 70, "denial", "alice"))
    model = window.doc_list.model
    qtbot.waitUntil(lambda: (s := model.state(doc_id)) is not None and s.open == 2, timeout=3000)
    assert model.state(doc_id).describe() == "in review, 2 open disagreements"  # type: ignore[union-attr]


def test_export_dialog_decision_filter_and_curated_set(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    import csv
    import io
    import json

    from ui.import_export import ExportDialog, start_export

    def run_export(fmt: str, out: Path, **options: object) -> int:
        job = start_export(window.feedback, window.project, fmt, out, **options)
        assert job is not None
        finish_operations(qtbot, window)
        return int(job.result)

    dialog = ExportDialog(window, window.project, window.current_document_id())
    qtbot.addWidget(dialog)
    assert dialog.options().get("status") is None  # all three decisions: no filter
    assert not dialog.min_agree.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.decisions["unreviewed"].setChecked(False)
    dialog.decisions["rejected"].setChecked(False)
    assert dialog.options()["status"] == ["accepted"]
    out = tmp_path / "accepted.csv"
    assert run_export(dialog.fmt(), out, **dialog.options()) == 1
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["label"], r["status"]) for r in rows] == [("characterization", "accepted")]

    dialog.decisions["accepted"].setChecked(False)
    dialog.path.setText(str(out))
    dialog.accept()  # nothing chosen: said so, and the dialog stays
    assert "at least one review decision" in dialogs[-1][1]

    dialog.curated.setChecked(True)
    assert not dialog.decisions["accepted"].isEnabled() and dialog.min_agree.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    assert dialog.options() == {
        "document_id": window.current_document_id(),
        "annotator": None,
        "label": None,
        "curated": True,
        "min_agree": None,
    }
    out = tmp_path / "curated.json"
    assert run_export(dialog.fmt(), out, **dialog.options()) == 2
    tags = [a for d in json.loads(out.read_text(encoding="utf-8"))["documents"] for a in d["annotations"]]
    assert {a["annotator"] for a in tags} == {CURATED}
    claim = next(a for a in tags if a["label"] == "claim")
    assert [s["annotator"] for s in claim["sources"]] == ["ana", "bo"]
    dialog.min_agree.setValue(1)
    assert run_export(dialog.fmt(), out, **dialog.options()) == 3
    dialog.resize(560, 360)
    dialog.grab().save(str(tmp_path / "export_dialog.png"))
