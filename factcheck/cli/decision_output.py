"""How `factcheck agreement` shows agreement on claim-card decisions (check-worthiness, verdicts)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from factcheck.cli.common import printable
from factcheck.core.decision_agreement import KIND_TITLES, DecisionRow

EXPLANATION = (
    "Decisions on claim cards: each card is a unit, each annotator's check-worthiness vote (yes/no/unsure) "
    "or verdict their decision. Cohen's kappa per pair, on the cards both decided; Krippendorff's alpha "
    "over all annotators, nominal for check-worthiness and ordinal over the scale's values for verdicts. "
    "Reviewers' final verdicts are not counted. A dash means undefined."
)
_MEASURE = {"cohen_kappa": "Cohen's κ", "krippendorff_alpha": "Krippendorff's α"}


def as_rows(rows: Sequence[DecisionRow]) -> list[dict[str, object]]:
    """The figures in the shape of the tag agreement's rows (document and label null; annotators null
    for alpha, which is over everyone), the measure named with its kind: "verdict_cohen_kappa", then the
    number of cards the figure is over (the table's "Cards")."""
    return [
        {
            "document": None,
            "label": None,
            "annotator_a": r.annotator_a,
            "annotator_b": r.annotator_b,
            "measure": f"{r.kind}_{r.measure}",
            "value": r.value,
            "cards": r.cards,
        }
        for r in rows
    ]


def table(rows: Sequence[DecisionRow]) -> str:
    header = ["Decision", "Measure", "Annotator A", "Annotator B", "Cards", "Value"]
    body = [
        [
            KIND_TITLES[r.kind],
            _MEASURE[r.measure],
            printable(r.annotator_a or "(all)"),
            printable(r.annotator_b or ""),
            str(r.cards),
            "—" if r.value is None else f"{r.value:.3f}",
        ]
        for r in rows
    ]
    widths = [max(len(row[i]) for row in (header, *body)) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = [
            c.rjust(w) if i >= 4 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    out = [
        line(header),
        "  ".join("-" * w for w in widths),
        *map(line, body),
        "",
        *textwrap.wrap(EXPLANATION, 100),
    ]
    return "\n".join(out) + "\n"
