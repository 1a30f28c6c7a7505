"""Review inside the real window: the dock, its keys from the article view, and the agreement dialog."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Unpack

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from db.store import AnnotationFilters
from factcheck.core.disagreements import Disagreement
from factcheck.core.model import DEFAULT_LABELS, Annotation, Document, Label
from factcheck.core.spans import new_annotation
from tests.conftest import ARTICLE
from tests.helpers.optional import present
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations
from ui import review_decisions
from ui.agreement_dialog import AgreementDialog
from ui.dialogs import EditTagDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _two_annotators(store: Store, doc: Document) -> None:
    # alice and bob agree on one claim; only bob tagged "misleading".
    s = doc.text.index("crime fell")
    store.add_annotation(new_annotation(doc, s, s + 10, "claim", "alice"))
    store.add_annotation(new_annotation(doc, s, s + 10, "claim", "bob"))
    m = doc.text.index("misleading")
    store.add_annotation(new_annotation(doc, m, m + 10, "characterization", "bob"))


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="rita", prepare=_two_annotators)


def review_bobs_tag(window: MainWindow, qtbot: QtBot) -> Annotation:
    """Open the Review dock and make bob's lone characterization current, as a click on it would."""
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    only_bob = next(a for a in window.project.store.annotations() if a.label == "characterization")
    window.view.set_current(only_bob.id)
    window.view.currentAnnotationChanged.emit(only_bob.id)
    window.view.setFocus()
    return only_bob


def test_review_keys_act_only_while_the_dock_is_shown(window: MainWindow, qtbot: QtBot) -> None:
    review = window.review
    assert not review.dock.isVisible()
    only_bob = next(a for a in window.project.store.annotations() if a.label == "characterization")
    window.view.set_current(only_bob.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    assert present(window.project.store.annotation(only_bob.id)).status is None  # hidden dock: A does nothing

    review.toggle_action.trigger()
    qtbot.waitUntil(review.dock.isVisible)
    assert [d.kind for d in review.panel.disagreements()] == ["only_one"]
    review.panel.next_disagreement()  # there is one: stays on it
    window.view.setFocus()
    window.view.set_current(only_bob.id)
    window.view.currentAnnotationChanged.emit(only_bob.id)  # as a click on the tag would
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    got = present(window.project.store.annotation(only_bob.id))
    assert (got.status, got.reviewer) == ("accepted", "rita")
    window.undo()
    assert present(window.project.store.annotation(only_bob.id)).status is None


def test_reject_from_the_view_asks_a_reason(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_decisions, "ask_text", lambda *a, **k: "an opinion, not a claim")
    only_bob = review_bobs_tag(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_R)
    got = present(window.project.store.annotation(only_bob.id))
    assert (got.status, got.reason) == ("rejected", "an opinion, not a claim")
    assert "Rejected" in window.view.tooltip_at(only_bob.start)


def test_agreement_dialog_opens_on_the_current_document(window: MainWindow, qtbot: QtBot) -> None:
    assert window.review.show_agreement() is not None
    finish_operations(qtbot, window)
    dialog = window.review.agreement_dialog
    assert isinstance(dialog, AgreementDialog) and dialog.isVisible()
    assert dialog.scope()[0] == window.current_document_id()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-2:] == ["&Review", "&Help"]


def test_an_orphan_from_a_corrected_article_is_reported_and_listed(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A teammate tagged a sentence of an earlier version of the article that our version no longer has.
    earlier = ARTICLE.replace("Roe denied it", "Roe, asked by reporters about the claim, denied it")
    theirs = tmp_path / "bob.db"
    with Store.open(theirs) as other:
        doc, _ = other.add_document(Document.create(earlier, title="Roe on crime", source="roe.txt"))
        s = doc.text.index("asked by reporters about the claim")
        other.add_annotation(new_annotation(doc, s, s + 34, "characterization", "bob"))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(theirs)], ""))
    window.actions_.import_files.trigger()
    finish_operations(qtbot, window)
    assert shown and "orphaned" in shown[-1] and "asked by reporters about the claim" in shown[-1]
    (orphan,) = [a for a in window.project.store.annotations() if a.orphaned]
    assert orphan.annotator == "bob" and orphan.document_id == window.current_document_id()
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    assert ("orphaned", (orphan.id,)) in {
        (d.kind, d.annotation_ids) for d in window.review.panel.disagreements()
    }


def test_closed_dock_does_no_review_work_and_catches_up_when_opened(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def two_documents(store: Store, doc: Document) -> None:
        _two_annotators(store, doc)
        store.add_document(Document.create("A second article about buses.", title="Buses"))

    window = open_window(annotator="rita", prepare=two_documents)
    first = window.current_document_id()
    second = next(s.id for s in window.project.documents() if s.id != first)
    queries: list[str] = []
    real = window.project.annotations

    def counted(doc_id: str, **kw: Unpack[AnnotationFilters]) -> list[Annotation]:
        queries.append(doc_id)
        return real(doc_id, **kw)

    monkeypatch.setattr(window.project, "annotations", counted)
    panel = window.review.panel
    recomputed: list[int] = []

    def find_none(tags: Iterable[Annotation]) -> list[Disagreement]:
        recomputed.append(1)
        return []

    monkeypatch.setattr("factcheck.core.review_session.find_disagreements", find_none)

    # Closed dock: one query per document switch (the window's), no disagreements computed per key.
    window.open_document(second)
    window.open_document(first)
    start = window.view.document_text().index("Jane Roe")
    window.view.select_span(start, start + 8)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    assert queries == [second, first] and recomputed == []

    # Opened: caught up at once, with the tag made while it was closed.
    monkeypatch.undo()
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    assert [d.kind for d in panel.disagreements()] == ["only_one", "only_one"]

    # Open dock: a document switch still queries once (the panel takes the window's tags).
    queries.clear()
    monkeypatch.setattr(window.project, "annotations", counted)
    window.open_document(second)
    window.open_document(first)
    assert queries == [second, first]
    assert [d.kind for d in panel.disagreements()] == ["only_one", "only_one"]


def test_e_edits_label_and_note_in_one_undoable_step(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, str]] = []

    def edit(
        parent: QWidget | None, quote: str, labels: Sequence[Label], label: str, note: str
    ) -> tuple[str, str]:
        seen.append((quote, label))
        return "denial", "a refusal, not a description"

    monkeypatch.setattr("ui.dialogs.edit_tag", edit)
    only_bob = review_bobs_tag(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_E)
    assert seen == [("misleading", "characterization")]
    # bob's tag is rita's to review, not to change: the edit is her correction, bob's is rejected.
    got = present(window.project.store.annotation(only_bob.id))
    assert (got.label, got.note, got.status, got.reason) == (
        "characterization",
        "",
        "rejected",
        "corrected by rita",
    )
    (mine,) = [a for a in window.project.store.annotations() if a.annotator == "rita"]
    assert (mine.label, mine.note, mine.start, mine.end) == (
        "denial",
        "a refusal, not a description",
        got.start,
        got.end,
    )
    window.undo()
    got = present(window.project.store.annotation(only_bob.id))
    assert (got.label, got.note, got.status) == ("characterization", "", None)
    assert not [a for a in window.project.store.annotations() if a.annotator == "rita"]


def test_edit_tag_dialog_returns_what_was_chosen(qtbot: QtBot) -> None:
    dialog = EditTagDialog(None, "a quote", DEFAULT_LABELS, "claim", "old note")
    qtbot.addWidget(dialog)
    assert dialog.values() == ("claim", "old note")
    dialog.label_box.setCurrentText("denial")
    dialog.note_box.setPlainText("  new note \n")
    assert dialog.values() == ("denial", "new note")
