"""A reviewer's decision on one of two identical tags made while their project held only that copy, the
dropped one (alice tagged the words on her desktop, which rita pulled and reviewed; her laptop's older
copy reached the server meanwhile, and alice's sync dropped the desktop's): the team converges in one sync.

- rita's decision still queued when the pair met on the server: her push cannot apply it (the tag's
  owner deleted it after her copy); the pull of that same sync brings the tag kept, and the decision goes
  onto it and up at once (sync_twins.unapplied_decisions), instead of being lost with her copy;
- the tag kept holds another reviewer's decision already: it keeps it, and rita's is listed beside it;
- rita's decision on the server first: alice's tombstone keeps it, and rita's next sync moves it.
Real PostgreSQL, alice's two computers, rita (reviewer), vera (reviewer) and bob."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store
from factcheck.core.decisions import decided
from factcheck.core.model import Annotation, ReviewStatus
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import project, state
from tests.factcheck.services.test_sync_twins import live_of_span, role_of, same_span
from tests.pg import Team

REASON = "matches the police data"


@pytest.fixture
def machines(tmp_path: Path) -> Iterator[dict[str, Store]]:
    made = {name: project(tmp_path, name) for name in ("laptop", "desktop", "rita", "vera", "bob")}
    try:
        yield made
    finally:
        for store in made.values():
            store.close()


def synced(machines: dict[str, Store], team: Team, *names: str) -> None:
    for name in names:
        assert not sync(machines[name], team.url(role_of(name))).refused, name


def accept(
    store: Store, tag: Annotation, reviewer: str, status: ReviewStatus = "accepted", reason: str = REASON
) -> None:
    now = store.annotation(tag.id)
    assert now is not None and not now.deleted
    store.put_annotation(decided(now, status, reviewer, reason))


def decision(store: Store, tag: Annotation) -> tuple[object, ...]:
    now = store.annotation(tag.id)
    assert now is not None
    return now.status, now.reviewer, now.reason, now.deleted


def pair(machines: dict[str, Store], team: Team) -> tuple[Annotation, Annotation]:
    """(the laptop's tag, made first: kept; the desktop's copy: dropped), the desktop's alone on the server
    and in everyone's project so far."""
    kept = same_span(machines["laptop"])
    twin = same_span(machines["desktop"])
    assert kept.created_at < twin.created_at
    synced(machines, team, "desktop", "rita", "vera", "bob")
    return kept, twin


def test_a_decision_queued_when_the_pair_met_goes_onto_the_tag_kept_in_that_one_sync(
    machines: dict[str, Store], team: Team
) -> None:
    rita, bob = machines["rita"], machines["bob"]
    kept, twin = pair(machines, team)
    accept(rita, twin, "rita")  # her project holds only the desktop's copy
    synced(machines, team, "laptop")  # the laptop's copy goes up; alice's sync drops the desktop's

    report = sync(rita)  # one sync

    assert not report.refused and report.twins.decisions == 1
    assert not any(report.not_applied.values())
    assert not report.not_applied_lines
    assert any(
        f"your decision (accepted) on tag {twin.id}" in line and kept.id in line for line in report.details()
    )
    assert "not applied" not in report.summary()
    assert decision(rita, kept) == ("accepted", "rita", REASON, False)
    synced(machines, team, "bob")  # bob sees it after rita's one sync
    assert decision(bob, kept) == ("accepted", "rita", REASON, False)
    assert [a.id for a in live_of_span(bob)] == [kept.id]
    again = sync(rita)
    assert not again.twins.wrote and not again.pushed.get("annotations")  # nothing left to move
    synced(machines, team, "laptop", "desktop", "vera", "bob")
    assert all(state(store) == state(rita) for store in machines.values())
    assert all(decision(store, kept) == ("accepted", "rita", REASON, False) for store in machines.values())


def test_the_tag_kept_keeps_another_reviewers_decision_and_ritas_is_listed(
    machines: dict[str, Store], team: Team
) -> None:
    rita, vera = machines["rita"], machines["vera"]
    kept, twin = pair(machines, team)
    accept(rita, twin, "rita")
    synced(machines, team, "laptop", "vera")
    accept(vera, kept, "vera", "rejected", "the figure is for two years")
    synced(machines, team, "vera")

    report = sync(rita)

    assert not report.refused and report.twins.decisions == 0
    assert not report.not_applied_lines
    assert any(
        f"tag {kept.id} kept vera's decision (rejected)" in line and f"rita's (accepted: {REASON})" in line
        for line in report.details()
    ), report.details()
    assert decision(rita, kept) == ("rejected", "vera", "the figure is for two years", False)
    synced(machines, team, "laptop", "desktop", "vera", "bob", "rita")
    assert all(state(store) == state(rita) for store in machines.values())


def test_a_decision_on_the_server_first_moves_at_the_reviewers_next_sync(
    machines: dict[str, Store], team: Team
) -> None:
    rita, bob = machines["rita"], machines["bob"]
    kept, twin = pair(machines, team)
    accept(rita, twin, "rita")
    synced(machines, team, "rita")  # her decision reaches the server before the laptop's copy
    synced(machines, team, "laptop")
    dropped = machines["laptop"].annotation(twin.id)
    assert dropped is not None and dropped.deleted and dropped.status == "accepted"  # the tombstone keeps it

    report = sync(rita)

    assert not report.refused and report.twins.decisions == 1 and not report.not_applied_lines
    synced(machines, team, "bob")
    assert decision(bob, kept) == ("accepted", "rita", REASON, False)
    synced(machines, team, "laptop", "desktop", "vera", "rita")
    assert all(state(store) == state(bob) for store in machines.values())
