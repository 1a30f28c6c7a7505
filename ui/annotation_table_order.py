"""The tag table's order: one precomputed key per row, compared in C.

Sorting 50k rows through a sort proxy asks Python for two cells per comparison (about a million calls,
seconds with the window frozen). Here each column has a key function giving a tuple that ends with the
tag's id, so every key is distinct (a total order: ascending and descending are exact reverses), the
whole list sorts in one `sorted()` call and a new or edited row finds its place by binary search.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt

from factcheck.core.model import Annotation

LABEL, QUOTE, ANNOTATOR, NOTE, TIME = range(5)

SortKey = tuple[object, ...]


def _by_label(a: Annotation) -> SortKey:
    return (a.label, a.start, a.end, a.id)


def _by_position(a: Annotation) -> SortKey:
    # The quote column sorts in reading order, not alphabetically.
    return (a.start, a.end, a.id)


def _by_annotator(a: Annotation) -> SortKey:
    return (a.annotator.casefold(), a.start, a.end, a.id)


def _by_note(a: Annotation) -> SortKey:
    return (a.note.casefold(), a.start, a.end, a.id)


def _by_time(a: Annotation) -> SortKey:
    return (a.updated_at or a.created_at, a.id)


KEYS: dict[int, Callable[[Annotation], SortKey]] = {
    LABEL: _by_label,
    QUOTE: _by_position,
    ANNOTATOR: _by_annotator,
    NOTE: _by_note,
    TIME: _by_time,
}


def key_function(column: int) -> Callable[[Annotation], SortKey]:
    """The key of `column` (an unknown column sorts by position)."""
    return KEYS.get(column, _by_position)


def ordered(tags: Sequence[Annotation], column: int, order: Qt.SortOrder) -> tuple[list[SortKey], list[str]]:
    """The keys and ids of `tags` in the table's order for `column` and `order`."""
    keys = sorted(map(key_function(column), tags), reverse=order == Qt.SortOrder.DescendingOrder)
    return keys, [key[-1] for key in keys]  # type: ignore[misc]  # the last item is always the id


def position(keys: Sequence[SortKey], key: SortKey, order: Qt.SortOrder) -> int:
    """Where `key` goes in `keys` (sorted in `order`): a binary search, keys being distinct."""
    lo, hi = 0, len(keys)
    descending = order == Qt.SortOrder.DescendingOrder
    while lo < hi:
        mid = (lo + hi) // 2
        before = keys[mid] > key if descending else keys[mid] < key
        if before:
            lo = mid + 1
        else:
            hi = mid
    return lo


class Keying:
    """The keys of a long article's rows computed in slices (one per turn of the event loop: 50k calls of
    a key function take 30-90 ms), then sorted at once (in C, a few ms). Dropped and begun again when
    the rows it keys change meanwhile (an edit, a filter, another column)."""

    def __init__(self, tags: Sequence[Annotation], column: int) -> None:
        self._tags = tags
        self._key = key_function(column)
        self.column = column
        self._keys: list[SortKey] = []

    def step(self, count: int) -> bool:
        """Key the next ``count`` tags; True once every tag is keyed."""
        done = len(self._keys)
        self._keys.extend(map(self._key, self._tags[done : done + count]))
        return len(self._keys) == len(self._tags)

    def ordered(self, order: Qt.SortOrder) -> tuple[list[SortKey], list[str]]:
        """As ``ordered(tags, column, order)``, once ``step`` said every tag is keyed."""
        keys = self._keys
        keys.sort(reverse=order == Qt.SortOrder.DescendingOrder)
        return keys, [key[-1] for key in keys]  # type: ignore[misc]  # the last item is always the id
