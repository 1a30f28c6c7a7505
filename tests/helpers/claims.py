"""Claim-card test data: a small debate transcript with two speakers, claim tags, cards and verdicts."""

from __future__ import annotations

import json
from dataclasses import dataclass

from db import Store, claim_settings, claims
from factcheck.core.claims import ClaimCard, Evidence, Organization
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation

DEBATE = (
    "MODERATOR: Good evening and welcome to the debate.\n"
    "SMITH: Unemployment fell to 3.5 percent last year, the lowest in fifty years.\n"
    "JONES: That is not true. Wages fell for most families.\n"
    "SMITH: Our city built 12,000 new homes since 2020.\n"
    "JONES: Crime doubled under my opponent's watch.\n"
)
DEBATE_URL = "https://news.example.org/debate-2026"


def ensure_speakers_table(store: Store) -> None:
    """The speakers table as the structure migration makes it, where this build lacks it."""
    store._db.execute(
        "CREATE TABLE IF NOT EXISTS speakers (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, "
        "description TEXT NOT NULL DEFAULT '', same_as TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL, "
        "updated_at TEXT NOT NULL, deleted_at TEXT, merged_into TEXT)"
    )


def add_speaker(
    store: Store, sid: str, name: str, kind: str = "person", same_as: tuple[str, ...] = ()
) -> None:
    ensure_speakers_table(store)
    with store.atomic():
        store._db.execute(
            "INSERT INTO speakers (id, name, kind, same_as, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                sid,
                name,
                kind,
                json.dumps(list(same_as)),
                "2026-01-01T00:00:00.000000Z",
                "2026-01-01T00:00:00.000000Z",
            ],
        )


def tag(
    store: Store, doc: Document, phrase: str, annotator: str = "alice", label: str = "claim"
) -> Annotation:
    start = doc.text.index(phrase)
    return store.add_annotation(new_annotation(doc, start, start + len(phrase), label, annotator))


@dataclass
class Debate:
    doc: Document
    cards: list[ClaimCard]


def make_debate(store: Store) -> Debate:
    """Two speakers, four claim cards; verdicts by alice and bob, final verdicts by rita on three."""
    doc, _ = store.add_document(Document.create(DEBATE, title="City debate", source=DEBATE_URL))
    add_speaker(store, "sp-smith", "Anna Smith", same_as=("https://www.wikidata.org/wiki/Q1",))
    add_speaker(store, "sp-jones", "Ben Jones")
    claim_settings.set_organization(store, Organization("Fact Desk", "https://factdesk.example.org"))
    phrases = [
        ("Unemployment fell to 3.5 percent last year", "sp-smith"),
        ("Wages fell for most families", "sp-jones"),
        ("Our city built 12,000 new homes since 2020", "sp-smith"),
        ("Crime doubled under my opponent's watch", "sp-jones"),
    ]
    made = []
    for phrase, speaker in phrases:
        ann = tag(store, doc, phrase)
        card, _ = claims.create_card(store, [ann.id], "alice", speaker=speaker, claim_date="2026-03-01")
        made.append(card)
    given = [
        ("True", "Mostly true"),
        ("Half true", "False"),
        ("Mostly false", "Mostly false"),
        ("False", "False"),
    ]
    for card, (a, b) in zip(made, given, strict=True):
        claims.vote(store, card.id, "alice", "yes", "a number")
        claims.vote(store, card.id, "bob", "yes" if a != "Half true" else "unsure", "")
        claims.give_verdict(store, card.id, "alice", a, "alice's reading")
        claims.give_verdict(store, card.id, "bob", b, "bob's reading")
    for card, name in zip(made[:3], ("True", "Half true", "Mostly false"), strict=True):
        claims.set_final_verdict(
            store, card.id, "rita", name, f"The record shows it is {name.lower()}.",
            [Evidence("https://stats.example.gov/unemployment", "Labour statistics")],
            date_published="2026-03-02",
        )  # fmt: skip
    return Debate(doc, made)
