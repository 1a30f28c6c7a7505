"""A link, a card tag, a pointer or a review decision a teammate makes on the dropped one of two identical
tags after the pull that brought the pair (it stays live in their project until its owner's tombstone
comes) goes up moved onto the tag kept in that teammate's next push (sync_twins.before_push), so that the
team sees one tag after that one sync rather than after their following one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store, claims
from db import links as link_store
from factcheck.core.claims import claim_tag_id
from factcheck.core.decisions import decided
from factcheck.core.links import new_link
from factcheck.services import sync_twins
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import doc_of, project, span_of, state, tag
from tests.factcheck.services.test_sync_twins import link_state, live_of_span, role_of, same_span
from tests.pg import Team


@pytest.fixture
def machines(tmp_path: Path) -> Iterator[dict[str, Store]]:
    made = {name: project(tmp_path, name) for name in ("laptop", "desktop", "bob", "rita")}
    try:
        yield made
    finally:
        for store in made.values():
            store.close()


def first_sync(store: Store, team: Team, name: str) -> None:
    assert not sync(store, team.url(role_of(name))).refused


def test_a_link_made_to_a_dropped_twin_after_the_pull_goes_up_moved_in_the_next_push(
    machines: dict[str, Store], team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop, bob, rita = (machines[n] for n in ("laptop", "desktop", "bob", "rita"))
    kept = same_span(laptop)
    twin = same_span(desktop)
    with monkeypatch.context() as earlier:  # alice's computers run an earlier factcheck: no twin rule
        earlier.setattr(sync_twins, "resolve", lambda *args, **kwargs: sync_twins.TwinOutcome())
        first_sync(desktop, team, "desktop")
        first_sync(laptop, team, "laptop")
    first_sync(bob, team, "bob")
    first_sync(rita, team, "rita")
    assert len(live_of_span(bob)) == 2  # both live here until alice's tombstone comes
    # bob, after that pull: a link and a card naming the twin.
    critics = tag(bob, "bob", *span_of(bob, "Critics called the figure misleading"), label="characterization")
    link = link_store.add_link(bob, new_link(doc_of(bob).id, "characterizes", critics.id, twin.id, "bob"))
    card, _ = claims.create_card(bob, [twin.id], "bob", text="Crime fell by a fifth")

    report = sync(bob)  # one sync: up moved
    assert not report.refused
    assert "Moved onto the tag kept of identical ones: 1 card tag, 1 link." in report.summary()
    moved = sync_twins.moved_link_id(link.id, (critics.id, kept.id))
    assert not sync(rita).refused  # rita sees bob's link and card on the tag kept at once
    for store in (bob, rita):
        assert {(lk.id, lk.from_id, lk.to_id) for lk in link_store.links(store, doc_of(store).id)} == {
            (moved, critics.id, kept.id)
        }
        assert claims.tag_ids(store, card.id) == [kept.id]
        gone = link_store.link(store, link.id)
        assert gone is not None and gone.deleted
        members = claims.claim_tags(store, card.id, include_deleted=True)
        assert {(t.id, t.annotation_id, t.deleted_at is None) for t in members} == {
            (claim_tag_id(card.id, twin.id, "bob"), twin.id, False),
            (claim_tag_id(card.id, kept.id, "bob"), kept.id, True),
        }
    assert link_state(bob) == link_state(rita)
    # rita reviews the twin (live here too): her decision goes up on the tag kept in her next sync.
    rita.put_annotation(decided(rita.annotation(twin.id), "accepted", "rita", "matches the police data"))  # type: ignore[arg-type]
    report = sync(rita)
    assert not report.refused and report.twins.decisions == 1
    assert not sync(bob).refused
    for store in (bob, rita):
        decision = store.annotation(kept.id)
        assert decision is not None
        assert (decision.status, decision.reviewer, decision.reason) == (
            "accepted", "rita", "matches the police data",
        )  # fmt: skip
    # alice upgrades: the first sync of this version looks at every pair and drops the twin; nobody needs
    # a second sync for bob's rows.
    for store in (laptop, desktop):
        store._db.execute("DELETE FROM sync_state WHERE key = ?", [sync_twins.STATE_CHECKED])
    assert not sync(laptop).refused and not sync(desktop).refused
    assert not sync(rita).refused and not sync(bob).refused
    for name, store in machines.items():
        assert [a.id for a in live_of_span(store)] == [kept.id], name
        assert {(lk.from_id, lk.to_id) for lk in link_store.links(store, doc_of(store).id)} == {
            (critics.id, kept.id)
        }, name
    assert state(laptop) == state(desktop) == state(bob) == state(rita)
    assert link_state(laptop) == link_state(desktop) == link_state(bob) == link_state(rita)
