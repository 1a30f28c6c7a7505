"""Diagnosis for bench/soak.py: what one job leaves alive among the temporaries it made.

The soak's window (bench.soak: the 5 MB article, 50k tags, the short article), warmed up as the soak does;
then each job named on the command line, run ``PIN_REPEAT`` times under tracemalloc:
- an opener of tests/helpers/soak.py;
- ``document``: the other article opened and the long one back, its count followed;
- ``pane``: the Review pane shown and hidden;
- ``edits``: ``PIN_EDITS`` of the soak's keyboard edits on the long article, drawn as the soak draws them
  (tags made, relabelled, deleted, undone and redone, Tab and paging);
- ``session``: ``PIN_EDITS`` of all the soak's actions (dialogs and document switches too);
- ``measure``: a checkpoint's measure (bench.soak._point: the pane, the count followed, the probes).

After each: Python's arenas before/after (and free), and the small blocks (<= 512 bytes: obmalloc's) made
by the job and still alive, by traceback. A 1 MB arena goes back only once every block in it is free: a
few of those, made amid the job's temporaries (on the window's thread while a worker computes), keep the
arenas of all of them. ``PIN_TRACE=0``: the arenas only (fast); ``PIN_TRACE=measure,pane``: those jobs
traced, the others run fast (the session before a checkpoint's measure). One job per process shows what
it does alone; after another, the free arenas that one left take its temporaries.

    python -m bench.arena_pinners agreement speakers document pane
    PIN_REPEAT=1 PIN_TRACE=measure python -m bench.arena_pinners session agreement measure
"""

from __future__ import annotations

import gc
import os
import random
import sys
import tracemalloc
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, cast

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bench import memory_regions, soak
from tests.helpers import soak as hsoak
from tests.ui import session_support as ss
from ui.main_window import MainWindow

REPEAT = int(os.environ.get("PIN_REPEAT", "2"))
_TRACE = os.environ.get("PIN_TRACE", "1")
#: "1": every job traced; "0": the arenas only (fast); else the names of the jobs traced (a,b), the others
#: run fast (edits before the pane, untraced: the pane's traced only).
TRACE = _TRACE not in ("0", "")
FRAMES = int(os.environ.get("PIN_FRAMES", "10"))
TOP = int(os.environ.get("PIN_TOP", "25"))
EDITS = int(os.environ.get("PIN_EDITS", "300"))
#: The soak's actions that edit the long article or move in it (bench.soak.SESSION's names).
EDIT_ACTIONS = frozenset(
    {"tag claim", "tag denial", "tag characterization", "relabel", "next tag", "previous tag", "undo",
     "redo", "page down", "page up", "delete tag"}
)  # fmt: skip


def _ob() -> tuple[float, float]:
    gc.collect()
    ob = memory_regions.obmalloc()
    assert ob is not None
    return ob.arenas_mb, ob.free_mb


def _live_regions() -> dict[int, list[Any]]:
    """Objects the collector sees (and the strings and numbers they hold) of obmalloc's sizes, by 1 MB
    region of address."""
    gc.collect()
    seen: dict[int, Any] = {}
    for obj in gc.get_objects():
        seen[id(obj)] = obj
        for ref in gc.get_referents(obj):
            if id(ref) not in seen and not gc.is_tracked(ref):
                seen[id(ref)] = ref
    found: dict[int, list[Any]] = {}
    for address, obj in seen.items():
        if isinstance(obj, type):
            continue
        try:
            size = object.__sizeof__(obj)
        except TypeError:
            continue
        if 0 < size <= 512:
            found.setdefault(address >> 20, []).append(obj)
    return found


def _where(tb: tracemalloc.Traceback) -> str:
    frames = [f for f in tb if "tracemalloc" not in f.filename][::-1]  # most recent first
    mine = [f for f in frames if "/site-packages/" not in f.filename and "/lib/python" not in f.filename]
    shown = (mine or frames)[:5]
    head = frames[0]
    top = f"{Path(head.filename).name}:{head.lineno}"
    return top + " | " + " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in shown)


def _job(name: str, window: MainWindow, qtbot: QtBot, big: str, rng: random.Random) -> None:
    if name == "document":
        ss.switch_document(window, qtbot, rng)
        hsoak.flush()
        if window.current_document_id() != big:
            window.open_document(big)
        hsoak.flush()
        soak._count_followed(window, big)
        soak._settle()
        return
    if name in ("edits", "session"):
        chosen = [(n, a, w) for n, a, w in soak.SESSION if name == "session" or n in EDIT_ACTIONS]
        responder = ss.Responder(random.Random(7), qtbot)
        try:
            for _ in range(EDITS):
                what, action = rng.choices([(n, a) for n, a, _w in chosen], [w for _n, _a, w in chosen])[0]
                responder.armed = what not in soak.SETTINGS
                try:
                    action(window, qtbot, rng)
                finally:
                    responder.armed = False
                QApplication.processEvents()
                if window.current_document_id() is None:
                    window.open_document(big)
        finally:
            responder.stop()
        if window.current_document_id() != big:
            window.open_document(big)
        hsoak.flush()
        soak._settle()
        return
    if name == "measure":  # a checkpoint's measure (bench.soak._point: the pane, the count, the probes)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        soak._point(app, window, big, 0, rng, 0.0)
        return
    if name == "pane":  # the Review pane shown and hidden (as at each checkpoint of the soak)
        dict(hsoak.OPENERS)["review dock"](window)
        hsoak.flush()
        soak._settle()
        return
    opener = dict(hsoak.OPENERS)[name]
    soak._opener(opener, name)(window, qtbot, rng)
    soak._settle()


def _traced(name: str) -> bool:
    return _TRACE == "1" or name in _TRACE.split(",")


def _measure(label: str, job: Callable[[], None], traced: bool = TRACE) -> None:
    """Python's arenas across ``job``; with tracing, what it made that is still alive: in regions of
    address no found object was in before (the collector's objects and what they hold), and every small
    block by where it was made."""
    arenas0, free0 = _ob()
    if not traced:
        job()
        arenas1, free1 = _ob()
        print(f"== {label}: arenas {arenas0:.1f} -> {arenas1:.1f} MB (free {free0:.1f} -> {free1:.1f})")
        return
    regions_before = set(_live_regions())
    tracemalloc.start(FRAMES)
    job()
    fresh = {r: objs for r, objs in _live_regions().items() if r not in regions_before}
    kinds: Counter[str] = Counter()
    for objs in fresh.values():
        for obj in objs:
            made = tracemalloc.get_object_traceback(obj)
            kinds[f"{type(obj).__name__} " + ("(untraced)" if made is None else _where(made))] += 1
    print(f"   new regions holding found objects: {len(fresh)}, {sum(map(len, fresh.values()))} objects")
    for kind, n in kinds.most_common(TOP):
        print(f"     {n:7d}  {kind}")
    del fresh
    gc.collect()
    snap = tracemalloc.take_snapshot()
    tracemalloc.stop()  # (obmalloc's figures only without tracemalloc's hooks)
    arenas1, free1 = _ob()
    small = [t for t in snap.traces if t.size <= 512]
    sites: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for trace in small:
        where = _where(trace.traceback)
        sites[where] += trace.size
        counts[where] += 1
    print(
        f"== {label}: arenas {arenas0:.1f} -> {arenas1:.1f} MB (free {free0:.1f} -> {free1:.1f}); alive "
        f"small blocks made by it: {sum(t.size for t in small) / 1e6:.2f} MB in {len(small)} blocks",
        flush=True,
    )
    for where, size in sites.most_common(TOP):
        print(f"   {size / 1e3:9.1f} kB {counts[where]:7d}  {where}")


def main(names: list[str]) -> None:
    with soak.soak_window("factcheck-pinners-") as (_app, window, big):
        qtbot = QtBot(cast(Any, None))
        rng = random.Random(20261130)
        menus = hsoak.Closer(dialogs=True)
        try:
            soak._warm_up(window, qtbot, big, rng, menus)
            soak._count_followed(window, big)
            soak._settle()
            menus.dialogs = menus.armed = True
            for name in names:
                for turn in range(REPEAT):
                    _measure(
                        f"{name} #{turn + 1}", partial(_job, name, window, qtbot, big, rng), _traced(name)
                    )
        finally:
            menus.stop()


if __name__ == "__main__":
    main(sys.argv[1:] or ["agreement", "speakers", "document"])
