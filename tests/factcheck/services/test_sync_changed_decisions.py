"""A reviewer's decision on a copy of another's tag that its owner changed after that copy, through a
real team server. A change of what the decision judges (label, span, pieces) makes it another claim: the
decision is not applied to it, and the reviewer is told to review it again, in the words the deleted
case uses. A change of the note alone leaves the tag as decided: both go up, as before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from db import Store, pg_sync
from factcheck.services import sync as sync_module
from factcheck.services.sync import sync
from factcheck.services.sync_status import SyncOutcome, synced_text
from tests.factcheck.services.sync_support import JUDGED_CHANGES, connected, projects, span_of, state, tag
from tests.helpers.optional import present
from tests.helpers.review import set_review
from tests.pg import Team


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path, ("alice", "rita", "vera"))


def _server_tag(team: Team, key: str) -> tuple[object, ...]:
    with team.server.admin(team.database) as conn:
        row = conn.execute(
            "SELECT label, quote, fragments IS NOT NULL, note, status, reviewer FROM factcheck.annotations "
            "WHERE id = %s",
            [key],
        ).fetchone()
    assert row is not None
    return tuple(row)


@pytest.mark.parametrize("decided_first", [True, False], ids=["decided-first", "changed-first"])
@pytest.mark.parametrize("change", sorted(JUDGED_CHANGES))
def test_a_decision_on_a_tag_its_owner_changed_after_the_copy_is_not_applied_and_said_so(
    team: Team, stores: dict[str, Store], change: str, decided_first: bool
) -> None:
    """rita accepts alice's tag on her copy, before or after alice changes its label, span or pieces
    (offline); alice syncs first. rita's acceptance is not applied to the changed tag, nothing is refused,
    and the sync tells rita to review it again; every project ends with alice's tag, undecided."""
    alice, rita, vera = stores["alice"], stores["rita"], stores["vera"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    if decided_first:
        set_review(rita, a1.id, "accepted", "rita", "checked")
    JUDGED_CHANGES[change](alice, a1.id)
    assert not sync(alice).refused
    if not decided_first:
        set_review(rita, a1.id, "accepted", "rita", "checked")
    on_server = _server_tag(team, a1.id)
    assert on_server[4:] == (None, None)
    report = sync(rita)
    assert not report.refused and not report.pulled.conflicts and not report.kept, report.details()
    assert report.not_applied == {"annotations": {a1.id: "accepted"}}
    assert "1 decision of yours not applied: the tag's owner changed it after your copy" in report.summary()
    assert "deleted" not in report.summary() and "refused" not in report.summary()
    (line,) = report.details()
    quote = present(alice.annotation(a1.id)).quote
    assert line == (
        f"alice changed tag {a1.id} “{quote[:39] + '…' if len(quote) > 40 else quote}” after your copy: your "
        "decision (accepted) was not applied; review it again"
    )
    assert synced_text(report).endswith(" · 1 decision not applied (tag changed)")
    assert SyncOutcome("synced", "", report).changed_project  # the window shows alice's changed tag
    assert _server_tag(team, a1.id) == on_server
    mine = present(rita.annotation(a1.id))
    assert (mine.label, mine.quote, mine.status) == (on_server[0], on_server[1], None)
    again = sync(rita)
    assert not again.refused and not again.not_applied and "annotations" not in again.pushed
    # Reviewed again, on the tag as it now is: applied.
    set_review(rita, a1.id, "rejected", "rita", "an opinion")
    assert not sync(rita).refused
    assert _server_tag(team, a1.id)[4:] == ("rejected", "rita")
    for store in (vera, alice, rita):
        sync(store)
    assert state(rita) == state(alice) == state(vera)


def test_a_decision_beside_the_owners_change_of_the_note_alone_still_goes_up_with_it(
    team: Team, stores: dict[str, Store]
) -> None:
    """What the decision judges is unchanged (the owner changed only the note): both go up, as before."""
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    set_review(rita, a1.id, "accepted", "rita", "checked")
    alice.update_annotation(a1.id, note="the base year")
    assert not sync(alice).refused
    report = sync(rita)
    assert not report.refused and not report.not_applied, report.details()
    assert report.kept == {"annotations": [a1.id]} and report.kept_decisions == 1
    assert _server_tag(team, a1.id) == (
        "claim",
        "crime fell by 20%",
        False,
        "the base year",
        "accepted",
        "rita",
    )
    sync(alice)
    assert state(alice) == state(rita)


def test_a_clearing_on_a_tag_its_owner_changed_still_goes_up(team: Team, stores: dict[str, Store]) -> None:
    """A clearing says only that the old decision no longer stands, which holds for the changed tag too:
    it goes up with the owner's change."""
    alice, rita, vera = stores["alice"], stores["rita"], stores["vera"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)
    set_review(vera, a1.id, "accepted", "vera", "checked")
    assert not sync(vera).refused
    assert not sync(rita).refused
    set_review(rita, a1.id, None, "rita")  # cleared, offline
    JUDGED_CHANGES["label"](alice, a1.id)
    assert not sync(alice).refused
    report = sync(rita)
    assert not report.refused and not report.not_applied, report.details()
    assert _server_tag(team, a1.id)[0::4] == ("denial", None)
    for store in (vera, alice, rita):
        sync(store)
    assert state(rita) == state(alice) == state(vera)


def test_a_decision_made_while_a_sync_pulls_the_owners_change_is_not_applied_and_said_so(
    team: Team, stores: dict[str, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """rita accepts alice's tag while her sync runs, whose pull brings alice's new label: the window's
    sync, too, does not carry the decision over to the changed tag (the next push would send it onto it),
    and says so."""
    alice, rita = stores["alice"], stores["rita"]
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    connected(stores, team)

    def meanwhile() -> None:
        set_review(rita, a1.id, "accepted", "rita", "checked")
        JUDGED_CHANGES["label"](alice, a1.id)
        assert not sync(alice).refused

    def pull(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(sync_module, "pull", pg_sync.pull)
        meanwhile()
        return pg_sync.pull(*args, **kwargs)

    monkeypatch.setattr(sync_module, "pull", pull)
    report = sync(rita)
    assert not report.refused and report.not_applied == {"annotations": {a1.id: "accepted"}}, report.details()
    (line,) = [d for d in report.details() if a1.id in d]
    assert (
        line.startswith(f"alice changed tag {a1.id}") and "your decision (accepted) was not applied" in line
    )
    assert "changed tag" not in report.pulled.summary(), report.summary()  # said once, in the sync's words
    mine = present(rita.annotation(a1.id))
    assert (mine.label, mine.status) == ("denial", None)
    again = sync(rita)
    assert not again.refused and not again.not_applied and not again.kept, again.details()
    assert _server_tag(team, a1.id)[0::4] == ("denial", None)
    sync(alice)
    assert state(alice) == state(rita)
