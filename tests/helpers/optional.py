"""Narrowing an optional the test expects to be there: a None fails the test where it is read."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def present(value: T | None) -> T:
    assert value is not None
    return value
