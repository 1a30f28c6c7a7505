"""Spans of one document, indexed for "which spans overlap [a, b)?" and "which span comes next?".

Offsets are code points, end exclusive. The highlighter asks the overlap question once per paragraph, the
view once per paint (markers, outline) and per mouse move (tooltips), so it must stay fast with 50k spans
on a 5 MB text and with spans of every length, from one word to the whole article.

Structure: spans are bucketed by length class ``c = (end - start).bit_length()``, so every span of class c
is shorter than ``2**c``. Within a class, spans are kept sorted by start. A span of class c overlapping
[a, b) must start in ``(a - 2**c, b)``: one bisection per class (about 23 classes for 5 MB) bounds the
candidates, and nearly all of them really overlap. No single long span can make a query scan everything,
which a plain "sorted starts + running max end" index suffers from. Insert and remove are a bisection plus
a list insert (a memmove): microseconds at 50k spans.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from operator import itemgetter, sub
from typing import Protocol

Span = tuple[int, int, str]  # (start, end, id)

_by_start = itemgetter(0)
_by_end = itemgetter(1)
_by_id = itemgetter(2)


class Placed(Protocol):
    """What has a span: a tag."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def id(self) -> str: ...


def spans_of(items: Iterable[Placed], made: Mapping[str, Span] | None) -> list[Span]:
    """(start, end, id) of each item: the tuple ``made`` (another index's, ``SpanIndex.made``) holds for its
    id when its span is the same, else a new one. A copy of a long article's 50k spans, made on a worker
    amid the objects it keeps, would be 50k objects more in Python's arenas (3 MB), freed later around
    those it kept; the tuples are immutable, so two indexes may hold the same."""
    if made is None:
        return [(t.start, t.end, t.id) for t in items]
    get = made.get  # (a single lookup: safe while the window's thread changes the map)
    spans: list[Span] = []
    for t in items:
        span = get(t.id)
        start, end = t.start, t.end
        spans.append(span if span is not None and span[0] == start and span[1] == end else (start, end, t.id))
    return spans


def order_key(span: Span) -> tuple[int, int, str]:
    """Text order: by start, the enclosing (longer) span first, then by id for a stable total order."""
    return (span[0], -span[1], span[2])


class _Bucket:
    __slots__ = ("spans", "starts")

    def __init__(self, spans: list[Span], presorted: bool = False) -> None:
        if not presorted:
            spans.sort(key=_by_start)
        self.spans = spans
        self.starts = [s[0] for s in spans]


class SpanIndex:
    """Spans (start, end, id); ids must be unique (the view passes the keys of its annotation dict)."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        # Built on every article open, over up to 50k spans, so the per-span work stays in C: the sort is
        # linear on the store's already ordered rows.
        ordered = sorted(spans, key=_by_start)
        widths = list(map(sub, map(_by_end, ordered), map(_by_start, ordered)))
        if widths and min(widths) <= 0:
            raise ValueError(f"empty or reversed span {ordered[widths.index(min(widths))]!r}")
        classes = list(map(int.bit_length, widths))
        # One pass appending to each class's list: about 4x faster than one compress() pass per class.
        grouped: dict[int, list[Span]] = {c: [] for c in set(classes)}
        for span, c in zip(ordered, classes, strict=True):
            grouped[c].append(span)
        self._buckets: dict[int, _Bucket] = {c: _Bucket(g, presorted=True) for c, g in grouped.items()}
        self._count = len(ordered)
        # id -> span, built on first use; an index started empty (a long article's load, indexed slice by
        # slice: ``extend``) keeps it from the start, never built over every span in one go.
        # The id map and the text order hold the spans themselves: a tuple made per span (its (start, end),
        # its order key) would be 50k objects made at the first Tab after a long article's load, amid other
        # work, kept while it is open, keeping the arenas of what is freed around them after.
        self._where_map: dict[str, Span] | None = None if ordered else {}
        self._order: list[Span] | None = None  # in text order (``order_key``), built on first use
        #: Part of an index several follow (``core.shared_index``): ``review_full.release`` leaves it be.
        self.shared = False

    @property
    def _where(self) -> dict[str, Span]:
        if self._where_map is None:
            self._where_map = {span[2]: span for b in self._buckets.values() for span in b.spans}
        return self._where_map

    def made(self) -> Mapping[str, Span] | None:
        """The spans by id, if that map is built already (None: not built, and not built for this): the
        tuples themselves, for another index of the same spans to hold too (read only)."""
        return self._where_map

    def __len__(self) -> int:
        return self._count

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._where

    def get(self, span_id: str) -> tuple[int, int] | None:
        span = self._where.get(span_id)
        return None if span is None else (span[0], span[1])

    def add(self, span_id: str, start: int, end: int) -> None:
        """Insert, or move an existing span to new offsets."""
        if end <= start:
            raise ValueError(f"empty or reversed span {start}-{end}")
        if span_id in self._where:
            self.remove(span_id)
        span = (start, end, span_id)
        self._where[span_id] = span
        self._count += 1
        c = (end - start).bit_length()
        bucket = self._buckets.get(c)
        if bucket is None:
            self._buckets[c] = _Bucket([span], presorted=True)
        else:
            i = bisect_right(bucket.starts, start)
            bucket.starts.insert(i, start)
            bucket.spans.insert(i, span)
        if self._order is not None:
            self._order.insert(bisect_left(self._order, order_key(span), key=order_key), span)

    def extend(self, spans: list[Span]) -> None:
        """Add spans sorted by start, none starting before a span already here (the next slice of a load
        indexed in pieces, ``TagLayer.index_some``): each class's list only grows at its end. Ids must be
        new."""
        widths = list(map(sub, map(_by_end, spans), map(_by_start, spans)))
        if widths and min(widths) <= 0:
            raise ValueError(f"empty or reversed span {spans[widths.index(min(widths))]!r}")
        grouped: dict[int, list[Span]] = {}
        for span, c in zip(spans, map(int.bit_length, widths), strict=True):
            group = grouped.get(c)
            if group is None:
                grouped[c] = [span]
            else:
                group.append(span)
        for c, group in grouped.items():
            bucket = self._buckets.get(c)
            if bucket is None:
                self._buckets[c] = _Bucket(group, presorted=True)
            elif not bucket.starts or bucket.starts[-1] <= group[0][0]:
                bucket.spans.extend(group)
                bucket.starts.extend(map(_by_start, group))
            else:  # out of order after all: in place, one by one
                for start, end, span_id in group:
                    i = bisect_right(bucket.starts, start)
                    bucket.starts.insert(i, start)
                    bucket.spans.insert(i, (start, end, span_id))
        self._count += len(spans)
        if self._where_map is not None:
            self._where_map.update(zip(map(_by_id, spans), spans, strict=True))
        self._order = None  # rebuilt on first use

    def remove(self, span_id: str) -> tuple[int, int] | None:
        """Drop a span; returns its old (start, end), or None if it was not there."""
        old = self._where.pop(span_id, None)
        if old is None:
            return None
        self._count -= 1
        start, end = old[0], old[1]
        bucket = self._buckets[(end - start).bit_length()]
        i = bisect_left(bucket.starts, start)
        while bucket.spans[i][2] != span_id:
            i += 1
        del bucket.starts[i]
        del bucket.spans[i]
        if self._order is not None:
            del self._order[bisect_left(self._order, order_key(old), key=order_key)]
        return start, end

    def overlapping(self, a: int, b: int) -> list[Span]:
        """Spans with start < b and end > a (any shared character with [a, b)), in no particular order.

        With a == b, the spans that contain position a (start <= a < end).
        """
        if a == b:
            b = a + 1
        out: list[Span] = []
        for c, bucket in self._buckets.items():
            starts = bucket.starts
            lo = bisect_right(starts, a - (1 << c))
            hi = bisect_left(starts, b)
            if lo >= hi:
                continue
            spans = bucket.spans
            for i in range(lo, hi):
                span = spans[i]
                if span[1] > a:
                    out.append(span)
        return out

    def at(self, pos: int) -> list[Span]:
        """Spans containing code point ``pos``, innermost (shortest) first."""
        spans = self.overlapping(pos, pos + 1)
        spans.sort(key=lambda s: (s[1] - s[0], s[0], s[2]))
        return spans

    def _ordered(self) -> list[Span]:
        if self._order is None:
            # order_key's order in three stable sorts by C getters: no key tuple made per span
            order = sorted(self._where.values(), key=_by_id)
            order.sort(key=_by_end, reverse=True)
            order.sort(key=_by_start)
            self._order = order
        return self._order

    def __iter__(self) -> Iterator[Span]:
        """All spans in text order (see ``order_key``)."""
        return iter(self._ordered())

    def step(
        self, span_id: str | None, pos: int = 0, *, backward: bool = False, wrap: bool = True
    ) -> str | None:
        """The span after (or before) ``span_id`` in text order; without a known span_id, the first span
        starting at or after ``pos`` (backward: the last one starting before ``pos``). Wraps around."""
        order = self._ordered()
        if not order:
            return None
        where = self._where.get(span_id) if span_id is not None else None
        if where is not None:
            i = bisect_left(order, order_key(where), key=order_key)
            j = i - 1 if backward else i + 1
        elif backward:
            j = bisect_left(order, (pos, -(1 << 62), ""), key=order_key) - 1
        else:
            j = bisect_left(order, (pos, -(1 << 62), ""), key=order_key)
        if not 0 <= j < len(order):
            if not wrap:
                return None
            j %= len(order)
        return order[j][2]
