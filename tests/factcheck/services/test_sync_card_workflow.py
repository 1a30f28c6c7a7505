"""The claim-card workflow rule through a real team server and the sync: a card published without a
final verdict on the server, or moved into rated / published by an annotator, is refused (that row, with
why; the rest of the push lands) and the server's copy comes back; a final verdict pushed in the same
sync as the publication is accepted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from db import Store, claims
from factcheck.core.claims import ClaimCard
from factcheck.core.model import utc_now
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import projects, tag
from tests.pg import Team


def _card_on_server(alice: Store, team: Team) -> ClaimCard:
    """alice's card, moved to checking and synced."""
    claim = tag(alice, "alice", 4, 45)
    card, _ = claims.create_card(alice, [claim.id], "alice", text="Crime fell by 20% last year")
    card = claims.set_status(alice, card.id, "alice", "checking")
    assert not sync(alice, team.url("alice")).refused
    return card


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path)


def test_a_final_verdict_in_the_same_sync_as_the_publication_is_accepted(
    team: Team, stores: dict[str, Store]
) -> None:
    alice, rita = stores["alice"], stores["rita"]
    card = _card_on_server(alice, team)
    sync(rita, team.url("rita"))
    claims.set_final_verdict(rita, card.id, "rita", "Half true", "the base year differs")
    claims.set_status(rita, card.id, "rita", "published")
    report = sync(rita)  # the card row and the verdict row in one push
    assert not report.refused, report.details()
    assert report.pushed["claims"] == 1 and report.pushed["verdicts"] == 1
    sync(alice)
    assert claims.require_card(alice, card.id).status == "published"


def test_a_card_published_without_a_final_verdict_is_refused_and_the_rest_lands(
    team: Team, stores: dict[str, Store]
) -> None:
    alice, rita = stores["alice"], stores["rita"]
    card = _card_on_server(alice, team)
    sync(rita, team.url("rita"))
    # A client that bypasses the window publishes the card with no final verdict; a vote goes with it.
    forged = replace(claims.require_card(rita, card.id), status="published", updated_at=utc_now())
    claims.put_cards(rita, [forged])
    claims.vote(rita, card.id, "rita", "yes", "a number")
    report = sync(rita)
    assert [(r.table, r.key) for r in report.refused] == [("claims", card.id)], report.details()
    (line,) = [d for d in report.details() if d.startswith("refused claim")]
    assert "published with its final verdict" in line and "a reviewer sets it first" in line
    assert "1 row refused by the server" in report.summary()
    assert report.replaced == 1 and "1 local copy replaced by the server's" in report.summary()
    assert "older" not in report.summary()  # the refused card is replaced, not "older (ours kept)"
    assert report.pushed["checkworthy"] == 1  # the rest of the push landed
    assert claims.require_card(rita, card.id).status == "checking"  # the server's copy came back
    sync(alice)
    assert claims.require_card(alice, card.id).status == "checking"
    assert [v.annotator for v in claims.votes(alice, card.id)] == ["rita"]


def test_a_final_verdict_withdrawn_before_the_sync_does_not_publish_the_card(
    team: Team, stores: dict[str, Store]
) -> None:
    alice, rita = stores["alice"], stores["rita"]
    card = _card_on_server(alice, team)
    sync(rita, team.url("rita"))
    claims.set_final_verdict(rita, card.id, "rita", "Half true")
    claims.set_status(rita, card.id, "rita", "published")
    claims.withdraw_verdict(rita, card.id, "rita", final=True)  # the store lets the card stay published
    report = sync(rita)
    assert [(r.table, r.key) for r in report.refused] == [("claims", card.id)], report.details()
    assert report.pushed["verdicts"] == 1  # the withdrawn final verdict landed
    assert claims.require_card(rita, card.id).status == "checking"
    sync(alice)
    assert claims.final_verdict(alice, card.id) is None
    assert claims.require_card(alice, card.id).status == "checking"


def test_a_published_card_keeps_its_status_when_its_final_verdict_is_withdrawn(
    team: Team, stores: dict[str, Store]
) -> None:
    """As in the store: withdrawing a published card's final verdict is allowed; the card stays as it is
    and its maker's edits of it still travel."""
    alice, rita = stores["alice"], stores["rita"]
    card = _card_on_server(alice, team)
    sync(rita, team.url("rita"))
    claims.set_final_verdict(rita, card.id, "rita", "Half true")
    claims.set_status(rita, card.id, "rita", "published")
    assert not sync(rita).refused
    claims.withdraw_verdict(rita, card.id, "rita", final=True)
    assert not sync(rita).refused
    sync(alice)
    claims.update_card(alice, card.id, "alice", text="Crime fell by a fifth")
    assert not sync(alice).refused
    sync(rita)
    got = claims.require_card(rita, card.id)
    assert (got.status, got.text) == ("published", "Crime fell by a fifth")


def test_an_annotator_cannot_rate_their_own_card_through_the_server(
    team: Team, stores: dict[str, Store]
) -> None:
    alice = stores["alice"]
    card = _card_on_server(alice, team)
    forged = replace(claims.require_card(alice, card.id), status="rated", updated_at=utc_now())
    claims.put_cards(alice, [forged])
    report = sync(alice)
    (refusal,) = report.refused
    assert (
        refusal.table == "claims" and "only reviewers" in refusal.why and "rated or published" in refusal.why
    )
    assert claims.require_card(alice, card.id).status == "checking"
    # A card made and rated offline (a merge of a reviewer's file) does not arrive rated either.
    claim = tag(alice, "alice", 47, 85)
    other, _ = claims.create_card(alice, [claim.id], "alice")
    claims.put_cards(alice, [replace(other, status="rated", updated_at=utc_now())])
    report = sync(alice)
    assert [(r.table, r.key) for r in report.refused] == [("claims", other.id)], report.details()


def test_a_reviewer_cannot_make_an_annotators_verdict_the_final_one(
    team: Team, stores: dict[str, Store]
) -> None:
    alice, rita = stores["alice"], stores["rita"]
    card = _card_on_server(alice, team)
    mine = claims.give_verdict(alice, card.id, "alice", "True")
    sync(alice)
    sync(rita, team.url("rita"))
    claims.put_verdicts(rita, [replace(mine, final=True, updated_at=utc_now())])  # bypassing the window
    report = sync(rita)
    (refusal,) = report.refused
    assert (refusal.table, refusal.key) == ("verdicts", mine.id) and "belongs to alice" in refusal.why
    assert claims.final_verdict(rita, card.id) is None  # the server's copy came back


def test_the_makers_offline_edit_goes_up_and_the_reviewers_rating_stays(
    team: Team, stores: dict[str, Store]
) -> None:
    """alice edits her card's text while rita rates it; alice's copy still says checking. Her edit is not
    refused for a status she did not change: it goes up with the server's status, which comes back."""
    alice, rita = stores["alice"], stores["rita"]
    card = _card_on_server(alice, team)
    sync(rita, team.url("rita"))
    claims.set_final_verdict(rita, card.id, "rita", "Half true")
    assert not sync(rita).refused
    claims.update_card(alice, card.id, "alice", text="Crime fell by a fifth last year")  # not pulled yet
    report = sync(alice)
    assert not report.refused and report.kept == {"claims": [card.id]}, report.details()
    assert report.pushed["claims"] == 1
    assert any(d.startswith(f"sent claim {card.id} with the server's status") for d in report.details())
    got = claims.require_card(alice, card.id)
    assert (got.status, got.text) == ("rated", "Crime fell by a fifth last year")
    sync(rita)
    got = claims.require_card(rita, card.id)
    assert (got.status, got.text) == ("rated", "Crime fell by a fifth last year")
    # A status change alone (no edit of hers with it) is still refused.
    claims.put_cards(alice, [replace(got, status="checking", updated_at=utc_now())])
    assert [(r.table, r.key) for r in sync(alice).refused] == [("claims", card.id)]
    assert claims.require_card(alice, card.id).status == "rated"


def test_the_reviewers_rating_goes_up_beside_the_makers_edit(team: Team, stores: dict[str, Store]) -> None:
    """The mirror: rita rates alice's card while alice, synced first, edits its text; rita's copy still has
    the old text, which only alice may write. Her rating goes up with the server's text."""
    alice, rita = stores["alice"], stores["rita"]
    card = _card_on_server(alice, team)
    sync(rita, team.url("rita"))
    claims.update_card(alice, card.id, "alice", text="Crime fell by a fifth last year")
    assert not sync(alice).refused
    claims.set_final_verdict(rita, card.id, "rita", "Half true")  # rates the card, on the old text
    report = sync(rita)
    assert not report.refused and report.kept == {"claims": [card.id]}, report.details()
    assert report.kept_decisions == 1
    assert any(d.startswith(f"sent your step of claim {card.id} to rated") for d in report.details())
    got = claims.require_card(rita, card.id)
    assert (got.status, got.text) == ("rated", "Crime fell by a fifth last year")
    sync(alice)
    got = claims.require_card(alice, card.id)
    assert (got.status, got.text) == ("rated", "Crime fell by a fifth last year")
