"""The ownership rule for claim cards: a card's text, speaker and date are its maker's, a vote and a
verdict their annotator's, a final verdict the reviewer's who set it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from factcheck.core.claims import CheckworthyVote, ClaimCard, ClaimTag, Verdict, new_card
from factcheck.core.ownership import CARD_OWNED_FIELDS, owns_row, row_refusal, status_refusal

T = "2026-01-01T00:00:00.000000Z"


def test_each_row_belongs_to_who_made_it() -> None:
    card = new_card("Crime fell", "alice")
    vote = CheckworthyVote("v", card.id, "bob", "yes", "", T, T)
    verdict = Verdict("d", card.id, "bob", "True", "", (), False, "", None, T, T)
    final = Verdict("f", card.id, "rita", "True", "", (), True, "", None, T, T)
    attached = ClaimTag("t", card.id, "tag-1", "carl", T, T)
    for row, owner in ((card, "alice"), (vote, "bob"), (verdict, "bob"), (final, "rita"), (attached, "carl")):
        assert owns_row(row, owner)
        assert not owns_row(row, "mallory")
    assert {"text", "speaker", "claim_date", "appearances"} <= CARD_OWNED_FIELDS
    assert "status" not in CARD_OWNED_FIELDS  # the workflow's: status_refusal


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            new_card("Crime fell", "alice"),
            "This claim card belongs to alice; bob cannot change it. Add your vote",
        ),
        (CheckworthyVote("v", "c", "alice", "no", "", T, T), "This check-worthiness vote belongs to alice"),
        (Verdict("d", "c", "alice", "True", "", (), False, "", None, T, T), "This verdict belongs to alice"),
        (
            Verdict("f", "c", "alice", "True", "", (), True, "", None, T, T),
            "This final verdict belongs to alice",
        ),
        (ClaimTag("t", "c", "tag", "alice", T, T), "This tag's place on the card belongs to alice"),
    ],
)
def test_a_refusal_says_whose_it_is_and_what_to_do(row: object, expected: str) -> None:
    message = row_refusal(row, "bob", "change")  # type: ignore[arg-type]
    assert message.startswith(expected) and "instead" in message


def test_the_status_workflow_rule() -> None:
    new = new_card("Crime fell", "alice")
    checking = replace(new, status="checking")
    rated = replace(new, status="rated")

    def why(
        card: ClaimCard, who: str, target: str, *, reviewer: bool = False, final: bool = False
    ) -> str | None:
        return status_refusal(card, who, target, reviewer=reviewer, has_final=final)

    # new <-> checking: the maker or a reviewer, nobody else
    assert why(new, "alice", "checking") is None and why(checking, "alice", "new") is None
    assert why(new, "rita", "checking", reviewer=True) is None
    assert "only they or a reviewer" in (why(new, "bob", "checking") or "")
    # rated and published, forward and back: a reviewer only, the maker neither
    assert why(checking, "rita", "rated", reviewer=True, final=True) is None
    assert why(rated, "rita", "checking", reviewer=True, final=True) is None
    assert why(rated, "rita", "published", reviewer=True, final=True) is None
    assert why(replace(new, status="published"), "rita", "rated", reviewer=True, final=True) is None
    for card, target in ((checking, "rated"), (rated, "checking"), (rated, "new")):
        assert "Only a reviewer" in (why(card, "alice", target, final=True) or "")
    # published only with a final verdict, whoever asks
    assert "has none" in (why(rated, "rita", "published", reviewer=True, final=False) or "")
    assert why(rated, "alice", "rated") is None  # no change is no refusal


def test_a_status_refusal_names_the_step_asked_for() -> None:
    """S on a checking card told its maker that only a reviewer "moves it back from checking": a step
    back they may take. Forward it says what a reviewer does; back, from where."""
    checking = replace(new_card("Crime fell", "alice"), status="checking")
    forward = status_refusal(checking, "alice", "rated", reviewer=False, has_final=True) or ""
    assert "marks it rated" in forward and "back from checking" not in forward and "(F)" in forward
    rated = replace(checking, status="rated")
    back = status_refusal(rated, "alice", "checking", reviewer=False, has_final=True) or ""
    assert "moves it back from rated" in back and "(F)" not in back
