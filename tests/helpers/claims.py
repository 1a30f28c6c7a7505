"""Claim-card test data: a small debate transcript with two speakers, claim tags, cards and verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from db import Store, attribution, claim_settings, claims, speakers
from factcheck.core.claims import ClaimCard, Evidence, Organization
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import Speaker

DEBATE = (
    "MODERATOR: Good evening and welcome to the debate.\n"
    "SMITH: Unemployment fell to 3.5 percent last year, the lowest in fifty years.\n"
    "JONES: That is not true. Wages fell for most families.\n"
    "SMITH: Our city built 12,000 new homes since 2020.\n"
    "JONES: Crime doubled under my opponent's watch.\n"
)
DEBATE_URL = "https://news.example.org/debate-2026"


def add_speaker(
    store: Store, sid: str, name: str, kind: str = "person", same_as: tuple[str, ...] = ()
) -> None:
    now = "2026-01-01T00:00:00.000000Z"
    speakers.add_speaker(store, Speaker(sid, name, kind, "", same_as, now, now))  # type: ignore[arg-type]


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
    sources = {}
    for line_start, speaker in (("SMITH", "sp-smith"), ("JONES", "sp-jones")):
        start = doc.text.index(line_start)  # the first line of each: one source tag per speaker
        source = store.add_annotation(new_annotation(doc, start, start + 5, "source", "alice"))
        sources[speaker] = attribution.set_speaker(store, source.id, speaker, by="alice")
    for phrase, speaker in phrases:
        ann = tag(store, doc, phrase)
        attribution.set_attribution(store, ann.id, source=sources[speaker].id, quotation="direct", by="alice")
        # The card's speaker comes from the tag's attribution.
        card, _ = claims.create_card(store, [ann.id], "alice", claim_date="2026-03-01")
        assert card.speaker == speaker
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
    # as stored now: the final verdicts rated their cards
    return Debate(doc, [claims.require_card(store, card.id) for card in made])
