"""Claim-card figures on a project of 10,000 cards: the ClaimReview export (and its ratio to a floor: the
plainest join and json.dump, same run), the claims CSV, and the list the Claims pane shows (every card
with its counts).

Each card has one claim tag (100 articles, 100 tags each), two check-worthiness votes and two
annotators' verdicts; four in five have a reviewer's final verdict with an evidence link.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
from pathlib import Path

from bench.common import Figure, best_of, tag
from db import Store, claim_settings, claims
from db.claim_listing import list_cards
from factcheck.core.claims import (
    DEFAULT_SCALE,
    CheckworthyVote,
    ClaimCard,
    ClaimTag,
    Evidence,
    Organization,
    Verdict,
    claim_tag_id,
    verdict_id,
    vote_id,
)
from factcheck.core.model import Document, new_id, utc_now
from factcheck.services.exporting import export

N_CARDS = 10_000
N_DOCUMENTS = 100
WORDS = (
    "the",
    "minister",
    "said",
    "that",
    "crime",
    "fell",
    "by",
    "twenty",
    "percent",
    "last",
    "year",
    "while",
)


def _project(store: Store, rng: random.Random) -> None:
    now = utc_now()
    names = DEFAULT_SCALE.names
    docs = []
    with store.atomic():
        for i in range(N_DOCUMENTS):
            text = " ".join(rng.choice(WORDS) for _ in range(1500))
            doc, _ = store.add_document(Document.create(text, f"Article {i}", f"https://news.example/{i}"))
            docs.append(doc)
    anns, cards, links, votes, verdicts = [], [], [], [], []
    per_doc = N_CARDS // N_DOCUMENTS
    for n in range(N_CARDS):
        doc = docs[n // per_doc]
        start = (n % per_doc) * 80
        ann = tag(doc, start, start + 60, "claim", "ana", id=new_id(), now=now)
        anns.append(ann)
        card = ClaimCard(new_id(), ann.quote.strip(), None, "2026-03-01", (), "checking", "ana", now, now)
        cards.append(card)
        links.append(ClaimTag(claim_tag_id(card.id, ann.id, "ana"), card.id, ann.id, "ana", now, now))
        for who in ("ana", "bo"):
            value = rng.choice(("yes", "yes", "no", "unsure"))
            votes.append(CheckworthyVote(vote_id(card.id, who), card.id, who, value, "", now, now))  # type: ignore[arg-type]
            name = rng.choice(names)
            verdicts.append(
                Verdict(
                    verdict_id(card.id, who, False), card.id, who, name, "", (), False, "", None, now, now
                )
            )
        if rng.random() < 0.8:
            verdicts.append(
                Verdict(
                    verdict_id(card.id, "rita", True),
                    card.id,
                    "rita",
                    rng.choice(names),
                    "Checked against the official statistics.",
                    (Evidence("https://stats.example.gov/t", "Statistics"),),
                    True,
                    "",
                    "2026-03-02",
                    now,
                    now,
                )
            )
    store.put_annotations(anns)
    claims.put_cards(store, cards)
    claims.put_claim_tags(store, links)
    claims.put_votes(store, votes)
    claims.put_verdicts(store, verdicts)
    claim_settings.set_organization(store, Organization("Fact Desk", "https://factdesk.example"))


def _floor(path: Path, out: Path) -> int:
    """The plainest ClaimReview: one join of the cards and their final verdicts, objects by hand."""
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT c.id, c.text, c.claim_date, v.verdict, v.explanation, v.date_published FROM claims c "
        "JOIN verdicts v ON v.claim_id = c.id WHERE v.final = 1 AND v.deleted_at IS NULL "
        "ORDER BY c.created_at"
    ).fetchall()
    conn.close()
    reviews = [
        {
            "@context": "https://schema.org", "@type": "ClaimReview", "url": f"https://factdesk.example#claim-{i}",
            "claimReviewed": text, "datePublished": published,
            "reviewRating": {"@type": "Rating", "alternateName": name, "ratingExplanation": why},
            "itemReviewed": {"@type": "Claim", "datePublished": date},
        }
        for i, text, date, name, why, published in rows
    ]  # fmt: skip
    with out.open("w", encoding="utf-8") as fh:
        json.dump(reviews, fh, ensure_ascii=False)
    return len(reviews)


def _list_floor(path: Path) -> int:
    """The least the card list must read: each table's rows, fetched plainly, nothing grouped."""
    conn = sqlite3.connect(path)
    n = 0
    for query in (
        "SELECT id, text, speaker, claim_date, status, annotator, created_at, updated_at FROM claims",
        "SELECT t.claim_id, t.annotation_id, a.document_id FROM claim_tags t "
        "JOIN annotations a ON a.id = t.annotation_id",
        "SELECT claim_id, value FROM checkworthy",
        "SELECT claim_id, annotator, verdict, final FROM verdicts",
    ):
        n += len(conn.execute(query).fetchall())
    conn.close()
    return n


def run() -> list[Figure]:
    rng = random.Random(12)
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        folder = Path(tmp)
        with Store.open(folder / "claims.db") as store:
            _project(store, rng)
            counts: list[int] = []
            review_s = best_of(lambda: counts.append(export(store, "claimreview", folder / "r.json")))
            floor_s = best_of(lambda: _floor(folder / "claims.db", folder / "floor.json"))
            csv_s = best_of(lambda: export(store, "claims-csv", folder / "c.csv"))
            list_s = best_of(lambda: list_cards(store), repeat=5)
            list_floor_s = best_of(lambda: _list_floor(folder / "claims.db"), repeat=5)
    print(f"(claimreview: {counts[0]} reviews from {N_CARDS} cards)")
    return [
        Figure("export_claimreview_10k_s", review_s, "s", "<= 1"),
        Figure("export_claimreview_10k_ratio", review_s / floor_s, "x floor"),
        Figure("export_claims_csv_10k_s", csv_s, "s", "<= 1"),
        Figure("list_cards_10k_ms", list_s * 1000, "ms", "<= 100"),
        Figure("list_cards_10k_ratio", list_s / list_floor_s, "x floor"),
    ]
