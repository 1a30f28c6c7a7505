"""Damaged files of every importable kind into `factcheck import` and the window's import service: each is
imported whole and right, or refused in one line with the project unchanged (import_explorer.py says
how). A small fast run here; a big one with FACTCHECK_EXPLORE_CASES and FACTCHECK_EXPLORE_SEED."""

from __future__ import annotations

import collections
import os
import random
from pathlib import Path

import pytest

from tests.factcheck.services.import_explorer import make_sources, run_case

CASES = int(os.environ.get("FACTCHECK_EXPLORE_CASES", "40"))
SEED = int(os.environ.get("FACTCHECK_EXPLORE_SEED", "0"))


@pytest.mark.parametrize("seed", [SEED, SEED + 1])
def test_explore_damaged_imports(tmp_path: Path, seed: int) -> None:
    sources = make_sources(tmp_path / "sources")
    rng = random.Random(seed)
    outcomes: collections.Counter[str] = collections.Counter()
    failures = []
    for i in range(CASES // 2):
        case_rng = random.Random(rng.getrandbits(64))
        state = case_rng.getstate()
        try:
            outcomes[run_case(sources, case_rng, tmp_path / f"case{i}")] += 1
        except AssertionError as exc:
            failures.append(f"case {i} (seed {seed}): {exc}")
            if not os.environ.get("FACTCHECK_EXPLORE_KEEP_GOING"):
                break
        del state
    print(dict(outcomes), *failures, sep="\n")
    assert not failures, failures[0]
    assert outcomes["imported"] and outcomes["refused"]  # both ends are reached
