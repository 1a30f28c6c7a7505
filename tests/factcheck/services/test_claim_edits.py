"""Undoable card edits over a real store: what an edit wrote, written back and forth."""

from __future__ import annotations

import pytest

from db import Store
from db import claims as claims_db
from db import speakers as speakers_db
from factcheck.core.claims import ClaimError
from factcheck.core.speakers import new_speaker
from factcheck.services import claim_edits as edits
from tests.helpers.claims import make_debate


def test_an_edit_notes_its_rows_and_undo_writes_them_back(store: Store) -> None:
    debate = make_debate(store)
    card = debate.cards[3]
    change = edits.act(store, card.id, edits.voting(card.id, "rita", "no", "an opinion"))
    assert change.card_id == card.id
    (made,) = change.after
    assert (made.annotator, made.value, made.deleted_at) == ("rita", "no", None)  # type: ignore[union-attr]
    (gone,) = change.before
    assert gone.id == made.id and gone.deleted_at is not None  # a new row goes back as a tombstone
    edits.put_back(store, change.before)
    assert [v.annotator for v in claims_db.votes(store, card.id)] == ["alice", "bob"]
    edits.put_back(store, change.after)
    assert sorted(v.annotator for v in claims_db.votes(store, card.id)) == ["alice", "bob", "rita"]


def test_another_reviewers_final_verdict_is_undone_to_the_first(store: Store) -> None:
    debate = make_debate(store)
    card = debate.cards[0]  # rita's final verdict: True
    change = edits.act(store, card.id, edits.judging(card.id, "sam", "Mostly true", "", (), final=True))
    assert claims_db.final_verdict(store, card.id).annotator == "sam"  # type: ignore[union-attr]
    assert {v.annotator for v in change.after} == {"sam"}  # the newest final wins; rita's stays
    edits.put_back(store, change.before)
    final = claims_db.final_verdict(store, card.id)
    assert final is not None and (final.annotator, final.verdict) == ("rita", "True")


def test_a_new_card_with_a_new_speaker(store: Store) -> None:
    debate = make_debate(store)
    ann = store.annotation(claims_db.tag_ids(store, debate.cards[0].id)[0])
    assert ann is not None
    roe = new_speaker("Jane Roe")
    action = edits.making(
        ann.id, "alice", text="Jobs: 3.5%.", speaker=roe.id, claim_date=None, appearances=()
    )
    change = edits.act(store, None, action, roe)
    card = claims_db.card(store, change.card_id)
    assert card is not None and card.speaker == roe.id
    assert speakers_db.speaker(store, roe.id) is not None
    edits.put_back(store, change.before)
    assert claims_db.card(store, change.card_id).deleted  # type: ignore[union-attr]


def test_a_summary_of_one_card_is_the_lists(store: Store) -> None:
    from db.claim_listing import list_cards

    make_debate(store)
    for row in list_cards(store):
        assert edits.summary(store, row.id) == row


def test_a_final_verdict_rates_the_card_in_the_same_undoable_step(store: Store) -> None:
    debate = make_debate(store)
    card = debate.cards[3]  # verdicts by alice and bob, no final one: new
    assert card.status == "new"
    edits.act(store, card.id, edits.status_change(card.id, "alice", "checking"))
    change = edits.act(store, card.id, edits.judging(card.id, "rita", "False", "", (), final=True))
    assert claims_db.require_card(store, card.id).status == "rated"
    assert {type(r).__name__ for r in change.after} == {"ClaimCard", "Verdict"}
    edits.put_back(store, change.before)  # undo: no final verdict, the card checking again
    assert claims_db.final_verdict(store, card.id) is None
    assert claims_db.require_card(store, card.id).status == "checking"
    edits.put_back(store, change.after)  # redo
    assert claims_db.require_card(store, card.id).status == "rated"


def test_a_reviewer_moves_the_status_forward_and_back_the_maker_not_past_checking(store: Store) -> None:
    debate = make_debate(store)
    card = debate.cards[0]  # alice's card, rated by rita's final verdict
    assert card.status == "rated"
    for target in ("published", "rated", "checking", "new", "published"):
        edits.act(store, card.id, edits.status_change(card.id, "rita", target))
        assert claims_db.require_card(store, card.id).status == target
    with pytest.raises(ClaimError, match="Only a reviewer"):
        edits.act(store, card.id, edits.status_change(card.id, "alice", "checking"))
    other = debate.cards[3]
    with pytest.raises(ClaimError, match="only they or a reviewer"):
        edits.act(store, other.id, edits.status_change(other.id, "bob", "checking"))
    with pytest.raises(ClaimError, match="has none"):
        edits.act(store, other.id, edits.status_change(other.id, "alice", "published"))
    assert claims_db.require_card(store, other.id).status == "new"  # refused: nothing changed


def test_published_needs_a_live_final_verdict(store: Store) -> None:
    debate = make_debate(store)
    card = debate.cards[0]
    claims_db.withdraw_verdict(store, card.id, "rita", final=True)
    with pytest.raises(ClaimError, match="has none"):
        claims_db.set_status(store, card.id, "rita", "published")
    claims_db.set_status(store, card.id, "rita", "checking")  # still its reviewer: moves it back
    assert claims_db.require_card(store, card.id).status == "checking"
