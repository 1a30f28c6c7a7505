"""A smoke check of a built app: start it headless, wait for its window, write what it shows, quit.

    FACTCHECK_SMOKE_REPORT=/tmp/report.json QT_QPA_PLATFORM=offscreen ./factcheck [FILE...]

The standalone build runs this when FACTCHECK_SMOKE_REPORT is set (see factcheck_app.py), so that tests
and IT can check a build on a machine without a display; the wheel tests and the benchmark load it through
a sitecustomize. The report is JSON: the window's title, icon, open document and database, and the text of
any dialog that came up instead. FACTCHECK_SMOKE_SCREENSHOT=/tmp/x.png also saves the window.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

TIMEOUT_S = 30.0


def install(report: str) -> None:
    """Create the QApplication now (the app reuses it) and queue the check: its first timer tick comes
    once the app's event loop runs, that is, after the window was shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    started = time.monotonic()
    QTimer.singleShot(0, lambda: _check(app, Path(report), started))


def _check(app: Any, report: Path, started: float) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    waiting = not windows and not dialogs or any(_working(w) for w in windows)
    if waiting and time.monotonic() - started < TIMEOUT_S:
        QTimer.singleShot(50, lambda: _check(app, report, started))
        return
    data: dict[str, Any] = {
        "shown_at": time.time(),  # wall clock: a launcher's own time.time() before starting us compares
        "windows": [_describe(w) for w in windows],
        "dialogs": [
            {"title": d.windowTitle(), "text": d.text() if isinstance(d, QMessageBox) else ""}
            for d in dialogs
        ],
        "app_icon_sizes": [s.width() for s in app.windowIcon().availableSizes()],
        "platform": QApplication.platformName(),
        "package": str(Path(sys.modules["factcheck"].__file__ or "").parent),
    }
    about = sys.modules.get("ui.about")  # what the About dialog would list, from the shipped metadata
    if about is None:
        try:
            import ui.about as about
        except ImportError:
            about = None
    if about is not None:
        data["about_libraries"] = {d.name: d.licence for d in about.dependencies()}
    screenshot = os.environ.get("FACTCHECK_SMOKE_SCREENSHOT")
    if screenshot and windows:
        windows[0].grab().save(screenshot)
    report.write_text(json.dumps(data, indent=2), encoding="utf-8")
    for dialog in dialogs:
        dialog.reject()  # a modal dialog runs its own loop: leave it before quitting the app's
    app.quit()


def _working(window: Any) -> bool:
    """Whether the window's project still runs an operation (the files given to the app are imported
    on a worker thread after the window shows): report what the user sees once it is done."""
    operations = getattr(getattr(window, "project", None), "operations", None)
    return operations is not None and operations.current() is not None


def _describe(window: Any) -> dict[str, Any]:
    project = getattr(window, "project", None)
    store = getattr(project, "store", None)
    doc_id = window.current_document_id() if hasattr(window, "current_document_id") else None
    doc = store.document(doc_id) if store is not None and doc_id else None
    return {
        "title": window.windowTitle(),
        "icon_sizes": [s.width() for s in window.windowIcon().availableSizes()],
        "database": str(store.path) if store is not None else None,
        "documents": len(store.documents()) if store is not None else None,
        "document_title": doc.title if doc is not None else None,
    }
