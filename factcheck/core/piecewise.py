"""Sorting a long list in pieces, for work that may run on a worker thread beside the window.

One ``list.sort`` of 25k disagreements is a single call into C of tens of ms under load: it holds the
interpreter throughout, and the window's thread waits for its turn that long (a stalled event loop).
Sorted in pieces of ``PIECE`` items and merged by ``heapq.merge`` (which runs in Python between items),
the interpreter changes hands between pieces; the result is the same list, a few percent slower.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from heapq import merge
from typing import Any, TypeVar

T = TypeVar("T")

#: Items sorted per call into C (about a ms each).
PIECE = 2_000


def sorted_in_pieces(items: Iterable[T], key: Callable[[T], Any]) -> list[T]:
    """``sorted(items, key=key)`` (stable: equal keys keep their order), the interpreter released between
    pieces."""
    whole = list(items)
    if len(whole) <= PIECE:
        whole.sort(key=key)
        return whole
    pieces = [sorted(whole[i : i + PIECE], key=key) for i in range(0, len(whole), PIECE)]
    return list(merge(*pieces, key=key))
