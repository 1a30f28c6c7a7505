"""Make the README screenshots: `QT_QPA_PLATFORM=offscreen uv run python docs/screenshot.py`.

Builds a throw-away project with the bundled sample article tagged by two annotators (overlapping and
nested tags, a review decision), shows the real window and saves in docs/: screenshot.png (1280x800),
screenshot-review.png (the review panel; also screenshot-review-1366x768.png and -800x600.png, a laptop
and a small screen), screenshot-800x600.png (a small screen), screenshot-dark.png
(the dark theme, reviewing), screenshot-colorblind.png (the article as seen with protanopia,
deuteranopia and tritanopia, by docs/colorblind.py) and screenshot-claims.png (attribution, a link and
the Claims pane with a card's verdicts).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from db import Store, attribution, claims, links, speakers
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import new_speaker
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


def _structure(store: Store, doc: Document) -> Annotation:
    """Who said what and what answers what: a source and a cue attached to the authority's denial, the
    denial linked to the mayor's claim, a claim card with two verdicts and a final one. The denial."""

    def tag(quote: str, label: str, who: str = "alice") -> Annotation:
        start = doc.text.index(quote)
        found = [
            a for a in store.annotations(doc.id) if (a.start, a.label, a.annotator) == (start, label, who)
        ]
        return (
            found[0]
            if found
            else store.add_annotation(new_annotation(doc, start, start + len(quote), label, who))
        )

    source = tag("Daniel Okafor", "source")
    cue = tag("said the agency", "cue")
    denial = tag("has never published any number that would support the word doubled", "denial")
    okafor = speakers.add_speaker(
        store, new_speaker("Daniel Okafor", "person", "Transit authority spokesperson")
    )
    attribution.set_speaker(store, source.id, okafor.id)
    attribution.set_attribution(store, denial.id, source=source.id, cue=cue.id, quotation="direct")
    claim = tag("ridership on the city’s buses had “more than doubled” since fares were cut", "claim")
    links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "alice"))
    card, _ = claims.create_card(
        store, [claim.id], "alice", text="Bus ridership more than doubled after the fare cut"
    )
    claims.vote(store, card.id, "alice", "yes", "a number anyone can check")
    claims.vote(store, card.id, "bob", "yes", "the headline claim")
    claims.give_verdict(store, card.id, "alice", "Mostly false", "The authority counts a 38% rise.")
    claims.give_verdict(store, card.id, "bob", "False", "No published figure supports it.")
    claims.set_final_verdict(store, card.id, "rita", "Mostly false", "Boardings rose 38%, not 100%.")
    return denial


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "shot.db")
        doc, _ = store.add_document(Document.create(SAMPLE.read_text(encoding="utf-8"), source=SAMPLE.name))
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
        for width, height in ((1366, 768), (800, 600)):  # a newsroom laptop, a small screen
            window.resize(width, height)
            _settle(app)
            window.grab().save(str(HERE / f"screenshot-review-{width}x{height}.png"))
        window.resize(1280, 800)
        _settle(app)

        window.appearance.set_scheme("dark")
        _settle(app)
        window.grab().save(str(HERE / "screenshot-dark.png"))
        window.appearance.set_scheme("system")

        window.review.toggle_action.trigger()  # off again
        with Store.open(Path(tmp) / "shot.db") as other:  # as another program would: the window notices
            denial = _structure(other, doc)
        window.project.reload_if_changed()
        window.open_document(doc.id)
        window.view.set_current(denial.id)
        window.table.select_annotation(denial.id)
        window.claims.show_pane()
        (card,) = claims.cards(store)
        _settle(app)
        window.claims.pane.open_card(card.id)
        _settle(app)
        window.grab().save(str(HERE / "screenshot-claims.png"))
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
