"""The rule for a name people read in lists, menus and exports (a label, a link type, a speaker): it must
read as it is, so it holds no character that hides or reorders what follows it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

#: Control and format characters (escape sequences, right-to-left overrides, zero-width characters),
#: line and paragraph separators: a name holding one does not read as it is (the team server refuses
#: control characters too).
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp"))
#: Format characters that scripts need to spell words (Persian, Indic) and emoji sequences: kept.
_JOINERS = frozenset("\u200c\u200d")


def is_hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN and char not in _JOINERS


def holds_hidden(name: str) -> bool:
    """Whether name holds a character it may not (see `_HIDDEN`)."""
    return any(is_hidden(c) for c in name)


def shown(name: str) -> str:
    """name as it may be shown: each hidden character written as its escape (\\n, \\x1b, \\u202e), for
    the names an older project kept from before the rule."""
    if not holds_hidden(name):
        return name
    return "".join(escaped_char(c) if is_hidden(c) else c for c in name)


def known_names(names: Sequence[str], what: str, at_most: int = 10) -> str:
    """The names a filter could have given, for the one line refusing one the project never had:
    "known annotators: ana, bo" (the first at_most, then "…")."""
    if not names:
        return f"it has no {what} yet"
    listed = ", ".join(shown(n) for n in names[:at_most])
    return f"known {what}: {listed}" + (", …" if len(names) > at_most else "")


def escaped_char(char: str) -> str:
    """One character as Python writes it in a string (\\n, \\x1b, \\u202e, \\U000e0041): the one escape
    every place that shows a refused or hidden character uses."""
    code = ord(char)
    if char in "\n\t\r":
        return repr(char)[1:-1]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def cleaned(name: str) -> str:
    """name with each hidden character made a space and its white space tidied: what a name from a
    teammate's row already on the team server becomes here (refusing it would stop everyone's sync)."""
    return " ".join("".join(" " if is_hidden(c) else c for c in name).split())


def title_cleaned(title: str) -> str:
    """An imported document's title as it is kept: each format character (a zero-width space, a soft
    hyphen, a direction mark or override) dropped, as it joins the letters around it, each other hidden
    character (an escape, a line break) made a space, white space tidied. A title comes with its article,
    which refusing the title would refuse too; a title typed by hand is refused instead (a rename).
    A title without one is kept as it is (matching a version of an article goes by its title)."""
    if not holds_hidden(title):
        return title
    return " ".join("".join(_title_char(c) for c in title).split())


def storable(text: str) -> str:
    """text from a file name (a document's source, a title made of one) as it can be stored: the bytes of
    a name that are not UTF-8 (a Latin-1 "café.txt" from a Windows zip), which Python keeps as lone
    surrogates that SQLite and UTF-8 files refuse, each made U+FFFD (an escape's backslash would read as
    a folder in a path)."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")  # the name's bytes again
    except UnicodeEncodeError:  # a surrogate of another origin
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return raw.decode("utf-8", "replace")


def _title_char(char: str) -> str:
    if not is_hidden(char):
        return char
    return "" if unicodedata.category(char) == "Cf" else " "


def name_problem(name: str) -> str | None:
    """Why a typed person's name (yours, on every tag, link and decision you make) cannot be recorded, or
    None: the rule of labels' and speakers' names."""
    if not holds_hidden(name):
        return None
    return (
        "a name cannot hold control characters (escape sequences, direction overrides, zero-width "
        f"characters); “{shown(name)}” does"
    )


@lru_cache(maxsize=4096)
def name_cleaned(name: str) -> str:
    """A person's name from an imported file or a teammate's database as it is kept: the rule of imported
    titles (`title_cleaned`), so that it reads as it shows; a name of hidden characters alone is kept as
    its escapes (`shown`). (Cached: a file names few people, on many rows.)"""
    if not holds_hidden(name):
        return name
    return title_cleaned(name) or shown(name)


#: What a terminal may act on instead of showing: C0 controls but TAB, LF and CRLF (ESC starts sequences that
#: set a window's title or clear the screen), DEL, C1 controls (U+009B is a CSI on its own), and the
#: bidirectional overrides and isolates that reorder what is shown.
BEYOND_C0 = "\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{BEYOND_C0}]|\r(?!\n)")  # CRLF ends a line
#: Python's stand-ins for a file name's bytes that are not UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """text as it may be shown on a terminal: control characters written as escapes (\\x1b), and a file
    name's stray bytes (a path in a message) as U+FFFD, as the project stores such a name. The command
    line writes its tables and CSV so, and the window's Copy as CSV as the command line does."""
    if _SURROGATE.search(text):
        text = storable(text)
    return _UNSAFE.sub(lambda m: escaped_char(m.group()), text)
