"""Random keyboard sessions on the real window (seeded, so a failure replays): after every key the store,
the OpenDocument and the tag table agree and every stored quote is the text at its offsets; no error box
appears; undoing every step gives the first state back and redoing them the last. Found: a cue relabelled
after it was attached blocked the claim, a discontinuous tag's end could not move, an attributed claim
could not become a source, an undo could not bring back a pointer to a tag deleted since."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db import Store, attribution, links
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TEXT = (
    "😀 Mayor Helena Marsh said on Tuesday that ridership had “more than doubled” since fares were cut.\n"
    "A spokesperson 👩‍👩‍👧 said the agency “has never published any number […] to support it”.\n\n"
    "Critics called it “a fairy tale”, she said… Marsh denied it.\u00a0NBSP here. é accents\n"
)
K, M = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT, ALT = M.ControlModifier, M.ShiftModifier, M.AltModifier
#: Keys that act at once (none opens a dialog): label keys, pieces, Tab, Delete, undo/redo, moving a
#: tag's bounds, attaching the nearest source/cue, quotation, moving and extending the selection.
KEYS = [
    (K.Key_1, M.NoModifier), (K.Key_2, M.NoModifier), (K.Key_3, M.NoModifier), (K.Key_4, M.NoModifier),
    (K.Key_5, M.NoModifier), (K.Key_1, CTRL), (K.Key_2, CTRL), (K.Key_Tab, M.NoModifier),
    (K.Key_Backtab, SHIFT), (K.Key_Delete, M.NoModifier), (K.Key_Z, CTRL), (K.Key_Z, CTRL | SHIFT),
    (K.Key_Y, CTRL), (K.Key_Right, ALT | SHIFT), (K.Key_Left, ALT | SHIFT), (K.Key_Left, CTRL | ALT),
    (K.Key_Right, CTRL | ALT), (K.Key_C, M.NoModifier), (K.Key_S, M.NoModifier), (K.Key_Q, M.NoModifier),
    (K.Key_Right, SHIFT), (K.Key_Left, SHIFT), (K.Key_Right, M.NoModifier), (K.Key_End, SHIFT),
    (K.Key_Home, M.NoModifier), (K.Key_Escape, M.NoModifier), (K.Key_Right, CTRL | SHIFT),
]  # fmt: skip
Shape = tuple[str, int, int, object, object, object, object]


def structured(store: Store, doc: Document) -> None:
    """An attributed claim, a denial linked to it, a discontinuous claim."""

    def tag(words: str, label: str) -> Annotation:
        start = doc.text.index(words)
        return store.add_annotation(new_annotation(doc, start, start + len(words), label, "alice"), doc.text)

    source, cue = tag("Mayor Helena Marsh", "source"), tag("said", "cue")
    claim = tag("ridership had “more than doubled”", "claim")
    attribution.set_attribution(store, claim.id, source=source.id, cue=cue.id, quotation="indirect")
    denial = tag("has never published any number", "denial")
    links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "alice"))
    critics = tag("Critics called it", "claim")
    denied = doc.text.index("Marsh denied it")
    attribution.set_pieces(store, critics.id, [(critics.start, critics.end), (denied, denied + 15)])


def check(window: MainWindow, step: str) -> None:
    doc = window.project.document(window.current_document_id() or "")
    stored = window.project.store.annotations(doc.id)
    for tag in stored:
        assert doc.text[tag.start : tag.end] == tag.quote, (step, tag)
        assert all(0 <= s < e <= len(doc.text) for s, e in tag.fragments), (step, tag)
    live = {tag.id: tag for tag in stored if tag.deleted_at is None}
    assert dict(window.open_doc.tags.by_id) == live, step
    assert window.table.proxy.rowCount() == len(live), step


def shapes(window: MainWindow) -> dict[str, Shape]:
    tags = window.project.store.annotations(window.current_document_id())
    return {
        t.id: (t.label, t.start, t.end, t.fragments, t.source, t.cue, t.quotation)
        for t in tags
        if t.deleted_at is None
    }


@pytest.mark.parametrize("seed", range(6))
def test_a_keyboard_session_keeps_store_and_views_in_step_and_undoes_whole(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]], seed: int
) -> None:
    rng = random.Random(seed)
    window = open_window(text=TEXT, prepare=structured if seed % 2 else None)
    first = shapes(window)
    steps: list[str] = []
    for _ in range(150):
        if rng.random() < 0.3:
            a = rng.randrange(len(TEXT) - 1)
            b = min(len(TEXT), a + rng.randrange(1, 40))
            window.view.select_span(a, b)
            steps.append(f"select {a}-{b}")
        else:
            key, modifiers = rng.choice(KEYS)
            qtbot.keyClick(window.view, key, modifiers)
            steps.append(f"{key.name} {modifiers}")
        QApplication.processEvents()
        check(window, " / ".join(steps[-6:]))
        assert not dialogs, steps[-6:]
    stack = window.undo_stack
    last, last_index = shapes(window), stack.index()
    assert last_index > 3  # the session did things
    while stack.canUndo():
        before = stack.index()
        window.undo()
        check(window, f"undo to {stack.index()}")
        assert stack.index() == before - 1 and not dialogs
    assert shapes(window) == first
    while stack.index() < last_index:
        window.redo()
        check(window, f"redo to {stack.index()}")
        assert not dialogs
    assert shapes(window) == last
