"""A reviewer's decision made on a stale copy of another's tag, through a real team server: the owner
changed the tag (its pieces) or deleted it after the reviewer's copy. A decision equal to the server's is
no change; one on a tag its owner deleted meanwhile is not applied and is said so in a reviewer's words;
either way the reviewer's project ends up with the server's copy and nothing is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from db import Store, attribution, pg_sync
from factcheck.services import sync as sync_module
from factcheck.services.sync import pending_changes, sync
from factcheck.services.sync_status import SyncOutcome, synced_text
from tests.factcheck.services.sync_support import connected, projects, span_of, state, tag
from tests.helpers.optional import present
from tests.helpers.review import set_review
from tests.pg import Team


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path, ("alice", "rita", "vera"))


def _alice_pieces_then_deletes(alice: Store, tag_id: str) -> None:
    a = present(alice.annotation(tag_id))
    attribution.set_pieces(alice, tag_id, [(a.start, a.end), span_of(alice, "Critics")], by="alice")
    alice.delete_annotation(tag_id)
    assert not sync(alice).refused


def _server_tag(team: Team, key: str) -> tuple[object, ...]:
    with team.server.admin(team.database) as conn:
        row = conn.execute(
            "SELECT fragments IS NOT NULL, deleted_at IS NOT NULL, status, reviewer, updated_at "
            "FROM factcheck.annotations WHERE id = %s",
            [key],
        ).fetchone()
    assert row is not None
    return tuple(row)


@pytest.mark.parametrize("deleted", [False, True], ids=["changed", "deleted"])
def test_clearing_no_decision_on_a_tag_its_owner_changed_meanwhile_is_no_change(
    team: Team, stores: dict[str, Store], deleted: bool
) -> None:
    """rita clears the decision of alice's undecided tag on a copy older than alice's new pieces (and
    deletion): her decision is the server's, so nothing goes up, nothing is refused or listed, and her
    project takes alice's tag."""
    alice, rita, vera = stores["alice"], stores["rita"], stores["vera"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    a = present(alice.annotation(a1.id))
    attribution.set_pieces(alice, a1.id, [(a.start, a.end), span_of(alice, "Critics")], by="alice")
    if deleted:
        alice.delete_annotation(a1.id)
    assert not sync(alice).refused
    on_server = _server_tag(team, a1.id)
    assert on_server[:4] == (True, deleted, None, None)
    set_review(rita, a1.id, None, "rita")  # clears a decision the tag never had: the same as the server's
    report = sync(rita)
    assert not report.refused and not report.pulled.conflicts and not report.kept, report.details()
    assert report.details() == [] and report.replaced == 0
    assert "refused" not in report.summary() and "not applied" not in report.summary()
    assert _server_tag(team, a1.id) == on_server  # untouched
    assert SyncOutcome("synced", "", report).changed_project  # the window shows alice's tag anew
    mine = present(rita.annotation(a1.id))
    assert (mine.fragments is not None, mine.deleted_at is not None) == (True, deleted)
    again = sync(rita)
    assert not again.refused and "annotations" not in again.pushed
    sync(vera)
    sync(alice)
    assert state(rita) == state(alice) == state(vera)


@pytest.mark.parametrize("decided_first", [False, True], ids=["decided-after", "decided-before"])
def test_a_decision_on_a_tag_its_owner_deleted_meanwhile_is_not_applied_and_said_so(
    team: Team, stores: dict[str, Store], decided_first: bool
) -> None:
    """rita accepts alice's tag on a copy older than alice's new pieces and deletion (made before or after
    them, offline): the decision is not applied (a deleted tag is not reviewed), nothing is refused, the
    sync says so in a reviewer's words, and rita's project holds the server's deleted tag."""
    alice, rita, vera = stores["alice"], stores["rita"], stores["vera"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    if decided_first:
        set_review(rita, a1.id, "accepted", "rita", "checked")
    _alice_pieces_then_deletes(alice, a1.id)
    if not decided_first:
        set_review(rita, a1.id, "accepted", "rita", "checked")
    on_server = _server_tag(team, a1.id)
    report = sync(rita)
    assert not report.refused and not report.pulled.conflicts and not report.kept, report.details()
    assert report.not_applied == {"annotations": {a1.id: "accepted"}}
    assert "1 decision of yours not applied: the tag's owner deleted it after your copy" in report.summary()
    assert "refused" not in report.summary()
    (line,) = report.details()
    assert line.startswith(f"alice deleted tag {a1.id} “crime fell by 20% last year. Critics” after your")
    assert "your decision (accepted) was not applied" in line and "review it again" in line
    assert _server_tag(team, a1.id) == on_server  # the tombstone holds no decision
    assert synced_text(report).endswith(" · 1 decision not applied (tag deleted)")
    assert SyncOutcome("synced", "", report).changed_project  # the window drops the deleted tag
    mine = present(rita.annotation(a1.id))
    assert mine.deleted_at is not None and mine.status is None
    again = sync(rita)
    assert not again.refused and not again.not_applied and "annotations" not in again.pushed
    sync(vera)
    sync(alice)
    assert state(rita) == state(alice) == state(vera)


def test_an_owners_touch_without_a_change_beside_a_reviewers_decision_is_no_change(
    team: Team, stores: dict[str, Store]
) -> None:
    """alice confirms her tag's attribution unchanged (the tag is stamped anew, nothing else changes) on a
    copy older than rita's acceptance: nothing of hers to send, nothing refused; rita's decision stays and
    comes back to alice. A decision alice writes herself is still refused."""
    alice, rita, vera = stores["alice"], stores["rita"], stores["vera"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    set_review(rita, a1.id, "accepted", "rita", "sourced")
    assert not sync(rita).refused
    attribution.set_attribution(alice, a1.id, source=None, cue=None, by="alice")
    report = sync(alice)
    assert not report.refused and not report.pulled.conflicts and not report.kept, report.details()
    assert report.details() == [] and not report.pushed.get("annotations")
    got = present(alice.annotation(a1.id))
    assert (got.status, got.reviewer, got.reason) == ("accepted", "rita", "sourced")
    sync(vera)
    sync(rita)
    assert state(rita) == state(alice) == state(vera)
    set_review(alice, a1.id, "rejected", "alice", "mine")  # bypassing the window: not hers to write
    assert [(r.table, r.key) for r in sync(alice).refused] == [("annotations", a1.id)]


def test_a_stale_decision_changed_again_while_syncing_stays_until_the_next_sync_says_so(
    team: Team, stores: dict[str, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """rita accepts alice's tag that alice deleted meanwhile, and rejects it while that sync runs: her
    newer decision stays (held, still queued) and nothing says it was not applied yet; the next sync sends
    it, says it was not applied, and her project then holds the deleted tag."""
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    _alice_pieces_then_deletes(alice, a1.id)
    set_review(rita, a1.id, "accepted", "rita", "checked")

    def pull(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(sync_module, "pull", pg_sync.pull)
        set_review(rita, a1.id, "rejected", "rita", "on second thoughts")
        return pg_sync.pull(*args, **kwargs)

    monkeypatch.setattr(sync_module, "pull", pull)
    report = sync(rita)
    assert not report.refused and not report.not_applied, report.details()
    assert "not applied" not in report.summary() and any("made while syncing" in d for d in report.details())
    mine = present(rita.annotation(a1.id))
    assert (mine.deleted_at, mine.status) == (None, "rejected") and pending_changes(rita) == 1
    again = sync(rita)
    assert not again.refused and again.not_applied == {"annotations": {a1.id: "rejected"}}, again.details()
    assert present(rita.annotation(a1.id)).deleted_at is not None
    sync(alice)
    assert state(rita) == state(alice)
