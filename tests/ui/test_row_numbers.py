"""The tag table's id -> row map renumbered from one shared list of ints (ui/row_numbers.py): the same map
as numbering each row, and no new int made per row (counted by identity; no timings)."""

from __future__ import annotations

from ui import row_numbers

ROWS = [f"tag-{i}" for i in range(5_000)]


def test_the_map_and_its_renumbering_are_those_of_numbering_each_row() -> None:
    rows = list(ROWS)
    row_of = row_numbers.row_map(rows)
    assert row_of == {tag: i for i, tag in enumerate(rows)}
    rows.insert(1_000, "new")
    row_numbers.renumber(rows, row_of, 1_000, len(rows) - 1)
    assert row_of == {tag: i for i, tag in enumerate(rows)}
    del row_of[rows[2_000]], rows[2_000]
    row_numbers.renumber(rows, row_of, 2_000, 10**9)  # a last row beyond the rows: up to the end
    assert row_of == {tag: i for i, tag in enumerate(rows)}
    row_numbers.renumber(rows, row_of, 7, 3)  # nothing to renumber
    assert row_of == {tag: i for i, tag in enumerate(rows)}


def test_renumbering_makes_no_new_int_per_row() -> None:
    rows = list(ROWS)
    row_of = row_numbers.row_map(rows)
    rows.insert(0, "new")
    row_numbers.renumber(rows, row_of, 0, len(rows) - 1)
    shared = row_numbers.numbers(len(rows))
    assert all(row_of[tag] is shared[i] for i, tag in enumerate(rows)), "an int made for a row"
