"""Claim cards in a real SQLite project: making, attaching, votes, verdicts, final verdicts, the scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store, claim_settings, claims, speakers
from db.claim_listing import list_cards, speaker_tally
from db.migrations import known_names
from factcheck.core.claims import DEFAULT_SCALE, ClaimError, Evidence, Organization, ScaleEntry
from factcheck.core.model import Document
from tests.helpers.claims import DEBATE, add_speaker, make_debate, tag


def test_a_new_project_has_the_claim_tables_and_the_default_scale(store: Store) -> None:
    assert "m008_claims" in known_names()
    assert claim_settings.scale(store) == DEFAULT_SCALE
    assert [(e.name, e.value) for e in DEFAULT_SCALE.entries] == [
        ("True", 5), ("Mostly true", 4), ("Half true", 3), ("Mostly false", 2), ("False", 1),
    ]  # fmt: skip
    assert claim_settings.organization(store) == Organization("", "")


def test_a_card_from_a_claim_tag_takes_its_quote_and_lists_the_tag(store: Store) -> None:
    doc, _ = store.add_document(Document.create(DEBATE, source="https://news.example.org/d"))
    ann = tag(store, doc, "Unemployment fell to 3.5 percent last year")
    card, links = claims.create_card(store, [ann.id], "alice")
    assert card.text == "Unemployment fell to 3.5 percent last year"
    assert (card.status, card.annotator, card.speaker) == ("new", "alice", None)
    assert [t.annotation_id for t in links] == [ann.id]
    assert claims.tag_ids(store, card.id) == [ann.id]
    assert claims.cards_of_tag(store, ann.id) == [card]
    assert claims.card(store, card.id) == card


def test_the_same_claim_in_two_articles_gathers_on_one_card(store: Store) -> None:
    one, _ = store.add_document(Document.create(DEBATE, source="https://a.example/1"))
    two, _ = store.add_document(Document.create(DEBATE + "Repeated.\n", source="https://b.example/2"))
    a = tag(store, one, "Crime doubled under my opponent's watch")
    b = tag(store, two, "Crime doubled under my opponent's watch", annotator="bob")
    card, _ = claims.create_card(store, [a.id], "alice")
    claims.attach_tag(store, card.id, b.id, "bob")
    assert claims.attach_tag(store, card.id, b.id, "bob").annotation_id == b.id  # twice: still one
    [summary] = list_cards(store)
    assert summary.tag_ids == (a.id, b.id)
    assert set(summary.document_ids) == {one.id, two.id}
    with pytest.raises(ClaimError, match="belongs to bob"):
        claims.detach_tag(store, card.id, b.id, "alice")
    claims.detach_tag(store, card.id, b.id, "bob")
    assert claims.tag_ids(store, card.id) == [a.id]


def test_only_the_maker_changes_a_cards_text_speaker_and_date(store: Store, document: Document) -> None:
    ann = tag(store, document, "crime fell by 20%")
    card, _ = claims.create_card(store, [ann.id], "alice")
    with pytest.raises(ClaimError, match="belongs to alice; bob cannot change"):
        claims.update_card(store, card.id, "bob", text="Crime fell by a fifth")
    changed = claims.update_card(
        store, card.id, "alice", text="Crime fell by 20%", claim_date="2026-02-28",
        appearances=["https://tv.example/clip"], speaker="sp-1",
    )  # fmt: skip
    assert changed.updated_at > card.updated_at
    assert claims.card(store, card.id) == changed
    assert changed.appearances == ("https://tv.example/clip",)
    for bad in ({"claim_date": "28/02/2026"}, {"appearances": ["javascript:alert(1)"]}):
        with pytest.raises(ClaimError):
            claims.update_card(store, card.id, "alice", **bad)
    assert claims.card(store, card.id) == changed  # refused: nothing changed


def test_one_vote_per_annotator_changed_in_place(store: Store, document: Document) -> None:
    card, _ = claims.create_card(store, [tag(store, document, "crime fell by 20%").id], "alice")
    first = claims.vote(store, card.id, "bob", "unsure", "needs data")
    second = claims.vote(store, card.id, "bob", "yes", "big if true")
    assert first.id == second.id
    assert [(v.annotator, v.value, v.reason) for v in claims.votes(store, card.id)] == [
        ("bob", "yes", "big if true")
    ]
    with pytest.raises(ClaimError):
        claims.vote(store, card.id, "bob", "maybe")
    claims.withdraw_vote(store, card.id, "bob")
    assert claims.votes(store, card.id) == []


def test_verdicts_per_annotator_and_a_final_verdict_by_the_reviewer(store: Store, document: Document) -> None:
    card, _ = claims.create_card(store, [tag(store, document, "crime fell by 20%").id], "alice")
    a = claims.give_verdict(
        store, card.id, "alice", "Mostly true", "close", [Evidence("https://x.example/a", "A")]
    )
    claims.give_verdict(store, card.id, "bob", "False")
    with pytest.raises(ClaimError, match="not on the project's verdict scale"):
        claims.give_verdict(store, card.id, "bob", "Pants on fire")
    with pytest.raises(ClaimError, match="belongs to alice"):
        claims.update_verdict(store, a.id, "bob", verdict="False")
    final = claims.set_final_verdict(
        store, card.id, "rita", "Half true", "both partly", review_url="https://f.example/r"
    )
    assert final.final and final.annotator == "rita"
    again = claims.set_final_verdict(store, card.id, "rita", "Mostly true")
    assert again.id == final.id
    assert claims.final_verdict(store, card.id) == again
    other = claims.set_final_verdict(store, card.id, "sam", "False")
    assert claims.final_verdict(store, card.id) == other
    assert [v.final for v in claims.verdicts(store, card.id) if v.annotator == "rita"] == [True]
    assert {v.annotator: v.verdict for v in claims.verdicts(store, card.id) if not v.final} == {
        "alice": "Mostly true", "bob": "False",
    }  # fmt: skip
    claims.withdraw_verdict(store, card.id, "sam", final=True)
    assert claims.final_verdict(store, card.id) == claims.verdicts(store, card.id)[2]
    assert claims.verdicts(store, card.id)[0].evidence == (Evidence("https://x.example/a", "A"),)
    claims.withdraw_vote(store, card.id, "nobody")  # nothing to withdraw: no error
    assert claims.give_verdict(store, card.id, "alice", "False").id == a.id  # one row per annotator


def test_the_scale_is_editable_and_a_rename_carries_the_verdicts(store: Store, document: Document) -> None:
    card, _ = claims.create_card(store, [tag(store, document, "crime fell by 20%").id], "alice")
    claims.give_verdict(store, card.id, "alice", "False")
    entries = [
        *DEFAULT_SCALE.entries[:4],
        ScaleEntry("Wrong", 1, "#D55E00"),
        ScaleEntry("Pants on fire", 0, "#000000"),
    ]
    claim_settings.set_scale(store, entries, renames={"False": "Wrong"})
    assert claim_settings.scale(store).names[-2:] == ("Wrong", "Pants on fire")
    assert claims.verdicts(store, card.id)[0].verdict == "Wrong"
    with pytest.raises(ClaimError, match="Verdicts use 'Wrong'"):
        claim_settings.set_scale(store, DEFAULT_SCALE.entries[:4])
    with pytest.raises(ClaimError, match="colour"):
        claim_settings.set_scale(store, [ScaleEntry("Wrong", 1, "red")])
    assert claim_settings.add_scale_entries(
        store, [ScaleEntry("Wrong", 1, "#000000"), ScaleEntry("Odd", 2, "#111111")]
    ) == ["Odd"]


def test_the_organization_is_a_project_setting(store: Store) -> None:
    claim_settings.set_organization(store, Organization(" Fact Desk ", "https://factdesk.example.org"))
    assert claim_settings.organization(store) == Organization("Fact Desk", "https://factdesk.example.org")
    with pytest.raises(ClaimError):
        claim_settings.set_organization(store, Organization("X", "ftp://x"))


def test_the_list_counts_filters_and_sorts(store: Store) -> None:
    debate = make_debate(store)
    cards = list_cards(store)
    assert len(cards) == 4
    first = next(s for s in cards if s.id == debate.cards[0].id)
    assert first.speaker_name == "Anna Smith"
    assert (first.votes, first.final_verdict, first.final_by) == ({"yes": 2}, "True", "rita")
    assert first.verdicts == {"alice": "True", "bob": "Mostly true"} and first.disputed
    assert [s.id for s in list_cards(store, speaker="anna smith")] == [c.id for c in debate.cards[2::-2]]
    assert [s.id for s in list_cards(store, verdict="False")] == [debate.cards[3].id, debate.cards[1].id]
    assert [s.id for s in list_cards(store, checkworthy="unsure")] == [debate.cards[1].id]
    assert list_cards(store, document_id=debate.doc.id, order="oldest")[0].id == debate.cards[0].id
    claims.vote(store, debate.cards[1].id, "carl", "yes")
    claims.vote(store, debate.cards[1].id, "dan", "yes")
    assert list_cards(store, order="most_checkworthy")[0].id == debate.cards[1].id
    assert speaker_tally(store, "sp-smith") == [("Mostly false", 1), ("True", 1)]


def test_a_merged_speaker_resolves_to_the_one_it_was_merged_into(store: Store) -> None:
    add_speaker(store, "a", "Rex Tillerson")
    add_speaker(store, "b", "R. Tillerson")
    speakers.merge_speakers(store, "a", "b")
    assert claim_settings.speaker_name(store, "b") == "Rex Tillerson"
    assert claim_settings.speaker_name(store, "unknown-id") == "unknown-id"


def test_an_unknown_speaker_id_is_shown_as_it_is(store: Store) -> None:
    assert claim_settings.speakers(store) == {}
    assert claim_settings.speaker_name(store, "sp-9") == "sp-9"
    store._db.execute("DROP TABLE speakers")  # a project of a build without speakers
    assert claim_settings.speakers(store) == {}


def test_an_existing_project_gains_the_claim_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store.open(path) as s:
        s._db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_claims'")
        for table in ("verdicts", "checkworthy", "claim_tags", "claims", "verdict_scale", "settings"):
            s._db.execute(f"DROP TABLE {table}")
    with Store.open(path) as s:
        assert claim_settings.scale(s) == DEFAULT_SCALE
    assert list(tmp_path.glob("old*m008*")), "a backup is made before migrating"


def test_only_live_claim_tags_make_or_join_a_card(store: Store, document: Document) -> None:
    denial = tag(store, document, "We never said that", label="denial")
    with pytest.raises(ClaimError, match="this one is a denial tag"):
        claims.create_card(store, [denial.id], "alice")
    claim = tag(store, document, "crime fell by 20%")
    card, _ = claims.create_card(store, [claim.id], "alice")
    with pytest.raises(ClaimError, match="this one is a denial tag"):
        claims.attach_tag(store, card.id, denial.id, "alice")
    other = tag(store, document, "Minister")
    store.delete_annotation(other.id)
    with pytest.raises(ClaimError, match="deleted"):
        claims.attach_tag(store, card.id, other.id, "alice")
    with pytest.raises(ClaimError, match="at least one claim tag"):
        claims.create_card(store, [], "alice")
    assert claims.cards(store) == [card]
