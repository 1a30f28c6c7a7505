"""Opening the Review pane on the 5 MB article with 50k tags and 20k links (bench/review.py's, the
structure's disagreements listed): how long the window's thread stalls, and how long until the list.

Figures (offscreen; a real SQLite file, ProjectModel, the pane as the window wires it):
- review_open_stall_ms: the longest the GUI thread went without turning its event loop (the longest gap
  between two ticks of a 0 ms timer, from the pane shown until half a second after its list is there),
  the worst of 3;
  goal <= 50 ms. Before, the whole computation ran there: review_open_inline_ms.
- review_open_list_ms: from the pane shown to its list there (computed on the worker thread, the list
  then installed), best of 3.
- review_open_inline_ms: the same computed inline, as before (the window frozen all along); once.
- review_inline_max_ms: a full computation inline at the threshold (``ui.review_loading.INLINE_MAX``
  tags and links, the first ones of the article): what a small article still pays at once; best of 3.
- review_stall_floor_ms: the floor of the stalls, in the same run: the longest gap of the same event
  loop while a worker thread runs plain Python for a second (the least any computation beside the
  window costs it on this machine now: the interpreter's turns and the system's scheduling);
  review_open_stall_ratio: review_open_stall_ms over it.
- review_switch_open_ms: the article opened again with the pane open and listed (what opening another
  document costs): the opening itself on the window's thread (its tags loaded, the pane's snapshot,
  the worker asked for), best of 3; review_switch_stall_ms: the longest stall from then until the list is
  there, the worst of 3 (goal <= 50 ms), and review_switch_stall_ratio over the floor.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from bench.common import Figure, best_of
from db import Store
from db import links as link_store
from factcheck.core.model import Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.review_session import ReviewSession, StructureSource
from factcheck.services import interpreter
from ui import review_loading
from ui.document_feed import DocumentFeed
from ui.project import ProjectModel
from ui.review_panel import ReviewPanel

SYMMETRIC = {"same_claim": True}
AFTER_S = 0.5


def _open_once(app: QApplication, panel: ReviewPanel) -> tuple[float, float]:
    """Show the suspended pane; (longest stall, time to the list) in ms."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    app.processEvents()
    t0 = time.perf_counter()
    ticks.append(t0)
    panel.set_suspended(False)  # what the dock does when shown
    while panel.session.pending is not None:
        app.processEvents()
    done = time.perf_counter()
    while time.perf_counter() - done < AFTER_S:  # and what follows it (the collector's next pass)
        app.processEvents()
    timer.stop()
    ticks.append(time.perf_counter())
    stall = max(b - a for a, b in pairwise(ticks))
    panel.set_suspended(True)
    panel.session.owed = panel.session.owed.RESTART  # shown again: computed again
    return stall * 1000, (done - t0) * 1000


def _ticking(app: QApplication, start: Callable[[], object], busy: Callable[[], bool]) -> tuple[float, float]:
    """Call ``start`` with a 0 ms timer ticking, then turn the event loop while ``busy`` and AFTER_S more:
    (how long ``start`` took, the longest gap between two ticks after it), in ms."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    app.processEvents()
    t0 = time.perf_counter()
    start()
    ticks[:] = [time.perf_counter()]
    while busy():
        app.processEvents()
    done = time.perf_counter()
    while time.perf_counter() - done < AFTER_S:
        app.processEvents()
    timer.stop()
    ticks.append(time.perf_counter())
    return (ticks[0] - t0) * 1000, max(b - a for a, b in pairwise(ticks)) * 1000


def _floor(app: QApplication) -> float:
    """The longest gap while a worker runs plain Python for a second (as the computations run it)."""
    thread = threading.Thread(target=_spin, args=(1.0,), daemon=True)
    return _ticking(app, thread.start, thread.is_alive)[1]


def _spin(seconds: float) -> None:
    with interpreter.shared():
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            pass


def _switch_once(
    app: QApplication, project: ProjectModel, panel: ReviewPanel, doc: Document
) -> tuple[float, float]:
    """Another document opened with the pane open and listed: (the opening itself, the longest stall
    after it until its list is there) in ms. Its rows are read first, as the window's feed does."""
    od = panel.open_document
    od.open(None)
    app.processEvents()
    tags, links = project.annotations(doc.id), project.links(doc.id)
    return _ticking(app, lambda: od.open(doc, tags, links), lambda: panel.session.pending is not None)


def measure_opening(app: QApplication, store: Store, doc: Document) -> list[Figure]:
    project = ProjectModel(store)
    open_document = OpenDocument()
    panel = ReviewPanel(project, QUndoStack(), "rita", open_document)
    panel.session.structure = StructureSource(open_document, lambda: SYMMETRIC)
    panel.resize(900, 500)
    panel.set_suspended(True)
    DocumentFeed(project, open_document, panel).open(doc.id)
    open_document.tags.complete()  # as the window does in idle time after the first paint
    open_document.links.complete()
    panel.show()
    app.processEvents()
    runs = [_open_once(app, panel) for _ in range(3)]
    stall, to_list = max(s for s, _ in runs), min(t for _, t in runs)
    limit, review_loading.INLINE_MAX = review_loading.INLINE_MAX, 10**9
    try:
        _, inline = _open_once(app, panel)
    finally:
        review_loading.INLINE_MAX = limit
    floor = max(_floor(app) for _ in range(3))
    panel.set_suspended(False)
    while panel.session.pending is not None:
        app.processEvents()
    switches = [_switch_once(app, project, panel, doc) for _ in range(3)]
    switch_open, switch_stall = min(t for t, _ in switches), max(s for _, s in switches)
    panel.close()
    return [
        Figure("review_stall_floor_ms", floor, "ms"),
        Figure("review_open_stall_ms", stall, "ms", "<= 50"),
        Figure("review_open_stall_ratio", stall / floor, "x"),
        Figure("review_switch_open_ms", switch_open, "ms"),
        Figure("review_switch_stall_ms", switch_stall, "ms", "<= 50"),
        Figure("review_switch_stall_ratio", switch_stall / floor, "x"),
        Figure("review_open_list_ms", to_list, "ms"),
        Figure("review_open_inline_ms", inline, "ms"),
        Figure("review_inline_max_ms", _at_threshold(store, doc), "ms", "<= 50"),
    ]


def _at_threshold(store: Store, doc: Document) -> float:
    """A full computation inline over the article's first tags and their links, INLINE_MAX in all."""
    tags = sorted(store.annotations(doc.id), key=lambda t: t.start)
    links = list(link_store.links(store, doc.id))
    n = review_loading.INLINE_MAX
    while True:
        ids = {t.id for t in tags[:n]}
        inside = [lk for lk in links if lk.from_id in ids and lk.to_id in ids]
        if n + len(inside) <= review_loading.INLINE_MAX:
            break
        n -= 50
    od = OpenDocument()
    od.open(doc, tags[:n], inside)
    session = ReviewSession(od.tags)
    session.structure = StructureSource(od, lambda: SYMMETRIC)
    return best_of(lambda: session.recompute(keep=False)) * 1000
