"""The Claims pane on a project of 10,000 claim cards.

The project: one long debate transcript with 12,000 claim tags; 10,000 cards (one tag each, 2,000 with
a second), 50 speakers, two check-worthiness votes and two verdicts per card, a final verdict on half.
Figure:
- claims_pane_10k_ms: View > Claims pane (Ctrl+Shift+K) in an open window, until the dock and its list
  have painted: the cards and their tags read from SQLite, counted, sorted (most tagged first) and the
  first screen drawn, with the votes and verdicts of the cards on it (a window reads the others' when a
  sort, filter or tally first needs them: db.claim_listing.Listing); best of 3, each in a new window (the
  pane loads nothing before it is first shown).
"""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from bench.common import Figure, tag
from db import Store
from db import claims as claims_db
from db import speakers as speakers_db
from factcheck.core.claims import DEFAULT_SCALE, CheckworthyVote, ClaimCard, ClaimTag, Verdict
from factcheck.core.model import Document, new_id, utc_now
from factcheck.core.speakers import Speaker

CARDS = 10_000
SECOND_TAGS = 2_000
SPEAKERS = 50
RUNS = 3
_WORDS = (
    "unemployment", "crime", "wages", "homes", "taxes", "budget", "hospital", "police", "schools",
    "inflation", "fell", "rose", "doubled", "halved", "since", "last", "year", "under", "my", "opponent",
    "record", "percent", "million", "new", "families", "city",
)  # fmt: skip


def _speakers(store: Store, now: str) -> list[str]:
    made = [Speaker(f"speaker-{i}", f"Speaker {i}", "person", "", (), now, now) for i in range(SPEAKERS)]
    speakers_db.put_speakers(store, made)
    return [s.id for s in made]


def build(path: Path, rng: random.Random) -> None:
    """The project of 10,000 cards at path."""
    lines = []
    for i in range(CARDS + SECOND_TAGS):
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 14)))
        lines.append(f"SPEAKER {i % SPEAKERS}: {words.capitalize()}.")
    text = "\n".join(lines)
    now = utc_now()
    names = DEFAULT_SCALE.names
    with Store.open(path) as store:
        doc, _ = store.add_document(
            Document.create(text, title="Ten thousand claims", source="https://x.org/d")
        )
        anns, offset = [], 0
        for line in lines:
            start = offset + line.index(":") + 2
            anns.append(tag(doc, start, offset + len(line), "claim", "ana", id=new_id(), now=now))
            offset += len(line) + 1
        store.put_annotations(anns)
        speakers = _speakers(store, now)
        cards, links, votes, verdicts = [], [], [], []
        for i in range(CARDS):
            cid = new_id()
            speaker = speakers[i % SPEAKERS]
            cards.append(
                ClaimCard(cid, anns[i].quote, speaker, "2026-03-01", (), "checking", "ana", now, now)
            )
            links.append(ClaimTag(new_id(), cid, anns[i].id, "ana", now, now))
            if i < SECOND_TAGS:
                links.append(ClaimTag(new_id(), cid, anns[CARDS + i].id, "ana", now, now))
            for who in ("ana", "bo"):
                votes.append(
                    CheckworthyVote(new_id(), cid, who, rng.choice(("yes", "no", "unsure")), "", now, now)
                )
                verdicts.append(
                    Verdict(new_id(), cid, who, rng.choice(names), "", (), False, "", None, now, now)
                )
            if i % 2:
                verdicts.append(
                    Verdict(new_id(), cid, "rita", rng.choice(names), "", (), True, "", None, now, now)
                )
        claims_db.put_cards(store, cards)
        claims_db.put_claim_tags(store, links)
        claims_db.put_votes(store, votes)
        claims_db.put_verdicts(store, verdicts)


def _open_pane_ms(path: Path, settings_dir: Path) -> float:
    from ui.main_window import MainWindow
    from ui.project import ProjectModel
    from ui.settings import Settings

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    project = ProjectModel.open(path)
    settings = Settings(QSettings(str(settings_dir / "factcheck.ini"), QSettings.Format.IniFormat))
    window = MainWindow(project, "rita", settings)
    project.setParent(window)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    t0 = time.perf_counter()
    window.claims.toggle_action.trigger()
    window.claims.pane.view.viewport().repaint()
    app.processEvents()
    elapsed = time.perf_counter() - t0
    rows = window.claims.pane.model.rowCount()
    assert rows == CARDS, rows
    window.close()
    project.close()
    window.deleteLater()
    app.processEvents()
    return elapsed * 1000.0


def run() -> list[Figure]:
    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        folder = Path(tmp)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
        build(folder / "claims.db", random.Random(12))
        runs = []
        for i in range(RUNS):
            # A new settings folder each time: a window restores the dock it closed with.
            (folder / f"settings-{i}").mkdir()
            runs.append(_open_pane_ms(folder / "claims.db", folder / f"settings-{i}"))
        floor = min(_read_ms(folder / "claims.db") for _ in range(RUNS))
    print(
        f"(claims pane: best {min(runs):.1f} ms of {[round(r, 1) for r in runs]}; the bare SQL reads "
        f"of its rows take {floor:.1f} ms)"
    )
    return [
        Figure("claims_pane_10k_ms", min(runs), "ms", "<= 100"),
        Figure("claims_pane_10k_ratio", min(runs) / floor, "x bare SQL reads"),
    ]


#: What the pane's list needs, read raw: the floor of opening it.
_QUERIES = (
    "SELECT id, text, speaker, claim_date, status, annotator, created_at, updated_at FROM claims "
    "WHERE deleted_at IS NULL",
    "SELECT t.claim_id, t.annotation_id, a.document_id FROM claim_tags t JOIN annotations a "
    "ON a.id = t.annotation_id WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL",
    "SELECT claim_id, value, count(*) FROM checkworthy WHERE deleted_at IS NULL GROUP BY claim_id, value",
    "SELECT claim_id, annotator, verdict, final FROM verdicts WHERE deleted_at IS NULL",
)


def _read_ms(path: Path) -> float:
    # A connection of its own: nothing above db/ reaches the store's.
    conn = sqlite3.connect(path)
    try:
        t0 = time.perf_counter()
        for query in _QUERIES:
            conn.execute(query).fetchall()
        return (time.perf_counter() - t0) * 1000.0
    finally:
        conn.close()
