"""Make the README screenshots: `xvfb-run -s "-screen 0 1400x900x24" uv run python docs/screenshot.py`.

Builds a throw-away project with the bundled sample article tagged by two annotators (overlapping and
nested tags, a review decision), shows the real window and saves docs/screenshot.png and
docs/screenshot-review.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from ui.main_window import MainWindow
from ui.project import ProjectModel
from ui.settings import Settings

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "resources" / "sample_article.txt"

TAGS = [  # (quote, label, annotator)
    ("ridership on the city’s buses had “more than doubled” since fares were cut", "claim", "alice"),
    ("“more than doubled”", "characterization", "alice"),
    ("ridership on the city’s buses had “more than doubled”", "claim", "bob"),
    ("the single most successful policy this council has passed in a decade", "characterization", "alice"),
    ("has never published any number that would support the word doubled", "denial", "alice"),
    ("a fairy tale told with a straight face", "characterization", "bob"),
    ("The Mayor has never said the savings were audited", "denial", "bob"),
    ("I didn’t say every bus, I said the buses people actually ride", "denial", "alice"),
    ("somewhere between 10 and 40 per cent in the first year", "claim", "bob"),
    ("a generous reading of a good result", "characterization", "alice"),
]


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "shot.db")
        doc, _ = store.add_document(Document.create(SAMPLE.read_text(encoding="utf-8"), source=str(SAMPLE)))
        for quote, label, who in TAGS:
            start = doc.text.index(quote)
            store.add_annotation(new_annotation(doc, start, start + len(quote), label, who))
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        project = ProjectModel(store)
        window = MainWindow(project, "alice", settings)
        window.resize(1280, 800)
        window.show()
        window.open_document(doc.id)
        current = next(a for a in store.annotations(doc.id) if a.label == "characterization")
        window.view.set_current(current.id)
        window.table.select_annotation(current.id)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(HERE / "screenshot.png"))

        window.review.toggle_action.trigger()
        window.review.panel.set_side_by_side("alice", "bob")
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(HERE / "screenshot-review.png"))
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
