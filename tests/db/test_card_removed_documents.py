"""A claim card whose tags all went with a removed document: the card stays (its votes and verdicts are
the team's work, and undoing the removal brings its tags back), shown as a card with no claim tag, as one
whose tags were all relabelled since is (factcheck.core.card_members): in the list and `factcheck claims`
("no claim tag: add one", 0 tags), in the claims CSV (0 tags, no document), never in ClaimReview (it
cites no appearance), and it cannot be published. Restoring the document makes it whole again."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from db import Store, claims
from db.claim_listing import list_cards, summary
from db.documents import remove_document, restore_document
from factcheck.cli import main
from factcheck.core.claims import ClaimError
from factcheck.core.model import Document
from factcheck.services.exporting import export
from tests.helpers.claims import Debate, make_debate, tag


def _reviewed(store: Store, path: Path) -> list[str]:
    export(store, "claimreview", path)
    return sorted(r["claimReviewed"] for r in json.loads(path.read_text(encoding="utf-8")))


def _csv_rows(store: Store, path: Path) -> dict[str, dict[str, str]]:
    export(store, "claims-csv", path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["claim_id"]: r for r in csv.DictReader(fh)}


def test_a_card_whose_document_was_removed(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(db_path) as store:
        debate: Debate = make_debate(store)
        other, _ = store.add_document(Document.create("The mayor said taxes never rose.", title="Taxes"))
        kept, _ = claims.create_card(store, [tag(store, other, "taxes never rose").id], "alice")
        rated = debate.cards[0]  # with rita's final verdict
        before = _reviewed(store, tmp_path / "before.json")
        assert rated.text in before
        removed = remove_document(store, debate.doc.id, "alice")

        row = summary(store, rated.id)
        assert row is not None and row.tag_count == 0 and row.no_claim_tag
        assert row.gone_ids == tuple(claims.tag_ids(store, rated.id)) and row.document_ids == ()
        mine = summary(store, kept.id)
        assert mine is not None and mine.tag_count == 1 and not mine.no_claim_tag and mine.gone_ids == ()
        assert {s.id for s in list_cards(store)} == {*(c.id for c in debate.cards), kept.id}  # still listed
        assert _reviewed(store, tmp_path / "after.json") == []  # no claim to review
        rows = _csv_rows(store, tmp_path / "cards.csv")
        assert (rows[rated.id]["tags"], rows[rated.id]["documents"]) == ("0", "")
        with pytest.raises(ClaimError, match="has no claim tag now"):
            claims.set_status(store, rated.id, "rita", "published")

    assert main(["--db", str(db_path), "claims"]) == 0
    out = capsys.readouterr().out
    assert out.count("(no claim tag: add one)") == len(debate.cards)
    assert main(["--db", str(db_path), "claims", "--format", "json"]) == 0
    listed = {c["id"]: c for c in json.loads(capsys.readouterr().out)}
    assert listed[rated.id]["tags"] == [] and listed[rated.id]["removed_tags"] == list(row.gone_ids)

    with Store.open(db_path) as store:
        restore_document(store, removed)  # the removal's undo
        back = summary(store, rated.id)
        assert back is not None and back.tag_count == 1 and not back.no_claim_tag and back.gone_ids == ()
        assert _reviewed(store, tmp_path / "again.json") == before
