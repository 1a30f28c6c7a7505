"""The Review pane open while tagging a 5 MB article with 50k tags by two annotators (about 25k
disagreements), against the same key press with the pane closed, in the same run.

Figures (offscreen, one process; a real SQLite file, ProjectModel, undo stack and the pane as the window
wires it):
- add_span_pane_closed_ms: the floor: a new tag pushed as an undoable command (store, OpenDocument, feed)
  with the pane closed (suspended); median of 30.
- review_open_add_span_ms / _ratio: the same with the pane open (its disagreements updated around the new
  tag, its rows moved); median of 30, and over the floor.
- review_full_recompute_ms / _ratio: every disagreement found again and the list reset, as each edit did
  before the pane was kept up to date tag by tag (best of 3), and over the floor.
- review_next_ms: Tab (next disagreement) with its status line; median of 30.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from bench.common import Figure, best_of, median_ms
from bench.ui import make_article, make_tags
from db import Store
from factcheck.core.model import Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.spans import new_annotation
from ui.commands import AddAnnotation, push_command
from ui.document_feed import DocumentFeed
from ui.project import ProjectModel
from ui.review_panel import ReviewPanel

RUNS = 30


def run() -> list[Figure]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    rnd = random.Random(20240501)
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-review-") as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        try:
            doc, _ = store.add_document(Document.create(make_article(rnd), title="Bench", source="bench"))
            store.put_annotations(make_tags(rnd, doc))
            return _measure(app, store, doc, rnd)
        finally:
            store.close()


def _measure(app: QApplication, store: Store, doc: Document, rnd: random.Random) -> list[Figure]:
    project = ProjectModel(store)
    stack = QUndoStack()
    open_document = OpenDocument()
    panel = ReviewPanel(project, stack, "rita", open_document)
    panel.resize(600, 500)
    DocumentFeed(project, open_document, panel).open(doc.id)
    panel.show()
    app.processEvents()
    text = doc.text
    starts = [i for i in range(1, len(text), 997) if text[i - 1] == " " and text[i] != " "]

    def add_span() -> float:
        start = rnd.choice(starts)
        end = text.index(" ", start + rnd.randint(5, 60))
        tag = new_annotation(doc, start, end, rnd.choice(("claim", "denial")), rnd.choice(("ana", "ben")))
        t0 = time.perf_counter()
        push_command(stack, AddAnnotation(project, tag))
        app.processEvents()
        return time.perf_counter() - t0

    count = len(panel.disagreements())
    panel.set_suspended(True)
    closed = median_ms([add_span() for _ in range(RUNS)])
    panel.set_suspended(False)  # the pane opened again: catches up once
    app.processEvents()
    opened = median_ms([add_span() for _ in range(RUNS)])

    def full() -> None:
        panel.session.recompute()
        panel.model.refresh()
        app.processEvents()

    full_ms = best_of(full) * 1000

    def tab() -> float:
        t0 = time.perf_counter()
        panel.next_disagreement()
        app.processEvents()
        return time.perf_counter() - t0

    panel.session.go_to(0)
    next_ms = median_ms([tab() for _ in range(RUNS)])
    panel.close()
    return [
        Figure("review_disagreements", count, "n"),
        Figure("add_span_pane_closed_ms", closed, "ms"),
        Figure("review_open_add_span_ms", opened, "ms", "<= 16"),
        Figure("review_open_add_span_ratio", opened / closed, "x"),
        Figure("review_full_recompute_ms", full_ms, "ms"),
        Figure("review_full_recompute_ratio", full_ms / closed, "x"),
        Figure("review_next_ms", next_ms, "ms", "<= 16"),
    ]
