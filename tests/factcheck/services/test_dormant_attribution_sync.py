"""Through the team server: a claim whose cue was relabelled after it was attached (a dormant pointer)
reaches every teammate, with its links; before, their pulls skipped it ("not a cue tag") for good."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store, attribution, links
from factcheck.core.links import new_link
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import doc_of, projects, state, tag
from tests.pg import Team


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path, ("alice", "bob"))


def _at(store: Store, words: str) -> tuple[int, int]:
    start = doc_of(store).text.index(words)
    return start, start + len(words)


def test_a_claim_with_a_relabelled_cue_reaches_the_team(stores: dict[str, Store], team: Team) -> None:
    alice, bob = stores["alice"], stores["bob"]
    for name, store in stores.items():
        assert not sync(store, team.url(name)).refused
    cue = tag(alice, "alice", *_at(alice, "said"), label="cue")
    claim = tag(alice, "alice", *_at(alice, "crime fell by 20%"))
    attribution.set_attribution(alice, claim.id, cue=cue.id, quotation="indirect", by="alice")
    denial = tag(alice, "alice", *_at(alice, "Critics called the figure misleading"), label="denial")
    links.add_link(alice, new_link(doc_of(alice).id, "denies", denial.id, claim.id, "alice"))
    alice.update_annotation(cue.id, label="denial")  # "said" was not the cue after all
    assert not sync(alice).refused
    report = sync(bob)
    assert report.skipped == []  # was: "skipped tag …: its cue … is not a cue tag of the same text"
    assert state(bob) == state(alice)
    got = bob.annotation(claim.id)
    assert got is not None and (got.cue, got.quotation) == (cue.id, "indirect")  # dormant, as alice has it
    assert [link.id for link in links.links(bob)] == [link.id for link in links.links(alice)]
