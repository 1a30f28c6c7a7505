"""The card list's reads: through the claim indexes, and lazily for a window (votes and verdicts of the
rows it shows first, all at once when many are asked)."""

from __future__ import annotations

import pytest

from db import Store, claims
from db import claim_listing as listing
from db.claim_listing import Decisions, documents_of, list_cards, read_decisions, summary
from db.claim_members import claim_label_sql
from db.migrations import known_names
from factcheck.core.claims import ClaimCard
from factcheck.core.model import Document
from tests.helpers.claims import DEBATE, make_debate, tag


def _plan(store: Store, query: str, params: list[str]) -> str:
    return " | ".join(str(r[-1]) for r in store._db.execute(f"EXPLAIN QUERY PLAN {query}", params))


@pytest.mark.parametrize("card_id", [None, "some-card"])
def test_the_list_reads_each_table_from_its_index_alone_in_card_order(
    store: Store, card_id: str | None
) -> None:
    assert "m015_claim_member_labels" in known_names()
    where, params = ("AND t.claim_id = ?", [card_id]) if card_id else ("", [])
    label, label_params = claim_label_sql(store, "+a.label")
    # One read gives the live claim tags and the dormant members (told apart by the label condition).
    plan = _plan(store, listing._TAGS.format(label, where), label_params + params)
    assert "COVERING INDEX idx_claim_tags_listing" in plan
    assert "COVERING INDEX idx_annotations_claim_listing" in plan
    assert "TEMP B-TREE" not in plan
    where = where.replace("t.claim_id", "claim_id")
    for query, index in (
        (listing._VOTES, "idx_checkworthy_listing"),
        (listing._GIVEN, "idx_verdicts_listing"),
        (listing._FINALS, "idx_verdicts_listing"),
    ):
        plan = _plan(store, query.format(where), params)
        assert f"COVERING INDEX {index}" in plan
        assert "TEMP B-TREE" not in plan  # no sort: the index gives each card's rows in order


def test_a_lazy_list_reads_votes_and_verdicts_of_the_cards_asked_then_all(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_debate(store)
    eager = {s.id: s for s in list_cards(store)}
    asked: list[str | None] = []

    def reader(card_id: str | None) -> Decisions:
        asked.append(card_id)
        return read_decisions(store, card_id)

    monkeypatch.setattr(listing, "ONE_BY_ONE", 2)
    lazy = list_cards(store, order=None, later=reader)
    assert asked == []  # the list itself reads no vote and no verdict
    first, second, third, _fourth = lazy
    mine = eager[first.id]
    assert (first.tag_count, first.text, first.speaker_name) == (mine.tag_count, mine.text, mine.speaker_name)
    assert asked == []
    assert first.votes == eager[first.id].votes and first.final_verdict == eager[first.id].final_verdict
    assert second.verdicts == eager[second.id].verdicts
    assert first.disputed == eager[first.id].disputed
    assert asked == [first.id, second.id]  # one by one, each once
    assert third.final_by == eager[third.id].final_by  # the third: all at once
    assert asked == [first.id, second.id, None]
    assert {s.id: s for s in lazy} == eager
    assert asked == [first.id, second.id, None]


def test_a_summary_equals_the_lists_whichever_listing_it_came_from(store: Store) -> None:
    debate = make_debate(store)
    listed = list_cards(store)
    for row in listed:
        alone = summary(store, row.id)
        assert alone == row and hash(alone) == hash(row)
        assert not (alone != row)  # noqa: SIM202 (the != of a named tuple is its own)
    before = summary(store, debate.cards[1].id)
    claims.vote(store, debate.cards[1].id, "carl", "no")
    after = summary(store, debate.cards[1].id)
    assert after is not None and after != before and after.votes == {"yes": 1, "unsure": 1, "no": 1}
    claims.delete_card(store, debate.cards[1].id, "alice")
    assert summary(store, debate.cards[1].id) is None


def test_a_cards_tags_are_its_live_ones_in_the_order_they_were_attached(store: Store) -> None:
    one, _ = store.add_document(Document.create(DEBATE, source="https://a.example/1"))
    two, _ = store.add_document(Document.create(DEBATE + "Again.\n", source="https://b.example/2"))
    three, _ = store.add_document(Document.create(DEBATE + "Thrice.\n", source="https://c.example/3"))
    phrase = "Crime doubled under my opponent's watch"
    a, b, c = tag(store, one, phrase), tag(store, two, phrase), tag(store, three, phrase)
    card, _ = claims.create_card(store, [a.id], "alice")
    claims.attach_tag(store, card.id, b.id, "alice")
    claims.attach_tag(store, card.id, c.id, "alice")
    other, _ = claims.create_card(store, [c.id], "bob")
    store.delete_annotation(b.id)  # a deleted tag leaves its cards
    rows = {s.id: s for s in list_cards(store)}
    assert rows[card.id].tag_ids == (a.id, c.id) and rows[card.id].tag_count == 2
    assert rows[card.id].document_ids == (one.id, three.id)
    assert rows[other.id].tag_ids == (c.id,)
    # The documents of some cards, from the list and from one card read alone.
    assert documents_of([rows[other.id]]) == {three.id}
    assert documents_of([rows[card.id], summary(store, other.id)]) == {one.id, three.id}  # type: ignore[list-item]
    assert documents_of([]) == set()


def test_one_read_of_the_tags_tells_claim_tags_from_dormant_members(store: Store) -> None:
    debate = make_debate(store)
    first, second = debate.cards[0], debate.cards[1]
    extra = [tag(store, debate.doc, phrase, annotator="alice") for phrase in ("SMITH", "JONES", "Wages")]
    for ann in extra:
        claims.attach_tag(store, first.id, ann.id, "alice")
    for ann_id in (extra[0].id, extra[2].id, *claims.tag_ids(store, second.id)):
        store.update_annotation(ann_id, label="denial")
    attached = sorted(claims.claim_tags(store, first.id), key=lambda t: (t.created_at, t.id))
    live = {first.id: [t.annotation_id for t in attached if t.annotation_id != extra[0].id
                       and t.annotation_id != extra[2].id]}  # fmt: skip
    rows = {s.id: s for s in list_cards(store)}
    mine = rows[first.id]
    assert list(mine.tag_ids) == live[first.id] and mine.tag_count == 2 and not mine.no_claim_tag
    assert mine.dormant_ids == tuple(t.annotation_id for t in attached if t.annotation_id in
                                     (extra[0].id, extra[2].id))  # fmt: skip
    theirs = rows[second.id]
    assert (theirs.tag_ids, theirs.tag_count, theirs.no_claim_tag) == ((), 0, True)
    assert theirs.dormant_ids == tuple(claims.tag_ids(store, second.id))
    untouched = rows[debate.cards[2].id]
    assert untouched.dormant_ids == () and untouched.tag_count == 1
    for card_id, row in rows.items():  # the whole list and one card's read agree
        assert summary(store, card_id) == row


def test_document_places_gives_every_documents_title_and_source(store: Store) -> None:
    debate = make_debate(store)
    other, _ = store.add_document(Document.create("Another text.", title="Notes"))
    places = listing.document_places(store)
    assert places == {debate.doc.id: (debate.doc.title, debate.doc.source), other.id: ("Notes", "")}
    assert places == {d.id: (d.title, d.source) for d in store.document_summaries()}


def test_newest_first_breaks_ties_of_created_at_by_id_and_oldest_is_its_reverse(store: Store) -> None:
    stamps = ("2026-03-01T10:00:00Z", "2026-03-02T10:00:00Z", "2026-03-01T10:00:00Z")
    made = [
        ClaimCard(f"card-{n}", f"Claim {n}", None, None, (), "checking", "ana", stamps[n % 3], stamps[n % 3])
        for n in (7, 3, 9, 1, 5, 4, 8)
    ]
    claims.put_cards(store, made)
    expected = [c.id for c in sorted(made, key=lambda c: (c.created_at, c.id), reverse=True)]
    assert [s.id for s in list_cards(store)] == expected
    assert [s.id for s in list_cards(store, order="oldest")] == expected[::-1]
    assert [s.id for s in listing.by_newest(list_cards(store, order=None), reverse=False)] == expected[::-1]
