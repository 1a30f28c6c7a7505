"""Inter-annotator agreement between each pair of annotators.

Four measures, per document and over all documents, per label and over all labels:

- ``f1_exact``: a match is a tag of A and a tag of B with the same label, start and end, matched one to
  one (if A tagged a span twice and B once, that is one match). F1 = 2 * matches / (|A| + |B|).
- ``f1_overlap``: precision = share of B's tags that overlap (share at least one character with) a tag of
  A with the same label; recall = share of A's tags that overlap one of B's with the same label; F1 is
  their harmonic mean.
- ``cohen_kappa`` and ``krippendorff_alpha`` (nominal) are chance-corrected: they are computed over the
  characters of the text, one binary sequence per label (is this character covered by a tag of that
  label?). Over all labels the sequences of the labels the pair used (either of them, in any document
  compared) are concatenated; over all documents, the documents' sequences are concatenated. For two
  binary sequences both only need the 2x2 table of character counts, which we get from the merged
  intervals of each side in O(tags log tags), without building any array.

Edge cases (a value of None means "undefined", shown as a dash):

- F1: when neither annotator has a tag in scope there is nothing to agree on: None. When only one of
  them has tags: 0.0.
- kappa and alpha: when there is no variation (both sequences constant and equal, e.g. a label neither
  annotator used, or an empty text) chance agreement is total and the ratio is 0/0: None, not a
  flattering 1.0. When the sequences are constant but different (one tagged every character, the other
  none) kappa is 0.0 and alpha is negative, as the formulas give.

Which documents count: a pair of annotators is compared on the documents that both of them annotated
(at least one live tag each, any label). A document one of them never tagged is taken as not done by
them rather than as "nothing to tag here", so that teams who split their articles get meaningful totals.

Only live, placed annotations count (deleted ones, and orphaned ones whose offsets are a placeholder, are
ignored). Review decisions do not change the figures: agreement is between the annotators' original work.
"""

from __future__ import annotations

import bisect
import csv
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from factcheck.core.model import Annotation, parse_fragments_json
from factcheck.core.names import printable
from factcheck.core.spreadsheet import neutralize

MEASURES: tuple[str, ...] = ("f1_exact", "f1_overlap", "cohen_kappa", "krippendorff_alpha")
#: The measures that discount the agreement two annotators would reach by chance.
CHANCE_CORRECTED = frozenset({"cohen_kappa", "krippendorff_alpha"})

MEASURE_TITLES = {
    "f1_exact": "F1 exact",
    "f1_overlap": "F1 overlap",
    "cohen_kappa": "Cohen's κ",
    "krippendorff_alpha": "Krippendorff's α",
}

#: Columns of the long format (JSON keys, CSV header).
ROW_FIELDS = ("document", "label", "annotator_a", "annotator_b", "measure", "value")
#: The CSV header: the rows' columns, then the number of claim cards a decision figure is over (empty on
#: the other rows; in JSON only decision rows have the key).
CSV_FIELDS = (*ROW_FIELDS, "cards")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class AgreementRow:
    document: str | None  # None: over all documents
    label: str | None  # None: over all labels
    annotator_a: str
    annotator_b: str
    measure: str
    value: float | None  # None: undefined (see the module docstring)

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in ROW_FIELDS}


# -- intervals ---------------------------------------------------------------------------------------
def merge_intervals(spans: Iterable[Span]) -> list[Span]:
    """The union of half-open spans as sorted, disjoint, non-touching intervals."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def covered(merged: Sequence[Span]) -> int:
    """Characters covered by merged intervals."""
    return sum(e - s for s, e in merged)


def intersection_length(a: Sequence[Span], b: Sequence[Span]) -> int:
    """Characters covered by both of two merged interval lists (a two-pointer sweep)."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo = max(a[i][0], b[j][0])
        hi = min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def overlap_hits(spans: Iterable[Unit], merged_other: Sequence[Span]) -> int:
    """How many of spans (tags: `Unit`s) share at least one character with the merged intervals of the
    other side."""
    ends = [e for _, e in merged_other]
    hits = 0
    for unit in spans:
        for start, end in _unit_pieces(unit):
            # The first interval ending after start is the only candidate: the others end before it.
            k = bisect.bisect_right(ends, start)
            if k < len(merged_other) and merged_other[k][0] < end:
                hits += 1
                break
    return hits


#: A tag as the measures count it: (start, end), or for a discontinuous tag its pieces flattened
#: (s1, e1, s2, e2, ...): hashable, so that exact matching compares every piece (not the envelope).
Unit = tuple[int, ...]


def _unit_pieces(unit: Unit) -> Iterable[Span]:
    if len(unit) == 2:
        return (unit,)  # a continuous tag: (start, end)
    return zip(unit[0::2], unit[1::2], strict=True)


def unit_of(start: int, end: int, fragments: Sequence[tuple[int, int]] | None) -> Unit:
    """The unit of a tag at start-end with these pieces (None or empty: continuous)."""
    if not fragments:
        return (start, end)
    return tuple(x for piece in fragments for x in piece)


# -- counts and measures -----------------------------------------------------------------------------
@dataclass(slots=True)
class PairCounts:
    """Everything the four measures need. Counts add up: summing them concatenates the sequences."""

    a_total: int = 0  # |A|: A's tags
    b_total: int = 0
    exact: int = 0  # one-to-one matches on (label, start, end)
    a_hit: int = 0  # A's tags overlapping a same-label tag of B
    b_hit: int = 0
    # 2x2 character table: n11 both cover, n10 only A, n01 only B, n00 neither.
    n11: int = 0
    n10: int = 0
    n01: int = 0
    n00: int = 0

    def add(self, other: PairCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def f1_exact(self) -> float | None:
        denominator = self.a_total + self.b_total
        return None if denominator == 0 else 2 * self.exact / denominator

    def f1_overlap(self) -> float | None:
        if self.a_total == 0 and self.b_total == 0:
            return None
        if self.a_total == 0 or self.b_total == 0:
            return 0.0
        # The harmonic mean of precision b_hit / b_total and recall a_hit / a_total, in whole numbers until
        # the one division (in floats 3/4 came out 0.7499999999999999).
        denominator = self.b_hit * self.a_total + self.a_hit * self.b_total
        if denominator == 0:
            return 0.0
        return 2 * self.a_hit * self.b_hit / denominator

    def cohen_kappa(self) -> float | None:
        return cohen_kappa_from_counts(self.n11, self.n10, self.n01, self.n00)

    def krippendorff_alpha(self) -> float | None:
        return krippendorff_alpha_from_counts(self.n11, self.n10, self.n01, self.n00)

    def value(self, measure: str) -> float | None:
        if measure not in MEASURES:
            raise ValueError(f"Unknown measure {measure!r}; known: {', '.join(MEASURES)}.")
        value: float = getattr(self, measure)()
        return value


def cohen_kappa_from_counts(n11: int, n10: int, n01: int, n00: int) -> float | None:
    """Cohen's kappa of two binary sequences given their 2x2 table; None without variation."""
    n = n11 + n10 + n01 + n00
    if n == 0:
        return None
    a1, b1 = n11 + n10, n11 + n01  # ones in A, ones in B
    # Integer arithmetic until the final division: exact for any length.
    observed = (n11 + n00) * n
    expected = a1 * b1 + (n - a1) * (n - b1)
    if expected == n * n:
        return None
    return (observed - expected) / (n * n - expected)


def krippendorff_alpha_from_counts(n11: int, n10: int, n01: int, n00: int) -> float | None:
    """Krippendorff's alpha (nominal) of two coders' binary sequences, no missing values.

    Coincidence matrix: each unit (character) adds its pair both ways, so o11 = 2*n11, o00 = 2*n00,
    o01 = o10 = n10 + n01; the value totals are n1 = 2*n11 + n10 + n01 and n0 likewise, N = 2n.
    alpha = 1 - (N - 1) * (o01 + o10) / (2 * n0 * n1) = 1 - (N - 1) * (n10 + n01) / (n0 * n1).
    """
    disagree = n10 + n01
    ones = 2 * n11 + disagree
    zeros = 2 * n00 + disagree
    if ones == 0 or zeros == 0:
        return None
    pairable = 2 * (n11 + n10 + n01 + n00)
    # Whole numbers until the one division, as kappa: 1 - 1.9 in floats is -0.8999999999999999.
    product = ones * zeros
    return (product - (pairable - 1) * disagree) / product


def pair_counts(a: Sequence[Unit], b: Sequence[Unit], length: int) -> PairCounts:
    """Counts for one label in one document: a and b are the two annotators' tags, each (start, end)
    or a discontinuous tag's pieces (`Unit`): characters count piece by piece."""
    ca, cb = Counter(a), Counter(b)
    exact = sum(min(n, cb[span]) for span, n in ca.items())
    ma, mb = merge_intervals(_all_pieces(a)), merge_intervals(_all_pieces(b))
    both = intersection_length(ma, mb)
    only_a = covered(ma) - both
    only_b = covered(mb) - both
    return PairCounts(
        a_total=len(a),
        b_total=len(b),
        exact=exact,
        a_hit=overlap_hits(a, mb),
        b_hit=overlap_hits(b, ma),
        n11=both,
        n10=only_a,
        n01=only_b,
        n00=length - both - only_a - only_b,
    )


def _all_pieces(units: Sequence[Unit]) -> Iterable[Span]:
    if all(len(u) == 2 for u in units):
        return units  # type: ignore[return-value]  # all continuous: the spans themselves
    return [piece for u in units for piece in _unit_pieces(u)]


# -- over a project ----------------------------------------------------------------------------------
#: A tag as agreement sees it: (annotator, label, start, end), and for a discontinuous tag its pieces
#: as a fifth element (fragments JSON text as stored, or the pieces).
Tag = tuple[Any, ...]


@dataclass(slots=True)
class _Document:
    id: str
    length: int
    # (a, b) -> label -> counts, for the labels either of them used here; the others are all n00.
    pairs: dict[tuple[str, str], dict[str, PairCounts]]


class AgreementTally:
    """Agreement built one document at a time: memory grows with documents and pairs, not with tags.

    add(doc, length, tags) for each document, in any order; rows() at the end. A label that a pair used in
    another document but not in this one still counts here (every character of it is n00 for that label),
    and which labels a pair used is known only once every document has been seen: so the counts are kept,
    the rows made last.
    """

    def __init__(self) -> None:
        self._documents: dict[str, _Document] = {}
        self._labels: set[str] = set()

    def add(self, document: str, length: int, tags: Iterable[Tag]) -> None:
        """One document's live, placed tags (deleted and orphaned ones are the caller's to leave out)."""
        spans: dict[str, dict[str, list[Unit]]] = defaultdict(lambda: defaultdict(list))
        for tag in tags:
            annotator, label, start, end = tag[:4]
            fragments = tag[4] if len(tag) > 4 else None
            if isinstance(fragments, str):
                fragments = parse_fragments_json(fragments)
            spans[annotator][label].append(unit_of(start, end, fragments))
        pairs: dict[tuple[str, str], dict[str, PairCounts]] = {}
        for a, b in itertools.combinations(sorted(spans), 2):
            by_a, by_b = spans[a], spans[b]
            pairs[(a, b)] = {
                label: pair_counts(by_a.get(label, ()), by_b.get(label, ()), length)
                for label in sorted(by_a.keys() | by_b.keys())
            }
        for by_label in spans.values():
            self._labels.update(by_label)
        if pairs:
            self._documents[document] = _Document(document, length, pairs)

    def rows(
        self,
        labels: Sequence[str] = (),
        *,
        order: Iterable[str] | None = None,
        per_document: bool = True,
        over_documents: bool = True,
    ) -> list[AgreementRow]:
        """The rows, as compute_agreement() documents them. order: the documents' order in the rows
        (default: as added); documents not in it are left out."""
        label_order = list(dict.fromkeys(labels))
        label_order += sorted(self._labels - set(label_order))
        documents = (
            list(self._documents.values())
            if order is None
            else [self._documents[d] for d in order if d in self._documents]
        )
        # Over all labels, a pair's characters are counted for the labels that pair used (either of them)
        # in the scope of the row: in the document for a document's row, in any document compared for the
        # row over all documents. A label neither used would add only characters both left untagged, so
        # the figure would rise with every label the project lists, used or not; and a document's row must
        # not depend on what the other documents hold (`--document` measures that document alone).
        pair_labels: dict[tuple[str, str], set[str]] = defaultdict(set)
        for doc in documents:
            for pair, used in doc.pairs.items():
                pair_labels[pair].update(used)
        doc_rows: list[AgreementRow] = []
        totals: dict[tuple[str, str], _PairTotals] = {}
        for doc in documents:
            for (a, b), used in doc.pairs.items():
                pair_total = totals.setdefault((a, b), _PairTotals())
                overall = PairCounts()
                for label in label_order:
                    counts = used.get(label) or PairCounts(n00=doc.length)
                    if label in used:
                        overall.add(counts)
                    if label in pair_labels[(a, b)]:
                        pair_total.overall.add(counts)
                    pair_total.by_label.setdefault(label, PairCounts()).add(counts)
                    if per_document:
                        doc_rows += _rows(doc.id, label, a, b, counts)
                if per_document:
                    doc_rows += _rows(doc.id, None, a, b, overall)

        rows: list[AgreementRow] = []
        if over_documents:
            for (a, b), pair_total in sorted(totals.items()):
                for label in label_order:
                    rows += _rows(None, label, a, b, pair_total.by_label.get(label, PairCounts()))
                rows += _rows(None, None, a, b, pair_total.overall)
        return rows + doc_rows


@dataclass
class _PairTotals:
    by_label: dict[str, PairCounts] = field(default_factory=dict)
    overall: PairCounts = field(default_factory=PairCounts)


def _rows(document: str | None, label: str | None, a: str, b: str, counts: PairCounts) -> list[AgreementRow]:
    return [AgreementRow(document, label, a, b, m, counts.value(m)) for m in MEASURES]


def compute_agreement(
    lengths: Mapping[str, int],
    annotations: Iterable[Annotation],
    labels: Sequence[str] = (),
    *,
    per_document: bool = True,
    over_documents: bool = True,
) -> list[AgreementRow]:
    """Agreement rows for every pair of annotators, from annotations held in memory.

    lengths: text length (code points) of each document, in the order rows should list documents;
    annotations of other documents are ignored. labels: the project's label order; labels found in the
    annotations but missing there follow, sorted. Rows over all documents come first, then each
    document's; within them, pair by pair, each label then all labels, each measure.
    """
    tags: dict[str, list[Tag]] = defaultdict(list)
    for ann in annotations:
        if ann.deleted or ann.orphaned or ann.document_id not in lengths:
            continue
        tags[ann.document_id].append((ann.annotator, ann.label, ann.start, ann.end, ann.fragments))
    tally = AgreementTally()
    for doc_id, length in lengths.items():
        if doc_id in tags:
            tally.add(doc_id, length, tags[doc_id])
    return tally.rows(labels, per_document=per_document, over_documents=over_documents)


def csv_line(texts: Sequence[str], measure: str, value: object, cards: object = "") -> list[object]:
    """One line of the agreement CSV (`CSV_FIELDS`), for the command line and the window's Copy as CSV
    alike: the names come from people and teammates' files, so formula cells are guarded and hidden
    characters escaped."""
    return [*(neutralize(printable(t)) for t in texts), measure, "" if value is None else repr(value), cards]


def write_csv(rows: Sequence[AgreementRow], out: TextIO, more: Iterable[Sequence[object]] = ()) -> None:
    """The rows as the agreement CSV, then the lines more (made with csv_line: the decisions')."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for r in rows:
        texts = (r.document or "", r.label or "", r.annotator_a, r.annotator_b)
        writer.writerow(csv_line(texts, r.measure, r.value))
    writer.writerows(more)


def annotators_in(rows: Iterable[AgreementRow]) -> list[str]:
    """The annotators that appear in rows, sorted."""
    names: set[str] = set()
    for row in rows:
        names.update((row.annotator_a, row.annotator_b))
    return sorted(names)
