"""The tag table's id -> row map renumbered from one shared list of ints (ui/row_numbers.py): the same map
as numbering each row, and no new int made per row (counted by identity; no timings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_a_long_articles_numbers_are_made_at_import_not_among_its_tags() -> None:
    """Made when the table of a long article was first listed, they sat among its tags and kept their
    arenas once it closed: the numbers of a 50k-row table are made as the module is imported."""
    script = (
        "import tracemalloc\n"
        "from ui import row_numbers\n"
        "tracemalloc.start()\n"
        "assert row_numbers.numbers(50_000)[49_999] == 49_999\n"
        "print(len(tracemalloc.take_snapshot().traces))\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root)
    assert int(out.stdout) < 100
