"""Each annotator scored against the curated set: precision, recall and F1, exact and overlap.

The curated tags (factcheck.core.curation) are the reference; an annotator's live, placed tags are
scored against them with the span measures of factcheck.core.agreement:

- exact: a match is an annotator's tag and a curated tag with the same label and pieces (start and end;
  every piece of a discontinuous tag), matched one to one. precision = matches / the annotator's tags,
  recall = matches / curated tags, F1 = 2 * matches / (both counts added).
- overlap: precision = share of the annotator's tags that share a character (of their pieces, not of
  the gaps between them) with a curated tag of the same label; recall = share of curated tags that
  share one with a tag of the annotator; F1 their harmonic mean.

A value of None is undefined: precision without any tag of the annotator, recall without any curated
tag, F1 when there are neither. An annotator is scored on the documents they tagged (any label).
Rows over all documents come first, then each document's; each label, then all labels.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from factcheck.core.agreement import PairCounts, Unit, pair_counts, unit_of
from factcheck.core.curation import CuratedTag, CurationTag, Decision
from factcheck.core.model import parse_fragments_json
from factcheck.core.names import printable
from factcheck.core.spreadsheet import neutralize

MEASURES: tuple[str, ...] = (
    "precision_exact",
    "recall_exact",
    "f1_exact",
    "precision_overlap",
    "recall_overlap",
    "f1_overlap",
)
MEASURE_TITLES = {
    "precision_exact": "P exact",
    "recall_exact": "R exact",
    "f1_exact": "F1 exact",
    "precision_overlap": "P overlap",
    "recall_overlap": "R overlap",
    "f1_overlap": "F1 overlap",
}
#: Columns of the long format (JSON keys, CSV header).
ROW_FIELDS = ("document", "label", "annotator", "measure", "value")


@dataclass(frozen=True, slots=True)
class ScoreRow:
    document: str | None  # None: over all documents
    label: str | None  # None: over all labels
    annotator: str
    measure: str
    value: float | None

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in ROW_FIELDS}


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def measure(counts: PairCounts, name: str) -> float | None:
    """One measure from the counts of (curated = A, annotator = B)."""
    if name == "precision_exact":
        return _ratio(counts.exact, counts.b_total)
    if name == "recall_exact":
        return _ratio(counts.exact, counts.a_total)
    if name == "f1_exact":
        return counts.f1_exact()
    if name == "precision_overlap":
        return _ratio(counts.b_hit, counts.b_total)
    if name == "recall_overlap":
        return _ratio(counts.a_hit, counts.a_total)
    if name == "f1_overlap":
        return counts.f1_overlap()
    raise ValueError(f"Unknown measure {name!r}; known: {', '.join(MEASURES)}.")


@dataclass
class _Totals:
    by_label: dict[str, PairCounts] = field(default_factory=dict)
    overall: PairCounts = field(default_factory=PairCounts)


class CurationScoreTally:
    """Scores built one document at a time; rows() at the end (which labels exist is known only then)."""

    def __init__(self) -> None:
        # document -> annotator -> label -> counts
        self._documents: dict[str, dict[str, dict[str, PairCounts]]] = {}
        self._labels: set[str] = set()

    def add(
        self, document: str, tags: Iterable[CurationTag], curated: Sequence[CuratedTag] | Sequence[Decision]
    ) -> None:
        """One document: its live, placed tags and its curated tags (or the decisions they are made of:
        only their label, start, end and pieces are read)."""
        reference: dict[str, list[Unit]] = defaultdict(list)
        for c in curated:
            reference[c.label].append(unit_of(c.start, c.end, c.fragments))
        spans: dict[str, dict[str, list[Unit]]] = defaultdict(lambda: defaultdict(list))
        for t in tags:
            pieces = None if t.fragments is None else parse_fragments_json(t.fragments)
            spans[t.annotator][t.label].append(unit_of(t.start, t.end, pieces))
        scored: dict[str, dict[str, PairCounts]] = {}
        for annotator, by_label in sorted(spans.items()):
            labels = sorted(by_label.keys() | reference.keys())
            # length 0: the character table (kappa, alpha) is not used here
            scored[annotator] = {
                lab: pair_counts(reference.get(lab, ()), by_label.get(lab, ()), 0) for lab in labels
            }
            self._labels.update(labels)
        if scored:
            self._documents[document] = scored

    def rows(self, labels: Sequence[str] = (), *, order: Iterable[str] | None = None) -> list[ScoreRow]:
        """Rows over all documents, then per document (in order, default as added); labels in the
        project's order, then any others, sorted."""
        label_order = list(dict.fromkeys(labels))
        label_order += sorted(self._labels - set(label_order))
        documents = list(self._documents) if order is None else [d for d in order if d in self._documents]
        totals: dict[str, _Totals] = {}
        doc_rows: list[ScoreRow] = []
        for doc in documents:
            for annotator, used in self._documents[doc].items():
                total = totals.setdefault(annotator, _Totals())
                overall = PairCounts()
                for label in label_order:
                    counts = used.get(label, PairCounts())
                    overall.add(counts)
                    total.by_label.setdefault(label, PairCounts()).add(counts)
                    if label in used:
                        doc_rows += _rows(doc, label, annotator, counts)
                total.overall.add(overall)
                doc_rows += _rows(doc, None, annotator, overall)
        rows: list[ScoreRow] = []
        for annotator, total in sorted(totals.items()):
            for label in label_order:
                rows += _rows(None, label, annotator, total.by_label.get(label, PairCounts()))
            rows += _rows(None, None, annotator, total.overall)
        return rows + doc_rows


def _rows(document: str | None, label: str | None, annotator: str, counts: PairCounts) -> list[ScoreRow]:
    return [ScoreRow(document, label, annotator, m, measure(counts, m)) for m in MEASURES]


def write_csv(rows: Sequence[ScoreRow], out: TextIO) -> None:
    """The scores as CSV, for `factcheck agreement --curated --format csv` and the window's Copy as CSV
    alike: names come from people and teammates' files, so formula cells are guarded and hidden
    characters escaped."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROW_FIELDS)
    for r in rows:
        value = "" if r.value is None else repr(r.value)
        texts = (r.document or "", r.label or "", r.annotator)
        writer.writerow([*(neutralize(printable(t)) for t in texts), r.measure, value])
