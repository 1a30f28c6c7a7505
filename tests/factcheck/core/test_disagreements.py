"""The disagreement finder: each kind, what is not a disagreement, ordering."""

from __future__ import annotations

from dataclasses import replace

from db import Store
from factcheck.core.disagreements import Disagreement, find_disagreements
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation

TEXT = "The minister said crime fell by 20% last year, but critics called that figure misleading. " * 3


def tag(doc: Document, who: str, label: str, start: int, end: int) -> Annotation:
    return new_annotation(doc, start, end, label, who, trim_whitespace=False)


DOC = Document.create(TEXT, title="t")


def kinds(found: list[Disagreement]) -> list[tuple[str, int, int]]:
    return [(d.kind, d.start, d.end) for d in found]


def test_exact_agreement_is_no_disagreement() -> None:
    a = tag(DOC, "ana", "claim", 4, 12)
    b = tag(DOC, "ben", "claim", 4, 12)
    assert find_disagreements([a, b]) == []


def test_only_one_annotator_tagged_a_span() -> None:
    a = tag(DOC, "ana", "claim", 4, 12)
    b = tag(DOC, "ben", "claim", 4, 12)
    lone = tag(DOC, "ben", "characterization", 78, 88)
    mine_too = tag(DOC, "ben", "claim", 80, 87)  # ben's own overlap: nobody else's
    found = find_disagreements([a, b, lone, mine_too])
    assert kinds(found) == [("only_one", 78, 88), ("only_one", 80, 87)]
    assert found[0].annotation_ids == (lone.id,)
    assert found[0].annotators == ("ben",) and found[0].labels == ("characterization",)
    assert "only ben" in found[0].description and "misleading" in found[0].description


def test_overlapping_tags_with_different_labels_and_boundaries_are_paired() -> None:
    claim = tag(DOC, "ana", "claim", 70, 85)
    characterization = tag(DOC, "ben", "characterization", 72, 88)
    apart = tag(DOC, "ben", "denial", 100, 110)
    found = find_disagreements([claim, characterization, apart])
    assert kinds(found) == [("label_boundary", 70, 88), ("only_one", 100, 110)]
    pair = found[0]
    assert pair.annotation_ids == (claim.id, characterization.id)
    assert pair.annotators == ("ana", "ben") and pair.labels == ("claim", "characterization")
    assert "different label and boundary" in pair.description
    assert "claim (ana 70–85) vs characterization (ben 72–88)" in pair.description
    # A same-label match keeps its pairing: ben's characterization is then unmatched by ana, and pairs
    # with nothing else of another annotator.
    ana_too = tag(DOC, "ana", "characterization", 73, 88)
    found = find_disagreements([claim, characterization, ana_too])
    assert kinds(found) == [("only_one", 70, 85), ("boundary", 72, 88)]


def test_same_span_different_labels() -> None:
    a = tag(DOC, "ana", "claim", 18, 35)
    b = tag(DOC, "ben", "denial", 18, 35)
    c = tag(DOC, "cy", "claim", 18, 35)
    found = find_disagreements([a, b, c])
    # One disagreement, not also three "only_one" rows.
    assert kinds(found) == [("label", 18, 35)]
    d = found[0]
    assert set(d.annotation_ids) == {a.id, b.id, c.id}
    assert d.annotators == ("ana", "ben", "cy")
    assert set(d.labels) == {"claim", "denial"}
    assert "claim (ana, cy)" in d.description and "denial (ben)" in d.description


def test_overlapping_same_label_different_boundaries() -> None:
    a = tag(DOC, "ana", "claim", 4, 35)
    b = tag(DOC, "ben", "claim", 18, 45)
    # chained: overlaps b, not a; one disagreement covers the chain
    c = tag(DOC, "ana", "claim", 40, 60)
    found = find_disagreements([a, b, c])
    assert kinds(found) == [("boundary", 4, 60)]
    assert found[0].annotation_ids == (a.id, b.id, c.id)
    assert "ana 4–35" in found[0].description and "ben 18–45" in found[0].description


def test_one_annotator_alone_has_no_disagreements_and_deleted_tags_do_not_count() -> None:
    a = tag(DOC, "ana", "claim", 4, 12)
    a2 = tag(DOC, "ana", "denial", 4, 12)  # two labels by one person: not a disagreement between people
    gone = replace(tag(DOC, "ben", "claim", 50, 60), deleted_at="2024-01-01T00:00:00Z")
    assert find_disagreements([a, a2, gone]) == []


def test_sorted_by_start_and_grouped_by_document() -> None:
    other = Document.create("Another article with a claim in it and a denial too.", title="o")
    anns = [
        tag(DOC, "ben", "claim", 60, 70),
        tag(DOC, "ana", "claim", 0, 3),
        tag(DOC, "ana", "denial", 30, 40),
        tag(DOC, "ben", "claim", 30, 40),
        tag(other, "ana", "claim", 5, 12),
        tag(other, "ben", "claim", 8, 12),
    ]
    found = find_disagreements(anns)
    assert [(d.document_id, d.kind, d.start) for d in found] == [
        (DOC.id, "only_one", 0),
        (DOC.id, "label", 30),
        (DOC.id, "only_one", 60),
        (other.id, "boundary", 5),
    ]


def test_from_a_real_store(store: Store, document: Document) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.add_annotation(new_annotation(document, 0, 8, "denial", "ben"))
    found = find_disagreements(store.annotations(document.id))
    assert kinds(found) == [("label", 0, 8)]
    assert found[0].document_id == document.id


def test_orphaned_tags_are_listed_even_for_one_annotator_and_nowhere_else() -> None:
    doc = Document.create("The mayor said ridership doubled. Critics disagreed.", title="t")
    placed = new_annotation(doc, 15, 32, "claim", "ana")
    lost = replace(new_annotation(doc, 0, 9, "claim", "ana"), orphaned=True)
    (only,) = find_disagreements([placed, lost])
    assert (only.kind, only.annotation_ids) == ("orphaned", (lost.id,))
    # With a second annotator, the orphan is still listed once and takes part in nothing else.
    other = new_annotation(doc, 0, 9, "denial", "ben")
    kinds = {(d.kind, d.annotation_ids) for d in find_disagreements([placed, lost, other])}
    assert kinds == {("only_one", (other.id,)), ("only_one", (placed.id,)), ("orphaned", (lost.id,))}
