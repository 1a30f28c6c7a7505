"""The rule for a name in the project's scheme (a label, a link type): what a tag's or link's kind is
called everywhere, in the window, in exports and on the team server, so it must read as it shows."""

from __future__ import annotations

import unicodedata

from db.errors import StoreError

MAX_NAME = 60
#: Control and format characters (escape sequences, right-to-left overrides, zero-width characters),
#: line and paragraph separators: a name holding one does not read as it is (the team server refuses
#: control characters too).
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp"))
#: Format characters that scripts need to spell words (Persian, Indic) and emoji sequences: kept.
_JOINERS = frozenset("\u200c\u200d")


def check_scheme_name(name: str, noun: str) -> str:
    """name with its white space tidied, or a StoreError saying why it cannot name a `noun`."""
    if any(unicodedata.category(c) in _HIDDEN and c not in _JOINERS for c in name):
        raise StoreError(f"A {noun}'s name cannot hold control characters; {name!r} does.")
    cleaned = " ".join(name.split())
    if not cleaned:
        raise StoreError(f"A {noun} needs a name; type one.")
    if len(cleaned) > MAX_NAME:
        raise StoreError(f"A {noun}'s name has at most {MAX_NAME} characters; {cleaned[:20]!r}… is longer.")
    return cleaned
