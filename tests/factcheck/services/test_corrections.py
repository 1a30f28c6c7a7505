"""A correction (alice's tag, bob's rejected as corrected, a `corrects` link between them) keeps the
figures honest and travels: agreement counts each annotator's own decision, the review lists the pair
once, and the link survives a JSON export imported elsewhere and a merge of databases, as alice's."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store, links
from db.corrections import apply_correction, undo_correction
from factcheck.core.agreement import AgreementRow
from factcheck.core.disagreements import find_disagreements
from factcheck.core.errors import StructureError
from factcheck.core.model import Annotation, Document
from factcheck.core.ownership import correction, correction_link
from factcheck.core.spans import new_annotation
from factcheck.services.agreement import store_agreement
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from factcheck.services.structure_agreement import structure_agreement


def _tag(store: Store, doc: Document, words: str, label: str, who: str) -> Annotation:
    s = doc.text.index(words)
    return store.add_annotation(new_annotation(doc, s, s + len(words), label, who), doc.text)


@pytest.fixture
def corrected(store: Store, document: Document) -> tuple[Annotation, Annotation]:
    """bob tags "crime fell" a claim and alice corrects it into a denial; both tag "Roe denied it" a
    denial. (bob's original as stored, alice's correction)."""
    bob = _tag(store, document, "crime fell", "claim", "bob")
    for who in ("alice", "bob"):
        _tag(store, document, "Roe denied it", "denial", who)
    new, rejected = correction(bob, document, "alice", "denial")
    mine, _, _ = apply_correction(store, new, rejected, correction_link(new, bob), document.text)
    return bob, mine


def _value(rows: list[AgreementRow], label: str | None, measure: str) -> float | None:
    (row,) = [r for r in rows if r.document is None and r.label == label and r.measure == measure]
    assert (row.annotator_a, row.annotator_b) == ("alice", "bob")
    return row.value


def test_agreement_counts_bobs_rejected_tag_and_alices_correction_as_their_own_decisions(
    store: Store, corrected: tuple[Annotation, Annotation]
) -> None:
    # Agreement leaves out deleted and orphaned tags only: bob's claim, rejected as corrected, is still
    # his reading, and alice's denial hers. They agree on "Roe denied it" and not on "crime fell".
    rows = store_agreement(store)
    assert _value(rows, None, "f1_exact") == pytest.approx(2 * 1 / (2 + 2))
    assert _value(rows, "claim", "f1_exact") == 0.0  # bob's claim counts (None if it were left out)
    assert _value(rows, "denial", "f1_exact") == pytest.approx(2 * 1 / (2 + 1))
    # The corrects link is a review act, not a link to agree on: no "corrects" row.
    assert not [r for r in structure_agreement(store) if r.label == "corrects"]


def test_the_review_lists_the_pair_once(store: Store, corrected: tuple[Annotation, Annotation]) -> None:
    bob, mine = corrected
    found = find_disagreements(store.annotations())
    involving = [d for d in found if bob.id in d.annotation_ids or mine.id in d.annotation_ids]
    assert [(d.kind, set(d.annotation_ids)) for d in involving] == [("label", {bob.id, mine.id})]


def test_a_correction_is_one_transaction(store: Store, document: Document) -> None:
    bob = _tag(store, document, "crime fell", "claim", "bob")
    new, rejected = correction(bob, document, "alice", "denial")
    store.delete_annotation(bob.id)  # bob deleted it meanwhile (another window): the link cannot be made
    with pytest.raises(StructureError):
        apply_correction(store, new, rejected, correction_link(new, bob), document.text)
    assert store.annotation(new.id) is None  # no half correction: no tag of alice's, bob's untouched
    after = store.annotation(bob.id)
    assert after is not None and after.status is None and links.links(store) == []


def _link_of(store: Store) -> tuple[str, str, str, str]:
    (link,) = links.links(store)
    return link.type, link.from_id, link.to_id, link.annotator


def test_the_link_survives_a_json_export_imported_into_another_project(
    store: Store, corrected: tuple[Annotation, Annotation], tmp_path: Path
) -> None:
    bob, mine = corrected
    out = tmp_path / "alice.json"
    export(store, "json", out)
    other = Store.open(tmp_path / "carol.db")
    try:
        import_paths(other, [out], annotator="carol")
        assert _link_of(other) == ("corrects", mine.id, bob.id, "alice")  # alice's, whoever imports
        theirs = other.annotation(bob.id)
        assert theirs is not None and (theirs.annotator, theirs.status, theirs.reason) == (
            "bob",
            "rejected",
            "corrected by alice",
        )
        assert "corrects" in [t.name for t in links.link_types(other)]
    finally:
        other.close()


def test_the_link_and_its_undo_travel_by_merging_databases(
    store: Store, corrected: tuple[Annotation, Annotation], db_path: Path, tmp_path: Path
) -> None:
    bob, mine = corrected
    team = Store.open(tmp_path / "team.db")
    try:
        import_paths(team, [db_path], annotator="dana")
        assert _link_of(team) == ("corrects", mine.id, bob.id, "alice")

        _, _, reverted = undo_correction(
            store, mine.id, bob
        )  # alice undoes it in her project; the team merges again
        assert reverted
        import_paths(team, [db_path], annotator="dana")
        assert links.links(team) == [] and [lk.deleted for lk in links.links(team, include_deleted=True)] == [
            True
        ]
        merged = team.annotation(bob.id)
        assert merged is not None and merged.status is None  # the decision went with the undo
        gone = team.annotation(mine.id)
        assert gone is not None and gone.deleted
    finally:
        team.close()
