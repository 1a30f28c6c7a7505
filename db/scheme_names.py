"""The rule for a name in the project's scheme (a label, a link type): what a tag's or link's kind is
called everywhere, in the window, in exports and on the team server, so it must read as it shows."""

from __future__ import annotations

from db.errors import StoreError
from factcheck.core.names import holds_hidden

MAX_NAME = 60


def check_scheme_name(name: str, noun: str) -> str:
    """name with its white space tidied, or a StoreError saying why it cannot name a `noun`."""
    if holds_hidden(name):
        raise StoreError(f"A {noun}'s name cannot hold control characters; {name!r} does.")
    cleaned = " ".join(name.split())
    if not cleaned:
        raise StoreError(f"A {noun} needs a name; type one.")
    if len(cleaned) > MAX_NAME:
        raise StoreError(f"A {noun}'s name has at most {MAX_NAME} characters; {cleaned[:20]!r}… is longer.")
    return cleaned
