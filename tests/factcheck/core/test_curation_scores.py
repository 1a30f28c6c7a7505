"""Scoring annotators against the curated set: the measures, undefined values, per label and document."""

from __future__ import annotations

import pytest

from factcheck.core.curation import curate_document
from factcheck.core.curation_scores import CurationScoreTally, ScoreRow
from tests.factcheck.core.test_curation import tag


def _table(rows: list[ScoreRow]) -> dict[tuple[str | None, str | None, str, str], float | None]:
    return {(r.document, r.label, r.annotator, r.measure): r.value for r in rows}


def test_exact_and_overlap_against_the_curated_tags() -> None:
    tags = [
        tag("ana", "claim", 0, 10),
        tag("bo", "claim", 0, 10),
        tag("ana", "claim", 20, 30, "accepted"),
        tag("bo", "claim", 22, 30),  # overlaps the accepted one, not exact
        tag("bo", "denial", 40, 45),  # nobody else: not curated with the default N
    ]
    curated = curate_document(tags)
    assert [(c.start, c.end) for c in curated] == [(0, 10), (20, 30)]
    tally = CurationScoreTally()
    tally.add("d1", tags, curated)
    t = _table(tally.rows(["claim", "denial"]))
    assert t[(None, None, "ana", "precision_exact")] == 1.0
    assert t[(None, None, "ana", "recall_exact")] == 1.0
    assert t[(None, None, "bo", "precision_exact")] == pytest.approx(1 / 3)
    assert t[(None, None, "bo", "recall_exact")] == pytest.approx(1 / 2)
    assert t[(None, None, "bo", "f1_exact")] == pytest.approx(2 * 1 / (3 + 2))
    assert t[(None, None, "bo", "precision_overlap")] == pytest.approx(2 / 3)
    assert t[(None, None, "bo", "recall_overlap")] == 1.0
    assert t[(None, None, "bo", "f1_overlap")] == pytest.approx(2 * (2 / 3) / (2 / 3 + 1))
    # per label: no curated denial, so bo's denial recall is undefined and his precision 0
    assert t[("d1", "denial", "bo", "recall_exact")] is None
    assert t[("d1", "denial", "bo", "precision_exact")] == 0.0
    assert t[("d1", "denial", "bo", "f1_exact")] == 0.0
    # ana used no denial here and none is curated: her precision there is undefined, and she has no row
    assert ("d1", "denial", "ana", "precision_exact") not in t
    assert t[(None, "denial", "ana", "f1_exact")] is None


def test_annotators_are_scored_on_the_documents_they_tagged() -> None:
    d1 = [tag("ana", "claim", 0, 5), tag("bo", "claim", 0, 5)]
    d2 = [tag("ana", "claim", 0, 5, doc="d2")]  # bo never opened d2: his recall is not lowered by it
    tally = CurationScoreTally()
    for doc, tags in (("d1", d1), ("d2", d2)):
        tally.add(doc, tags, curate_document(tags))
    t = _table(tally.rows(["claim"]))
    assert t[(None, None, "bo", "recall_exact")] == 1.0
    assert t[(None, None, "ana", "recall_exact")] == 1.0
    assert ("d2", None, "bo", "recall_exact") not in t
    rows = tally.rows(["claim"], order=["d2", "d1"])
    assert next(r.document for r in rows if r.document) == "d2"


def test_the_worked_example_of_the_docs() -> None:
    """docs/curation.md's example, table for table."""
    t = []
    for who in ("ana", "bo", "chen"):
        t.append(tag(who, "claim", 10, 40))
        t.append(tag(who, "claim", 0, 12, "rejected"))
        t.append(tag(who, "claim", 100, 120, "rejected" if who == "bo" else None))
    t += [tag("ana", "characterization", 50, 72), tag("bo", "characterization", 50, 72)]
    t.append(tag("chen", "denial", 80, 92, "accepted"))
    t += [tag("ana", "claim", 130, 140), tag("bo", "denial", 130, 140)]

    def got(n: int | None) -> list[tuple[str, int, int]]:
        return [(c.label, c.start, c.end) for c in curate_document(t, n)]

    assert got(None) == [("claim", 10, 40), ("denial", 80, 92)]
    assert got(2) == [
        ("claim", 10, 40),
        ("characterization", 50, 72),
        ("denial", 80, 92),
        ("claim", 100, 120),
    ]
    assert got(1) == [
        ("claim", 10, 40),
        ("characterization", 50, 72),
        ("denial", 80, 92),
        ("claim", 100, 120),
        ("claim", 130, 140),
        ("denial", 130, 140),
    ]
    tally = CurationScoreTally()
    tally.add("d1", t, curate_document(t))
    scores = _table(tally.rows())
    assert scores[(None, None, "ana", "precision_exact")] == pytest.approx(0.2)
    assert scores[(None, None, "ana", "recall_exact")] == pytest.approx(0.5)
    assert scores[(None, None, "ana", "f1_exact")] == pytest.approx(2 / 7)
