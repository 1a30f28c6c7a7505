"""Where annotators disagree on a document: the reviewer's work list.

Three kinds, between tags of different annotators (live tags only; with fewer than two annotators there
is nobody to disagree with and the list is empty):

- ``label``: the same span (the same pieces: start and end, or every piece of a discontinuous tag) tagged
  with different labels.
- ``boundary``: tags with the same label that overlap (share a character, directly or through a chain
  of overlapping tags) but do not all cover the same pieces: other start or end, or one tag in pieces
  and another in one ("pieces differ", even over one envelope). One disagreement covers the whole chain.
- ``label_boundary``: tags of different annotators that overlap with different labels and different
  spans, none of them matched by another annotator's tag of its label (alice's claim on 448–456, bob's
  characterization on 449–455). One disagreement covers each chain of such overlapping tags.
- ``only_one``: a tag no other annotator matched: no overlapping tag by anyone else, neither with the same
  label nor with another (and not already part of a ``label`` disagreement, which says more).

Tags that agree exactly (same label and pieces by every annotator involved) are not listed. Overlap is
of the pieces: a tag in the gap between another's pieces does not overlap it.

A fourth kind needs no second annotator: ``orphaned``, a teammate's tag that could not be re-anchored on a
corrected version of the article (see ``factcheck.core.anchoring``). Its offsets are a placeholder, so it
takes part in no other kind; the reviewer places it again (edit), rejects it, or deletes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from factcheck.core.fragments import overlap, pieces, unquoted
from factcheck.core.model import Annotation
from factcheck.core.piecewise import sorted_in_pieces

KINDS = ("orphaned", "only_one", "label", "boundary", "label_boundary")
KIND_TITLES = {
    "orphaned": "Orphaned",
    "only_one": "Only one",
    "label": "Label",
    "boundary": "Boundary",
    "label_boundary": "Label and boundary",
    "link": "Link",
    "attribution": "Attribution",
}  # the last two: core.review_structure

_QUOTE_CHARS = 40


@dataclass(frozen=True)
class Disagreement:
    kind: str  # one of KINDS
    document_id: str
    start: int  # the span covering every tag involved
    end: int
    annotation_ids: tuple[str, ...]  # ordered by start, end, annotator
    annotators: tuple[str, ...]  # sorted, distinct
    labels: tuple[str, ...]  # distinct, in order of first appearance
    description: str  # one short line for a list


def _words(ann: Annotation) -> str:
    """The words ann covers: its quote, or a discontinuous tag's pieces joined by " … " (its quote is its
    envelope, gaps included)."""
    if not ann.fragments:
        return ann.quote
    return " … ".join(ann.quote[s - ann.start : e - ann.start] for s, e in ann.fragments)


def _short(quote: str) -> str:
    return unquoted(quote, _QUOTE_CHARS)  # put between “ ”: a whole quotation's own marks left out


def _make(kind: str, anns: Sequence[Annotation], description: str) -> Disagreement:
    anns = sorted(anns, key=lambda a: (a.start, a.end, a.annotator, a.id))
    return Disagreement(
        kind=kind,
        document_id=anns[0].document_id,
        start=min(a.start for a in anns),
        end=max(a.end for a in anns),
        annotation_ids=tuple(a.id for a in anns),
        annotators=tuple(sorted({a.annotator for a in anns})),
        labels=tuple(dict.fromkeys(a.label for a in anns)),
        description=description,
    )


def _names(anns: Iterable[Annotation]) -> str:
    return ", ".join(sorted({a.annotator for a in anns}))


def _label_disagreements(anns: list[Annotation]) -> tuple[list[Disagreement], set[str]]:
    by_span: dict[tuple[tuple[int, int], ...], list[Annotation]] = defaultdict(list)
    for ann in anns:
        by_span[pieces(ann)].append(ann)
    found: list[Disagreement] = []
    involved: set[str] = set()
    for group in by_span.values():
        if len({a.annotator for a in group}) < 2 or len({a.label for a in group}) < 2:
            continue
        # Two labels from one annotator alone is not a disagreement between annotators.
        if not any(x.annotator != y.annotator and x.label != y.label for x in group for y in group):
            continue
        by_label: dict[str, list[Annotation]] = defaultdict(list)
        for ann in sorted(group, key=lambda a: (a.annotator, a.label)):
            by_label[ann.label].append(ann)
        parts = [f"{label} ({_names(members)})" for label, members in by_label.items()]
        found.append(_make("label", group, f"“{_short(_words(group[0]))}”: " + " vs ".join(parts)))
        involved.update(a.id for a in group)
    return found, involved


def _same_label_chains(anns: list[Annotation]) -> list[list[Annotation]]:
    """Groups of same-label tags connected by overlap (a sweep over tags sorted by start)."""
    chains: list[list[Annotation]] = []
    by_label: dict[str, list[Annotation]] = defaultdict(list)
    for ann in anns:
        by_label[ann.label].append(ann)
    for members in by_label.values():
        members.sort(key=lambda a: (a.start, a.end))
        chain: list[Annotation] = []
        chain_end = -1
        for ann in members:
            if chain and ann.start < chain_end:
                chain.append(ann)
                chain_end = max(chain_end, ann.end)
            else:
                if chain:
                    chains.append(chain)
                chain, chain_end = [ann], ann.end
        if chain:
            chains.append(chain)
    return [part for chain in chains for part in _connected(chain)]


def _connected(chain: list[Annotation]) -> list[list[Annotation]]:
    """chain (tags whose envelopes overlap in a row) split into the groups whose pieces overlap: a
    discontinuous tag's envelope spans gaps that the tag does not cover."""
    if not any(a.fragments for a in chain):
        return [chain]  # continuous tags: the envelopes are the tags
    group = list(range(len(chain)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i, a in enumerate(chain):
        for j in range(i + 1, len(chain)):
            b = chain[j]
            if b.start >= a.end:
                break  # sorted by start: no later tag reaches a
            if overlap(a, b):
                group[root(j)] = root(i)
    parts: dict[int, list[Annotation]] = defaultdict(list)
    for i, a in enumerate(chain):
        parts[root(i)].append(a)
    return list(parts.values())


def _where(ann: Annotation) -> str:
    """Where a tag lies, for a reviewer: "12–30", or its pieces "12–18 and 24–30"."""
    spans = [f"{s}–{e}" for s, e in pieces(ann)]
    return spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " and " + spans[-1]


def _boundary_text(chain: list[Annotation]) -> str:
    label = chain[0].label
    in_order = sorted(chain, key=lambda a: (a.annotator, a.start, a.end))
    if not any(a.fragments for a in chain):
        bounds = "; ".join(f"{a.annotator} {a.start}–{a.end}" for a in in_order)
        return f"{label} boundaries differ: {bounds}"
    # say which tags are in pieces: one tag over "The economy … is booming", another over all of it
    bounds = "; ".join(
        f"{a.annotator} {_where(a)}" + ("" if a.fragments else " in one piece") for a in in_order
    )
    return f"{label} pieces differ: {bounds}"


def orphan_disagreement(a: Annotation) -> Disagreement:
    """The ``orphaned`` disagreement of a tag that could not be re-anchored."""
    return _make(
        "orphaned", [a], f"{a.annotator}'s {a.label} tag could not be placed on this version of the text"
    )


#: The order of kinds at one place: the span kinds, then the structure's (core.review_structure).
_RANK = {kind: i for i, kind in enumerate(KIND_TITLES)}


def sort_key(d: Disagreement) -> tuple[int, int, int, tuple[str, ...], str]:
    """The order of ``find_disagreements`` within a document, and of the review list with the structure's
    disagreements among them (unique: a kind, its tags and, for structure, its description)."""
    return (d.start, d.end, _RANK[d.kind], d.annotation_ids, d.description)


def _document_disagreements(all_anns: list[Annotation]) -> list[Disagreement]:
    orphans = [orphan_disagreement(a) for a in all_anns if a.orphaned]
    anns = [a for a in all_anns if not a.orphaned]
    if len({a.annotator for a in anns}) < 2:
        return orphans
    return compared_disagreements(anns) + orphans


def compared_disagreements(anns: list[Annotation]) -> list[Disagreement]:
    """The disagreements among placed (not orphaned) tags, at least two annotators being compared.

    Every disagreement lies within one group of tags chained by overlap, so this may be asked of any set
    of such whole groups (the review session does, after an edit, for the groups around it)."""
    found, in_label = _label_disagreements(anns)
    unmatched: list[Annotation] = []  # tags no other annotator matched with the same label
    for chain in _same_label_chains(anns):
        annotators = {a.annotator for a in chain}
        if len(annotators) >= 2:
            if len({pieces(a) for a in chain}) > 1:
                found.append(_make("boundary", chain, _boundary_text(chain)))
            continue
        # A chain of one annotator: no one else tagged this with the same label.
        unmatched += [ann for ann in chain if ann.id not in in_label]
    for group in _overlap_chains(unmatched):
        if len({a.annotator for a in group}) >= 2:
            found.append(_make("label_boundary", group, _label_boundary_text(group)))
            continue
        for ann in group:
            text = f"only {ann.annotator} tagged “{_short(_words(ann))}” as {ann.label}"
            found.append(_make("only_one", [ann], text))
    return found


def _overlap_chains(anns: list[Annotation]) -> list[list[Annotation]]:
    """Groups of tags (any label) connected by overlap, in text order."""
    chains: list[list[Annotation]] = []
    chain_end = -1
    for ann in sorted_in_pieces(anns, lambda a: (a.start, a.end, a.annotator, a.id)):
        if chains and ann.start < chain_end:
            chains[-1].append(ann)
            chain_end = max(chain_end, ann.end)
        else:
            chains.append([ann])
            chain_end = ann.end
    return [part for chain in chains for part in _connected(chain)]


def _label_boundary_text(group: list[Annotation]) -> str:
    parts = [
        f"{a.label} ({a.annotator} {_where(a)})"
        for a in sorted(group, key=lambda a: (a.annotator, a.start, a.end))
    ]
    return f"“{_short(_words(group[0]))}”: different label and boundary: " + " vs ".join(parts)


def find_disagreements(annotations: Iterable[Annotation]) -> list[Disagreement]:
    """Disagreements of each document among annotations (deleted ones ignored), sorted by start.

    Annotations of several documents are handled document by document; the result is ordered by
    document (first appearance), then start, end and kind.
    """
    by_document: dict[str, list[Annotation]] = defaultdict(list)
    for ann in annotations:
        if not ann.deleted:
            by_document[ann.document_id].append(ann)
    result: list[Disagreement] = []
    for anns in by_document.values():
        # In pieces: on a worker thread one long sort would hold the interpreter the window waits for.
        result += sorted_in_pieces(_document_disagreements(anns), sort_key)
    return result
