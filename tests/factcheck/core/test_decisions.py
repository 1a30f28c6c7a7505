"""A reviewer's decision is recorded one way: `decided` (the panel, corrections and tests use it)."""

from __future__ import annotations

import pytest

from factcheck.core.decisions import decided
from factcheck.core.model import Document
from factcheck.core.ownership import correction
from factcheck.core.spans import new_annotation

DOC = Document.create("The mayor said ridership doubled.\n", title="Fares")


def test_a_decision_moves_updated_at_on_and_clearing_it_empties_it_but_keeps_its_time() -> None:
    tag = new_annotation(DOC, 15, 32, "claim", "bob")
    rejected = decided(tag, "rejected", "rita", "not a claim", now="2030-01-01T00:00:00.000000Z")
    assert (rejected.status, rejected.reviewer, rejected.reason) == ("rejected", "rita", "not a claim")
    assert rejected.reviewed_at == rejected.updated_at == "2030-01-01T00:00:00.000000Z"
    assert (rejected.label, rejected.start, rejected.end, rejected.annotator) == ("claim", 15, 32, "bob")
    cleared = decided(rejected, None, "rita", "ignored", now="2030-01-02T00:00:00.000000Z")
    assert (cleared.status, cleared.reviewer, cleared.reason) == (None, None, None)
    # The clearing is an act with its own time, compared with decisions made elsewhere (team sync).
    assert cleared.reviewed_at == cleared.updated_at == "2030-01-02T00:00:00.000000Z"


def test_an_unknown_status_is_refused() -> None:
    tag = new_annotation(DOC, 15, 32, "claim", "bob")
    with pytest.raises(ValueError, match="Unknown review status 'approved'"):
        decided(tag, "approved", "rita")  # type: ignore[arg-type]


def test_a_correction_rejects_the_original_so_that_the_decision_wins_a_later_merge() -> None:
    tag = new_annotation(DOC, 15, 32, "claim", "bob")
    new, original = correction(tag, DOC, "rita", "characterization")
    assert (new.annotator, new.label, new.start, new.end) == ("rita", "characterization", 15, 32)
    assert (original.status, original.reviewer) == ("rejected", "rita")
    assert original.updated_at == original.reviewed_at and original.updated_at >= tag.updated_at
