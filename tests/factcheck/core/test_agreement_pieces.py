"""Span agreement counts a discontinuous tag by its pieces: not exactly its envelope, and only the
characters of its pieces are covered."""

from __future__ import annotations

from dataclasses import replace

from db import Store, attribution
from factcheck.core.agreement import compute_agreement, pair_counts, unit_of
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.agreement import store_agreement

TEXT = "The economy, he said, is booming."


def _values(rows: list, label: str = "claim") -> dict[str, float | None]:  # type: ignore[type-arg]
    return {r.measure: r.value for r in rows if r.document is not None and r.label == label}


def test_pieces_are_not_their_envelope_and_only_pieces_are_covered() -> None:
    doc = Document.create(TEXT)
    envelope = new_annotation(doc, 0, len(TEXT) - 1, "claim", "alice")
    pieces = replace(
        new_annotation(doc, 0, len(TEXT) - 1, "claim", "bob"),
        fragments=((0, 12), (22, len(TEXT) - 1)),
    )
    values = _values(compute_agreement({doc.id: len(TEXT)}, [envelope, pieces]))
    assert values["f1_exact"] == 0.0 and values["f1_overlap"] == 1.0
    counts = pair_counts([unit_of(0, 32, None)], [unit_of(0, 32, ((0, 12), (22, 32)))], len(TEXT))
    assert (counts.n11, counts.n10, counts.n01) == (22, 10, 0)  # " he said, " is alice's only
    same = replace(envelope, fragments=pieces.fragments)
    assert _values(compute_agreement({doc.id: len(TEXT)}, [same, pieces]))["f1_exact"] == 1.0


def test_the_store_agreement_reads_pieces_too(store: Store) -> None:
    doc, _ = store.add_document(Document.create(TEXT, title="pieces"))
    store.add_annotation(new_annotation(doc, 0, len(TEXT) - 1, "claim", "alice"), doc.text)
    bob = store.add_annotation(new_annotation(doc, 0, 12, "claim", "bob"), doc.text)
    attribution.set_pieces(store, bob.id, [(0, 12), (22, len(TEXT) - 1)])
    values = _values(store_agreement(store, doc.id))
    assert values["f1_exact"] == 0.0 and values["f1_overlap"] == 1.0
    assert values["cohen_kappa"] is not None and values["cohen_kappa"] < 1.0
