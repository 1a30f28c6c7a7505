"""A computer whose clock runs days ahead syncs with the team server: the server refuses its far-ahead
stamps (`db.pg_value_guards`) and the sync says why in words, while a clock hours ahead still syncs."""

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


def test_a_tag_stamped_days_ahead_is_refused_with_what_to_do(team: Team, stores: dict[str, Store]) -> None:
    alice, bob = stores["alice"], stores["bob"]
    connected(stores, team)
    honest = _tag_at(alice, "Critics", _ahead(hours=6))
    far = _tag_at(alice, "crime fell by 20%", _ahead(days=3))
    report = sync(alice)
    (refusal,) = report.refused
    assert refusal.key == far and report.pushed["annotations"] == 1
    (line,) = [d for d in report.details() if far in d]
    assert "its time stamp created_at" in line
    assert "3 days ahead of the server's clock: check this computer's date and time" in line
    sync(bob)
    assert {a.id for a in bob.annotations()} == {honest}
    assert {a.id for a in alice.annotations()} == {honest, far}  # her tag is not lost, only not sent


def test_a_clock_hours_ahead_syncs(team: Team, stores: dict[str, Store]) -> None:
    alice, bob = stores["alice"], stores["bob"]
    connected(stores, team)
    a1 = _tag_at(alice, "Critics", _ahead(hours=20))
    assert not sync(alice).refused
    sync(bob)
    assert [a.id for a in bob.annotations()] == [a1]


def test_an_edit_stamped_days_ahead_of_a_synced_tag_is_refused_and_the_server_keeps_its_copy(
    team: Team, stores: dict[str, Store]
) -> None:
    from dataclasses import replace

    alice = stores["alice"]
    connected(stores, team)
    a1 = _tag_at(alice, "Critics", _ahead(hours=0))
    sync(alice)
    mine = alice.annotation(a1)
    assert mine is not None
    alice.put_annotation(replace(mine, note="edited", updated_at=_ahead(days=3)))
    report = sync(alice)
    assert [r.key for r in report.refused] == [a1]
    assert "ahead of the server's clock: check this computer's date and time" in report.refused[0].why
    with team.server.admin(team.database) as conn:
        assert conn.execute("SELECT note FROM factcheck.annotations WHERE id = %s", [a1]).fetchone() == ("",)
    # As with any refused row, the project takes the server's copy back (docs/team.md): the edit is to
    # be made again once the clock is right, and then it goes up.
    back = alice.annotation(a1)
    assert back is not None and back.note == ""
    alice.update_annotation(a1, note="edited again")
    assert not sync(alice).refused
    sync(stores["bob"])
    assert (stores["bob"].annotation(a1) or back).note == "edited again"
