"""A claim tag relabelled since stays on its card, dormant: the rule (core), the store's list and
workflow (db), each writer of the cards (formats); relabelling it back brings it back live."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from db import Store, claims
from db.claim_listing import appearances_of, first_appearances, list_cards, summary
from db.labels import rename_label
from factcheck.core.card_members import (
    NO_CLAIM_TAG,
    dormant_member,
    dormant_text,
    is_claim_label,
    live_member,
)
from factcheck.core.claims import ClaimError
from factcheck.services import claim_edits as edits
from factcheck.services.claim_edits import detail
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.claims import Debate, make_debate, tag

ROLES = {"claim": "content", "denial": "content", "source": "source", "cue": "cue"}


def test_the_rule_a_claim_label_and_a_dormant_member() -> None:
    assert is_claim_label("claim", ROLES) and not is_claim_label("denial", ROLES)
    # A project without a "claim" label: any content label (one the scheme does not know too).
    without = {"assertion": "content", "source": "source"}
    assert is_claim_label("assertion", without) and is_claim_label("unknown", without)
    assert not is_claim_label("source", without)
    assert dormant_text("Crime doubled", "denial") == "“Crime doubled”, a denial tag since"
    assert NO_CLAIM_TAG == "no claim tag: add one"


@pytest.fixture
def debate(store: Store) -> Debate:
    return make_debate(store)


def _relabel(store: Store, ann_id: str, label: str) -> None:
    store.update_annotation(ann_id, label=label)


def test_a_relabelled_tag_stays_on_the_card_as_a_dormant_member_until_relabelled_back(
    store: Store, debate: Debate
) -> None:
    card = debate.cards[0]
    (ann_id,) = claims.tag_ids(store, card.id)
    roles = {label.name: label.role for label in store.labels()}
    _relabel(store, ann_id, "denial")
    ann = store.annotation(ann_id)
    assert dormant_member(ann, roles) and not live_member(ann, roles)
    assert claims.tag_ids(store, card.id) == [ann_id]  # still on the card: the membership is kept
    row = summary(store, card.id)
    assert row is not None
    assert (row.tag_ids, row.tag_count, row.dormant_ids, row.no_claim_tag) == ((), 0, (ann_id,), True)
    assert row.document_ids == ()
    assert card.id not in first_appearances(store)
    assert appearances_of(store)[card.id] == []  # the debate's URL came from the claim tag only
    assert [s.id for s in list_cards(store, document_id=debate.doc.id)].count(card.id) == 0
    opened = detail(store, card.id, row, {debate.doc.id: (debate.doc.title, debate.doc.source)})
    assert opened is not None
    (member,) = [t for t in opened.tags if t.relation == "claim"]
    assert member.dormant and member.annotation is not None and opened.sources == ()
    # Relabelled back: live again, nothing else touched.
    _relabel(store, ann_id, "claim")
    row = summary(store, card.id)
    assert row is not None and (row.tag_ids, row.dormant_ids, row.no_claim_tag) == ((ann_id,), (), False)
    assert appearances_of(store)[card.id] == [debate.doc.source]


def test_only_putting_a_tag_on_a_card_anew_needs_a_live_claim_tag(store: Store, debate: Debate) -> None:
    card = debate.cards[0]
    (ann_id,) = claims.tag_ids(store, card.id)
    _relabel(store, ann_id, "denial")
    other = debate.cards[1]
    with pytest.raises(ClaimError, match="this one is a denial tag"):
        claims.attach_tag(store, other.id, ann_id, "alice")
    with pytest.raises(ClaimError, match="this one is a denial tag"):
        claims.create_card(store, [ann_id], "alice")
    # On its own card it stays, and the card's other writes go on (a vote, a verdict, its text).
    claims.vote(store, card.id, "bob", "yes")
    claims.update_card(store, card.id, "alice", text="Unemployment fell")
    assert claims.tag_ids(store, card.id) == [ann_id]


def test_a_card_whose_tags_are_all_dormant_cannot_be_published(store: Store, debate: Debate) -> None:
    card = debate.cards[0]  # rated by rita, with her final verdict
    (ann_id,) = claims.tag_ids(store, card.id)
    _relabel(store, ann_id, "characterization")
    with pytest.raises(ClaimError, match="has no claim tag now"):
        claims.set_status(store, card.id, "rita", "published")
    assert claims.require_card(store, card.id).status == "rated"
    _relabel(store, ann_id, "claim")
    claims.set_status(store, card.id, "rita", "published")
    assert claims.require_card(store, card.id).status == "published"


def _csv_rows(store: Store, path: Path) -> dict[str, dict[str, str]]:
    export(store, "claims-csv", path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["claim_id"]: r for r in csv.DictReader(fh)}


def _reviewed(store: Store, path: Path) -> dict[str, dict[str, Any]]:
    export(store, "claimreview", path)
    reviews: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return {r["claimReviewed"]: r for r in reviews}


def test_no_writer_gives_a_dormant_member_as_the_claim_and_json_keeps_the_membership(
    store: Store, debate: Debate, tmp_path: Path
) -> None:
    first, second = debate.cards[0], debate.cards[1]
    (dormant_id,) = claims.tag_ids(store, first.id)
    # The second card gets a second claim tag, then loses its first one to a relabel.
    (old_id,) = claims.tag_ids(store, second.id)
    extra = tag(store, debate.doc, "Our city built 12,000 new homes")
    claims.attach_tag(store, second.id, extra.id, "alice")
    before = _reviewed(store, tmp_path / "before.json")
    assert "appearance" in before[first.text]["itemReviewed"]
    _relabel(store, dormant_id, "denial")
    _relabel(store, old_id, "denial")
    # ClaimReview: a card with no claim tag is no review; the other keeps its live tag's appearance.
    reviews = _reviewed(store, tmp_path / "reviews.json")
    assert first.text not in reviews and second.text in reviews
    assert reviews[second.text]["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "url": debate.doc.source}
    ]
    # The claims CSV: the count and documents are of live claim tags only.
    rows = _csv_rows(store, tmp_path / "cards.csv")
    assert (rows[first.id]["tags"], rows[first.id]["documents"]) == ("0", "")
    assert (rows[second.id]["tags"], rows[second.id]["documents"]) == ("1", debate.doc.title)
    # The JSON project file keeps the membership (the tag's own label says it is dormant): exact trip.
    export(store, "json", tmp_path / "project.json")
    data = json.loads((tmp_path / "project.json").read_text(encoding="utf-8"))
    card = next(c for c in data["claims"] if c["id"] == first.id)
    assert card["tags"] == [dormant_id]
    with Store.open(tmp_path / "fresh.db") as fresh:
        import_paths(fresh, [tmp_path / "project.json"])
        assert claims.export_rows(fresh) == claims.export_rows(store)
        row = summary(fresh, first.id)
        assert row is not None and row.dormant_ids == (dormant_id,) and row.no_claim_tag
        assert fresh.annotation(dormant_id).label == "denial"  # type: ignore[union-attr]
        # JSONL (its documents must be in the project first) says the same: nothing to change.
        export(store, "jsonl", tmp_path / "project.jsonl")
        import_paths(fresh, [tmp_path / "project.jsonl"])
        assert claims.export_rows(fresh) == claims.export_rows(store)


def test_a_project_without_a_claim_label_takes_any_content_label(store: Store, debate: Debate) -> None:
    rename_label(store, "claim", "assertion")  # no "claim" label now: every content label gathers claims
    card = debate.cards[0]
    (ann_id,) = claims.tag_ids(store, card.id)
    _relabel(store, ann_id, "denial")
    row = summary(store, card.id)
    assert row is not None and (row.tag_ids, row.dormant_ids) == ((ann_id,), ())
    _relabel(store, ann_id, "source")  # not a content label: dormant
    row = summary(store, card.id)
    assert row is not None and row.dormant_ids == (ann_id,) and row.no_claim_tag


def test_redoing_a_publication_is_refused_while_the_cards_tags_are_all_dormant(
    store: Store, debate: Debate
) -> None:
    card = debate.cards[0]
    (ann_id,) = claims.tag_ids(store, card.id)
    change = edits.act(store, card.id, edits.status_change(card.id, "rita", "published"))
    edits.put_back(store, change.before, was=change.after)  # undone: rated
    _relabel(store, ann_id, "denial")
    with pytest.raises(ClaimError, match="has no claim tag now"):
        edits.put_back(store, change.after, was=change.before)  # redo
    assert claims.require_card(store, card.id).status == "rated"
    _relabel(store, ann_id, "claim")
    edits.put_back(store, change.after, was=change.before)
    assert claims.require_card(store, card.id).status == "published"
