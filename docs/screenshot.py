"""Make the README screenshots: `QT_QPA_PLATFORM=offscreen uv run python docs/screenshot.py`.

Builds a throw-away project with the bundled sample article tagged by two annotators (overlapping and
nested tags, a review decision), shows the real window and saves in docs/: screenshot.png (1280x800),
screenshot-review.png (the review panel), screenshot-800x600.png (a small screen), screenshot-dark.png
(the dark theme, reviewing) and screenshot-colorblind.png (the article as seen with protanopia,
deuteranopia and tritanopia, by docs/colorblind.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from ui.main_window import MainWindow
from ui.project import ProjectModel
from ui.settings import Settings

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # docs/colorblind.py
import colorblind  # noqa: E402

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


def _settle(app: QCoreApplication) -> None:
    for _ in range(5):
        app.processEvents()
    QTest.qWait(50)  # the panes take their share back after a resize (a 0 ms timer)
    for _ in range(3):
        app.processEvents()


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
        _settle(app)
        window.grab().save(str(HERE / "screenshot.png"))
        article = window.view.grab().toImage()
        article = article.copy(0, 0, article.width(), min(article.height(), 330))
        colorblind.strip(article).save(str(HERE / "screenshot-colorblind.png"))

        window.resize(800, 600)
        _settle(app)
        window.grab().save(str(HERE / "screenshot-800x600.png"))

        window.resize(1280, 800)
        window.review.toggle_action.trigger()
        window.review.panel.set_side_by_side("alice", "bob")
        _settle(app)
        window.grab().save(str(HERE / "screenshot-review.png"))

        window.appearance.set_scheme("dark")
        _settle(app)
        window.grab().save(str(HERE / "screenshot-dark.png"))
        window.appearance.set_scheme("system")
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
