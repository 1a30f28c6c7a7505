"""A computer whose clock runs days ahead syncs with the team server: the server would refuse its
far-ahead stamps (`db.pg_value_guards`), so such changes go up with the server's time
(`factcheck.services.sync_clock`) and the sync says to check the clock; nothing is lost. A clock hours
ahead syncs as it is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db import Store
from factcheck.core.model import STAMP_FORMAT
from factcheck.core.spans import annotation_at
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import connected, doc_of, projects, span_of
from tests.pg import Team


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path, ("alice", "bob"))


def _tag_at(store: Store, words: str, now: str) -> str:
    doc = doc_of(store)
    ann = annotation_at(doc, *span_of(store, words), "claim", "alice", now=now)
    return store.add_annotation(ann, doc.text).id


def _ahead(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).strftime(STAMP_FORMAT)


def test_a_tag_stamped_days_ahead_goes_up_with_the_servers_time_and_the_sync_says_so(
    team: Team, stores: dict[str, Store]
) -> None:
    alice, bob = stores["alice"], stores["bob"]
    connected(stores, team)
    honest_at = _ahead(hours=6)
    honest = _tag_at(alice, "Critics", honest_at)
    far = _tag_at(alice, "crime fell by 20%", _ahead(days=3))
    report = sync(alice)
    assert not report.refused and report.pushed["annotations"] == 2 and report.restamped == 1
    assert (
        "1 change of yours stamped more than a day ahead of the team server's clock went up with the "
        "server's time: check this computer's date and time." in report.summary()
    )
    mine = alice.annotation(far)
    assert mine is not None and mine.created_at == mine.updated_at < _ahead(hours=1)
    sync(bob)
    theirs = {a.id: a for a in bob.annotations()}
    assert set(theirs) == {honest, far}
    assert (theirs[far].created_at, theirs[far].updated_at) == (mine.created_at, mine.updated_at)
    assert theirs[honest].created_at == honest_at  # hours ahead: sent as it is
    assert not sync(alice).restamped  # and nothing is left to restamp


def test_a_clock_hours_ahead_syncs(team: Team, stores: dict[str, Store]) -> None:
    alice, bob = stores["alice"], stores["bob"]
    connected(stores, team)
    a1 = _tag_at(alice, "Critics", _ahead(hours=20))
    assert not sync(alice).refused
    sync(bob)
    assert [a.id for a in bob.annotations()] == [a1]


def test_an_edit_stamped_days_ahead_of_a_synced_tag_is_not_lost(team: Team, stores: dict[str, Store]) -> None:
    from dataclasses import replace

    alice, bob = stores["alice"], stores["bob"]
    connected(stores, team)
    a1 = _tag_at(alice, "Critics", _ahead(hours=0))
    sync(alice)
    mine = alice.annotation(a1)
    assert mine is not None
    alice.put_annotation(replace(mine, note="edited", updated_at=_ahead(days=3)))
    report = sync(alice)
    assert not report.refused and report.restamped == 1
    with team.server.admin(team.database) as conn:
        row = conn.execute(
            "SELECT note, updated_at FROM factcheck.annotations WHERE id = %s", [a1]
        ).fetchone()
    kept = alice.annotation(a1)
    assert kept is not None and kept.note == "edited" and row == ("edited", kept.updated_at)
    sync(bob)
    theirs = bob.annotation(a1)
    assert theirs is not None and theirs.note == "edited"
