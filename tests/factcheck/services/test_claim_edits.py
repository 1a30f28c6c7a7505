"""Undoable card edits over a real store: what an edit wrote, written back and forth."""

from __future__ import annotations

from db import Store
from db import claims as claims_db
from db import speakers as speakers_db
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
