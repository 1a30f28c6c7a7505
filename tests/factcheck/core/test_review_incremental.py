"""The review session updated tag by tag gives exactly what a full computation gives: a seeded random
sequence of adds, relabels, respans, deletes, decisions and undos, compared after every step
(tests/helpers/review_edits.py)."""

from __future__ import annotations

import pytest

from tests.helpers.review_edits import EditRun


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("pair", [None, ("ana", "ben")])
def test_incremental_equals_full(seed: int, pair: tuple[str, str] | None) -> None:
    run = EditRun(seed, pair)
    for _ in range(250):
        run.step()
    assert run.updated > 150  # most steps were incremental, not a full recomputation
    assert run.session.disagreements  # the sequence made some to compare
