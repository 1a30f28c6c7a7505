"""An owner's offline edit of a tag that a reviewer decided on meanwhile, through a real team server: the
edit goes up with the server's decision (listed, in words), the decision stays, and every project
converges. A change of the decision alone, by an annotator, is still refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import connected, projects, span_of, state, tag
from tests.helpers.optional import present
from tests.helpers.review import set_review
from tests.pg import Team


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path)


def test_the_owners_edit_goes_up_and_the_reviewers_decision_stays(
    team: Team, stores: dict[str, Store]
) -> None:
    alice, bob, rita = stores["alice"], stores["bob"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    set_review(rita, a1.id, "accepted", "rita")
    assert not sync(rita).refused
    # alice, offline, has not seen the decision: she widens the span, relabels and writes a note.
    alice.update_annotation(
        a1.id,
        label="characterization",
        note="the base year",
        span=span_of(alice, "crime fell by 20% last year"),
    )
    report = sync(alice)
    assert not report.refused, report.details()
    assert report.kept == {"annotations": [a1.id]} and report.pushed["annotations"] == 1
    assert report.replaced == 0 and not report.pulled.conflicts  # her own edit came back: no conflict
    assert "1 edit of yours went up with a reviewer's decision made meanwhile" in report.summary()
    assert "refused" not in report.summary()
    (line,) = [d for d in report.details() if a1.id in d]
    assert line.startswith(f"sent your edit of tag {a1.id} “crime fell by 20% last year”")
    assert "rita accepted it meanwhile" in line and "the decision stays on the edited tag" in line
    mine = present(alice.annotation(a1.id))
    assert (mine.label, mine.note, mine.quote) == (
        "characterization",
        "the base year",
        "crime fell by 20% last year",
    )
    assert (mine.status, mine.reviewer) == ("accepted", "rita")
    # Nothing is left to send, and the next sync changes nothing.
    again = sync(alice)
    assert not again.kept and not again.refused and "annotations" not in again.pushed
    for store in (rita, bob):
        sync(store)
    assert state(alice) == state(rita) == state(bob)
    theirs = present(bob.annotation(a1.id))
    assert (theirs.label, theirs.note, theirs.status, theirs.reviewer) == (
        "characterization", "the base year", "accepted", "rita"
    )  # fmt: skip


def test_a_rejection_with_its_reason_stays_on_a_deleted_tag_and_the_rest_of_the_push_lands(
    team: Team, stores: dict[str, Store]
) -> None:
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    a2 = tag(alice, "alice", *span_of(alice, "figure misleading"), "characterization")
    connected(stores, team)
    set_review(rita, a1.id, "rejected", "rita", "not checkable")
    set_review(rita, a2.id, "accepted", "rita")
    assert not sync(rita).refused
    alice.delete_annotation(a1.id)  # her tombstone goes up with the rejection
    alice.update_annotation(a2.id, note="says who?")
    fresh = tag(alice, "alice", *span_of(alice, "denied any cut"), "denial")
    set_review(alice, a2.id, None, None)  # and a decision she may not change goes with her note
    report = sync(alice)
    assert not report.refused, report.details()
    assert report.kept == {"annotations": sorted([a1.id, a2.id])}
    assert report.pushed["annotations"] == 3  # the two edits and the new tag
    assert "2 edits of yours went up with a reviewer's decision" in report.summary()
    lines = report.details()
    assert any(a1.id in d and "rita rejected it meanwhile (not checkable)" in d for d in lines), lines
    gone = present(alice.annotation(a1.id))
    assert gone.deleted and (gone.status, gone.reason) == ("rejected", "not checkable")
    noted = present(alice.annotation(a2.id))
    assert (noted.note, noted.status) == ("says who?", "accepted")
    sync(rita)
    assert state(alice) == state(rita)
    assert present(rita.annotation(fresh.id)).label == "denial"


def test_a_decision_changed_alone_by_an_annotator_is_still_refused(
    team: Team, stores: dict[str, Store]
) -> None:
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    set_review(rita, a1.id, "rejected", "rita", "not checkable")
    sync(rita)
    sync(alice)
    set_review(alice, a1.id, "accepted", "alice")  # no edit of hers: only the decision changes
    report = sync(alice)
    assert [r.key for r in report.refused] == [a1.id] and "reviewers" in report.refused[0].why
    assert not report.kept
    assert present(alice.annotation(a1.id)).status == "rejected"


def test_another_annotators_edit_is_refused_whatever_the_decision(
    team: Team, stores: dict[str, Store]
) -> None:
    """The server's decision is taken only for the pusher's own tags: bob editing alice's reviewed tag is
    refused as before (it is hers), and her tag comes back to him unchanged."""
    alice, bob, rita = stores["alice"], stores["bob"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    set_review(rita, a1.id, "accepted", "rita")
    sync(rita)
    bob.update_annotation(a1.id, note="bob's note")
    report = sync(bob)
    assert [(r.key, r.owner) for r in report.refused] == [(a1.id, "alice")] and not report.kept
    back = present(bob.annotation(a1.id))
    assert (back.note, back.status) == ("", "accepted")


def test_an_edit_older_than_the_decision_is_not_applied_and_the_sync_says_so(
    team: Team, stores: dict[str, Store]
) -> None:
    """The newer-stamp rule is unchanged: alice's edit made BEFORE rita's decision loses to the server's
    newer copy (which may hold alice's own later edit from another machine: it cannot be told apart). It
    is no longer lost silently: the sync names the tag and what to make again."""
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    alice.update_annotation(a1.id, note="made first", label="denial")  # offline, before the decision
    set_review(rita, a1.id, "accepted", "rita")
    assert not sync(rita).refused
    report = sync(alice)
    assert not report.refused and not report.kept
    assert report.outdated == {"annotations": {a1.id: ["label", "note"]}}, report.outdated
    assert "1 edit of yours not applied: a reviewer decided on the tag after it" in report.summary()
    (line,) = [d for d in report.details() if a1.id in d]
    assert line.startswith(f"your edit of tag {a1.id} “crime fell by 20%” (label, note) was not applied: ")
    assert "rita accepted it on the server after you made it" in line and "make the edit again" in line
    got = present(alice.annotation(a1.id))
    assert (got.note, got.label, got.status) == ("", "claim", "accepted")  # the server's copy, as before
    sync(rita)
    assert state(alice) == state(rita)


def test_a_reviewers_offline_decision_goes_up_beside_the_owners_edit(
    team: Team, stores: dict[str, Store]
) -> None:
    """The mirror: rita decides offline on alice's tag while alice edits it; rita's copy still holds the
    old content, which only alice may write. Rita's decision goes up with alice's edit as the server has
    it: neither is lost, and all converge. (Her edit of the note leaves what rita judged as it was; a new
    label, span or pieces would not: test_sync_changed_decisions.)"""
    alice, bob, rita = stores["alice"], stores["bob"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    alice.update_annotation(a1.id, note="the base year")
    assert not sync(alice).refused
    set_review(rita, a1.id, "rejected", "rita", "an opinion")  # later than alice's edit, not pulled yet
    report = sync(rita)
    assert not report.refused, report.details()
    assert report.kept == {"annotations": [a1.id]} and report.kept_decisions == 1
    assert (
        "1 decision of yours went up with the owner's edit made meanwhile: both are kept" in report.summary()
    )
    assert "edit of yours" not in report.summary()
    (line,) = [d for d in report.details() if a1.id in d]
    assert line.startswith(f"sent your decision on tag {a1.id} “crime fell by 20%”")
    assert "alice edited it meanwhile" in line and "you rejected it and their edit stays" in line
    got = present(rita.annotation(a1.id))
    assert (got.note, got.quote, got.status, got.reason) == (
        "the base year", "crime fell by 20%", "rejected", "an opinion"
    )  # fmt: skip
    for store in (alice, bob):
        sync(store)
    assert state(alice) == state(rita) == state(bob)
