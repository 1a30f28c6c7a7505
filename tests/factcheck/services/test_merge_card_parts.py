"""A teammate's card merged part by part: the maker's newer text comes in, the reviewers' newer status
step stays, in either order of merging and of working; a card whose two parts both sides changed is a
listed conflict; merging the same file again changes nothing. Real projects, real files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from db import Store, claims
from db.claims_sync import rows_by_key
from factcheck.core.claims import ClaimCard
from factcheck.core.report import ImportReport
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.claims import make_debate

NEW_TEXT = "Unemployment fell to 3.5% in 2025"


def _projects(tmp_path: Path) -> tuple[Store, Store, str]:
    """alice's project (she made the card, in checking, no final verdict) and rita's copy of it."""
    alice = Store.open(tmp_path / "alice.db")
    card = make_debate(alice).cards[3].id  # alice's card without a final verdict
    claims.set_status(alice, card, "alice", "checking")
    rita = Store.open(tmp_path / "rita.db")
    import_paths(rita, [tmp_path / "alice.db"])
    return alice, rita, card


def _send(store: Store, tmp_path: Path, name: str, kind: str) -> Path:
    """store's work as a teammate's file: its JSON export, or a copy of its project database."""
    if kind == "json":
        out = tmp_path / f"{name}.json"
        export(store, "json", out)
        return out
    return tmp_path / f"{name}.db"


def _card(store: Store, card: str) -> ClaimCard:
    return claims.require_card(store, card)


def _rows(store: Store, card: str) -> list[Any]:
    verdicts = [v.id for v in claims.verdicts(store, include_deleted=True)]
    return rows_by_key(store, "claims", [card]) + rows_by_key(store, "verdicts", verdicts)


def _card_conflicts(report: ImportReport) -> list[str]:
    return [n for n in report.notes if n.startswith("claim conflict: card")]


@pytest.mark.parametrize("kind", ["json", "db"])
def test_the_makers_newer_text_and_the_reviewers_rating_both_stand_in_both_projects(
    tmp_path: Path, kind: str
) -> None:
    alice, rita, card = _projects(tmp_path)
    claims.set_final_verdict(rita, card, "rita", "False", "police figures")  # rated, in rita's project
    claims.update_card(alice, card, "alice", text=NEW_TEXT)  # later, in alice's: her copy says checking
    from_alice = _send(alice, tmp_path, "alice", kind)
    from_rita = _send(rita, tmp_path, "rita", kind)
    to_rita = import_paths(rita, [from_alice])
    to_alice = import_paths(alice, [from_rita])
    for store, report in ((rita, to_rita), (alice, to_alice)):
        merged = _card(store, card)
        assert (merged.text, merged.status) == (NEW_TEXT, "rated"), report.notes
        assert claims.final_verdict(store, card) is not None
        assert not _card_conflicts(report), report.notes
        assert re.search(r"cards [^;]*\b1 updated", report.summary()), report.summary()
    # Exchanged again, nothing moves on either side.
    for store, path in (
        (rita, _send(alice, tmp_path, "alice", kind)),
        (alice, _send(rita, tmp_path, "rita", kind)),
    ):
        again = import_paths(store, [path])
        assert "updated" not in again.summary() and not _card_conflicts(again), again.summary()
    assert _card(alice, card).text == _card(rita, card).text == NEW_TEXT
    alice.close()
    rita.close()


@pytest.mark.parametrize("kind", ["json", "db"])
def test_a_makers_edit_older_than_the_reviewers_step_is_kept_and_listed_never_lost(
    tmp_path: Path, kind: str
) -> None:
    """alice edits first, rita rates later: rita's newer copy holds the text as she had it. Which text is
    the maker's later word cannot be told from the two copies, so each project keeps its own text, takes
    the rating and lists the card; the next exchange brings alice's text (her copy is newer then)."""
    alice, rita, card = _projects(tmp_path)
    claims.update_card(alice, card, "alice", text=NEW_TEXT)
    claims.set_final_verdict(rita, card, "rita", "False", "police figures")
    old_text = _card(rita, card).text
    to_rita = import_paths(rita, [_send(alice, tmp_path, "alice", kind)])
    to_alice = import_paths(alice, [_send(rita, tmp_path, "rita", kind)])
    assert (_card(rita, card).text, _card(rita, card).status) == (old_text, "rated")
    assert (_card(alice, card).text, _card(alice, card).status) == (NEW_TEXT, "rated")
    for report in (to_rita, to_alice):
        (conflict,) = _card_conflicts(report)
        assert conflict.startswith(f"claim conflict: card {card} of alice: changed on both sides")
        assert "our text kept, alice checks it" in conflict
    report = import_paths(rita, [_send(alice, tmp_path, "alice", kind)])
    assert (_card(rita, card).text, _card(rita, card).status) == (NEW_TEXT, "rated")
    assert not _card_conflicts(report)
    alice.close()
    rita.close()


@pytest.mark.parametrize("kind", ["json", "db"])
def test_each_part_alone_comes_in(tmp_path: Path, kind: str) -> None:
    alice, rita, card = _projects(tmp_path)
    # The maker's text alone: rita's rating (set before) is not touched by it.
    claims.set_final_verdict(rita, card, "rita", "False")
    claims.update_card(alice, card, "alice", text=NEW_TEXT, speaker=None)
    import_paths(alice, [_send(rita, tmp_path, "rita", kind)])  # alice has the rating now
    report = import_paths(rita, [_send(alice, tmp_path, "alice", kind)])
    merged = _card(rita, card)
    assert (merged.text, merged.speaker, merged.status) == (NEW_TEXT, None, "rated")
    assert re.search(r"cards [^;]*\b1 updated", report.summary()) and not _card_conflicts(report)
    # The reviewers' step alone: published in rita's project reaches alice's, her text as it is.
    claims.set_status(rita, card, "rita", "published")
    report = import_paths(alice, [_send(rita, tmp_path, "rita", kind)])
    merged = _card(alice, card)
    assert (merged.text, merged.status) == (NEW_TEXT, "published")
    assert re.search(r"cards [^;]*\b1 updated", report.summary()) and not _card_conflicts(report)
    # A reviewer's step back (unpublished, then back to checking) comes in too.
    for status in ("rated", "checking"):
        claims.set_status(rita, card, "rita", status)
        import_paths(alice, [_send(rita, tmp_path, "rita", kind)])
        assert (_card(alice, card).text, _card(alice, card).status) == (NEW_TEXT, status)
    alice.close()
    rita.close()


def test_a_stale_status_of_the_makers_copy_never_moves_our_rating_back(tmp_path: Path) -> None:
    """The maker's copy predates the rating: its newer row says checking, and only its text counts."""
    alice, rita, card = _projects(tmp_path)
    claims.set_final_verdict(rita, card, "rita", "False")
    claims.set_status(rita, card, "rita", "published")
    claims.update_card(alice, card, "alice", claim_date="2026-03-02")  # newer than rita's steps
    report = import_paths(rita, [_send(alice, tmp_path, "alice", "json")])
    merged = _card(rita, card)
    assert (merged.claim_date, merged.status) == ("2026-03-02", "published")
    assert merged.updated_at > _card(alice, card).updated_at  # made of both: newer than either copy
    assert not _card_conflicts(report)
    alice.close()
    rita.close()


def test_both_sides_changing_the_card_so_that_the_step_cannot_be_told_is_a_listed_conflict(
    tmp_path: Path,
) -> None:
    """Both projects saw the rating; then rita published, alice changed her text on the rated card. The
    step between rated and published is a reviewer's, but either copy may hold it: our status is kept,
    their newer text taken, and the card listed with the report's conflict words."""
    alice, rita, card = _projects(tmp_path)
    claims.set_final_verdict(rita, card, "rita", "False")
    import_paths(alice, [_send(rita, tmp_path, "rita", "json")])
    assert _card(alice, card).status == "rated"
    claims.set_status(rita, card, "rita", "published")
    claims.update_card(alice, card, "alice", text=NEW_TEXT)  # the newer copy
    report = import_paths(rita, [_send(alice, tmp_path, "alice", "json")])
    merged = _card(rita, card)
    assert (merged.text, merged.status) == (NEW_TEXT, "published")
    (conflict,) = _card_conflicts(report)
    assert conflict.startswith(f"claim conflict: card {card} of alice: changed on both sides")
    assert "ours published, theirs rated" in conflict and "our status kept" in conflict
    assert "1 conflicting" in report.summary()
    # rita's card, made of both, is the newer one now: alice's project takes it whole.
    back = import_paths(alice, [_send(rita, tmp_path, "rita", "json")])
    assert (_card(alice, card).text, _card(alice, card).status) == (NEW_TEXT, "published")
    assert not _card_conflicts(back)
    alice.close()
    rita.close()


def test_the_same_conflict_merged_the_other_way_keeps_ours_whole_and_lists_it(tmp_path: Path) -> None:
    alice, rita, card = _projects(tmp_path)
    claims.set_final_verdict(rita, card, "rita", "False")
    import_paths(alice, [_send(rita, tmp_path, "rita", "json")])
    claims.set_status(rita, card, "rita", "published")
    claims.update_card(alice, card, "alice", text=NEW_TEXT)  # alice's copy, ours here, is the newer
    report = import_paths(alice, [_send(rita, tmp_path, "rita", "json")])
    assert (_card(alice, card).text, _card(alice, card).status) == (NEW_TEXT, "rated")
    (conflict,) = _card_conflicts(report)
    assert "ours rated, theirs published" in conflict and "ours kept: a reviewer sets the status" in conflict
    alice.close()
    rita.close()


@pytest.mark.parametrize("kind", ["json", "db"])
def test_merging_the_same_file_twice_changes_nothing_the_second_time(tmp_path: Path, kind: str) -> None:
    alice, rita, card = _projects(tmp_path)
    claims.set_final_verdict(rita, card, "rita", "False")
    claims.update_card(alice, card, "alice", text=NEW_TEXT)
    sent = _send(alice, tmp_path, "alice", kind)
    first = import_paths(rita, [sent])
    assert re.search(r"cards [^;]*\b1 updated", first.summary())
    after = _rows(rita, card)
    again = import_paths(rita, [sent])
    assert _rows(rita, card) == after
    assert "updated" not in again.summary() and "added" not in again.summary(), again.summary()
    assert not _card_conflicts(again)
    alice.close()
    rita.close()
