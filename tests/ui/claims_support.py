"""What the claim-card window tests share: projects with claim tags or a debate, dialogs driven by keys."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
)
from pytestqt.qtbot import QtBot

from db import Store, attribution
from db import claims as claims_db
from db import links as links_db
from db import speakers as speakers_db
from factcheck.core.claims import ClaimCard
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import Speaker
from tests.helpers.claims import Debate, make_debate
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import isolated_settings, show
from ui.claims_pane import ClaimsPane
from ui.claims_table import TEXT
from ui.main_window import MainWindow
from ui.project import ProjectModel


def claim_tags(store: Store, doc: Document) -> None:
    for phrase, who in (("crime fell by 20%", "alice"), ("We never said that", "bob")):
        start = doc.text.index(phrase)
        store.add_annotation(new_annotation(doc, start, start + len(phrase), "claim", who))


def one_card(store: Store, doc: Document) -> None:
    claim_tags(store, doc)
    ann = next(a for a in store.annotations() if a.quote == "crime fell by 20%")
    claims_db.create_card(store, [ann.id], "alice", text="Crime fell by 20%.")


def one_card_in_pane(open_window: OpenWindow, qtbot: QtBot) -> tuple[MainWindow, ClaimsPane, ClaimCard]:
    """alice's window on one card (``one_card``), the Claims pane open on it, the keys going to its list."""
    window = open_window(annotator="alice", prepare=one_card)
    window.claims.toggle_action.trigger()
    pane = window.claims.pane
    (card,) = claims_db.cards(window.project.store)
    qtbot.waitUntil(lambda: pane.current_card_id() == card.id)
    pane.view.setFocus()
    return window, pane, card


def attributed(store: Store, doc: Document) -> None:
    """Roe (a source tag with her speaker) says the claim; the critics' characterization and her
    denial are linked to it."""
    speakers_db.add_speaker(
        store, Speaker("sp-roe", "Jane Roe", "person", "", (), "2026-01-01", "2026-01-01")
    )

    def tag(phrase: str, label: str) -> Annotation:
        start = doc.text.index(phrase)
        return store.add_annotation(new_annotation(doc, start, start + len(phrase), label, "alice"))

    claim = tag("crime fell by 20%", "claim")
    source = tag("Jane Roe", "source")
    attribution.set_speaker(store, source.id, "sp-roe")
    attribution.set_attribution(store, claim.id, source=source.id)
    misleading = tag("misleading", "characterization")
    denial = tag("We never said that", "denial")
    links_db.add_link(store, new_link(doc.id, "characterizes", misleading.id, claim.id, "alice"))
    links_db.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "bob"))


def tag_of(window: MainWindow, phrase: str) -> Annotation:
    return next(a for a in window.project.store.annotations() if a.quote == phrase)


def make_current(window: MainWindow, ann: Annotation) -> None:
    window.view.set_current(ann.id)
    window.view.currentAnnotationChanged.emit(ann.id)
    # The window's keys (K, V...) are shortcuts of the active window: a loaded machine may not have
    # activated it yet when the test presses one.
    window.activateWindow()
    window.view.setFocus()


#: How long in_dialog waits for its dialog (a loaded machine is slow, but a test that shows none ends).
DIALOG_WAIT_S = 10.0


def in_dialog(qtbot: QtBot, act: Callable[[QDialog], None]) -> list[str]:
    """Run act on the next modal dialog once it shows (a modal exec() blocks the test); problems found."""
    problems: list[str] = []
    deadline = time.monotonic() + DIALOG_WAIT_S

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isActiveWindow():
            if isinstance(dialog, QDialog):
                dialog.activateWindow()
            if time.monotonic() > deadline:  # no dialog came: stop, never act on a later test's dialog
                problems.append("no dialog appeared")
                return
            QTimer.singleShot(20, run)
            return
        try:
            act(dialog)
        except Exception as exc:  # reported to the test, and the dialog closed
            problems.append(repr(exc))
            dialog.reject()

    QTimer.singleShot(0, run)
    return problems


def open_debate(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[tuple[MainWindow, Debate]]:
    """A window (annotator rita) on the debate transcript of tests.helpers.claims, its pane shown."""
    store = Store.open(db_path)
    made = make_debate(store)
    project = ProjectModel(store)
    window = MainWindow(project, "rita", isolated_settings(tmp_path))
    project.setParent(window)
    show(qtbot, window)
    window.open_document(made.doc.id)
    window.claims.toggle_action.trigger()
    qtbot.waitUntil(window.claims.dock.isVisible)
    yield window, made
    window.project.operations.shutdown()
    window.close()
    store.close()


def listed(window: MainWindow) -> list[str]:
    model = window.claims.pane.model
    return [model.data(model.index(r, TEXT)) for r in range(model.rowCount())]
