"""A reviewer's step of a claim card out of rated, offline, beside its maker's edit of the card's text,
through a real team server: the text is the maker's, the status step the reviewer's, and both survive,
whoever syncs first, on the server and in both projects."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store, claims
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import checking_card, project, projects, server_card
from tests.pg import Team

NEW_TEXT = "Crime fell by a fifth last year"


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path, ("alice", "rita"))


@pytest.mark.parametrize("first_synced", ["rita", "alice"])
def test_a_reviewers_step_out_of_rated_before_the_makers_later_edit_both_survive(
    team: Team, stores: dict[str, Store], first_synced: str
) -> None:
    """rita moves alice's rated card back to checking, offline; alice then edits its text. Whoever syncs
    first, the card ends up in checking with alice's text, on the server and in both projects."""
    alice, rita = stores["alice"], stores["rita"]
    card = checking_card(alice, "alice")
    assert not sync(alice, team.url("alice")).refused
    assert not sync(rita, team.url("rita")).refused
    claims.set_final_verdict(rita, card.id, "rita", "Half true")  # rates the card
    assert not sync(rita).refused
    assert not sync(alice).refused
    assert claims.require_card(alice, card.id).status == "rated"
    claims.set_status(rita, card.id, "rita", "checking")  # back, to check it again
    claims.update_card(alice, card.id, "alice", text=NEW_TEXT)
    second_synced = "alice" if first_synced == "rita" else "rita"
    for name in (first_synced, second_synced):
        report = sync(stores[name])
        assert not report.refused and not report.pulled.conflicts, report.details()
    if first_synced == "alice":  # rita's step went up onto alice's later edit, and the sync says so
        assert report.kept == {"claims": [card.id]} and report.kept_decisions == 1
        assert any(d.startswith(f"sent your step of claim {card.id} to checking") for d in report.details())
    assert server_card(team, card.id) == ("checking", NEW_TEXT)
    for name in (first_synced, second_synced, first_synced):
        assert not sync(stores[name]).refused
    for store in (alice, rita):
        got = claims.require_card(store, card.id)
        assert (got.status, got.text) == ("checking", NEW_TEXT)


def test_a_makers_edit_older_than_a_reviewers_step_back_is_not_applied_and_said_so(
    team: Team, stores: dict[str, Store]
) -> None:
    """The other order in time: alice edits her rated card offline, then rita moves it back to checking
    and syncs first. The server's copy is the newer (it cannot tell alice's older edit from one her other
    computer superseded): her edit is not applied, as a tag's edit older than a reviewer's decision, and
    no longer silently."""
    alice, rita = stores["alice"], stores["rita"]
    card = checking_card(alice, "alice")
    assert not sync(alice, team.url("alice")).refused
    assert not sync(rita, team.url("rita")).refused
    claims.set_final_verdict(rita, card.id, "rita", "Half true")
    assert not sync(rita).refused
    assert not sync(alice).refused
    claims.update_card(alice, card.id, "alice", text=NEW_TEXT)
    claims.set_status(rita, card.id, "rita", "checking")
    assert not sync(rita).refused
    report = sync(alice)
    assert not report.refused and report.outdated == {"claims": {card.id: ["text"]}}, report.details()
    assert "1 card edit of yours not applied: a reviewer moved the card after it" in report.summary()
    (line,) = [d for d in report.details() if card.id in d]
    assert line.startswith(
        f"your edit of claim card {card.id} (text) was not applied: a reviewer moved it to"
    )
    assert "checking on the server after you made it" in line and "make the edit again" in line
    assert server_card(team, card.id) == ("checking", "Crime fell by 20% last year")
    got = claims.require_card(alice, card.id)
    assert (got.status, got.text) == ("checking", "Crime fell by 20% last year")
    assert not sync(alice).outdated


def test_a_reviewers_stale_copy_sent_again_does_not_step_a_card_out_of_rated(
    tmp_path: Path, team: Team, stores: dict[str, Store]
) -> None:
    """rita's copy of alice's card still says checking (she has not synced since vera rated it), and goes
    up again unchanged (queued whole, as when tracking starts): it is no step of hers; the card stays
    rated with alice's later text."""
    alice, rita = stores["alice"], stores["rita"]
    card = checking_card(alice, "alice")
    assert not sync(alice, team.url("alice")).refused
    assert not sync(rita, team.url("rita")).refused
    with project(tmp_path, "vera") as vera:
        assert not sync(vera, team.url("vera")).refused
        claims.set_final_verdict(vera, card.id, "vera", "Half true")
        assert not sync(vera).refused
    assert not sync(alice).refused
    claims.update_card(alice, card.id, "alice", text=NEW_TEXT)
    assert not sync(alice).refused
    claims.put_cards(rita, [claims.require_card(rita, card.id)])  # queued again, unchanged
    report = sync(rita)
    assert not report.refused and not report.kept, report.details()
    assert server_card(team, card.id) == ("rated", NEW_TEXT)
    got = claims.require_card(rita, card.id)
    assert (got.status, got.text) == ("rated", NEW_TEXT)
