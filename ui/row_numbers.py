"""Row numbers for a table's id -> row map, shared: renumbering rows makes no new objects.

A 50k-tag article's tag table maps each tag's id to its row; a tag added or removed near the top renumbers
every row after it. ``row_of[rows[i]] = i`` made a new int for each (Python keeps only -5..256 made once):
~33,000 objects allocated and as many freed per key press, scattered over Python's arenas among longer-
lived objects (what keeps those arenas from being given back: bench/soak.py, bench/memory_regions.py).
The numbers now come from one list of ints made once (as long as the longest table: ~1.8 MB for 50k
rows, which the map held anyway), and the map takes them in one C call.

Those for up to ``AT_START`` rows are made as the module is imported, among what lives as long as the
process: made when a long article's table is first listed, they sat among its tags and their index, and
kept the arenas of those from going back once the article was closed (bench/arena_pinners.py).
"""

from __future__ import annotations

#: Rows numbered with ints made at import (~2.3 MB with the list): a 50k-tag article's table fits.
AT_START = 1 << 16
_NUMBERS: list[int] = list(range(AT_START))


def numbers(count: int) -> list[int]:
    """A list whose item i is the int i, for i < count at least (grown once as needed, never copied)."""
    if len(_NUMBERS) < count:
        _NUMBERS.extend(range(len(_NUMBERS), max(count, 2 * len(_NUMBERS))))
    return _NUMBERS


def row_map(rows: list[str]) -> dict[str, int]:
    """Each id's row."""
    return dict(zip(rows, numbers(len(rows))[: len(rows)], strict=True))


def renumber(rows: list[str], row_of: dict[str, int], first: int, last: int) -> None:
    """``row_of[rows[i]] = i`` for first <= i <= last (within the rows)."""
    end = min(last, len(rows) - 1) + 1
    if end > first:
        row_of.update(zip(rows[first:end], numbers(end)[first:end], strict=True))
