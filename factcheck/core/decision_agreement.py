"""Agreement on decisions about claim cards: check-worthiness votes and verdicts, between annotators.

Each card is a unit; each annotator's vote (yes/no/unsure) or verdict (a rating of the scale, by its
value) is their decision on it. Reviewers' final verdicts are not decisions of an annotator and are left
out.

- Cohen's κ per pair of annotators, over the cards both decided: (p_o - p_e) / (1 - p_e), the expected
  agreement from each one's own distribution (unweighted, as scikit-learn's `cohen_kappa_score`).
- Krippendorff's α over all annotators and every card that two or more decided (missing decisions
  allowed): 1 - D_o / D_e from the coincidence matrix; nominal for check-worthiness, ordinal over the
  scale values for verdicts (the distance of two ratings grows with the number of decisions between
  them, Krippendorff 2011), as the `krippendorff` package computes them.

Undefined figures are None: no card in common, or no variation at all (p_e = 1, D_e = 0).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any, Literal

Level = Literal["nominal", "ordinal"]
#: decisions[card][annotator] = value
Decisions = Mapping[str, Mapping[str, Hashable]]

KINDS = ("checkworthy", "verdict")
KIND_TITLES = {"checkworthy": "check-worthiness", "verdict": "verdict"}


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's κ of two equally long label sequences; None when undefined."""
    if len(a) != len(b):
        raise ValueError("two sequences of the same length")
    n = len(a)
    if n == 0:
        return None
    agree = sum(1 for x, y in zip(a, b, strict=True) if x == y)  # p_o * n
    ca, cb = Counter(a), Counter(b)
    chance = sum(ca[k] * cb[k] for k in ca)  # p_e * n * n
    if chance == n * n:
        return None
    # Whole numbers until the one division (as the span measures): the double nearest the exact value.
    return (agree * n - chance) / (n * n - chance)


def _coincidences(units: Iterable[Sequence[Hashable]]) -> dict[tuple[Hashable, Hashable], Fraction]:
    """The coincidence matrix o[c, k] of the units with two or more values (pairable units), exact.

    A unit of m values adds its pairs / (m - 1): whole pairs are counted per m, and divided once at the
    end, so that the figure is exact until its one rounding (floats added unit by unit gave -2.2e-16
    for an α of 0, shown "-0.000")."""
    pairs_by_m: dict[int, Counter[tuple[Hashable, Hashable]]] = {}
    for values in units:
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        tally = pairs_by_m.setdefault(m, Counter())
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nk - 1) if c == k else nc * nk
                if pairs:
                    tally[(c, k)] += pairs
    o: dict[tuple[Hashable, Hashable], Fraction] = {}
    for m, tally in pairs_by_m.items():
        for key, pairs in tally.items():
            o[key] = o.get(key, Fraction(0)) + Fraction(pairs, m - 1)
    return o


def krippendorff_alpha(
    units: Iterable[Sequence[Hashable]], level: Level = "nominal", domain: Sequence[float] | None = None
) -> float | None:
    """Krippendorff's α of units (each the values coders gave it; missing ones simply absent).

    ordinal: the values are numbers (or domain orders them: then every domain value counts in the
    distances, with a zero frequency when unused, as the `krippendorff` package's value_domain)."""
    o = _coincidences(units)
    n_c: dict[Hashable, Fraction] = {}
    for (c, _), v in o.items():
        n_c[c] = n_c.get(c, Fraction(0)) + v
    n = sum(n_c.values(), Fraction(0))
    if n <= 1:
        return None
    if level == "nominal":

        def delta(c: Hashable, k: Hashable) -> Fraction:
            return Fraction(0 if c == k else 1)

    else:
        order: list[Any] = list(domain) if domain is not None else sorted(n_c, key=float)
        position: dict[Any, int] = {v: i for i, v in enumerate(order)}
        freq = [n_c.get(v, Fraction(0)) for v in order]
        cumulative = [Fraction(0)]
        for f in freq:
            cumulative.append(cumulative[-1] + f)

        def delta(c: Hashable, k: Hashable) -> Fraction:
            i, j = sorted((position[c], position[k]))
            between = cumulative[j + 1] - cumulative[i]  # n_i + ... + n_j
            return (between - (freq[i] + freq[j]) / 2) ** 2

    observed = sum((v * delta(c, k) for (c, k), v in o.items()), Fraction(0))
    values = list(n_c)
    expected = sum((n_c[c] * n_c[k] * delta(c, k) for c in values for k in values), Fraction(0)) / (n - 1)
    if expected == 0:
        return None
    return float(1 - observed / expected)


@dataclass(frozen=True)
class DecisionRow:
    """One figure: kind ("checkworthy" | "verdict"), measure ("cohen_kappa" for a pair,
    "krippendorff_alpha" for all annotators: then annotator_a and annotator_b are None), the number of
    cards it is over, and its value (None: undefined)."""

    kind: str
    measure: str
    annotator_a: str | None
    annotator_b: str | None
    cards: int
    value: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "measure": self.measure,
            "annotator_a": self.annotator_a,
            "annotator_b": self.annotator_b,
            "cards": self.cards,
            "value": self.value,
        }


def decision_rows(
    kind: str, decisions: Decisions, level: Level, domain: Sequence[float] | None = None
) -> list[DecisionRow]:
    """κ per pair of annotators (on the cards both decided), then α over everyone."""
    annotators = sorted({a for per in decisions.values() for a in per})
    rows = []
    for a, b in combinations(annotators, 2):
        both = [(per[a], per[b]) for per in decisions.values() if a in per and b in per]
        kappa = cohen_kappa([x for x, _ in both], [y for _, y in both]) if both else None
        rows.append(DecisionRow(kind, "cohen_kappa", a, b, len(both), kappa))
    units = [list(per.values()) for per in decisions.values() if len(per) >= 2]
    if units:
        rows.append(
            DecisionRow(
                kind, "krippendorff_alpha", None, None, len(units), krippendorff_alpha(units, level, domain)
            )
        )
    return rows


@dataclass(frozen=True)
class VerdictDispute:
    """A card on which annotators gave different verdicts (for the review panel)."""

    claim_id: str
    verdicts: dict[str, str]  # annotator -> verdict name
    spread: int  # best minus worst value among them (0 when the scale gives no values)


def verdict_disputes(
    verdicts: Mapping[str, Mapping[str, str]], values: Mapping[str, int]
) -> list[VerdictDispute]:
    """Cards whose annotators' verdicts differ, widest spread first (then by card id, stable).
    verdicts[card][annotator] = verdict name; values: the scale's name -> value."""
    out = []
    for claim_id, per in verdicts.items():
        if len(set(per.values())) < 2:
            continue
        numbers = [values[v] for v in per.values() if v in values]
        spread = max(numbers) - min(numbers) if numbers else 0
        out.append(VerdictDispute(claim_id, dict(sorted(per.items())), spread))
    return sorted(out, key=lambda d: (-d.spread, d.claim_id))
