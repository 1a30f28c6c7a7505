"""Agreement on structure between each pair of annotators: links and attribution.

- ``link_f1_exact`` / ``link_f1_overlap``, per link type: a link of A matches a link of B when the types
  are equal and both ends match (for a symmetric type, either way round), matched one to one. Two ends
  match when they are the same tag, or tags with the same label covering the same pieces of text
  (exact) or sharing at least one character (overlap). F1 = 2 * matches / (|A's links| + |B's links|),
  matches being the most one-to-one pairs there can be (a link overlapping two of the other's counts once,
  and never takes the only partner another link had).
- ``attribution_f1_exact`` / ``..._overlap``: an attribution is a content tag with a live source tag;
  A's matches B's when the content tags match, their source tags match, and so do their cue tags (or
  neither has one). F1 as above, over attributed content tags.

Only live links whose two ends are live count, and only live, placed tags. As for spans, a pair is
compared on the documents both annotated; F1 is None (undefined) when neither has anything in scope
and 0.0 when only one has. Rows only appear where one of the pair has something to compare.

What did not match, for the reviewer, is listed by factcheck.core.structure_disagreements.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from factcheck.core.agreement import AgreementRow
from factcheck.core.fragments import overlap, pieces
from factcheck.core.links import Link
from factcheck.core.model import Annotation
from factcheck.core.ownership import CORRECTS

MODES = ("exact", "overlap")
LINK_MEASURES = ("link_f1_exact", "link_f1_overlap")
ATTRIBUTION_MEASURES = ("attribution_f1_exact", "attribution_f1_overlap")
STRUCTURE_MEASURES = (*LINK_MEASURES, *ATTRIBUTION_MEASURES)
STRUCTURE_TITLES = {
    "link_f1_exact": "Link F1 exact",
    "link_f1_overlap": "Link F1 overlap",
    "attribution_f1_exact": "Attribution F1 exact",
    "attribution_f1_overlap": "Attribution F1 overlap",
}
#: The label of attribution rows (link rows carry their link type).
ATTRIBUTION = "(attribution)"

Match = Callable[[Annotation, Annotation], bool]


def tags_match(mode: str) -> Match:
    def exact(a: Annotation, b: Annotation) -> bool:
        return a.id == b.id or (a.label == b.label and pieces(a) == pieces(b))

    def overlapping(a: Annotation, b: Annotation) -> bool:
        return a.id == b.id or (a.label == b.label and overlap(a, b) > 0)

    return exact if mode == "exact" else overlapping


@dataclass(frozen=True)
class DocumentStructure:
    """A document's live tags (by id) and live links whose ends are live, as the measures take them."""

    tags: Mapping[str, Annotation]
    links: Sequence[Link]

    @classmethod
    def of(cls, annotations: Iterable[Annotation], links: Iterable[Link]) -> DocumentStructure:
        tags = {a.id: a for a in annotations if not a.deleted and not a.orphaned}
        # A `corrects` link records a review act, not a reading of the text: the corrector's tag itself is
        # what span agreement counts (factcheck.core.ownership), so it is no link to agree on.
        live = [
            lk
            for lk in links
            if not lk.deleted and lk.from_id in tags and lk.to_id in tags and lk.type != CORRECTS
        ]
        return cls(tags, live)

    def annotators(self) -> set[str]:
        return {a.annotator for a in self.tags.values()}

    def links_by(self, annotator: str) -> list[Link]:
        return [lk for lk in self.links if lk.annotator == annotator]

    def attributed_by(self, annotator: str) -> list[Annotation]:
        """annotator's content tags with a live source tag."""
        return [
            a
            for a in self.tags.values()
            if a.annotator == annotator and a.source is not None and a.source in self.tags
        ]


def link_matcher(
    doc: DocumentStructure, match: Match, symmetric: Mapping[str, bool]
) -> Callable[[Link, Link], bool]:
    def ends(x: str, y: str) -> bool:
        return match(doc.tags[x], doc.tags[y])

    def same(a: Link, b: Link) -> bool:
        if a.type != b.type:
            return False
        if ends(a.from_id, b.from_id) and ends(a.to_id, b.to_id):
            return True
        return symmetric.get(a.type, False) and ends(a.from_id, b.to_id) and ends(a.to_id, b.from_id)

    return same


def attribution_matcher(doc: DocumentStructure, match: Match) -> Callable[[Annotation, Annotation], bool]:
    def optional(x: str | None, y: str | None) -> bool:
        live_x = x if x in doc.tags else None
        live_y = y if y in doc.tags else None
        if live_x is None or live_y is None:
            return live_x is None and live_y is None
        return match(doc.tags[live_x], doc.tags[live_y])

    def same(a: Annotation, b: Annotation) -> bool:
        return match(a, b) and optional(a.source, b.source) and optional(a.cue, b.cue)

    return same


def one_to_one(
    a_items: Sequence[object], b_items: Sequence[object], same: Callable[[object, object], bool]
) -> list[tuple[int, int]]:
    """Pairs (i, j) of matching items, each used once, as many as there can be (a maximum matching).

    A greedy pass alone is not enough with overlap: it can give an item the only partner another one
    had, and the count would then depend on the order the items were made. So the greedy pass comes
    first (it finds almost every match), then each item it left unmatched looks for an augmenting path
    (Kuhn's algorithm). `same` is slow (tags compared piece by piece), so the search asks it nothing the
    greedy pass already did, and is skipped when no path can exist: when the matching has min(|A|, |B|)
    pairs, when no unmatched item of A matches any item of B, or when no free item of B matches any."""
    n_a, n_b = len(a_items), len(b_items)
    owner: dict[int, int] = {}  # j -> the i it is matched with
    took = [n_b] * n_a  # i -> the j the greedy pass gave it (n_b: none)
    for i, x in enumerate(a_items):
        for j, y in enumerate(b_items):
            if j not in owner and same(x, y):
                owner[j] = i
                took[i] = j
                break
    if len(owner) == min(n_a, n_b):
        return sorted((i, j) for j, i in owner.items())
    first_owner = dict(owner)
    owned = sorted(first_owner)
    # What the check for a path's free end below found, kept to ask nothing twice without holding every
    # answer: for each j free then, the first i that matches it (n_a: none), the is that took an earlier
    # j having been asked in order.
    first_match: dict[int, int] = {}

    def ask(i: int, j: int) -> bool:
        first = first_match.get(j)
        if first is not None and took[i] < j and i <= first:
            return i == first
        return same(a_items[i], b_items[j])

    candidates: dict[int, list[int]] = {}

    def partners(i: int) -> list[int]:
        """The js i matches, in order. On i's turn the greedy pass asked about every j still free, up to
        the one i took: all no. What it did not ask: the js taken before i's turn, and those after i's."""
        if i not in candidates:
            took_i = took[i]
            found = [j for j in owned if j < took_i and first_owner[j] < i and ask(i, j)]
            if took_i < n_b:
                found.append(took_i)
                found += [j for j in range(took_i + 1, n_b) if ask(i, j)]
            candidates[i] = found
        return candidates[i]

    starts = [i for i in range(n_a) if took[i] == n_b]
    if not any(partners(i) for i in starts):
        return sorted((i, j) for j, i in owner.items())
    # A path ends at a free j that some item matches: one that took an earlier j (the others were asked
    # about it on their turn). A j once matched stays matched.
    for j in range(n_b):
        if j not in owner:
            found_i = (i for i in range(n_a) if took[i] < j and same(a_items[i], b_items[j]))
            first_match[j] = next(found_i, n_a)
    ends = {j for j, i in first_match.items() if i < n_a}
    for start in starts:
        if not ends:
            break
        # Depth-first search for a path start -> j0 -> owner[j0] -> j1 -> ... -> a free j (no recursion:
        # a long article can hold thousands of links of a type).
        seen: set[int] = set()
        stack: list[tuple[int, Iterator[int]]] = [(start, iter(partners(start)))]
        path: list[tuple[int, int]] = []  # (i, j): i takes j once a free end is found
        while stack:
            i, options = stack[-1]
            partner = next((j for j in options if j not in seen), None)
            if partner is None:
                stack.pop()
                if path:
                    path.pop()
                continue
            seen.add(partner)
            path.append((i, partner))
            if partner not in owner:
                for pi, pj in path:
                    owner[pj] = pi
                ends.discard(partner)
                break
            stack.append((owner[partner], iter(partners(owner[partner]))))
    return sorted((i, j) for j, i in owner.items())


@dataclass
class _Counts:
    a: int = 0
    b: int = 0
    matched: int = 0

    def add(self, other: _Counts) -> None:
        self.a += other.a
        self.b += other.b
        self.matched += other.matched

    def f1(self) -> float | None:
        if self.a + self.b == 0:
            return None
        return 2 * self.matched / (self.a + self.b)


@dataclass
class StructureTally:
    """Counts built a document at a time (memory: one document's structure); rows at the end."""

    symmetric: Mapping[str, bool] = field(default_factory=dict)
    # (document, a, b) -> (kind, mode) -> counts; kind: a link type or ATTRIBUTION
    _docs: dict[tuple[str, str, str], dict[tuple[str, str], _Counts]] = field(default_factory=dict)

    def add(self, document: str, doc: DocumentStructure) -> None:
        for a, b in itertools.combinations(sorted(doc.annotators()), 2):
            found: dict[tuple[str, str], _Counts] = {}
            links_a, links_b = doc.links_by(a), doc.links_by(b)
            attr_a, attr_b = doc.attributed_by(a), doc.attributed_by(b)
            for mode in MODES:
                match = tags_match(mode)
                same_link = link_matcher(doc, match, self.symmetric)
                for link_type in sorted({lk.type for lk in (*links_a, *links_b)}):
                    xs = [lk for lk in links_a if lk.type == link_type]
                    ys = [lk for lk in links_b if lk.type == link_type]
                    matched = len(one_to_one(xs, ys, same_link))  # type: ignore[arg-type]
                    found[(link_type, mode)] = _Counts(len(xs), len(ys), matched)
                if attr_a or attr_b:
                    same_attr = attribution_matcher(doc, match)
                    matched = len(one_to_one(attr_a, attr_b, same_attr))  # type: ignore[arg-type]
                    found[(ATTRIBUTION, mode)] = _Counts(len(attr_a), len(attr_b), matched)
            if found:
                self._docs[(document, a, b)] = found

    def rows(self, order: Iterable[str] | None = None, *, over_documents: bool = True) -> list[AgreementRow]:
        """Over all documents first (per pair: each link type, then attribution), then each document's."""
        keys = list(self._docs)
        if order is not None:
            rank = {doc: i for i, doc in enumerate(order)}
            keys = sorted((k for k in keys if k[0] in rank), key=lambda k: (rank[k[0]], k[1], k[2]))
        totals: dict[tuple[str, str], dict[tuple[str, str], _Counts]] = defaultdict(dict)
        doc_rows: list[AgreementRow] = []
        for key in keys:
            document, a, b = key
            for (kind, mode), counts in _ordered(self._docs[key]):
                totals[(a, b)].setdefault((kind, mode), _Counts()).add(counts)
                doc_rows.append(_row(document, kind, a, b, mode, counts))
        rows: list[AgreementRow] = []
        if over_documents:
            for (a, b), by_kind in sorted(totals.items()):
                rows += [_row(None, kind, a, b, mode, counts) for (kind, mode), counts in _ordered(by_kind)]
        return rows + doc_rows


def _ordered(found: Mapping[tuple[str, str], _Counts]) -> list[tuple[tuple[str, str], _Counts]]:
    return sorted(
        found.items(), key=lambda item: (item[0][0] == ATTRIBUTION, item[0][0], MODES.index(item[0][1]))
    )


def _row(document: str | None, kind: str, a: str, b: str, mode: str, counts: _Counts) -> AgreementRow:
    measure = f"{'attribution' if kind == ATTRIBUTION else 'link'}_f1_{mode}"
    return AgreementRow(document, kind, a, b, measure, counts.f1())
