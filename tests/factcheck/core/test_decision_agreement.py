"""Agreement on claim-card decisions: our κ and α against scikit-learn and the `krippendorff` package."""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from factcheck.core.decision_agreement import (
    Level,
    cohen_kappa,
    decision_rows,
    krippendorff_alpha,
    verdict_disputes,
)

SCALE = [1, 2, 3, 4, 5]


def _sklearn_kappa(a: list[str], b: list[str]) -> float | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns, then returns nan, when kappa is undefined
        value = float(cohen_kappa_score(a, b))
    return None if math.isnan(value) else value


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("yn?"), st.sampled_from("yn?")), min_size=1, max_size=40))
def test_cohens_kappa_is_scikit_learns(pairs: list[tuple[str, str]]) -> None:
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    ours, theirs = cohen_kappa(a, b), _sklearn_kappa(a, b)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert ours == pytest.approx(theirs, abs=1e-12)


Table = list[list[int | None]]
tables = st.integers(2, 5).flatmap(
    lambda coders: st.lists(
        st.lists(st.one_of(st.none(), st.sampled_from(SCALE)), min_size=coders, max_size=coders),
        min_size=1,
        max_size=30,
    )
)


def _theirs(units: Table, level: Level) -> float | None:
    data = np.array([[np.nan if v is None else v for v in unit] for unit in units], dtype=float).T
    try:
        with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 when there is no variation: nan
            value = float(
                krippendorff.alpha(reliability_data=data, level_of_measurement=level, value_domain=SCALE)
            )
    except ValueError:  # fewer than two values, or one value only: undefined
        return None
    return None if math.isnan(value) else value


@settings(max_examples=150, deadline=None)
@given(tables, st.sampled_from(["nominal", "ordinal"]))
def test_krippendorffs_alpha_is_the_packages(units: Table, level: Level) -> None:
    ours = krippendorff_alpha([[v for v in unit if v is not None] for unit in units], level, SCALE)
    theirs = _theirs(units, level)
    assert (ours is None) == (theirs is None), (ours, theirs)
    if ours is not None:
        assert ours == pytest.approx(theirs, abs=1e-9)


def test_known_values() -> None:
    # Worked by hand (Krippendorff's own example: test_krippendorffs_own_example):
    assert cohen_kappa(["y", "y", "n", "n"], ["y", "y", "n", "n"]) == 1.0
    assert cohen_kappa(["y", "n"], ["n", "y"]) == -1.0
    assert cohen_kappa(["y", "y"], ["y", "y"]) is None  # no variation: undefined
    assert krippendorff_alpha([[1, 1], [2, 2], [3, 3]], "ordinal") == 1.0
    assert krippendorff_alpha([[1], [2]], "nominal") is None  # nothing pairable
    # Ordinal credits near misses: 4 against 5 costs less than 1 against 5.
    near = krippendorff_alpha([[5, 4], [1, 1], [3, 3]], "ordinal", SCALE)
    far = krippendorff_alpha([[5, 1], [1, 1], [3, 3]], "ordinal", SCALE)
    assert near is not None and far is not None and near > far


def test_rows_per_pair_and_over_everyone() -> None:
    decisions = {
        "c1": {"ana": 5, "ben": 5, "cy": 4},
        "c2": {"ana": 1, "ben": 2},
        "c3": {"ana": 3},
    }
    rows = decision_rows("verdict", decisions, "ordinal", SCALE)
    pairs = {(r.annotator_a, r.annotator_b): r.cards for r in rows if r.measure == "cohen_kappa"}
    assert pairs == {("ana", "ben"): 2, ("ana", "cy"): 1, ("ben", "cy"): 1}
    [alpha] = [r for r in rows if r.measure == "krippendorff_alpha"]
    assert alpha.cards == 2 and alpha.annotator_a is None
    assert alpha.value == pytest.approx(_theirs([[5, 5, 4], [1, 2, None], [3, None, None]], "ordinal"))


def test_disputed_cards_widest_spread_first() -> None:
    values = {"True": 5, "Half true": 3, "False": 1}
    disputes = verdict_disputes(
        {
            "a": {"ana": "True", "ben": "Half true"},
            "b": {"ana": "True", "ben": "True"},
            "c": {"ben": "False", "ana": "True"},
            "d": {"ana": "Renamed", "ben": "True"},
        },
        values,
    )
    assert [(d.claim_id, d.spread) for d in disputes] == [("c", 4), ("a", 2), ("d", 0)]
    assert list(disputes[0].verdicts) == ["ana", "ben"]


def test_kappa_is_exact_then_rounded_once() -> None:
    # 2 of 5 agree: p_o = 10/25; ana says y twice and n three times, ben u twice and n three times:
    # p_e = 3 * 3 / 25 = 9/25; κ = (10/25 - 9/25) / (16/25) = 1/16, which a double holds exactly. In floats
    # step by step it came out 0.06250000000000006: shown 0.063 where 1/16 is 0.062 in every other table.
    assert cohen_kappa(list("yynnn"), list("unnun")) == 0.0625


def test_krippendorffs_own_example() -> None:
    # K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011): its example of four observers,
    # twelve units, values 1-5, missing values left out (one unit has a single value: not pairable). The
    # paper gives α = 0.743 nominal and 0.815 ordinal; the values below are its formulas to the last digit.
    observers = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [[v for v in unit if v is not None] for unit in zip(*observers, strict=True)]
    assert krippendorff_alpha(units, "nominal") == pytest.approx(0.743421052631579, abs=1e-12)
    assert krippendorff_alpha(units, "ordinal", SCALE) == pytest.approx(0.8153875037548813, abs=1e-12)


def test_a_textbook_kappa() -> None:
    # 50 items: both yes 20, only the first yes 5, only the second yes 10, both no 15. p_o = 35/50 = 0.7,
    # p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, κ = (0.7 - 0.5) / (1 - 0.5) = 0.4 (Wikipedia's "Cohen's kappa").
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(first, second) == 0.4


def test_alpha_is_exact_then_rounded_once() -> None:
    # Units (2 5 5), (4 4 5), (4 2 2 5), nominal: the coincidences off the diagonal add up to 22/3 (of the
    # 10 pairable values, 2/3 + 1 + 1 on it); the values' totals are 3, 3 and 4, so the disagreement
    # expected is (10² - 3² - 3² - 4²) / 9 = 22/3 too: α = 0 exactly. Added up in floats, unit by unit, it
    # came out -2.2e-16, which the tables showed as "-0.000".
    assert krippendorff_alpha([[2, 5, 5], [4, 4, 5], [4, 2, 2, 5]], "nominal") == 0.0
