"""Disagreements compare discontinuous tags by their pieces: same pieces match, other pieces (even over
one envelope) are a boundary disagreement, and a tag in another's gap does not overlap it."""

from __future__ import annotations

from dataclasses import replace

from db import Store, attribution
from factcheck.core.curation import document_state
from factcheck.core.disagreements import find_disagreements
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.helpers.review import set_review

TEXT = "The economy, he said, is booming. Prices rose.\n"
DOC = Document.create(TEXT, title="economy")
PIECES = ((0, 11), (22, 32))  # "The economy" … "is booming"


def tag(
    who: str, label: str, start: int, end: int, fragments: tuple[tuple[int, int], ...] = ()
) -> Annotation:
    return replace(new_annotation(DOC, start, end, label, who), fragments=fragments)


def test_same_pieces_match() -> None:
    assert find_disagreements([tag("ana", "claim", 0, 32, PIECES), tag("bo", "claim", 0, 32, PIECES)]) == []


def test_pieces_against_their_envelope_in_one_piece_is_a_boundary_disagreement() -> None:
    (found,) = find_disagreements([tag("ana", "claim", 0, 32, PIECES), tag("bo", "claim", 0, 32)])
    assert (found.kind, found.start, found.end) == ("boundary", 0, 32)
    assert found.annotators == ("ana", "bo")
    assert found.description == "claim pieces differ: ana 0–11 and 22–32; bo 0–32 in one piece"


def test_different_pieces_over_one_envelope_are_a_boundary_disagreement() -> None:
    (found,) = find_disagreements(
        [tag("ana", "claim", 0, 32, PIECES), tag("bo", "claim", 0, 32, ((0, 3), (22, 32)))]
    )
    assert found.kind == "boundary"
    assert found.description == "claim pieces differ: ana 0–11 and 22–32; bo 0–3 and 22–32"


def test_same_pieces_with_other_labels_is_a_label_disagreement_quoting_the_pieces() -> None:
    (found,) = find_disagreements([tag("ana", "claim", 0, 32, PIECES), tag("bo", "denial", 0, 32, PIECES)])
    assert found.kind == "label"
    assert found.description == "“The economy … is booming”: claim (ana) vs denial (bo)"


def test_other_label_over_the_envelope_is_label_and_boundary() -> None:
    (found,) = find_disagreements([tag("ana", "claim", 0, 32, PIECES), tag("bo", "denial", 0, 32)])
    assert found.kind == "label_boundary"
    assert "claim (ana 0–11 and 22–32) vs denial (bo 0–32)" in found.description


def test_a_tag_in_the_gap_does_not_overlap_the_pieces() -> None:
    # bo tagged " he said" (13-20), between ana's pieces: nobody shares a character with anybody
    found = find_disagreements([tag("ana", "claim", 0, 32, PIECES), tag("bo", "claim", 13, 20)])
    assert [(d.kind, d.annotators) for d in found] == [("only_one", ("ana",)), ("only_one", ("bo",))]
    assert found[0].description == "only ana tagged “The economy … is booming” as claim"


def test_from_a_real_store_and_the_review_state(store: Store) -> None:
    doc, _ = store.add_document(Document.create(TEXT, title="economy"))
    for who in ("ana", "bo"):
        t = store.add_annotation(new_annotation(doc, 0, 11, "claim", who))
        attribution.set_pieces(store, t.id, list(PIECES))
    carol = store.add_annotation(new_annotation(doc, 0, 32, "claim", "carol"))
    found = find_disagreements(store.annotations(doc.id))
    assert [d.kind for d in found] == ["boundary"] and found[0].annotators == ("ana", "bo", "carol")
    set_review(store, carol.id, "rejected", "rita")
    assert document_state(store.annotations(doc.id), False).open == 1  # ana's and bo's still undecided
