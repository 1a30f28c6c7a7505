"""Identical tags under two ids through a real team server (the same fact-checker on a laptop and a
desktop): every project ends with one live tag, the one created first (ties by id), and what named the
other (links, card tags, attribution, notes, review decisions) names it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store
from factcheck.core.model import Annotation
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import project, span_of, state, tag
from tests.pg import Team

WORDS = "crime fell by 20% last year"


@pytest.fixture
def machines(tmp_path: Path) -> Iterator[dict[str, Store]]:
    """alice's laptop and desktop, bob's and rita's projects."""
    made = {name: project(tmp_path, name) for name in ("laptop", "desktop", "bob", "rita")}
    try:
        yield made
    finally:
        for store in made.values():
            store.close()


def role_of(name: str) -> str:
    return "alice" if name in ("laptop", "desktop") else name


def same_span(store: Store, annotator: str = "alice", words: str = WORDS) -> Annotation:
    return tag(store, annotator, *span_of(store, words))


def live_of_span(store: Store, words: str = WORDS) -> list[Annotation]:
    start, end = span_of(store, words)
    return [a for a in store.annotations() if (a.start, a.end) == (start, end)]


def connect(machines: dict[str, Store], team: Team, *names: str) -> None:
    for name in names:
        assert not sync(machines[name], team.url(role_of(name))).refused


@pytest.mark.parametrize("first", ["laptop", "desktop"])
def test_the_same_tag_from_two_computers_ends_as_one_whichever_syncs_first(
    machines: dict[str, Store], team: Team, first: str
) -> None:
    laptop, desktop = machines["laptop"], machines["desktop"]
    older = same_span(laptop)
    newer = same_span(desktop)
    assert older.created_at < newer.created_at
    second = "desktop" if first == "laptop" else "laptop"
    sync(machines[first], team.url("alice"))
    report = sync(machines[second], team.url("alice"))
    assert not report.refused
    if second == "desktop":  # its own tag is the newer one: dropped here, at once
        assert "1 tag of yours was the same as one already on the server: kept one." in report.summary()
        assert any(newer.id in line and older.id in line for line in report.details())
    for name in ("laptop", "desktop", "bob", "rita"):
        store = machines[name]
        if name in ("bob", "rita"):
            sync(store, team.url(name))
        else:
            sync(store)
        assert [a.id for a in live_of_span(store)] == [older.id], name
        dropped = store.annotation(newer.id)
        assert dropped is not None and dropped.deleted, name
    assert state(laptop) == state(desktop) == state(machines["bob"]) == state(machines["rita"])
