"""A realistic team project on the test server, for the server explorer: three teammates synced.

alice (annotator) brings an article with emoji and curly quotes and its whole structure (source, cue,
attribution, a speaker, a discontinuous tag, links), and a claim card with her vote and verdict; bob
(annotator) brings a second article with no-break spaces and curly quotes, his tags, a note, his vote
and verdict on alice's card; rita (reviewer) accepts and rejects tags, gives the card its final verdict
and renames a label for the team. Everyone syncs until nothing is new.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db import Store, claims, links
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.sync import sync
from factcheck.services.team_renames import rename_for_team
from tests.helpers.review import set_review
from tests.helpers.structure import at, seed
from tests.pg import Team

#: bob's article: no-break spaces, curly quotes, an emoji, a line break.
SECOND = (
    "The mayor\u00a0said “crime fell by 20\u00a0%” last year 📉.\n"
    "Critics called the figure ‘misleading’ and said police numbers fell.\n"
)


@dataclass
class TeamProjects:
    """The projects (by login) and the files they live in."""

    stores: dict[str, Store]
    folder: Path

    def close(self) -> None:
        for store in self.stores.values():
            store.close()


def _tag(store: Store, doc: Document, words: str, label: str, who: str, nth: int = 0) -> str:
    start, end = at(doc, words, nth)
    return store.add_annotation(new_annotation(doc, start, end, label, who), doc.text).id


def build(team: Team, folder: Path) -> TeamProjects:
    """alice, bob and rita's projects, synced with the team server; a fourth login (vera) is left for a
    fresh project."""
    alice = Store.open(folder / "alice.db")
    made = seed(alice, "alice")
    card, _ = claims.create_card(alice, [made.claim.id], "alice", text="Trump accepted Putin’s assertions")
    claims.set_status(alice, card.id, "alice", "checking")
    claims.vote(alice, card.id, "alice", "yes", "a claim 😀")
    claims.give_verdict(alice, card.id, "alice", "Mostly false", "her reading")
    assert not sync(alice, team.url("alice")).refused

    bob = Store.open(folder / "bob.db")
    second, _ = bob.add_document(Document.create(SECOND, title="Mayor ‘figures’", source="mayor.txt"))
    crime = _tag(bob, second, "“crime fell by 20\u00a0%”", "claim", "bob")
    _tag(bob, second, "‘misleading’", "characterization", "bob")
    called = _tag(bob, second, "called", "cue", "bob")
    bob.update_annotation(crime, note="checked\u00a0twice ✓")
    assert not sync(bob, team.url("bob")).refused
    claims.vote(bob, card.id, "bob", "unsure", "")
    claims.give_verdict(bob, card.id, "bob", "False", "bob’s reading")
    doc_b = next(d for d in bob.documents() if d.sha256 == made.doc.sha256)
    bob_denial = _tag(bob, doc_b, "was not clear", "denial", "bob")
    links.add_link(bob, new_link(doc_b.id, "denies", bob_denial, made.claim.id, "bob"))
    assert not sync(bob).refused

    rita = Store.open(folder / "rita.db")
    assert not sync(rita, team.url("rita")).refused
    set_review(rita, made.claim.id, "accepted", "rita", "on the record")
    set_review(rita, crime, "rejected", "rita", "the figure is 19\u00a0%")
    claims.set_final_verdict(rita, card.id, "rita", "Mostly false", "The record shows otherwise.", [])
    assert not sync(rita).refused
    rename_for_team(team.url("rita"), "label", "characterization", "framing")
    del called
    stores = {"alice": alice, "bob": bob, "rita": rita}
    for _ in range(2):
        for name, store in stores.items():
            assert not sync(store).refused, name
    return TeamProjects(stores, folder)
