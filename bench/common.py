"""What the benchmark suites share: figures, timing, memory, and tags built straight from offsets."""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.core.model import DEFAULT_LABELS, Annotation, Document
from factcheck.core.spans import annotation_at

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from db import Store
    from ui.main_window import MainWindow

#: The default label names, in the project's order.
LABELS = tuple(lab.name for lab in DEFAULT_LABELS)


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    goal: str = ""  # e.g. "<= 1.5"; informative

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        if not d["goal"]:
            del d["goal"]
        return d


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time of fn in seconds over `repeat` runs (the least disturbed run)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def median_ms(samples_s: list[float]) -> float:
    return statistics.median(samples_s) * 1000.0


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def tag(
    doc: Document, start: int, end: int, label: str, annotator: str, *, id: str, now: str, note: str = ""
) -> Annotation:
    """An annotation of doc[start:end] as given (no trimming, no checks: the suites build valid spans),
    with its quote and context, created and updated at now."""
    return annotation_at(doc, start, end, label, annotator, note=note, id=id, now=now)


@contextmanager
def shown_window(
    app: QApplication,
    store: Store,
    folder: Path,
    document_id: str,
    annotator: str = "alice",
    size: tuple[int, int] = (1280, 800),
) -> Iterator[MainWindow]:
    """The real window on ``store`` (its settings in ``folder``), shown at ``size`` with the document open;
    afterwards its work stopped, the window closed and deleted, the store closed.

    The document list's burst never ends by itself: the suites read the edited line when they choose
    (``DocumentCounts.flush``), which a key press slower than a burst on a busy machine would pre-empt."""
    # Imported here: the suites without a window load no Qt (their memory figures stay theirs).
    from PySide6.QtCore import QSettings

    from ui import document_counts
    from ui.main_window import MainWindow
    from ui.project import ProjectModel
    from ui.settings import Settings

    project = ProjectModel(store)
    settings = Settings(QSettings(str(folder / "factcheck.ini"), QSettings.Format.IniFormat))
    burst, document_counts.BURST_MS = document_counts.BURST_MS, 3_600_000
    try:
        window = MainWindow(project, annotator, settings)
    finally:
        document_counts.BURST_MS = burst
    project.setParent(window)
    try:
        window.resize(*size)
        window.show()
        app.processEvents()
        window.open_document(document_id)
        app.processEvents()
        yield window
    finally:
        window.project.operations.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()
        store.close()
