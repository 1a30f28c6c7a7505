"""Words for values read from JSON (files, teammates' databases), for the messages that refuse them."""

from __future__ import annotations

#: A key that is not there (None is JSON's null).
MISSING = object()


def describe(value: object) -> str:
    """A short, one-line description of a JSON value for messages."""
    if value is MISSING:
        return "missing"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
