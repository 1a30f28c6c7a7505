"""A reviewer's step of a claim card out of rated when the card has no live final verdict any more (it
was withdrawn: the card keeps its status), beside its maker's edit of the card's text, through a real
team server. As with a live final verdict: the text is the maker's, the status step the reviewer's, and
both survive whoever syncs first; a maker's edit older than the step is not applied, and said so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store, claims
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import checking_card, project, projects, server_card
from tests.pg import Team

NEW_TEXT = "Crime fell by a fifth last year"
OLD_TEXT = "Crime fell by 20% last year"


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path, ("alice", "rita"))


def _rated_then_withdrawn(team: Team, stores: dict[str, Store], withdrawn_synced: bool) -> str:
    """alice's card, rated by rita's final verdict (both synced), which rita then withdraws (synced
    at once, or left to go up with her next push): the card stays rated, with no live final verdict."""
    alice, rita = stores["alice"], stores["rita"]
    card = checking_card(alice, "alice")
    assert not sync(alice, team.url("alice")).refused
    assert not sync(rita, team.url("rita")).refused
    claims.set_final_verdict(rita, card.id, "rita", "Half true")
    assert not sync(rita).refused
    assert not sync(alice).refused
    assert claims.withdraw_verdict(rita, card.id, "rita", final=True) is not None
    if withdrawn_synced:
        assert not sync(rita).refused
    assert claims.require_card(rita, card.id).status == "rated"
    return card.id


def _settled(stores: dict[str, Store], order: tuple[str, ...]) -> None:
    for name in order:
        report = sync(stores[name])
        assert not report.refused and not report.pulled.conflicts, report.details()


@pytest.mark.parametrize("withdrawn_synced", [True, False], ids=["withdrawn-synced", "withdrawn-with-step"])
@pytest.mark.parametrize("first_synced", ["rita", "alice"])
def test_a_step_out_of_rated_before_the_makers_later_edit_both_survive_without_a_final_verdict(
    team: Team, stores: dict[str, Store], first_synced: str, withdrawn_synced: bool
) -> None:
    """rita moves the card back to checking, offline; alice then edits its text. Whoever syncs first,
    the card ends up in checking with alice's text, on the server and in both projects."""
    alice, rita = stores["alice"], stores["rita"]
    key = _rated_then_withdrawn(team, stores, withdrawn_synced)
    claims.set_status(rita, key, "rita", "checking")
    claims.update_card(alice, key, "alice", text=NEW_TEXT)
    second_synced = "alice" if first_synced == "rita" else "rita"
    report = sync(stores[first_synced])
    assert not report.refused and not report.pulled.conflicts, report.details()
    report = sync(stores[second_synced])
    assert not report.refused and not report.pulled.conflicts, report.details()
    if first_synced == "alice":  # rita's step went up onto alice's later edit, and the sync says so
        assert report.kept == {"claims": [key]} and report.kept_decisions == 1, report.details()
        assert any(d.startswith(f"sent your step of claim {key} to checking") for d in report.details())
    assert server_card(team, key) == ("checking", NEW_TEXT)
    _settled(stores, (first_synced, second_synced, first_synced))
    for store in (alice, rita):
        got = claims.require_card(store, key)
        assert (got.status, got.text) == ("checking", NEW_TEXT)


@pytest.mark.parametrize("withdrawn_synced", [True, False], ids=["withdrawn-synced", "withdrawn-with-step"])
@pytest.mark.parametrize("first_synced", ["rita", "alice"])
def test_a_makers_edit_before_the_step_out_without_a_final_verdict(
    team: Team, stores: dict[str, Store], first_synced: str, withdrawn_synced: bool
) -> None:
    """The other order in time: alice edits first, then rita moves the card back. rita syncing first:
    alice's older edit is not applied, and said so (as with a live final verdict); alice syncing first:
    her edit goes up, then rita's newer step onto it. Nothing is dropped without a word."""
    alice, rita = stores["alice"], stores["rita"]
    key = _rated_then_withdrawn(team, stores, withdrawn_synced)
    claims.update_card(alice, key, "alice", text=NEW_TEXT)
    claims.set_status(rita, key, "rita", "checking")
    if first_synced == "rita":
        assert not sync(rita).refused
        report = sync(alice)
        assert not report.refused and report.outdated == {"claims": {key: ["text"]}}, report.details()
        (line,) = [d for d in report.details() if key in d]
        assert line.startswith(f"your edit of claim card {key} (text) was not applied: a reviewer moved it")
        text = OLD_TEXT
    else:
        _settled(stores, ("alice", "rita"))
        text = NEW_TEXT
    assert server_card(team, key) == ("checking", text)
    _settled(stores, ("alice", "rita", "alice"))
    for store in (alice, rita):
        got = claims.require_card(store, key)
        assert (got.status, got.text) == ("checking", text)


def test_a_stale_copy_sent_again_does_not_step_a_card_out_of_rated_without_a_final_verdict(
    tmp_path: Path, team: Team, stores: dict[str, Store]
) -> None:
    """rita's copy of alice's card still says checking from before vera rated it (and later withdrew her
    final verdict), and goes up again unchanged (queued whole, as when tracking starts): it never saw the
    card rated, so it is no step; the card stays rated with alice's later text."""
    alice, rita = stores["alice"], stores["rita"]
    card = checking_card(alice, "alice")
    assert not sync(alice, team.url("alice")).refused
    assert not sync(rita, team.url("rita")).refused
    with project(tmp_path, "vera") as vera:
        assert not sync(vera, team.url("vera")).refused
        claims.set_final_verdict(vera, card.id, "vera", "Half true")
        assert not sync(vera).refused
        assert claims.withdraw_verdict(vera, card.id, "vera", final=True) is not None
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
