"""Hours of keyboard work in one window: what a long session does to memory, live objects and speed.

The real MainWindow (offscreen) on a real project: the 5 MB article with 50k tags of bench/ui.py, and
the short two-annotator article with cards, links and speakers of tests/ui/session_support.py (and its
follow-up). A seeded session of ACTIONS keyboard actions: tagging a few words on screen, relabelling,
Tab between tags, undo and redo, paging, deleting, notes, cards, verdicts, votes, links, every dialog,
pane and menu opened and closed (tests/helpers/soak.py), switching documents; modal dialogs answered at
random (tests/ui/session_support.Responder), menus closed. Nothing is synced.

First a warm-up round: every dialog, pane and menu opened and closed once and the other article opened
(what the window makes once and keeps: the Review pane's disagreements of the long article, 25,600 of
them, lazily made panes, fonts, caches); the baseline is taken after it. Then every CHECKPOINT actions,
back on the long article: RSS, live Python objects (gc), live QObjects (the window's and every other
top-level widget's), the undo stack's size, and the median of PROBES add_span (a few words on screen
selected, key 1, repaint) and PROBES Page Down (+ repaint).

Figures:
- session_one_time_mb: RSS after the warm-up round minus before it (made once, kept while the window is).
- session_growth_per_10k_trimmed_mb: the same growth with the allocator's free memory given back first
  (glibc ``malloc_trim(0)`` at each checkpoint, after the raw RSS is read): what is really held, apart
  from what the allocator keeps of freed memory (fragmentation). The raw figure after a checkpoint is
  read after the previous checkpoint's trim. session_growth_per_10k_in_use_mb: what malloc handed out and
  was not freed (mallinfo2), the rest of the heap being free holes (fragmentation).
- session_Nk_growth_mb (for SOAK_ACTIONS=N000) and session_growth_per_10k_mb: RSS at the end minus at the
  baseline, and the same per 10k actions. Goal <= 25 MB per 10k actions: what stays is the undo history
  (bounded by ui.main_window.UNDO_LIMIT) and the tags made; a window open all day stays within ~100 MB
  of its start.
- session_growth_per_10k_second_half_mb: the RSS growth from the middle checkpoint to the end, per 10k
  actions: whether the session keeps growing (something held per action) or the growth was a plateau
  reached early (Python's arenas pinned by the whole-project measures: see the table of regions printed).
- session_add_span_drift / session_page_down_drift: the median at the last checkpoint over the baseline's
  (the same probe on the same article, in the same run: a ratio, not a time). Goal <= 1.25.
- session_qobject_growth: live QObjects at the end minus at the baseline. Goal 0
  (tests/ui/test_window_soak_counts.py holds the exact counts per dialog, pane and menu).
- session_python_objects_growth: live Python objects (gc) at the end minus at the baseline, per 1000
  actions (the types that grew are printed); the undo history and the tags made account for most.
- session_undo_commands: the undo stack's size at the end (at most the undo limit).

`SOAK_ACTIONS=N python -m bench --only soak` runs a longer (or shorter) session; `SOAK_TRACE=1` prints,
at each checkpoint, what tracemalloc saw grow since the one before, by traceback (slow; diagnosis only);
`SOAK_ONLY=name,name` draws the session's actions among those only. Under SOAK_TRACE=1 the memory figures
hold tracemalloc's own memory and Python's arenas cannot be read (its hooks hide them): diagnosis, not
the goal's figures. What one job leaves alive among its temporaries: bench/arena_pinners.py. At the
end a table says where the memory is at each checkpoint, after a trim (bench/memory_regions.py: the C
heap, glibc's per-thread arenas, Python's arenas and what of them is free), and Python's arenas grown
across each kind of action.
"""

from __future__ import annotations

import ctypes
import gc
import os
import random
import statistics
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qt_compat import qt_api
from pytestqt.qtbot import QtBot

from bench import memory_regions
from bench.common import Figure, rss_mb
from bench.ui import make_article, make_tags
from db import Store
from factcheck.core.model import Document
from tests.helpers import soak
from tests.ui import session_support as ss
from ui import allocator, document_counts, review_loading
from ui.main_window import MainWindow
from ui.project import ProjectModel
from ui.settings import Settings

ACTIONS = int(os.environ.get("SOAK_ACTIONS", "10000"))
#: SOAK_ONLY=name,name: the session's actions of these names only (diagnosis: what one kind leaves).
ONLY = frozenset(filter(None, os.environ.get("SOAK_ONLY", "").split(",")))
TRACE = os.environ.get("SOAK_TRACE") == "1"  # tracemalloc between checkpoints (slow: diagnosis only)
CHECKPOINT = max(1, min(1000, ACTIONS // 5))
PROBES = 15
SIZE = (1280, 800)
K, M = Qt.Key, Qt.KeyboardModifier


@dataclass
class Point:
    actions: int
    rss_mb: float
    py_objects: int
    qobjects: int
    top_levels: int
    undo: int
    add_span_ms: float
    page_down_ms: float
    seconds: float
    qclasses: Counter[str] = field(default_factory=Counter)
    cold_rss_mb: float = 0.0  # the baseline's only: RSS before the warm-up round
    trimmed_mb: float = 0.0  # RSS once the allocator gave back what it keeps of freed memory
    in_use_mb: float = 0.0  # of which allocated and not freed (glibc mallinfo2), the rest free in holes
    memory: dict[str, float] = field(default_factory=dict)  # by region and allocator (bench.memory_regions)


Action = Callable[[MainWindow, QtBot, random.Random], str]


def _on_screen_words(window: MainWindow, rng: random.Random) -> tuple[int, int]:
    """A few words in the first paragraph on screen, as the user would select them."""
    view = window.view
    text = window.open_doc.text
    base = view._offsets.from_qt(view.firstVisibleBlock().position())
    start = text.find(" ", min(len(text) - 80, base + rng.randint(0, 200))) + 1
    end = text.find(" ", start + rng.randint(5, 60))
    return start, end if end > start else min(len(text), start + 20)


def _tag(key: Qt.Key) -> Action:
    def act(window: MainWindow, qtbot: QtBot, rng: random.Random) -> str:
        start, end = _on_screen_words(window, rng)
        ss.activate(qtbot, window.view)
        window.view.select_span(start, end)
        qtbot.keyClick(window.view, key)
        return f"tag {start}-{end} with {key.name}"

    return act


def _relabel(key: Qt.Key) -> Action:
    def act(window: MainWindow, qtbot: QtBot, _rng: random.Random) -> str:
        ss.activate(qtbot, window.view)
        qtbot.keyClick(window.view, K.Key_Escape)  # no selection: the key relabels the current tag
        qtbot.keyClick(window.view, key)
        return f"relabel with {key.name}"

    return act


def _page(key: Qt.Key) -> Action:
    def act(window: MainWindow, qtbot: QtBot, _rng: random.Random) -> str:
        ss.activate(qtbot, window.view)
        qtbot.keyClick(window.view, key)
        return key.name

    return act


def _opener(opener: soak.Opener, name: str) -> Action:
    def act(window: MainWindow, _qtbot: QtBot, _rng: random.Random) -> str:
        opener(window)
        soak.flush()
        if name in soak.BESIDE:
            soak._close_non_modal(window)
        return name

    return act


def _view(window: MainWindow) -> Any:
    return window.view


#: Dialogs over the whole project (50k tags measured, searched, exported): opened and closed once per
#: checkpoint (a few times an hour, as a fact-checker would), not at random: each takes seconds.
WHOLE_PROJECT = frozenset({"agreement", "search all", "export"})
SETTINGS = frozenset({"labels", "link types", "verdict scale", "organization", "your name", "web page",
                      "export", "keyboard help (F1)", "about"})  # fmt: skip

SESSION: list[tuple[str, Action, float]] = [
    ("tag claim", _tag(K.Key_1), 8),
    ("tag denial", _tag(K.Key_2), 3),
    ("tag characterization", _tag(K.Key_3), 2),
    ("relabel", _relabel(K.Key_2), 3),
    ("next tag", ss._keys_on(_view, K.Key_Tab), 8),
    ("previous tag", ss._keys_on(_view, K.Key_Backtab, M.ShiftModifier), 3),
    ("undo", ss._keys_on(_view, K.Key_Z, M.ControlModifier), 5),
    ("redo", ss._keys_on(_view, K.Key_Z, M.ControlModifier | M.ShiftModifier), 3),
    ("page down", _page(K.Key_PageDown), 5),
    ("page up", _page(K.Key_PageUp), 2),
    ("delete tag", ss._keys_on(_view, K.Key_Delete), 1),
    ("document", ss.switch_document, 0.3),
    ("card row", ss.row_move(lambda w: w.claims.pane.view), 1),
    ("review row", ss.row_move(lambda w: w.review.panel.list_view), 1),
    *[(name, _opener(opener, name), 0.4) for name, opener in soak.OPENERS if name not in WHOLE_PROJECT],
]


def _probe_add_span(app: QApplication, window: MainWindow, rng: random.Random, probes: int = PROBES) -> float:
    samples = []
    view = window.view
    for _ in range(probes):
        start, end = _on_screen_words(window, rng)
        view.select_span(start, end)
        view.viewport().repaint()
        app.processEvents()
        t0 = time.perf_counter()
        QTest.keyClick(view, K.Key_1)
        view.viewport().repaint()
        app.processEvents()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000.0


def _probe_page_down(app: QApplication, window: MainWindow) -> float:
    view = window.view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 3)
    samples = []
    for _ in range(PROBES):
        t0 = time.perf_counter()
        QTest.keyClick(view, K.Key_PageDown)
        view.viewport().repaint()
        app.processEvents()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000.0


#: The window's worker threads (ui.review_loading, ui.document_counts): a computation of a long article's
#: disagreements, seconds of Python on another thread, that would share the interpreter with the probes.
WORKERS = frozenset({review_loading.THREAD_NAME, document_counts.THREAD_NAME})


def _settle(limit_s: float = 120.0) -> None:
    """Wait until no worker computes (the article just opened again, the pane shown and hidden): the
    probes measure a key press, not a key press beside a full computation (the same at every checkpoint)."""
    deadline = time.monotonic() + limit_s
    while any(t.name in WORKERS for t in threading.enumerate()) and time.monotonic() < deadline:
        QTest.qWait(20)
    soak.flush()


class _MallInfo2(ctypes.Structure):
    _FIELDS = ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks")
    _fields_ = [(name, ctypes.c_size_t) for name in (*_FIELDS, "keepcost")]


def _in_use_mb() -> float:
    """Memory malloc handed out and not freed (glibc's mallinfo2): what is held, apart from the free
    holes the allocator cannot give back (fragmentation). 0 elsewhere."""
    try:
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        return 0.0
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    return float(info.uordblks + info.hblkhd) / 1e6


def _obmalloc_mb() -> float:
    """What Python's small-object allocator holds in arenas (1 MB each): a quick look, per action."""
    ob = memory_regions.obmalloc()
    return ob.arenas_mb if ob is not None else 0.0


def _trimmed_rss() -> float:
    """RSS once glibc gave back the free memory it keeps (malloc_trim(0)); plain RSS elsewhere."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return rss_mb()
    gc.collect()
    libc.malloc_trim(0)
    return rss_mb()


def _count_followed(window: MainWindow, big: str, limit_s: float = 120.0) -> None:
    """The document list's line of the long article follows its tags (its disagreements found once, on a
    worker, then kept while it is open: the open document's one index, core.shared_index), as after the
    session's first edit there. Made before every measure, the baseline's too: a one-time cost, in every
    measure or in none, not counted as growth at whichever checkpoint first follows an edit."""
    counted = window.doc_counts.open_count
    if counted is None or counted.built:
        return
    window.doc_counts.touch(big)
    window.doc_counts.flush()  # its line read: the count started (on a worker)
    deadline = time.monotonic() + limit_s
    while not counted.built and time.monotonic() < deadline:
        QTest.qWait(20)
    assert counted.built, "the long article's count was not found in time"


def _point(
    app: QApplication, window: MainWindow, big: str, done: int, rng: random.Random, t0: float
) -> Point:
    if window.current_document_id() != big:
        window.open_document(big)
    soak.flush()
    # The Review pane opened and closed on the long article at every checkpoint: its disagreements
    # (25,600, made once per document opened with the pane shown) are in every measure or in none.
    dict(soak.OPENERS)["review dock"](window)
    soak.flush()
    if window.review.dock.isVisible():  # left shown by the session (its toggle pressed once more): the
        window.review.toggle_action.trigger()  # probes run as at the baseline, the pane hidden
        soak.flush()
    _count_followed(window, big)
    _settle()
    window.activateWindow()
    window.view.setFocus()
    add_span = _probe_add_span(app, window, rng)
    if add_span > 100:  # far off the goal: where one add_span goes, for the report
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(_probe_add_span, app, window, rng, 1)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    page_down = _probe_page_down(app, window)
    soak.flush()
    qclasses = soak.live_objects(window)  # (collects first)
    rss = rss_mb()
    return Point(
        done,
        rss,
        len(gc.get_objects()),
        sum(qclasses.values()),
        len(QApplication.topLevelWidgets()),
        window.undo_stack.count(),
        add_span,
        page_down,
        time.perf_counter() - t0,
        qclasses,
        trimmed_mb=_trimmed_rss(),
        in_use_mb=_in_use_mb(),
        memory=memory_regions.snapshot(),  # after the trim: what is held
    )


def _warm_up(window: MainWindow, qtbot: QtBot, big: str, rng: random.Random, menus: soak.Closer) -> None:
    """Every dialog, pane and menu of the session opened and closed once, the other article opened and
    left: what a window makes once and keeps (the review of the long article, lazily made panes, fonts,
    caches) is made before the baseline, so what grows after it is what each action leaves."""
    menus.dialogs = menus.armed = True
    try:
        for name, opener in soak.OPENERS:
            _opener(opener, name)(window, qtbot, rng)
            if window.current_document_id() != big:
                window.open_document(big)
        ss.switch_document(window, qtbot, rng)
        soak.flush()
    finally:
        menus.armed = False
    window.open_document(big)
    soak.flush()


def _traced(label: str, before: Any, top: int = 15) -> Any:
    """SOAK_TRACE=1: the allocations that grew since before (a tracemalloc snapshot), by traceback."""
    import tracemalloc

    gc.collect()
    now = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    if before is not None:
        print(f"  tracemalloc: grown {label}, top {top} by traceback:")
        for stat in now.compare_to(before, "traceback")[:top]:
            where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in list(stat.traceback)[-1:-6:-1])
            print(f"    {stat.size_diff / 1e6:8.3f} MB {stat.count_diff:+8d} blocks  {where}")
    return now


def _python_types() -> Counter[str]:
    gc.collect()
    return Counter(type(o).__name__ for o in gc.get_objects())


def _session(app: QApplication, window: MainWindow, big: str) -> list[Point]:
    qtbot = QtBot(cast(Any, None))  # keys, waits and activation only: no pytest request needed
    rng = random.Random(20261130)
    responder = ss.Responder(random.Random(7), qtbot)
    menus = soak.Closer(dialogs=False)
    chosen = [(n, a, w) for n, a, w in SESSION if not ONLY or n in ONLY]
    names = [(n, a) for n, a, _w in chosen]
    weights = [w for _n, _a, w in chosen]
    t0 = time.perf_counter()
    cold = rss_mb()
    cold_memory = memory_regions.snapshot()
    _warm_up(window, qtbot, big, rng, menus)
    points = [_point(app, window, big, 0, rng, t0)]
    points[0].cold_rss_mb = cold
    print(
        f"  warm-up: rss {cold:7.1f} -> {points[0].rss_mb:7.1f} MB, trimmed {points[0].trimmed_mb:7.1f} MB, "
        f"in use {points[0].in_use_mb:7.1f} MB (every dialog, pane and menu once)",
        flush=True,
    )
    # Python objects by type at the baseline, not tracemalloc (SOAK_TRACE=1 only): tracing every
    # allocation, and a snapshot of them, would double the run's time and add hundreds of MB to the RSS.
    first_types = _python_types()
    rss_by_action: dict[str, float] = defaultdict(float)  # RSS grown across each action, by its name
    arenas_by_action: dict[str, float] = defaultdict(float)  # Python's arenas held more, by action
    jumps: list[tuple[float, int, str]] = []  # (arenas grown across it, its number, its name) per action
    trace = None
    if TRACE:
        import tracemalloc

        tracemalloc.start(25)
        trace = _traced("", None)
    try:
        for done in range(1, ACTIONS + 1):
            name, action = rng.choices(names, weights)[0]
            # A tag's or a card's dialog is answered at random; a project's settings are looked at and
            # closed (a fact-checker does not relabel the scheme, rename themselves or download a page
            # every few hundred keys; at random they would, and no network is used here).
            closing = name in SETTINGS
            responder.armed, menus.dialogs, menus.armed = not closing, closing, True
            before, arenas_before = rss_mb(), _obmalloc_mb()
            try:
                action(window, qtbot, rng)
            finally:
                responder.armed = menus.armed = False
            QApplication.processEvents()
            rss_by_action[name] += max(0.0, rss_mb() - before)
            arenas_grown = _obmalloc_mb() - arenas_before
            arenas_by_action[name] += arenas_grown
            jumps.append((arenas_grown, done, name))
            assert not responder.errors, (name, responder.errors)
            if window.current_document_id() is None:
                window.open_document(big)
            if done % CHECKPOINT == 0:
                for whole, opener in soak.OPENERS:
                    if whole in WHOLE_PROJECT:
                        menus.dialogs = menus.armed = True
                        arenas_before = _obmalloc_mb()
                        try:
                            _opener(opener, whole)(window, qtbot, rng)
                        finally:
                            menus.armed = False
                        jumps.append((_obmalloc_mb() - arenas_before, done, f"{whole} (checkpoint)"))
                arenas_before = _obmalloc_mb()
                points.append(_point(app, window, big, done, rng, t0))
                # The measure too (the Review pane shown and hidden, the workers waited for): a step there
                # would otherwise show as no action's.
                jumps.append((points[-1].memory.get("obmalloc arenas", 0.0) - arenas_before, done, "measure"))
                p = points[-1]
                grown = soak.growth(points[-2].qclasses, p.qclasses)
                if grown:
                    print(f"  QObjects grown: {dict(sorted(grown.items(), key=lambda kv: -kv[1])[:8])}")
                print(
                    f"  {done:6d} actions {p.seconds:6.0f}s rss {p.rss_mb:7.1f} MB "
                    f"trimmed {p.trimmed_mb:7.1f} MB in use {p.in_use_mb:7.1f} MB py {p.py_objects:8d} "
                    f"qobj {p.qobjects:6d} tops {p.top_levels:3d} undo {p.undo:5d} "
                    f"add_span {p.add_span_ms:6.2f} ms page_down {p.page_down_ms:6.2f} ms",
                    flush=True,
                )
                if trace is not None:
                    trace = _traced(f"in the {CHECKPOINT} actions to {done}", trace)
        rows = [(f"{p.actions}", p.memory) for p in points]
        print("  Memory after a trim, MB by region and allocator (bench/memory_regions.py):")
        print(memory_regions.table([("cold", cold_memory), *rows]))
        by_type = (_python_types() - first_types).most_common(12)
        print(f"  Python objects grown since the baseline, by type: {by_type}")
        grown_by = [(n, round(mb, 1)) for n, mb in sorted(rss_by_action.items(), key=lambda kv: -kv[1])[:10]]
        print(f"  RSS grown across actions, MB summed by action: {grown_by}")
        arenas = [(n, round(mb, 1)) for n, mb in sorted(arenas_by_action.items(), key=lambda kv: -abs(kv[1]))]
        print(f"  Python's arenas (obmalloc) grown across actions, MB summed by action: {arenas[:12]}")
        # A step (arenas kept at a high-water mark) shows as one action, not as a sum over many.
        steps = [(round(mb, 1), n, name) for mb, n, name in sorted(jumps, reverse=True)[:8]]
        print(f"  Python's arenas: the biggest growths across one action (MB, action number, name): {steps}")
    finally:
        responder.stop()
        menus.stop()
    return points


@contextmanager
def soak_window(prefix: str) -> Iterator[tuple[QApplication, MainWindow, str]]:
    """The soak's window on its project (the long article open; its id given), closed after."""
    allocator.map_big_blocks()  # as ui.app.run does at start
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    qt_api.set_qt_api("pyside6")
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        folder = Path(tmp)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
        rnd = random.Random(20240501)
        store = Store.open(folder / "soak.db")
        short, _ = store.add_document(Document.create(ss.TEXT, title="Roe", source="roe.txt"))
        ss.two_annotators(store, short)
        big, _ = store.add_document(Document.create(make_article(rnd), title="Long", source="long"))
        store.put_annotations(make_tags(rnd, big))
        project = ProjectModel(store)
        settings = Settings(QSettings(str(folder / "factcheck.ini"), QSettings.Format.IniFormat))
        window = MainWindow(project, ss.US, settings)
        project.setParent(window)
        window.resize(*SIZE)
        window.show()
        app.processEvents()
        window.open_document(big.id)
        try:
            yield app, window, big.id
        finally:
            window.project.operations.shutdown()
            window.close()
            store.close()
            window.deleteLater()
            soak.flush()


def run() -> list[Figure]:
    with soak_window("factcheck-bench-soak-") as (app, window, big):
        points = _session(app, window, big)
    return _figures(points)


def _figures(points: list[Point]) -> list[Figure]:
    warm, last = points[0], points[-1]  # the baseline: after the warm-up round
    mid = points[len(points) // 2]  # half-way: what grows in the second half (a leak) or not (a plateau)
    per_k = 1000.0 / max(1, last.actions - warm.actions)
    grown = soak.growth(warm.qclasses, last.qclasses)
    if grown:
        print(f"  QObjects grown since the baseline: {grown}")
    growth = last.rss_mb - warm.rss_mb
    return [
        Figure("session_actions", last.actions, "actions"),
        Figure("session_one_time_mb", warm.rss_mb - warm.cold_rss_mb, "MB"),
        Figure(f"session_{last.actions // 1000}k_growth_mb", growth, "MB"),
        Figure("session_growth_per_10k_mb", growth * 10 * per_k, "MB", "<= 25"),
        Figure("session_growth_per_10k_trimmed_mb", (last.trimmed_mb - warm.trimmed_mb) * 10 * per_k, "MB"),
        Figure("session_growth_per_10k_in_use_mb", (last.in_use_mb - warm.in_use_mb) * 10 * per_k, "MB"),
        Figure(
            "session_growth_per_10k_second_half_mb",
            (last.rss_mb - mid.rss_mb) * 10_000 / max(1, last.actions - mid.actions),
            "MB",
        ),
        Figure("session_add_span_drift", last.add_span_ms / warm.add_span_ms, "x", "<= 1.25"),
        Figure("session_page_down_drift", last.page_down_ms / warm.page_down_ms, "x", "<= 1.25"),
        Figure("session_add_span_late_ms", last.add_span_ms, "ms", "<= 16"),
        Figure("session_qobject_growth", last.qobjects - warm.qobjects, "objects", "<= 0"),
        Figure(
            "session_python_objects_growth", (last.py_objects - warm.py_objects) * per_k, "per 1k actions"
        ),
        Figure("session_undo_commands", last.undo, "commands"),
    ]


if __name__ == "__main__":
    for fig in run():
        print(f"{fig.name:30s} {fig.value:12.3f} {fig.unit}  {fig.goal}")
