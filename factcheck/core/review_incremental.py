"""Keeping a document's disagreements up to date tag by tag, instead of over every tag on each edit.

Every disagreement lies within one group of tags chained by overlap (``core.disagreements``), so a changed
tag only changes the disagreements of the groups around its old and new span. ``DisagreementIndex`` holds
the placed tags compared (a span index) and which disagreements each tag is part of; ``update`` finds
the groups around the change and computes theirs again; ``splice_rows`` moves the list's rows that went
and came (``Splice``: with the structure's, ``core.review_structure_index``), so a view moves only those
rows. The result is the same list a full ``find_disagreements`` gives.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from factcheck.core.disagreements import (
    Disagreement,
    compared_disagreements,
    orphan_disagreement,
    sort_key,
)
from factcheck.core.model import Annotation
from factcheck.core.span_index import Span, SpanIndex, spans_of


@dataclass
class Splice:
    """Rows that went (positions in the list before, in the order removed: last first) and came
    (positions after the removals, in the order inserted: first first)."""

    removed: list[int] = field(default_factory=list)
    inserted: list[tuple[int, Disagreement]] = field(default_factory=list)
    #: Every disagreement around the change before and after it, rows moved or not (for counts).
    went: list[Disagreement] = field(default_factory=list)
    came: list[Disagreement] = field(default_factory=list)


def chained(index: SpanIndex, seeds: Iterable[tuple[int, int]]) -> set[str]:
    """The tags chained by overlap to any of the spans ``seeds`` (whole groups)."""
    found: set[str] = set()
    for lo, hi in seeds:
        while True:
            spans = index.overlapping(lo, hi)
            new_lo = min([lo, *(s[0] for s in spans)])
            new_hi = max([hi, *(s[1] for s in spans)])
            if (new_lo, new_hi) == (lo, hi):
                found.update(s[2] for s in spans)
                break
            lo, hi = new_lo, new_hi
    return found


def splice_rows(
    items: list[Disagreement], went: Iterable[Disagreement], came: Iterable[Disagreement]
) -> Splice:
    """Move the rows of ``items`` (sorted by ``sort_key``) from every disagreement around a change before
    it (``went``) to every one after it (``came``): rows in both stay where they are."""
    went, came = list(dict.fromkeys(went)), list(dict.fromkeys(came))
    splice = Splice(went=went, came=came)
    gone, fresh = set(went) - set(came), set(came) - set(went)
    positions = sorted((bisect_left(items, sort_key(d), key=sort_key) for d in gone), reverse=True)
    for pos in positions:
        del items[pos]
    splice.removed = positions
    for d in sorted(fresh, key=sort_key):
        pos = bisect_left(items, sort_key(d), key=sort_key)
        items.insert(pos, d)
        splice.inserted.append((pos, d))
    return splice


Spans = tuple[list[Disagreement], list[Disagreement]]


def disagreement_fields(tag: Annotation) -> tuple[object, ...]:
    """What the disagreements read of a tag (spans, labels, structure): a change elsewhere (a decision, a
    note, a speaker, a quotation) leaves the list as it is."""
    return (tag.document_id, tag.label, tag.start, tag.end, tag.fragments, tag.annotator, tag.orphaned,
            tag.deleted, tag.quote, tag.source, tag.cue)  # fmt: skip


class DisagreementIndex:
    """The tags compared and their span disagreements, kept together (the list itself is the caller's).

    One index may have several followers (``core.shared_index``: the Review pane and the document list's
    line of the open document), each told of every change: the same change passed again (the same
    ``before`` and ``after`` objects) gets the answer the first got, the index updated once."""

    def __init__(
        self,
        tags: Iterable[Annotation],
        items: Iterable[Disagreement],
        spans: Mapping[str, Span] | None = None,
    ) -> None:
        """``spans``: span tuples by id made already (the tag layer's, ``TagLayer.span_tuples``), held
        here too when a tag's span is the same: 50k fewer objects on a long article."""
        placed = [t for t in tags if not t.orphaned]
        self.index = SpanIndex(spans_of(placed, spans))
        self.annotators = Counter(t.annotator for t in placed)
        # Per tag its disagreement, or a tuple of them when more than one (read through ``rows``): not a
        # set, nor a 1-tuple: most tags are in one, and on a 50k-tag article 50k sets (~220 bytes each)
        # made 11 MB of the index, held all day and made anew at each full computation, scattered over
        # Python's arenas; 1-tuples another 2.4 MB.
        self.by_tag: dict[str, Disagreement | tuple[Disagreement, ...]] = {}
        for d in items:
            self._hold(d)
        #: Followed by more than one (``core.shared_index``): never emptied by ``review_full.release``.
        self.shared = False
        #: The number of annotators crossed two in an update: its disagreements are not kept up to date.
        self.stale = False
        self._last: tuple[Annotation | None, Annotation | None, Spans | None] | None = None

    def comparing(self) -> bool:
        return len(self.annotators) >= 2

    def rows(self, tag_id: str) -> tuple[Disagreement, ...]:
        """The disagreements the tag is in."""
        held = self.by_tag.get(tag_id, ())
        return held if type(held) is tuple else (held,)  # type: ignore[return-value]

    def _hold(self, d: Disagreement) -> None:
        by_tag = self.by_tag
        for tag_id in d.annotation_ids:
            held = by_tag.get(tag_id)
            if held is None:
                by_tag[tag_id] = d
            elif type(held) is tuple:
                if d not in held:
                    by_tag[tag_id] = (*held, d)
            elif held != d:
                by_tag[tag_id] = (held, d)  # type: ignore[assignment]

    def _drop(self, d: Disagreement) -> None:
        by_tag = self.by_tag
        for tag_id in d.annotation_ids:
            rest = tuple(x for x in self.rows(tag_id) if x != d)
            if len(rest) > 1:
                by_tag[tag_id] = rest
            elif rest:
                by_tag[tag_id] = rest[0]
            else:
                by_tag.pop(tag_id, None)

    def disagreements(self) -> list[Disagreement]:
        """Every disagreement held, in the order ``find_disagreements`` gives them."""
        return sorted({d for tag_id in self.by_tag for d in self.rows(tag_id)}, key=sort_key)

    def update(
        self, before: Annotation | None, after: Annotation | None, get: Callable[[str], Annotation | None]
    ) -> Spans | None:
        """One compared tag changed (``get`` already answers with ``after``): every disagreement around
        it before and after (for ``splice_rows``). None when the number of annotators crossed two:
        everything changes, the caller computes in full."""
        last = self._last
        if last is not None and last[0] is before and last[1] is after:  # another follower's turn
            return last[2]
        spans = self._update(before, after, get)
        self._last = (before, after, spans)
        if spans is None:
            self.stale = True
        return spans

    def _update(
        self, before: Annotation | None, after: Annotation | None, get: Callable[[str], Annotation | None]
    ) -> Spans | None:
        if before and after and disagreement_fields(before) == disagreement_fields(after):
            # A decision or a note: the same disagreements, not made again.
            rows = list(self.rows(after.id))
            return rows, list(rows)
        was = self.comparing()
        if before is not None and not before.orphaned:
            self.index.remove(before.id)
            self.annotators[before.annotator] -= 1
            if not self.annotators[before.annotator]:
                del self.annotators[before.annotator]
        if after is not None and not after.orphaned:
            self.index.add(after.id, after.start, after.end)
            self.annotators[after.annotator] += 1
        if self.comparing() != was:
            return None
        seeds = [(t.start, t.end) for t in (before, after) if t is not None and not t.orphaned]
        group = chained(self.index, seeds) if was else set()
        changed = {t.id for t in (before, after) if t is not None}
        went = {d for tag_id in group | changed for d in self.rows(tag_id)}
        found = compared_disagreements([t for i in group if (t := get(i)) is not None]) if group else []
        if after is not None and after.orphaned:
            found.append(orphan_disagreement(after))
        # Those found again unchanged stay the objects the list shows (never a copy beside them).
        kept = {d: d for d in went}
        came = [kept.get(d, d) for d in found]
        for d in went:
            self._drop(d)
        for d in came:
            self._hold(d)
        return list(went), came
