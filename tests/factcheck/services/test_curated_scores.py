"""Annotators scored against the curated set from the rule's fields and decisions alone
(services/curating.scores_against_curated): the same rows as scoring against the curated tags made from
every field, on a realistic team project (accepted, rejected and corrected tags, discontinuous ones, several
annotators, every threshold); and less held at once on a long article (tracemalloc's peak, no timings)."""

from __future__ import annotations

from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import pytest

from db import Store
from db.exports import Selection, curation_rows, document_lengths, snapshot
from factcheck.core.curation import TAG_FIELDS, CurationTag, curate_document
from factcheck.core.curation_scores import CurationScoreTally, ScoreRow
from factcheck.services.curating import scores_against_curated
from tests.factcheck.services.curated_project import build
from tests.factcheck.services.long_article import long_article, peak_of


def _from_curated_tags(store: Store, min_agree: int | None = None) -> list[ScoreRow]:
    """As it was scored: every field read, the curated tags made, scored against."""
    labels = [lab.name for lab in store.labels()]
    tally = CurationScoreTally()
    with snapshot(store):
        order = list(document_lengths(store))
        rows = map(CurationTag._make, curation_rows(store, TAG_FIELDS, Selection(None)))
        for doc_id, group in groupby(rows, key=itemgetter(1)):
            tags = list(group)
            tally.add(doc_id, tags, curate_document(tags, min_agree, in_span_order=True))
    return tally.rows(labels, order=order)


@pytest.mark.parametrize("min_agree", [None, 1, 2, 3])
def test_the_scores_are_those_against_the_curated_tags(tmp_path: Path, min_agree: int | None) -> None:
    store = build(tmp_path / "team.db")
    expected = _from_curated_tags(store, min_agree)
    assert len(expected) > 10 and any(r.document is not None for r in expected)
    assert scores_against_curated(store, min_agree=min_agree) == expected
    store.close()


def test_a_long_article_is_scored_with_less_held_at_once(tmp_path: Path) -> None:
    store, _doc = long_article(tmp_path, 5_000)
    peaks = []
    for score in (_from_curated_tags, scores_against_curated):
        rows, peak = peak_of(partial(score, store))
        peaks.append(peak)
        assert rows
    assert scores_against_curated(store) == _from_curated_tags(store)
    assert peaks[1] < 0.7 * peaks[0], f"{peaks[1] / 1e6:.1f} MB held at once, {peaks[0] / 1e6:.1f} MB before"
    store.close()


def test_scoring_makes_no_string_per_tag(tmp_path: Path) -> None:
    """The rule's input holds a tuple and its offsets per tag, not the tag's id, note and times (a str of
    each, ~240 bytes a tag), which scoring never reads: what a measure holds at once is what Python's
    arenas keep for the rest of a session (bench/soak.py)."""
    tags = 5_000
    store, _doc = long_article(tmp_path, tags)
    scores_against_curated(store)  # (the statements prepared, the labels read once)
    rows, peak = peak_of(lambda: scores_against_curated(store))
    assert rows == _from_curated_tags(store)
    assert peak / tags < 400, f"{peak / tags:.0f} bytes a tag held at once (553 with the id, note and times)"
    store.close()
