"""Sorting in pieces gives exactly what one sort gives (stable too), across the piece boundaries."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from factcheck.core import piecewise
from factcheck.core.piecewise import sorted_in_pieces


@pytest.mark.parametrize("n", [0, 1, 5, 1999, 2000, 2001, 4000, 9_731])
def test_the_same_order_as_one_sort(n: int) -> None:
    rnd = random.Random(n)
    items = [(rnd.randrange(50), i) for i in range(n)]  # many equal keys: stability shows
    assert sorted_in_pieces(items, key=lambda x: x[0]) == sorted(items, key=lambda x: x[0])


def test_each_call_into_c_sorts_one_piece_at_most(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(piecewise, "PIECE", 10)
    sizes: list[int] = []

    def key(x: int) -> int:
        return x

    def spy(items: list[int], key: Callable[[int], int]) -> list[int]:
        sizes.append(len(items))
        return sorted(items, key=key)

    monkeypatch.setattr(piecewise, "sorted", spy, raising=False)
    items = list(range(95, 0, -1))
    assert sorted_in_pieces(items, key) == list(range(1, 96))
    assert sizes and max(sizes) <= 10
