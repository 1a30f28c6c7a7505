"""A tag edited here while a sync runs (between its push and its pull), when that sync's push had the tag
refused, kept with a reviewer's decision, or in conflict: the pull, which puts the server's copy of those
tags over ours, keeps the newer local edit instead, still queued, and says so; the next sync sends it and
the server decides by its usual rules. Through a real team server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from db import Store, claims, pg_sync
from factcheck.core.model import utc_now
from factcheck.services import sync as sync_module
from factcheck.services.sync import SyncReport, pending_changes, sync
from tests.factcheck.services.sync_support import (
    checking_card,
    connected,
    project,
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
    yield from projects(tmp_path, ("alice", "rita"))


def _between_push_and_pull(monkeypatch: pytest.MonkeyPatch, change: Callable[[], object]) -> None:
    """Make `change` happen while the next sync runs, after its push, before its pull."""

    def pull(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(sync_module, "pull", pg_sync.pull)
        change()
        return pg_sync.pull(*args, **kwargs)

    monkeypatch.setattr(sync_module, "pull", pull)


def _server_tag(team: Team, key: str) -> tuple[object, ...]:
    with team.server.admin(team.database) as conn:
        row = conn.execute(
            "SELECT label, note, quote, deleted_at IS NOT NULL, status, reviewer"
            " FROM factcheck.annotations WHERE id = %s",
            [key],
        ).fetchone()
    assert row is not None
    return tuple(row)


def _kept_line(report: SyncReport, key: str) -> str:
    (line,) = [d for d in report.details() if d.startswith("kept your") and key in d]
    return line


def test_an_edit_made_while_the_push_was_kept_with_a_decision_stays_and_goes_up_next(
    team: Team, stores: dict[str, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    set_review(rita, a1.id, "accepted", "rita")
    assert not sync(rita).refused
    alice.update_annotation(a1.id, note="first note")  # goes up with rita's decision: kept

    def meanwhile() -> None:
        alice.update_annotation(
            a1.id, label="characterization", note="typed while syncing", span=span_of(alice, "crime fell")
        )

    _between_push_and_pull(monkeypatch, meanwhile)
    report = sync(alice)
    assert report.kept == {"annotations": [a1.id]} and not report.refused, report.details()
    mine = present(alice.annotation(a1.id))
    assert (mine.label, mine.note, mine.quote) == ("characterization", "typed while syncing", "crime fell")
    assert (mine.status, mine.reviewer) == ("accepted", "rita")  # the server's newer decision is taken in
    assert pending_changes(alice) == 1
    assert report.replaced == 0 and not report.pulled.conflicts
    line = _kept_line(report, a1.id)
    assert line == (
        f"kept your edit of tag {a1.id} “crime fell” made while syncing; it goes up with the next sync"
    )
    assert "1 edit of yours made while syncing kept: it goes up with the next sync" in report.summary()
    again = sync(alice)
    assert not again.refused and again.pushed["annotations"] == 1, again.details()
    assert _server_tag(team, a1.id) == (
        "characterization", "typed while syncing", "crime fell", False, "accepted", "rita"
    )  # fmt: skip
    assert pending_changes(alice) == 0
    sync(rita)
    assert state(alice) == state(rita)


def test_an_edit_made_while_the_push_was_refused_stays_and_the_server_then_decides(
    team: Team, stores: dict[str, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """alice changes rita's decision alone (refused); while that sync runs she writes a note and widens the
    span. The pull keeps her edit (not the server's copy); her next sync sends it, and the server takes
    her edit with rita's decision."""
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    set_review(rita, a1.id, "rejected", "rita", "not checkable")
    assert not sync(rita).refused
    sync(alice)
    set_review(alice, a1.id, "accepted", "alice")
    _between_push_and_pull(
        monkeypatch,
        lambda: alice.update_annotation(
            a1.id, note="the base year", span=span_of(alice, "crime fell by 20% last")
        ),
    )
    report = sync(alice)
    assert [r.key for r in report.refused] == [a1.id]
    mine = present(alice.annotation(a1.id))
    assert (mine.note, mine.quote) == ("the base year", "crime fell by 20% last")
    assert pending_changes(alice) == 1 and report.replaced == 0
    assert "made while syncing" in _kept_line(report, a1.id)
    again = sync(alice)
    assert not again.refused, again.details()
    assert _server_tag(team, a1.id) == (
        "claim", "the base year", "crime fell by 20% last", False, "rejected", "rita"
    )  # fmt: skip
    got = present(alice.annotation(a1.id))
    assert (got.note, got.status, got.reviewer) == ("the base year", "rejected", "rita")
    sync(rita)
    assert state(alice) == state(rita)


def test_an_edit_made_while_the_push_was_in_conflict_stays_and_wins_next_listed_as_the_conflict(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """laptop and desk edit alice's tag at the same stamp; desk relabels it while its sync runs, which
    found the conflict: desk's edit stays, and the next sync, which sends it over the laptop's, lists the
    conflict in the words of any other."""
    with project(tmp_path, "laptop") as laptop, project(tmp_path, "desk") as desk:
        a1 = tag(laptop, "alice", 4, 12)
        sync(laptop, team.url("alice"))
        sync(desk, team.url("alice"))
        stamp = utc_now()
        laptop.put_annotation(replace(a1, note="laptop", updated_at=stamp))
        desk.put_annotation(replace(present(desk.annotation(a1.id)), note="desk", updated_at=stamp))
        sync(laptop)
        _between_push_and_pull(monkeypatch, lambda: desk.update_annotation(a1.id, label="denial"))
        report = sync(desk)
        assert not report.pulled.conflicts and report.replaced == 0, report.details()
        mine = present(desk.annotation(a1.id))
        assert (mine.note, mine.label) == ("desk", "denial")
        assert pending_changes(desk) == 1
        assert "made while syncing" in _kept_line(report, a1.id)
    with project(tmp_path, "desk", article=False) as desk:  # reopened: the held conflict outlasts the window
        again = sync(desk)
        assert not again.refused and again.pushed["annotations"] == 1
        assert _server_tag(team, a1.id)[:2] == ("denial", "desk")
        # The conflict is real (the laptop's note is overwritten): this sync lists it, as any other.
        assert again.pulled.conflicting == 1 and "1 conflicting" in again.summary(), again.details()
        mine = present(desk.annotation(a1.id))
        (line,) = [d for d in again.details() if d.startswith("conflict")]
        assert line == (
            f"conflict {a1.id} (team server ({again.server})): "
            f"ours denial 4-12 by alice at {mine.updated_at}; theirs claim 4-12 by alice at {stamp}"
        )
        assert not sync(desk).pulled.conflicts  # listed once
        with project(tmp_path, "laptop", article=False) as laptop:
            sync(laptop)
            assert state(laptop) == state(desk)


def test_a_held_conflict_that_a_newer_copy_then_settled_is_not_listed_as_ours_kept(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As above, but the laptop edits the tag again after the desk's edit made while syncing, and syncs
    first: the desk's edit is the older one and does not go up; the pull brings the laptop's (newer wins)
    and no conflict claims ours was kept."""
    with project(tmp_path, "laptop") as laptop, project(tmp_path, "desk") as desk:
        a1 = tag(laptop, "alice", 4, 12)
        sync(laptop, team.url("alice"))
        sync(desk, team.url("alice"))
        stamp = utc_now()
        laptop.put_annotation(replace(a1, note="laptop", updated_at=stamp))
        desk.put_annotation(replace(present(desk.annotation(a1.id)), note="desk", updated_at=stamp))
        sync(laptop)
        _between_push_and_pull(monkeypatch, lambda: desk.update_annotation(a1.id, label="denial"))
        assert "made while syncing" in _kept_line(sync(desk), a1.id)
        laptop.update_annotation(a1.id, note="laptop, later")
        assert not sync(laptop).refused
        again = sync(desk)
        assert not again.refused and not again.pulled.conflicts, again.details()
        assert present(desk.annotation(a1.id)).note == "laptop, later"
        assert state(laptop) == state(desk)


def test_a_claim_card_in_conflict_edited_while_syncing_is_held_then_listed_as_the_conflict(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for a claim card: laptop and desk change its text at the same stamp; the desk edits it
    again while the sync that found the conflict runs. Its edit stays and the next sync lists the
    conflict."""
    with project(tmp_path, "laptop") as laptop, project(tmp_path, "desk") as desk:
        card = checking_card(laptop, "alice")
        sync(laptop, team.url("alice"))
        sync(desk, team.url("alice"))
        stamp = utc_now()
        claims.put_cards(laptop, [replace(card, text="Crime fell by a fifth", updated_at=stamp)])
        claims.put_cards(desk, [replace(card, text="Crime fell by 20 percent", updated_at=stamp)])
        assert not sync(laptop).refused
        _between_push_and_pull(
            monkeypatch, lambda: claims.update_card(desk, card.id, "alice", text="Crime fell by 20% in 2025")
        )
        report = sync(desk)
        assert not report.refused and "made while syncing" in _kept_line(report, card.id), report.details()
        assert claims.require_card(desk, card.id).text == "Crime fell by 20% in 2025"
        again = sync(desk)
        assert not again.refused and again.pushed.get("claims") == 1, again.details()
        # In the words a merge uses for a claim row changed on both sides at once.
        assert f"claim conflict: card {card.id} of alice: changed on both sides at {stamp}; ours kept" in (
            again.summary()
        )
        assert "claim conflict" not in sync(desk).summary()  # listed once
        sync(laptop)
        assert claims.require_card(laptop, card.id).text == "Crime fell by 20% in 2025"


def test_a_deletion_and_a_new_tag_made_while_syncing_stay_and_go_up_next(
    team: Team, stores: dict[str, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tag kept with rita's decision is deleted while the sync runs, and a tag no server row has is
    made: the pull brings neither back nor drops either; the next sync sends both."""
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    set_review(rita, a1.id, "accepted", "rita")
    assert not sync(rita).refused
    alice.update_annotation(a1.id, note="first note")
    fresh: list[str] = []

    def meanwhile() -> None:
        alice.delete_annotation(a1.id)
        fresh.append(tag(alice, "alice", *span_of(alice, "denied any cut"), "denial").id)

    _between_push_and_pull(monkeypatch, meanwhile)
    report = sync(alice)
    assert report.kept == {"annotations": [a1.id]}, report.details()
    assert present(alice.annotation(a1.id)).deleted
    assert present(alice.annotation(fresh[0])).label == "denial"
    assert pending_changes(alice) == 2
    assert _kept_line(report, a1.id).startswith(f"kept your deletion of tag {a1.id} “crime fell by 20%”")
    again = sync(alice)
    assert not again.refused and again.pushed["annotations"] == 2, again.details()
    assert _server_tag(team, a1.id)[3] is True
    assert _server_tag(team, fresh[0])[:3] == ("denial", "", "denied any cut")
    sync(rita)
    assert state(alice) == state(rita)
    assert present(rita.annotation(a1.id)).deleted


def test_a_claim_card_edited_while_syncing_keeps_the_edit_and_sends_it_next(
    team: Team, stores: dict[str, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for a claim card: alice's edit went up with rita's rating (kept); the text she typed while
    that sync ran stays, queued, and goes up next with the card still rated."""
    alice, rita = stores["alice"], stores["rita"]
    card = checking_card(alice, "alice")
    connected(stores, team)
    claims.set_final_verdict(rita, card.id, "rita", "Half true")
    assert not sync(rita).refused
    claims.update_card(alice, card.id, "alice", text="Crime fell by a fifth")
    _between_push_and_pull(
        monkeypatch, lambda: claims.update_card(alice, card.id, "alice", text="Crime fell by a fifth in 2025")
    )
    report = sync(alice)
    assert report.kept == {"claims": [card.id]} and not report.refused, report.details()
    assert claims.require_card(alice, card.id).text == "Crime fell by a fifth in 2025"
    assert pending_changes(alice) == 1 and report.replaced == 0
    assert f"kept your edit of claim card {card.id} made while syncing; it goes up with the next sync" in (
        report.details()
    )
    again = sync(alice)
    assert not again.refused and again.pushed["claims"] == 1, again.details()
    got = claims.require_card(alice, card.id)
    assert (got.status, got.text) == ("rated", "Crime fell by a fifth in 2025")
    sync(rita)
    got = claims.require_card(rita, card.id)
    assert (got.status, got.text) == ("rated", "Crime fell by a fifth in 2025")


def test_a_reviewers_own_tag_edited_while_syncing_keeps_the_other_reviewers_decision(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rita (a reviewer) edits her own tag, which vera rejected meanwhile: the edit goes up with vera's
    decision (kept). The note rita types while that sync runs stays and takes vera's decision in: her next
    push, which no longer sees the tag as changed meanwhile, must not send her stale copy of the decision
    as a deliberate one (a reviewer may write it), which would undo vera's rejection."""
    with project(tmp_path, "rita") as rita, project(tmp_path, "vera") as vera:
        r1 = tag(rita, "rita", *span_of(rita, "crime fell by 20%"))
        assert not sync(rita, team.url("rita")).refused
        assert not sync(vera, team.url("vera")).refused
        set_review(vera, r1.id, "rejected", "vera", "not checkable")
        assert not sync(vera).refused
        rita.update_annotation(r1.id, label="denial")
        _between_push_and_pull(monkeypatch, lambda: rita.update_annotation(r1.id, note="typed meanwhile"))
        report = sync(rita)
        assert report.kept == {"annotations": [r1.id]} and not report.refused, report.details()
        mine = present(rita.annotation(r1.id))
        assert (mine.label, mine.note, mine.status, mine.reviewer) == (
            "denial", "typed meanwhile", "rejected", "vera"
        )  # fmt: skip
        assert pending_changes(rita) == 1
        again = sync(rita)
        assert not again.refused and again.pushed["annotations"] == 1, again.details()
        assert _server_tag(team, r1.id) == (
            "denial",
            "typed meanwhile",
            "crime fell by 20%",
            False,
            "rejected",
            "vera",
        )
        sync(vera)
        assert state(rita) == state(vera)


def test_a_reviewers_own_card_edited_while_syncing_keeps_the_other_reviewers_rating(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rita (a reviewer) edits her card's text, which vera rated meanwhile: the edit goes up, the card
    stays rated (kept). The text rita types while that sync runs stays, and her copy takes the rating
    step she did not make: a card's status has no time of its own, so her next push would otherwise send
    her stale "checking" as a deliberate step back (a reviewer may make it)."""
    with project(tmp_path, "rita") as rita, project(tmp_path, "vera") as vera:
        card = checking_card(rita, "rita")
        assert not sync(rita, team.url("rita")).refused
        assert not sync(vera, team.url("vera")).refused
        claims.set_final_verdict(vera, card.id, "vera", "Half true")
        assert not sync(vera).refused
        claims.update_card(rita, card.id, "rita", text="Crime fell by a fifth")
        _between_push_and_pull(
            monkeypatch,
            lambda: claims.update_card(rita, card.id, "rita", text="Crime fell by a fifth in 2025"),
        )
        report = sync(rita)
        assert report.kept == {"claims": [card.id]} and not report.refused, report.details()
        got = claims.require_card(rita, card.id)
        assert (got.status, got.text) == ("rated", "Crime fell by a fifth in 2025")
        assert pending_changes(rita) == 1
        again = sync(rita)
        assert not again.refused and again.pushed["claims"] == 1, again.details()
        with team.server.admin(team.database) as conn:
            assert conn.execute("SELECT status, text FROM factcheck.claims").fetchall() == [
                ("rated", "Crime fell by a fifth in 2025")
            ]
        sync(vera)
        got = claims.require_card(vera, card.id)
        assert (got.status, got.text) == ("rated", "Crime fell by a fifth in 2025")


def test_a_step_back_made_while_syncing_by_a_reviewer_on_their_own_card_stands(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mirror: rita, while that sync runs, deliberately moves her card back (a reviewer may): her own
    step is hers, and goes up as she made it."""
    with project(tmp_path, "rita") as rita, project(tmp_path, "vera") as vera:
        card = checking_card(rita, "rita")
        assert not sync(rita, team.url("rita")).refused
        assert not sync(vera, team.url("vera")).refused
        claims.set_final_verdict(vera, card.id, "vera", "Half true")
        assert not sync(vera).refused
        claims.update_card(rita, card.id, "rita", text="Crime fell by a fifth")

        def meanwhile() -> None:
            claims.update_card(rita, card.id, "rita", text="Crime fell by a fifth in 2025")
            claims.set_status(rita, card.id, "rita", "new")

        _between_push_and_pull(monkeypatch, meanwhile)
        report = sync(rita)
        assert report.kept == {"claims": [card.id]}, report.details()
        got = claims.require_card(rita, card.id)
        assert (got.status, got.text) == ("new", "Crime fell by a fifth in 2025")
        again = sync(rita)
        assert not again.refused, again.details()
        with team.server.admin(team.database) as conn:
            assert conn.execute("SELECT status, text FROM factcheck.claims").fetchall() == [
                ("new", "Crime fell by a fifth in 2025")
            ]
