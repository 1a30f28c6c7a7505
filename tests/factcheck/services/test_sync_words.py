"""A sync's report in a fact-checker's words, through a real team server: a reviewer's decision arriving
is "rita's decision on 1 tag", an annotator's own change "1 tag changed by its annotator (alice)", and
the article the tags are on, already here, is not said. A file import keeps its own words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store, claims
from factcheck.core.report import ImportReport
from factcheck.services.sync import sync
from factcheck.services.sync_words import PulledTags, received
from tests.factcheck.services.sync_support import connected, projects, span_of, tag
from tests.helpers.review import set_review
from tests.pg import Team
from ui.team_news import news


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path, ("alice", "rita"))


def test_a_reviewers_decision_arrives_as_their_decision_and_the_article_is_not_said(
    team: Team, stores: dict[str, Store]
) -> None:
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    assert rita.annotation(a1.id) is not None  # came with rita's first sync
    set_review(rita, a1.id, "accepted", "rita", "checked")
    sent = sync(rita)
    assert sent.sent_decisions == 1 and sent.pushed["annotations"] == 1
    assert news(sent) == "sent 1 decision"  # (was: "sent 1 tag")
    report = sync(alice)
    summary = report.summary()
    assert "Received: Review decisions: rita's decision on 1 tag." in summary, summary
    assert "theirs newer" not in summary and "already there" not in summary, summary
    assert news(report) == "received 1 decision"  # (was: "received 1 tag update")


def test_an_annotators_change_arrives_as_theirs(team: Team, stores: dict[str, Store]) -> None:
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    a2 = tag(alice, "alice", *span_of(alice, "Critics"))
    connected(stores, team)
    sync(alice)
    sync(rita)
    alice.update_annotation(a1.id, label="denial")
    alice.update_annotation(a2.id, note="the critics are unnamed")
    sync(alice)
    report = sync(rita)
    summary = report.summary()
    assert "Received: Tags: 2 changed by their annotator (alice)." in summary, summary
    assert "theirs newer" not in summary and "already there" not in summary, summary
    assert news(report) == "received 2 tag updates"
    assert "decision" not in summary


def test_claim_cards_and_verdicts_are_said_in_the_news(team: Team, stores: dict[str, Store]) -> None:
    alice, rita = stores["alice"], stores["rita"]
    claim = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    card, _ = claims.create_card(alice, [claim.id], "alice", text="Crime fell by 20% last year")
    claims.give_verdict(alice, card.id, "alice", "Mostly true", "close to the figures")
    sent = sync(alice)
    assert news(sent) == "sent 1 claim card, 1 verdict", news(sent)
    came = sync(rita)
    assert news(came) == "received 1 claim card, 1 verdict", news(came)  # (was: "")


def test_a_file_import_keeps_its_words() -> None:
    """The import report's wording stays (a file's documents already there are worth saying there)."""
    report = ImportReport(documents_existing=1, updated=1)
    assert report.summary() == "1 document already there. Tags: 1 updated (theirs newer)."


def test_the_words_go_into_the_import_reports_sentences() -> None:
    pulled = ImportReport(
        documents_added=1, documents_existing=2, added=3, updated=4, structure={"links added": 1}
    )
    tags = PulledTags(decisions=Counter({"rita": 2}), edited=Counter({"bob": 1}))
    assert received(pulled, tags) == (
        "1 document added. Tags: 3 added, 1 updated (theirs newer), 1 changed by its annotator (bob). "
        "Review decisions: rita's decision on 2 tags. Links: 1 added."
    )
    only = PulledTags(decisions=Counter({"rita": 1}), cleared=1, edited=Counter({"alice": 2}))
    assert received(ImportReport(documents_existing=1, updated=4), only) == (
        "Tags: 2 changed by their annotator (alice). "
        "Review decisions: rita's decision on 1 tag; a decision cleared on 1 tag."
    )
    assert received(ImportReport(documents_existing=1), PulledTags()) == "Nothing to import."
