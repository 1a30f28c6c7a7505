"""The Review pane open while tagging a 5 MB article with 50k tags by two annotators (about 25k
disagreements), against the same key press with the pane closed, in the same run.

Figures (offscreen, one process; a real SQLite file, ProjectModel, undo stack and the pane as the window
wires it):
- add_span_pane_closed_ms: the floor: a new tag pushed as an undoable command (store, OpenDocument, feed)
  with the pane closed (hidden and suspended, its list following the edits); median of 30.
- review_open_add_span_ms / _ratio: the same with the pane open (its disagreements updated around the new
  tag, its rows moved); median of 30, and over the floor.
- review_full_recompute_ms / _ratio: every disagreement found again and the list reset, as each edit did
  before the pane was kept up to date tag by tag (best of 3), and over the floor.
- review_next_ms: Tab (next disagreement) with its status line; median of 30.

With the Structure window's disagreements shown too (the same article with 20k links, as bench/structure
makes them, and a third of its content tags attributed to a source tag near them), in a second panel:
- store_add_span_ms: the floor: the bare store write of a new tag (one transaction); median of 30.
- review_structure_add_span_ms / _ratio: a new tag pushed as an undoable command with that panel open
  (span and structure disagreements updated around it); median of 30, and over the floor.
- review_structure_add_link_ms / _ratio: a new link pushed as an undoable command; median of 30.
- review_structure_delete_ms / _ratio: a linked tag deleted (its links go with it, one by one); median
  of 30. review_structure_undo_delete_ms: that delete undone (the tag and its links back); the undo
  command looks for a twin kept in the tag's place over every tag of the document first (ui/twin_steps).
- review_structure_full_ms / _ratio: every span and structure disagreement found again (what opening the
  pane or another choice of annotators costs; best of 3). Before, every edit cost this, and the structure
  part compared every link with every other annotator's: about 175 s on this article.
- review_structure_next_ms: Tab (next disagreement) in that panel; median of 30.

Then opening the pane on that article (bench/review_open.py): the GUI thread's longest stall while the
list is computed on a worker thread, the time to the list, and the inline computation at the threshold.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from bench.common import Figure, best_of, median_ms
from bench.review_open import measure_opening
from bench.structure import make_links
from bench.ui import make_article, make_tags
from db import Store
from db import links as link_store
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.review_session import StructureSource
from factcheck.core.spans import new_annotation
from ui.commands import AddAnnotation, DeleteAnnotation, push_command
from ui.document_feed import DocumentFeed
from ui.project import ProjectModel
from ui.review_panel import ReviewPanel
from ui.structure_commands import AddLink

RUNS = 30


def run() -> list[Figure]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    rnd = random.Random(20240501)
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-review-") as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        try:
            doc, _ = store.add_document(Document.create(make_article(rnd), title="Bench", source="bench"))
            tags = _attributed(rnd, make_tags(rnd, doc))
            store.put_annotations(tags)
            figures = _measure(app, store, doc, rnd)
            link_store.put_links(store, make_links(rnd, doc, tags))
            figures += _measure_structure(app, store, doc, rnd)
            return figures + measure_opening(app, store, doc)
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
    _listed(app, panel)
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
    # The dock closed, as in the window: hidden and suspended (a list that follows the edits while
    # suspended would else be painted at each key press, which a closed dock never is).
    panel.hide()
    panel.set_suspended(True)
    closed = median_ms([add_span() for _ in range(RUNS)])
    panel.show()
    panel.set_suspended(False)  # the pane opened again: catches up once
    _listed(app, panel)
    opened = median_ms([add_span() for _ in range(RUNS)])

    full_ms, next_ms = _full_and_next(app, panel)
    return [
        Figure("review_disagreements", count, "n"),
        Figure("add_span_pane_closed_ms", closed, "ms"),
        Figure("review_open_add_span_ms", opened, "ms", "<= 16"),
        Figure("review_open_add_span_ratio", opened / closed, "x"),
        Figure("review_full_recompute_ms", full_ms, "ms"),
        Figure("review_full_recompute_ratio", full_ms / closed, "x"),
        Figure("review_next_ms", next_ms, "ms", "<= 16"),
    ]


def _listed(app: QApplication, panel: ReviewPanel) -> None:
    """Until the pane's list is there (a long article's is found on a worker thread)."""
    app.processEvents()
    while panel.session.pending is not None:
        app.processEvents()
        time.sleep(0.005)


def _attributed(rnd: random.Random, tags: list[Annotation]) -> list[Annotation]:
    """A third of the content tags attributed to the next source tag of their annotator in the text."""
    ordered = sorted(tags, key=lambda t: (t.start, t.end, t.id))
    out: list[Annotation] = []
    for i, tag in enumerate(ordered):
        if tag.label in ("claim", "denial", "characterization") and rnd.random() < 1 / 3:
            source = next(
                (t for t in ordered[i + 1 : i + 40] if t.label == "source" and t.annotator == tag.annotator),
                None,
            )
            if source is not None:
                tag = replace(tag, source=source.id)
        out.append(tag)
    return out


def _measure_structure(app: QApplication, store: Store, doc: Document, rnd: random.Random) -> list[Figure]:
    project = ProjectModel(store)
    stack = QUndoStack()
    open_document = OpenDocument()
    panel = ReviewPanel(project, stack, "rita", open_document)
    panel.session.structure = StructureSource(open_document, lambda: {"same_claim": True})
    panel.resize(600, 500)
    DocumentFeed(project, open_document, panel).open(doc.id)
    panel.show()
    _listed(app, panel)
    text = doc.text
    starts = [i for i in range(1, len(text), 101) if text[i - 1] == " " and text[i] != " "]
    made: set[tuple[int, int, str, str]] = set()

    def new_tag() -> Annotation:
        while True:  # never the twin of one made before (refused)
            start = rnd.choice(starts)
            end = text.index(" ", start + rnd.randint(5, 60))
            key = (start, end, rnd.choice(("claim", "denial")), rnd.choice(("ana", "ben")))
            if key not in made:
                made.add(key)
                return new_annotation(doc, *key)

    def bare_write() -> float:
        tag = new_tag()
        t0 = time.perf_counter()
        store.add_annotation(tag, text)
        return time.perf_counter() - t0

    floor = median_ms([bare_write() for _ in range(RUNS)])
    panel.structure_changed()  # the bare writes reach no view: the panel starts from the store
    _listed(app, panel)
    count = sum(1 for d in panel.disagreements() if d.kind in ("link", "attribution"))

    def add_span() -> float:
        tag = new_tag()
        t0 = time.perf_counter()
        push_command(stack, AddAnnotation(project, tag))
        app.processEvents()
        return time.perf_counter() - t0

    added = median_ms([add_span() for _ in range(RUNS)])
    ordered = sorted(open_document.tags, key=lambda t: t.start)

    def add_link() -> float:
        i = rnd.randrange(len(ordered) - 50)
        start, target = ordered[i], ordered[i + rnd.randint(1, 40)]
        link = new_link(doc.id, "denies", start.id, target.id, start.annotator)
        t0 = time.perf_counter()
        push_command(stack, AddLink(project, link, start, target))
        app.processEvents()
        return time.perf_counter() - t0

    linked = median_ms([add_link() for _ in range(RUNS)])

    def delete_and_undo() -> tuple[float, float]:
        tag = open_document.tags[rnd.choice([lk.from_id for lk in open_document.links])]
        t0 = time.perf_counter()
        push_command(stack, DeleteAnnotation(project, tag))
        app.processEvents()
        t1 = time.perf_counter()
        stack.undo()
        app.processEvents()
        return t1 - t0, time.perf_counter() - t1

    both = [delete_and_undo() for _ in range(RUNS)]
    deleted = median_ms([d for d, _ in both])
    undone = median_ms([u for _, u in both])

    full_ms, next_ms = _full_and_next(app, panel)
    return [
        Figure("review_structure_disagreements", count, "n"),
        Figure("store_add_span_ms", floor, "ms"),
        Figure("review_structure_add_span_ms", added, "ms", "<= 16"),
        Figure("review_structure_add_span_ratio", added / floor, "x"),
        Figure("review_structure_add_link_ms", linked, "ms", "<= 16"),
        Figure("review_structure_add_link_ratio", linked / floor, "x"),
        Figure("review_structure_delete_ms", deleted, "ms", "<= 16"),
        Figure("review_structure_delete_ratio", deleted / floor, "x"),
        Figure("review_structure_undo_delete_ms", undone, "ms"),
        Figure("review_structure_full_ms", full_ms, "ms"),
        Figure("review_structure_full_ratio", full_ms / floor, "x"),
        Figure("review_structure_next_ms", next_ms, "ms", "<= 16"),
    ]


def _full_and_next(app: QApplication, panel: ReviewPanel) -> tuple[float, float]:
    """ms of a full recompute of the panel's list (best of) and of Tab to the next disagreement (median
    of RUNS from the first); the panel closed after."""

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
    return full_ms, next_ms
