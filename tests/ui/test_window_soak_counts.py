"""Hours in one window leave nothing behind: opening and closing a dialog, pane or menu K times leaves the
same live Qt objects as opening it once or twice (counted by class; no timings). Found: one-shot dialogs
and context menus stayed hidden children of the window after they closed (their widgets, models,
connections), one more at each question: a card picker per Shift+K, the Labels, Link types, Verdict
scale and Export dialogs, a menu per right click; and every finished operation (an agreement measured,
an export) stayed in memory with its result, held by the slots that were told of it. The sample article's
removal question and the rarer boxes, pickers and panes (MORE_OPENERS) are counted the same way."""

from __future__ import annotations

import gc
import itertools
import math
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from db import Store
from db.samples import SAMPLE_SOURCE
from factcheck.core.model import DEFAULT_LABELS, Document
from factcheck.core.spans import new_annotation
from tests.helpers.soak import (
    BESIDE,
    MORE_OPENERS,
    OPENERS,
    Closer,
    Opener,
    cycle,
    flush,
    growth,
    live_objects,
)
from tests.ui.conftest import OpenWindow
from tests.ui.session_support import TEXT, US, two_annotators
from ui.highlighter import MAX_TINT, NESTED_TINT, TINT, TagStyle
from ui.main_window import MainWindow
from ui.sample_bar import SampleBar

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "raise()", "grabbing the keyboard")

#: The first cycles may make what is then kept (a pane, a lazy model, a label's rich-text document).
WARM, CYCLES = 2, 4
FRESH = "since fares were cut"


def prepare(store: Store, doc: Document) -> None:
    """Two annotators' tags, links, speakers and cards; and a claim of the user's on no card yet."""
    two_annotators(store, doc)
    start = doc.text.index(FRESH)
    store.add_annotation(new_annotation(doc, start, start + len(FRESH), "claim", US), doc.text)


@pytest.fixture
def closer() -> Iterator[Closer]:
    made = Closer()
    yield made
    made.stop()


def _claim_current(window: MainWindow) -> None:
    """The user's claim on no card current, as a click on it would make it."""
    claim = next(t for t in window.open_doc.tags.by_id.values() if t.quote == FRESH)
    window.view.set_current(claim.id)
    window.view.currentAnnotationChanged.emit(claim.id)
    window.activateWindow()
    window.view.setFocus()


def _cycles(window: MainWindow, closer: Closer, opener: Opener, times: int) -> None:
    for _ in range(times):
        _claim_current(window)
        assert cycle(window, closer, opener), "it opened"


@pytest.mark.parametrize(
    ("name", "opener"), OPENERS + MORE_OPENERS, ids=[n for n, _o in OPENERS + MORE_OPENERS]
)
def test_opening_and_closing_k_times_leaves_what_once_left(
    open_window: OpenWindow, closer: Closer, name: str, opener: Opener
) -> None:
    window = open_window(text=TEXT, annotator=US, prepare=prepare)
    undo_before = window.undo_stack.count()
    _cycles(window, closer, opener, WARM)
    warm = live_objects(window)
    _cycles(window, closer, opener, CYCLES)
    assert growth(warm, live_objects(window)) == {}
    if name not in BESIDE:
        assert closer.closed == WARM + CYCLES, "each cycle opened the dialog or menu (and closed it)"
    assert window.undo_stack.count() == undo_before, "closing changed nothing"
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    flush()


def _python_objects(*names: str) -> Counter[str]:
    gc.collect()
    return Counter(type(o).__name__ for o in gc.get_objects() if type(o).__name__ in names)


def test_a_finished_operation_is_let_go_with_its_result(open_window: OpenWindow, closer: Closer) -> None:
    window = open_window(text=TEXT, annotator=US, prepare=prepare)
    agreement = dict(OPENERS)["agreement"]
    kinds = ("Job", "AgreementRow", "ScoreRow")
    _cycles(window, closer, agreement, WARM)
    warm = _python_objects(*kinds)
    _cycles(window, closer, agreement, CYCLES)
    assert _python_objects(*kinds) == warm
    assert warm["Job"] == 0


def test_the_tag_formats_kept_are_bounded_by_labels_and_tints() -> None:
    """The highlighter keeps one character format per label and tint, however the tags nest: on a long
    article every new stack of tags around a piece made (and kept) one more."""
    labels = [lab.name for lab in DEFAULT_LABELS[:3]]
    style = TagStyle(DEFAULT_LABELS, QColor("white"))
    for depth in range(1, 6):
        for stack in itertools.product(labels, repeat=depth):
            for rejected in (False, True):
                key = tuple((label, rejected and i == depth - 1) for i, label in enumerate(stack))
                fmt = style.format_for(key)
                assert fmt.background().color().isValid()
    tints = 1 + math.ceil((MAX_TINT - TINT) / NESTED_TINT) + 1  # each nesting step to the cap; rejected
    assert len(style._formats) <= len(labels) * tints


def _with_sample(store: Store, doc: Document) -> None:
    """prepare's project, and the bundled sample article with a tag made on it (so removing it asks)."""
    prepare(store, doc)
    sample, _ = store.add_document(Document.create(TEXT + " (sample)", title="Sample", source=SAMPLE_SOURCE))
    store.add_annotation(new_annotation(sample, 0, 8, "claim", US), sample.text)


def test_the_sample_articles_question_kept_k_times_leaves_what_once_left(
    open_window: OpenWindow, closer: Closer
) -> None:
    """Remove the sample article, asked first (a tag was made on it), answered Keep (Esc): the question
    box stayed a hidden child of the window, one more at each time asked."""
    window = open_window(text=TEXT, annotator=US, prepare=_with_sample)
    bar = SampleBar(window, window.project)
    sample = window.project.sample_document_ids()
    assert len(sample) == 1 and bar.isVisible()

    def remove(_window: MainWindow) -> object:
        return not bar.remove()  # kept: nothing removed

    _cycles(window, closer, remove, WARM)
    warm = live_objects(window)
    _cycles(window, closer, remove, CYCLES)
    assert growth(warm, live_objects(window)) == {}
    assert closer.closed == WARM + CYCLES, "each time the question was asked (and answered Keep)"
    assert window.project.sample_document_ids() == sample
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
