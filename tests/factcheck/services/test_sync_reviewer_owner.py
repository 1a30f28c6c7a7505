"""A reviewer's own tag (or claim card) and another reviewer's decision on it, through a real team server:
a tag's content (its owner's) and its review decision (a reviewer's) are two groups, and the newer of
each wins, whoever pushes, in either order, and also for a tag changed while a sync runs (between its
push and its pull). rita and vera both review; alice only annotates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from db import Store, claims, pg_sync
from factcheck.core.model import STAMP_FORMAT
from factcheck.services import sync as sync_module
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import (
    checking_card,
    connected,
    projects,
    span_of,
    state,
    tag,
)
from tests.helpers.optional import present
from tests.helpers.review import set_review
from tests.pg import Team


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path, ("alice", "rita", "vera"))


def _server_tag(team: Team, key: str) -> tuple[object, ...]:
    with team.server.admin(team.database) as conn:
        row = conn.execute(
            "SELECT note, quote, status, reviewer, reason FROM factcheck.annotations WHERE id = %s", [key]
        ).fetchone()
    assert row is not None
    return tuple(row)


def test_a_reviewers_offline_edit_of_their_tag_keeps_another_reviewers_newer_rejection(
    team: Team, stores: dict[str, Store]
) -> None:
    """vera rejects rita's tag on the server; rita, offline, has not seen it and edits the tag (her copy
    has no decision). Her edit goes up, vera's rejection stays, and the sync says so in words."""
    alice, rita, vera = stores["alice"], stores["rita"], stores["vera"]
    r1 = tag(rita, "rita", *span_of(rita, "crime fell by 20%"))
    connected(stores, team)
    set_review(vera, r1.id, "rejected", "vera", "not checkable")
    assert not sync(vera).refused
    rita.update_annotation(r1.id, note="the base year", span=span_of(rita, "crime fell by 20% last year"))
    report = sync(rita)
    assert not report.refused and not report.outdated, report.details()
    assert report.kept == {"annotations": [r1.id]} and report.pushed["annotations"] == 1
    assert report.kept_decisions == 0 and not report.pulled.conflicts
    assert "1 edit of yours went up with a reviewer's decision made meanwhile" in report.summary()
    (line,) = [d for d in report.details() if r1.id in d]
    assert line.startswith(f"sent your edit of tag {r1.id} “crime fell by 20% last year” with the server's")
    assert "vera rejected it meanwhile (not checkable)" in line and "only reviewers" not in line
    assert "your edit went up and the newer decision stays on the edited tag" in line
    expected = ("the base year", "crime fell by 20% last year", "rejected", "vera", "not checkable")
    assert _server_tag(team, r1.id) == expected
    mine = present(rita.annotation(r1.id))
    assert (mine.note, mine.quote, mine.status, mine.reviewer, mine.reason) == expected
    again = sync(rita)
    assert not again.kept and not again.refused and "annotations" not in again.pushed
    for store in (vera, alice):
        sync(store)
    assert state(rita) == state(vera) == state(alice)


def test_a_reviewers_offline_rejection_survives_the_owners_later_edit_that_synced_first(
    team: Team, stores: dict[str, Store]
) -> None:
    """The reverse order: vera rejects offline, then rita edits the tag and syncs first. vera's copy is
    older than the server's, but her decision is newer than the server's (none): it goes up on rita's
    edit instead of being replaced by the server's copy."""
    alice, rita, vera = stores["alice"], stores["rita"], stores["vera"]
    r1 = tag(rita, "rita", *span_of(rita, "crime fell by 20%"))
    connected(stores, team)
    set_review(vera, r1.id, "rejected", "vera", "an opinion")  # offline, not sent yet
    rita.update_annotation(r1.id, note="the base year")  # not what vera judged (a new span is: not applied)
    assert not sync(rita).refused
    report = sync(vera)
    assert not report.refused and not report.pulled.conflicts, report.details()
    assert report.kept == {"annotations": [r1.id]} and report.kept_decisions == 1
    assert "1 decision of yours went up with the owner's edit made meanwhile" in report.summary()
    (line,) = [d for d in report.details() if r1.id in d]
    assert line.startswith(f"sent your decision on tag {r1.id} “crime fell by 20%”")
    assert "rita edited it meanwhile" in line and "you rejected it and their edit stays" in line
    expected = ("the base year", "crime fell by 20%", "rejected", "vera", "an opinion")
    assert _server_tag(team, r1.id) == expected
    assert not sync(vera).kept
    for store in (rita, alice):
        assert not sync(store).pulled.conflicts
    for store in (rita, vera):
        got = present(store.annotation(r1.id))
        assert (got.note, got.quote, got.status, got.reviewer, got.reason) == expected
    assert state(rita) == state(vera) == state(alice)


def test_a_decision_sent_onto_an_edit_stamped_ahead_of_the_server_clock_still_wins_every_project(
    team: Team, stores: dict[str, Store]
) -> None:
    """rita's clock runs ahead: her edit's stamp is later than the server's clock. vera's decision, sent
    onto it, takes a stamp just after rita's, so that rita's project takes it too. (Hours ahead: a stamp
    more than a day ahead is skipped by every pull, as by a file import, since it would win every merge.)"""
    rita, vera = stores["rita"], stores["vera"]
    r1 = tag(rita, "rita", *span_of(rita, "crime fell by 20%"))
    connected(stores, team)
    set_review(vera, r1.id, "accepted", "vera")
    clock = datetime.now(UTC) + timedelta(hours=6)
    ahead, after = (t.strftime(STAMP_FORMAT) for t in (clock, clock + timedelta(microseconds=1)))
    rita.put_annotation(replace(present(rita.annotation(r1.id)), note="from the future", updated_at=ahead))
    assert not sync(rita).refused
    report = sync(vera)
    assert not report.refused and report.kept == {"annotations": [r1.id]}, report.details()
    sync(rita)
    for store in (rita, vera):
        got = present(store.annotation(r1.id))
        assert (got.note, got.status, got.reviewer) == ("from the future", "accepted", "vera")
        assert got.updated_at == after
    assert state(rita) == state(vera)


def test_both_change_the_decision_and_the_newer_decision_wins_beside_the_owners_edit(
    team: Team, stores: dict[str, Store]
) -> None:
    """rita decides on her tag offline, vera decides later on the server, then rita edits a note and
    syncs: her row is the newest, but vera's decision is newer than hers, so it stays with rita's note."""
    rita, vera = stores["rita"], stores["vera"]
    r1 = tag(rita, "rita", *span_of(rita, "crime fell by 20%"))
    connected(stores, team)
    set_review(rita, r1.id, "accepted", "rita")
    set_review(vera, r1.id, "rejected", "vera", "not checkable")
    assert not sync(vera).refused
    rita.update_annotation(r1.id, note="says who?")
    report = sync(rita)
    assert not report.refused and report.kept == {"annotations": [r1.id]}, report.details()
    assert any("vera rejected it meanwhile" in d for d in report.details())
    expected = ("says who?", "crime fell by 20%", "rejected", "vera", "not checkable")
    assert _server_tag(team, r1.id) == expected
    got = present(rita.annotation(r1.id))
    assert (got.note, got.quote, got.status, got.reviewer, got.reason) == expected
    sync(vera)
    assert state(rita) == state(vera)


def test_a_reviewers_deliberate_newer_decision_still_wins(team: Team, stores: dict[str, Store]) -> None:
    """vera rejects rita's tag on the server; rita, offline, edits her note and then accepts the tag
    herself, later: her decision is the newer one, and it goes up with her edit, as before."""
    rita, vera = stores["rita"], stores["vera"]
    r1 = tag(rita, "rita", *span_of(rita, "crime fell by 20%"))
    connected(stores, team)
    set_review(vera, r1.id, "rejected", "vera", "not checkable")
    assert not sync(vera).refused
    rita.update_annotation(r1.id, note="the base year")
    set_review(rita, r1.id, "accepted", "rita")
    report = sync(rita)
    assert not report.refused and not report.kept and report.pushed["annotations"] == 1, report.details()
    expected = ("the base year", "crime fell by 20%", "accepted", "rita", None)
    assert _server_tag(team, r1.id) == expected
    sync(vera)
    got = present(vera.annotation(r1.id))
    assert (got.note, got.quote, got.status, got.reviewer, got.reason) == expected
    assert state(rita) == state(vera)


def test_a_reviewer_who_saw_the_decision_may_clear_it_with_an_edit(
    team: Team, stores: dict[str, Store]
) -> None:
    """A cleared decision has no time of its own (NULL): when rita had pulled vera's rejection before
    clearing it and editing her tag, nothing changed on the server meanwhile, and her copy wins whole."""
    rita, vera = stores["rita"], stores["vera"]
    r1 = tag(rita, "rita", *span_of(rita, "crime fell by 20%"))
    connected(stores, team)
    set_review(vera, r1.id, "rejected", "vera", "not checkable")
    assert not sync(vera).refused
    sync(rita)
    assert present(rita.annotation(r1.id)).status == "rejected"
    set_review(rita, r1.id, None, None)
    rita.update_annotation(r1.id, note="reworded")
    report = sync(rita)
    assert not report.refused and not report.kept, report.details()
    assert _server_tag(team, r1.id) == ("reworded", "crime fell by 20%", None, None, None)
    sync(vera)
    assert state(rita) == state(vera)


def test_a_reviewers_offline_edit_of_their_card_keeps_another_reviewers_rating(
    team: Team, stores: dict[str, Store]
) -> None:
    """The same hole on a claim card: vera rates rita's card on the server while rita, offline, edits its
    text (her copy still says checking). Her text goes up and the card stays rated."""
    rita, vera = stores["rita"], stores["vera"]
    card = checking_card(rita, "rita")
    connected(stores, team)
    claims.set_final_verdict(vera, card.id, "vera", "Half true")
    assert not sync(vera).refused
    claims.update_card(rita, card.id, "rita", text="Crime fell by a fifth last year")
    report = sync(rita)
    assert not report.refused and report.kept == {"claims": [card.id]}, report.details()
    (line,) = [d for d in report.details() if card.id in d]
    assert line.startswith(f"sent claim {card.id} with the server's status: a reviewer moved it to rated")
    got = claims.require_card(rita, card.id)
    assert (got.status, got.text) == ("rated", "Crime fell by a fifth last year")
    with team.server.admin(team.database) as conn:
        assert conn.execute("SELECT status, text FROM factcheck.claims").fetchall() == [
            ("rated", "Crime fell by a fifth last year")
        ]
    sync(vera)
    got = claims.require_card(vera, card.id)
    assert (got.status, got.text) == ("rated", "Crime fell by a fifth last year")


def test_a_reviewer_who_saw_the_rating_may_move_their_card_back_with_an_edit(
    team: Team, stores: dict[str, Store]
) -> None:
    """rita pulled vera's rating of her card, then moves it back to checking and edits it: nothing changed
    on the server meanwhile, so her step stands."""
    rita, vera = stores["rita"], stores["vera"]
    card = checking_card(rita, "rita")
    connected(stores, team)
    claims.set_final_verdict(vera, card.id, "vera", "Half true")
    assert not sync(vera).refused
    sync(rita)
    assert claims.require_card(rita, card.id).status == "rated"
    claims.set_final_verdict(rita, card.id, "rita", "Mostly true")  # (the store's rule to move it back)
    claims.set_status(rita, card.id, "rita", "checking")
    claims.update_card(rita, card.id, "rita", text="Crime fell by a fifth last year")
    report = sync(rita)
    assert not report.refused and not report.kept, report.details()
    sync(vera)
    got = claims.require_card(vera, card.id)
    assert (got.status, got.text) == ("checking", "Crime fell by a fifth last year")


def test_a_reviewers_offline_rating_survives_the_makers_later_edit_that_synced_first(
    team: Team, stores: dict[str, Store]
) -> None:
    """The reverse order on a card: vera rates alice's card offline, then alice edits its text and syncs
    first. vera's card is older than the server's, but her step into rated (with her final verdict) goes
    up onto alice's text instead of being replaced by the server's checking."""
    alice, vera = stores["alice"], stores["vera"]
    card = checking_card(alice, "alice")
    connected(stores, team)
    claims.set_final_verdict(vera, card.id, "vera", "Half true")  # offline: rates the card, old text
    claims.update_card(alice, card.id, "alice", text="Crime fell by a fifth last year")
    assert not sync(alice).refused
    report = sync(vera)
    assert not report.refused and report.kept == {"claims": [card.id]}, report.details()
    assert report.kept_decisions == 1
    (line,) = [d for d in report.details() if card.id in d]
    assert line.startswith(f"sent your step of claim {card.id} to rated with the server's copy of the card")
    for store in (vera, alice):
        if store is alice:
            assert not sync(alice).refused
        got = claims.require_card(store, card.id)
        assert (got.status, got.text) == ("rated", "Crime fell by a fifth last year")
    with team.server.admin(team.database) as conn:
        assert conn.execute("SELECT status, text FROM factcheck.claims").fetchall() == [
            ("rated", "Crime fell by a fifth last year")
        ]
    assert not sync(vera).kept


def _between_push_and_pull(monkeypatch: pytest.MonkeyPatch, change: Callable[[], object]) -> None:
    """Make `change` happen while the next sync runs, after its push read the outbox, before its pull (as
    an edit in the window while its background sync runs)."""

    def pull(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(sync_module, "pull", pg_sync.pull)
        change()
        return pg_sync.pull(*args, **kwargs)

    monkeypatch.setattr(sync_module, "pull", pull)


def test_an_owners_edit_made_while_a_sync_pulls_a_newer_rejection_keeps_it(
    team: Team, stores: dict[str, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """rita edits her tag while a sync runs whose pull brings vera's rejection: the pull keeps rita's
    newer edit and takes the rejection into it, so her next sync sends both (it no longer sees the tag as
    changed meanwhile, and would otherwise send her copy without a decision as a deliberate one)."""
    rita, vera = stores["rita"], stores["vera"]
    r1 = tag(rita, "rita", *span_of(rita, "crime fell by 20%"))
    connected(stores, team)
    set_review(vera, r1.id, "rejected", "vera", "not checkable")
    assert not sync(vera).refused
    _between_push_and_pull(monkeypatch, lambda: rita.update_annotation(r1.id, note="typed meanwhile"))
    sync(rita)
    mine = present(rita.annotation(r1.id))
    assert (mine.note, mine.status, mine.reviewer) == ("typed meanwhile", "rejected", "vera")
    assert sync_module.pending_changes(rita) == 1  # her edit waits for the next push
    report = sync(rita)
    assert not report.refused and report.pushed["annotations"] == 1, report.details()
    assert _server_tag(team, r1.id) == (
        "typed meanwhile",
        "crime fell by 20%",
        "rejected",
        "vera",
        "not checkable",
    )
    sync(vera)
    assert state(rita) == state(vera)


def test_a_decision_made_while_a_sync_pulls_the_owners_newer_edit_survives(
    team: Team, stores: dict[str, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """vera rejects alice's tag while a sync runs whose pull brings alice's later edit: the pulled tag
    keeps vera's decision (newer than the server's), and her next sync sends it onto alice's edit."""
    alice, vera = stores["alice"], stores["vera"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)

    def meanwhile() -> None:
        set_review(vera, a1.id, "rejected", "vera", "an opinion")
        alice.update_annotation(a1.id, note="the base year")
        assert not sync(alice).refused

    _between_push_and_pull(monkeypatch, meanwhile)
    sync(vera)
    got = present(vera.annotation(a1.id))
    assert (got.note, got.status, got.reviewer) == ("the base year", "rejected", "vera")
    report = sync(vera)
    assert not report.refused and report.kept == {"annotations": [a1.id]}, report.details()
    assert _server_tag(team, a1.id) == (
        "the base year",
        "crime fell by 20%",
        "rejected",
        "vera",
        "an opinion",
    )
    sync(alice)
    assert state(alice) == state(vera)


def test_a_decision_cleared_while_a_sync_pulls_the_owners_earlier_edit_stays_cleared(
    team: Team, stores: dict[str, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """vera had accepted alice's tag; alice edits it and syncs; vera, while her sync pulls that edit,
    clears her decision. The clear is the newer change of the tag's decision and goes up with alice's
    edit (on another's tag the pull does not take the server's decision into our newer row)."""
    alice, vera = stores["alice"], stores["vera"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    set_review(vera, a1.id, "accepted", "vera")
    assert not sync(vera).refused
    sync(alice)
    alice.update_annotation(a1.id, note="the base year")
    assert not sync(alice).refused
    _between_push_and_pull(monkeypatch, lambda: set_review(vera, a1.id, None, None))
    sync(vera)
    assert present(vera.annotation(a1.id)).status is None
    report = sync(vera)
    assert not report.refused, report.details()
    assert _server_tag(team, a1.id) == ("the base year", "crime fell by 20%", None, None, None)
    sync(alice)
    assert state(alice) == state(vera)
