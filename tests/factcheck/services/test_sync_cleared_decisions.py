"""Clearing a tag's decision is an act with its own time, through a real team server: rita clears the
decision on alice's tag while vera, offline, rejects it. The newer of the two acts wins, whoever syncs
first, on the server and in every project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import projects, state, tag
from tests.helpers.optional import present
from tests.helpers.review import set_review
from tests.pg import Team


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path, ("alice", "rita", "vera"))


def _server_decision(team: Team, key: str) -> tuple[object, ...]:
    with team.server.admin(team.database) as conn:
        row = conn.execute(
            "SELECT status, reviewer, reason FROM factcheck.annotations WHERE id = %s", [key]
        ).fetchone()
    assert row is not None
    return tuple(row)


@pytest.mark.parametrize("first", ["rita", "vera"])
@pytest.mark.parametrize("newer", ["clear", "rejection"])
def test_clearing_and_another_reviewers_decision_the_newer_act_wins_in_either_order(
    team: Team, stores: dict[str, Store], first: str, newer: str
) -> None:
    alice, rita, vera = stores["alice"], stores["rita"], stores["vera"]
    a1 = tag(alice, "alice", 4, 45)
    for name, store in stores.items():
        assert not sync(store, team.url(name)).refused
    set_review(rita, a1.id, "accepted", "rita", "sourced")
    assert not sync(rita).refused
    assert not sync(vera).refused  # vera sees rita's acceptance
    acts = {
        "clear": lambda: set_review(rita, a1.id, None, None),
        "rejection": lambda: set_review(vera, a1.id, "rejected", "vera", "not checkable"),
    }
    older = "rejection" if newer == "clear" else "clear"
    acts[older]()
    acts[newer]()
    expected = (None, None, None) if newer == "clear" else ("rejected", "vera", "not checkable")
    second = "vera" if first == "rita" else "rita"
    for name in (first, second):
        report = sync(stores[name])
        assert not report.refused and not report.pulled.conflicts, report.details()
    assert _server_decision(team, a1.id) == expected
    for name in (first, second, "alice", first):
        assert not sync(stores[name]).refused
    for store in (alice, rita, vera):
        got = present(store.annotation(a1.id))
        assert (got.status, got.reviewer, got.reason) == expected
    assert state(alice) == state(rita) == state(vera)
