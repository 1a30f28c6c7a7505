"""A tiny, Qt-free event: callbacks called in the order they were connected.

The domain models of the open document (``OpenDocument`` and its layers) announce their changes through
these; the Qt widgets subscribe and turn them into repaints and model resets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Event(Generic[T]):
    """``connect(callback)``; ``emit(value)`` calls every callback with the value."""

    __slots__ = ("_callbacks",)

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], None]] = []

    def connect(self, callback: Callable[[T], None]) -> Callable[[], None]:
        """Subscribe; returns a function that unsubscribes (e.g. when the widget goes away)."""
        self._callbacks.append(callback)
        return lambda: self.disconnect(callback)

    def disconnect(self, callback: Callable[[T], None]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        for callback in list(self._callbacks):  # a callback may unsubscribe itself
            callback(value)

    def __len__(self) -> int:
        return len(self._callbacks)
