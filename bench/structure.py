"""Links in the article view: a 5 MB article with 50k tags and 20k links, against a bare QPlainTextEdit.

Figures (offscreen, one process; open_5mb_50k_no_links_ratio is the same view without links or overlay,
for reference: what the links add is the difference):
- open_5mb_50k_20k_links_ratio: the article view with the links overlay, its OpenDocument opened with
  50k tags and 20k links + show + first paint, over the bare widget's setPlainText + show + first paint
  (best of 3 each).
- add_link_50k_ms: with a tag current, key press -> the link targets around it found (what the picker
  lists), the nearest taken -> an ``AddLink`` command pushed through the project (a real SQLite file:
  checks, one transaction) -> the OpenDocument's link layer updated by the window's feed -> repaint
  (the current tag's arcs drawn); median of 30.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.common import Figure, median_ms
from bench.ui import _dispose, _open_bare, _paint, make_article, make_tags
from db import Store
from db import links as link_store
from factcheck.core.links import Link, new_link
from factcheck.core.model import DEFAULT_LABELS, Annotation, Document
from factcheck.core.nearby import link_candidates
from factcheck.core.open_document import OpenDocument
from ui.article_view import ArticleView
from ui.commands import push_command
from ui.document_feed import DocumentFeed
from ui.links_overlay import LinksOverlay
from ui.project import ProjectModel
from ui.structure_commands import AddLink

LINKS = 20_000
SIZE = (1000, 800)
RUNS = 30
TYPES = ("denies", "characterizes", "same_claim")


def make_links(rnd: random.Random, doc: Document, anns: list[Annotation], count: int = LINKS) -> list[Link]:
    """Links between tags near each other (within 50 tags in text order), of the three default types."""
    ordered = sorted(anns, key=lambda a: (a.start, a.end, a.id))
    seen: set[tuple[str, str, str]] = set()
    out: list[Link] = []
    while len(out) < count:
        i = rnd.randrange(len(ordered))
        j = min(len(ordered) - 1, max(0, i + rnd.randint(-50, 50)))
        a, b = ordered[i], ordered[j]
        kind = rnd.choice(TYPES)
        if a.id == b.id or (a.id, b.id, kind) in seen:
            continue
        seen.add((a.id, b.id, kind))
        out.append(new_link(doc.id, kind, a.id, b.id, a.annotator))
    return out


def _open_view(
    app: QApplication, doc: Document, anns: list[Annotation], links: list[Link]
) -> tuple[ArticleView, LinksOverlay, float]:
    open_doc = OpenDocument()
    view = ArticleView(open_document=open_doc)
    view.set_labels(DEFAULT_LABELS)
    overlay = LinksOverlay(view, open_doc)
    view.resize(*SIZE)
    t0 = time.perf_counter()
    open_doc.open(doc, anns, links)
    view.show()
    _paint(app, view)
    return view, overlay, time.perf_counter() - t0


def _open_plain_view(app: QApplication, doc: Document, anns: list[Annotation]) -> tuple[ArticleView, float]:
    view = ArticleView()
    view.resize(*SIZE)
    t0 = time.perf_counter()
    view.set_article(doc, anns, DEFAULT_LABELS)
    view.show()
    _paint(app, view)
    return view, time.perf_counter() - t0


class _LinkKey(QObject):
    """Stands in for the window's L key with the pickers answered at once: the nearest target, denies."""

    def __init__(self, view: ArticleView, project: ProjectModel, stack: QUndoStack, doc: Document) -> None:
        super().__init__(view)
        self.view, self.project, self.stack, self.doc = view, project, stack, doc
        self.made: Link | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_L
        ):
            layer = self.view.open_document.tags
            tag = layer.get(self.view.current_annotation())
            if tag is not None:
                links = self.view.open_document.links
                for target in link_candidates(layer, tag):
                    if links.between(tag.id, target.id, "denies") is None:
                        link = new_link(self.doc.id, "denies", tag.id, target.id, "bench")
                        push_command(self.stack, AddLink(self.project, link, tag, target))
                        self.made = link
                        break
            return True
        return False


def run() -> list[Figure]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    rnd = random.Random(20240502)
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-structure-") as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        try:
            doc, _ = store.add_document(Document.create(make_article(rnd), title="Bench", source="bench"))
            store.put_annotations(make_tags(rnd, doc))
            anns = store.annotations(doc.id)
            link_store.put_links(store, make_links(rnd, doc, anns))
            links = link_store.links(store, doc.id)
            return _measure(app, store, doc, anns, links, rnd)
        finally:
            store.close()


def _measure(
    app: QApplication,
    store: Store,
    doc: Document,
    anns: list[Annotation],
    links: list[Link],
    rnd: random.Random,
) -> list[Figure]:
    small = Document.create(doc.text[:20_000])
    w, _ = _open_bare(app, small.text)
    _dispose(app, w)

    floor_s = view_s = plain_s = float("inf")
    for _ in range(3):
        w, t = _open_bare(app, doc.text)
        floor_s = min(floor_s, t)
        _dispose(app, w)
        v, _overlay, t = _open_view(app, doc, anns, links)
        view_s = min(view_s, t)
        _dispose(app, v)
        v, t = _open_plain_view(app, doc, anns)
        plain_s = min(plain_s, t)
        _dispose(app, v)

    project = ProjectModel(store)
    view, overlay, _ = _open_view(app, doc, anns, links)
    feed = DocumentFeed(project, view.open_document)  # the window's one feed: store -> OpenDocument
    stack = QUndoStack()
    key = _LinkKey(view, project, stack, doc)
    view.installEventFilter(key)
    view.setFocus()
    view.activateWindow()
    view.open_document.tags.complete()  # as after the first Tab: every tag indexed
    samples = []
    shown = len(view.open_document.links)
    for _ in range(RUNS):
        # A tag in the first paragraphs on screen, made current as Tab would.
        vp = view.viewport().rect()
        om = view.offsets()
        first = om.from_qt(view.cursorForPosition(vp.topLeft()).position())
        last = om.from_qt(view.cursorForPosition(vp.bottomRight()).position())
        near = view.open_document.tags.overlapping_tags(first, last)
        on_screen = [t for s, e, t in near if s >= first and e <= last]
        tag = on_screen[rnd.randrange(len(on_screen))]
        view.set_current(tag.id, scroll=False)
        _paint(app, view)
        t0 = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_L)
        _paint(app, view)
        samples.append(time.perf_counter() - t0)
        assert key.made is not None and key.made.id in view.open_document.links, "the link must be shown"
        assert (tag.id, key.made.to_id, "denies") in overlay.painted_arcs, "and drawn"
        QTest.keyClick(view, Qt.Key.Key_PageDown)  # the next one elsewhere
        _paint(app, view)
    assert len(view.open_document.links) == shown + RUNS
    add_link = median_ms(samples)
    view.removeEventFilter(key)
    feed.deleteLater()
    _dispose(app, view)

    return [
        Figure("open_5mb_50k_no_links_ratio", plain_s / floor_s, "x"),  # the same view, no links: reference
        Figure("open_5mb_50k_20k_links_ms", view_s * 1000, "ms"),
        Figure("open_5mb_50k_20k_links_ratio", view_s / floor_s, "x", "<= 2"),
        Figure("add_link_50k_ms", add_link, "ms", "<= 16"),
    ]


if __name__ == "__main__":
    for fig in run():
        print(f"{fig.name:32s} {fig.value:10.2f} {fig.unit}  {fig.goal}")
