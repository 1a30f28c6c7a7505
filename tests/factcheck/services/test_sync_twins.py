"""Identical tags under two ids through a real team server (the same fact-checker on a laptop and a
desktop): every project ends with one live tag, the one created first (ties by id), and what named the
other (links, card tags, attribution, notes, review decisions) names it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from db import Store, attribution, claims, sync_local
from db import links as link_store
from factcheck.core.decisions import decided
from factcheck.core.links import new_link
from factcheck.core.model import Annotation
from factcheck.services import sync_twins
from factcheck.services.sync import sync
from factcheck.services.sync_status import sync_store
from tests.factcheck.services.sync_support import doc_of, project, span_of, state, tag
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


def link_state(store: Store) -> list[tuple[object, ...]]:
    return sorted(
        (lk.id, lk.type, lk.from_id, lk.to_id, lk.annotator, lk.created_at, lk.updated_at, lk.deleted_at)
        for lk in link_store.links(store, include_deleted=True)
    )


def connect(machines: dict[str, Store], team: Team, *names: str) -> None:
    for name in names:
        assert not sync(machines[name], team.url(role_of(name))).refused


@pytest.mark.parametrize("grouped", [False, True], ids=["looked-up", "grouped"])
@pytest.mark.parametrize("first", ["laptop", "desktop"])
def test_the_same_tag_from_two_computers_ends_as_one_whichever_syncs_first(
    machines: dict[str, Store], team: Team, first: str, grouped: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if grouped:  # as a pull of thousands of tags finds them: one grouping of their documents
        monkeypatch.setattr(sync_twins, "_LOOK_UPS", 0)
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


def test_both_computers_offline_then_each_syncs_twice(machines: dict[str, Store], team: Team) -> None:
    laptop, desktop = machines["laptop"], machines["desktop"]
    connect(machines, team, "laptop", "desktop")
    older = same_span(laptop)
    newer = same_span(desktop)
    laptop.update_annotation(older.id, note="")
    desktop.update_annotation(newer.id, note="check the 2019 base")
    assert not sync(desktop).refused
    report = sync(laptop)  # its tag is the older: the desktop's, pulled now, is dropped here
    assert report.summary().endswith(
        "1 tag of yours was the same as one already on the server: kept one. "
        "Moved onto the tag kept of identical ones: 1 note."
    ), report.summary()
    for name in ("desktop", "laptop"):
        assert not sync(machines[name]).refused
    for store in (laptop, desktop):
        (kept,) = live_of_span(store)
        assert kept.id == older.id
        assert kept.note == "check the 2019 base"  # the dropped twin's note, which the tag lacked
    assert state(laptop) == state(desktop)


def test_three_computers_with_the_same_tag_keep_the_first(
    machines: dict[str, Store], team: Team, tmp_path: Path
) -> None:
    third = project(tmp_path, "third")
    try:
        copies = [same_span(store) for store in (machines["desktop"], third, machines["laptop"])]
        first = min(copies, key=lambda a: (a.created_at, a.id))
        order = [third, machines["laptop"], machines["desktop"], third, machines["laptop"]]
        for store in order:
            assert not sync(store, team.url("alice")).refused
        for store in (third, machines["laptop"], machines["desktop"]):
            assert [a.id for a in live_of_span(store)] == [first.id]
        assert state(third) == state(machines["laptop"]) == state(machines["desktop"])
        connect(machines, team, "bob")
        assert [a.id for a in live_of_span(machines["bob"])] == [first.id]
    finally:
        third.close()


def test_ids_differing_only_in_case_are_one_tag(machines: dict[str, Store], team: Team) -> None:
    """Another tool's upper-cased uuid of the same tag (imported on one machine)."""
    laptop, desktop = machines["laptop"], machines["desktop"]
    ours = same_span(laptop)
    desktop.put_annotation(replace(ours, id=ours.id.upper(), document_id=doc_of(desktop).id))
    for name in ("laptop", "desktop", "laptop"):
        assert not sync(machines[name], team.url("alice")).refused
    keep = min((ours.id, ours.id.upper()))
    for name in ("laptop", "desktop"):
        assert [a.id for a in live_of_span(machines[name])] == [keep]


def test_links_cards_and_decisions_on_the_dropped_twin_follow_the_tag_kept(
    machines: dict[str, Store], team: Team
) -> None:
    laptop, desktop, bob, rita = (machines[n] for n in ("laptop", "desktop", "bob", "rita"))
    kept = same_span(laptop)
    twin = same_span(desktop)
    mayor = tag(desktop, "alice", *span_of(desktop, "The mayor denied"), label="denial")
    own_link = link_store.add_link(
        desktop, new_link(doc_of(desktop).id, "denies", mayor.id, twin.id, "alice")
    )
    own_card, _ = claims.create_card(desktop, [twin.id], "alice", text="Crime fell by 20%")
    connect(machines, team, "desktop", "bob", "rita")  # bob and rita see the twin before alice's laptop
    critics = tag(bob, "bob", *span_of(bob, "Critics called the figure misleading"), label="characterization")
    bobs_link = link_store.add_link(
        bob, new_link(doc_of(bob).id, "characterizes", critics.id, twin.id, "bob")
    )
    bobs_card, _ = claims.create_card(bob, [twin.id], "bob", text="Crime fell by a fifth")
    rita.put_annotation(decided(rita.annotation(twin.id), "accepted", "rita", "matches the police data"))  # type: ignore[arg-type]
    sync(bob)
    sync(rita)
    report = sync(laptop, team.url("alice"))  # alice's laptop: its tag is the older one
    assert not report.refused
    assert "1 tag of yours was the same as one already on the server: kept one." in report.summary()
    waits = f"rita's decision (accepted) on tag {twin.id} goes onto tag {kept.id} at their next sync"
    assert any(line.startswith(waits) for line in report.details()), report.details()
    for _ in range(2):
        for name in ("bob", "rita", "desktop", "laptop"):
            assert not sync(machines[name]).refused, name
    for name, store in machines.items():
        assert [a.id for a in live_of_span(store)] == [kept.id], name
        tag_kept = store.annotation(kept.id)
        assert tag_kept is not None
        assert (tag_kept.status, tag_kept.reviewer, tag_kept.reason) == (
            "accepted",
            "rita",
            "matches the police data",
        ), name
        live_links = {
            (lk.annotator, lk.from_id, lk.to_id) for lk in link_store.links(store, doc_of(store).id)
        }
        assert live_links == {("alice", mayor.id, kept.id), ("bob", critics.id, kept.id)}, name
        assert claims.tag_ids(store, own_card.id) == [kept.id], name
        assert claims.tag_ids(store, bobs_card.id) == [kept.id], name
        gone = link_store.link(store, own_link.id)
        assert gone is not None and gone.deleted, name
        gone = link_store.link(store, bobs_link.id)
        assert gone is not None and gone.deleted, name
    assert state(laptop) == state(desktop) == state(bob) == state(rita)
    assert link_state(laptop) == link_state(desktop) == link_state(bob) == link_state(rita)
    members = [
        sorted(map(repr, claims.claim_tags(store, include_deleted=True))) for store in machines.values()
    ]
    assert all(m == members[0] for m in members)


def test_different_notes_and_decisions_stay_the_tag_kept_and_the_twins_are_listed(
    machines: dict[str, Store], team: Team, tmp_path: Path
) -> None:
    laptop, desktop, rita = machines["laptop"], machines["desktop"], machines["rita"]
    kept = same_span(laptop, words="The minister")  # a source tag on both, which a claim of alice names
    kept = laptop.update_annotation(kept.id, label="source", note="the minister's office")
    twin = same_span(desktop, words="The minister")
    twin = desktop.update_annotation(twin.id, label="source", note="check who said it")
    claim = tag(desktop, "alice", *span_of(desktop, WORDS))
    attribution.set_attribution(desktop, claim.id, source=twin.id, by="alice")
    connect(machines, team, "desktop")
    vera = project(tmp_path, "vera")
    try:
        sync(vera, team.url("vera"))
        vera.put_annotation(decided(vera.annotation(twin.id), "accepted", "vera", "named"))  # type: ignore[arg-type]
        sync(vera)
        report = sync(laptop, team.url("alice"))  # its tag is the older: the desktop's is dropped here
        note = f"tag {kept.id} kept its note; its identical twin {twin.id} had another: “check who said it”"
        assert note in report.details()
        connect(machines, team, "rita")
        rita.put_annotation(decided(rita.annotation(kept.id), "rejected", "rita", "not a source"))  # type: ignore[arg-type]
        sync(rita)
        report = sync(vera)
        listed = (
            f"tag {kept.id} kept rita's decision (rejected); its identical twin {twin.id} had vera's "
            "(accepted: named)"
        )
        assert listed in report.details()
        for name in ("desktop", "laptop", "rita"):
            sync(machines[name])
        for store in (laptop, desktop, rita, vera):
            tag_kept = store.annotation(kept.id)
            assert tag_kept is not None
            assert (tag_kept.note, tag_kept.status) == ("the minister's office", "rejected")
            moved = store.annotation(claim.id)
            assert moved is not None and moved.source == kept.id
    finally:
        vera.close()


def test_twins_a_pull_stored_before_the_rule_are_settled_by_the_next_sync(
    machines: dict[str, Store], team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project that pulled both copies with an earlier factcheck: its first sync now looks at them all."""
    laptop, desktop = machines["laptop"], machines["desktop"]
    connect(machines, team, "laptop", "desktop")
    kept = same_span(laptop)
    same_span(desktop)  # the newer: dropped
    sync(desktop)
    with monkeypatch.context() as earlier:  # an earlier factcheck: no rule
        earlier.setattr(sync_twins, "resolve", lambda *args, **kwargs: sync_twins.TwinOutcome())
        sync(laptop)
    assert len(live_of_span(laptop)) == 2
    sync(laptop)  # nothing new pulled: the pair is not looked at ...
    assert len(live_of_span(laptop)) == 2
    laptop._db.execute("DELETE FROM sync_state WHERE key = ?", [sync_twins.STATE_CHECKED])  # ... before
    report = sync(laptop)  # the first sync of this version
    assert report.twins.dropped == 1
    sync(desktop)
    for store in (laptop, desktop):
        assert [a.id for a in live_of_span(store)] == [kept.id]
        assert sync_local.get_state(store, sync_twins.STATE_CHECKED) == "1"


def test_the_windows_status_line_says_a_tag_of_yours_was_dropped(
    machines: dict[str, Store], team: Team
) -> None:
    laptop, desktop = machines["laptop"], machines["desktop"]
    same_span(laptop)
    same_span(desktop)
    connect(machines, team, "laptop")
    outcome = sync_store(desktop, url=team.url("alice"))
    assert outcome.kind == "synced" and outcome.changed_project  # the window reloads what it shows
    assert outcome.text.endswith(" · 1 identical tag of yours dropped (one kept)"), outcome.text
    assert outcome.report is not None and outcome.report.pushed["annotations"] == 2  # its tag, then the drop


def test_the_same_link_to_both_twins_ends_as_one_link(machines: dict[str, Store], team: Team) -> None:
    """Offline on both computers, alice tags the same words and links her denial (synced to both before)
    to each: one tag, one link, on both, whichever syncs first."""
    laptop, desktop = machines["laptop"], machines["desktop"]
    mayor = tag(laptop, "alice", *span_of(laptop, "The mayor denied"), label="denial")
    connect(machines, team, "laptop", "desktop")
    for store in (laptop, desktop):
        twin = same_span(store)
        link_store.add_link(store, new_link(doc_of(store).id, "denies", mayor.id, twin.id, "alice"))
    for name in ("desktop", "laptop", "desktop"):
        assert not sync(machines[name]).refused
    (kept,) = live_of_span(laptop)
    for store in (laptop, desktop):
        live = [(lk.from_id, lk.to_id) for lk in link_store.links(store, doc_of(store).id)]
        assert live == [(mayor.id, kept.id)]
    assert state(laptop) == state(desktop)
    assert link_state(laptop) == link_state(desktop)  # tombstones and stamps too


def test_a_different_attribution_stays_the_tag_kept_and_the_twins_is_listed(
    machines: dict[str, Store], team: Team
) -> None:
    """The rule file merges share (`takes_attribution`): what the tag kept lacks comes, what it holds stays
    and the twin's is listed."""
    laptop, desktop = machines["laptop"], machines["desktop"]
    kept = same_span(laptop)
    attribution.set_attribution(laptop, kept.id, quotation="direct", by="alice")
    twin = same_span(desktop)
    attribution.set_attribution(desktop, twin.id, quotation="indirect", by="alice")
    connect(machines, team, "laptop")
    report = sync(desktop, team.url("alice"))  # its tag is the newer: dropped here
    listed = f"tag {kept.id} kept its quotation; its identical twin {twin.id} had another: indirect"
    assert listed in report.details()
    connect(machines, team, "laptop")
    for store in (laptop, desktop):
        tag_kept = store.annotation(kept.id)
        assert tag_kept is not None and tag_kept.quotation == "direct"
