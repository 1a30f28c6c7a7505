"""The card rule by itself: each part of a card from the copy of the one it belongs to."""

from __future__ import annotations

from dataclasses import replace

from db.pg_tables import CLAIMS
from factcheck.core.card_merge import MAKER_PART, REVIEW_PART, merge_card, reviewer_step
from factcheck.core.claims import ClaimCard

BASE = ClaimCard(
    "c1", "Crime doubled", None, None, (), "checking", "alice", "2026-01-01T00:00:00.000000Z",
    "2026-01-01T00:00:00.000000Z",
)  # fmt: skip
NOW = "2026-06-01T00:00:00.000000Z"


def _at(card: ClaimCard, day: int, **changes: object) -> ClaimCard:
    return replace(card, updated_at=f"2026-01-{day:02d}T00:00:00.000000Z", **changes)  # type: ignore[arg-type]


def test_the_parts_are_the_ones_the_team_server_checks() -> None:
    assert set(MAKER_PART) == set(CLAIMS.owner_columns)
    assert CLAIMS.owner_or_reviewer == REVIEW_PART


def test_steps_only_a_reviewer_takes() -> None:
    assert reviewer_step("checking", "rated") and reviewer_step("published", "rated")
    assert not reviewer_step("new", "checking") and not reviewer_step("rated", "rated")


def test_the_makers_newer_text_comes_in_and_our_known_rating_stays() -> None:
    ours = _at(BASE, 2, status="rated")
    theirs = _at(BASE, 3, text="Crime rose by half")
    got = merge_card(ours, theirs, ours_knows=True, theirs_knows=False, maker_reviews=False, now=NOW)
    assert got.card is not None and got.outcome == "updated" and got.conflict is None
    assert (got.card.text, got.card.status, got.card.updated_at) == ("Crime rose by half", "rated", NOW)
    # The other way round (the maker's project merges the reviewer's copy): the same card.
    back = merge_card(theirs, ours, ours_knows=False, theirs_knows=True, maker_reviews=False, now=NOW)
    assert back.card is not None and (back.card.text, back.card.status) == ("Crime rose by half", "rated")


def test_a_step_between_new_and_checking_and_a_single_part_go_by_the_newer_copy() -> None:
    ours = _at(BASE, 2, status="new")
    theirs = _at(BASE, 3, text="Crime rose by half")  # the maker: new text and checking
    got = merge_card(ours, theirs, ours_knows=True, theirs_knows=True, maker_reviews=False, now=NOW)
    assert got.card == theirs and got.outcome == "updated"
    older = merge_card(theirs, ours, ours_knows=True, theirs_knows=True, maker_reviews=False, now=NOW)
    assert older.card is None and older.outcome == "older (ours kept)"


def test_both_parts_changed_and_the_step_cannot_be_told_is_a_conflict_with_our_status() -> None:
    ours = _at(BASE, 2, status="published")
    theirs = _at(BASE, 3, text="Crime rose by half", status="rated")
    got = merge_card(ours, theirs, ours_knows=True, theirs_knows=True, maker_reviews=False, now=NOW)
    assert got.outcome == "conflicting" and got.card is not None
    assert (got.card.text, got.card.status) == ("Crime rose by half", "published")
    assert got.conflict is not None and "changed on both sides" in got.conflict
    # A maker who reviews the card may have taken the step: the newer copy stands whole.
    whole = merge_card(ours, theirs, ours_knows=True, theirs_knows=True, maker_reviews=True, now=NOW)
    assert whole.card == theirs and whole.conflict is None


def test_equal_stamps_with_other_content_conflict_and_the_same_card_is_unchanged() -> None:
    same = merge_card(BASE, BASE, ours_knows=True, theirs_knows=True, maker_reviews=False, now=NOW)
    assert same.card is None and same.outcome == "unchanged"
    other = replace(BASE, text="Crime fell")
    got = merge_card(BASE, other, ours_knows=True, theirs_knows=True, maker_reviews=False, now=NOW)
    assert got.card is None and got.outcome == "conflicting" and "ours kept" in (got.conflict or "")


def test_a_step_back_made_after_the_rating_beside_the_makers_later_edit_keeps_both() -> None:
    """The reviewer's copy moved the rated card back (day 3, after the rating of day 2); the maker's copy,
    still rated, has the later text (day 4): the maker's text and the step both stand, either way round."""
    rated_at = "2026-01-02T00:00:00.000000Z"
    step = _at(BASE, 3, status="checking")
    edit = _at(BASE, 4, text="Crime rose by half", status="rated")
    for ours, theirs in ((step, edit), (edit, step)):
        got = merge_card(
            ours, theirs, ours_knows=True, theirs_knows=True, maker_reviews=False, now=NOW, rated_at=rated_at
        )
        assert got.conflict is None and got.card is not None, got
        assert (got.card.text, got.card.status, got.card.updated_at) == (
            "Crime rose by half",
            "checking",
            NOW,
        )
    # A copy in checking from before the rating took no step out of it: the rule cannot tell, listed.
    stale = _at(BASE, 1, status="checking")
    got = merge_card(
        edit, stale, ours_knows=True, theirs_knows=True, maker_reviews=False, now=NOW, rated_at=rated_at
    )
    assert got.conflict is not None and "changed on both sides" in got.conflict
    # Unknown rating time (no rule given): as before, a conflict.
    got = merge_card(edit, step, ours_knows=True, theirs_knows=True, maker_reviews=False, now=NOW)
    assert got.conflict is not None
