"""Words in a text, by code point offsets: snapping a selection to whole words, moving a tag's start or
end by a word, and finding where a search's words occur.

A word is a run of letters, digits and marks (``\\w``), with an apostrophe or hyphen inside it kept
("don't", "well-known"). Offsets are code points, so an emoji counts one, as everywhere in factcheck.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

_JOINERS = "'’‐-"  # inside a word: apostrophes and hyphens between two word characters
_WORD = re.compile(rf"\w+(?:[{_JOINERS}]\w+)*")

Edge = Literal["start", "end"]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _inside(text: str, pos: int) -> bool:
    """Whether pos falls strictly inside a word (a word character, or a joiner between two, on each side)."""
    if not 0 < pos < len(text):
        return False

    def wordish(i: int) -> bool:
        ch = text[i]
        if _is_word_char(ch):
            return True
        return (
            ch in _JOINERS
            and 0 < i < len(text) - 1
            and _is_word_char(text[i - 1])
            and _is_word_char(text[i + 1])
        )

    return wordish(pos - 1) and wordish(pos)


def _word_around(text: str, pos: int) -> tuple[int, int] | None:
    """The word containing the character at pos or just before it, as (start, end)."""
    lo = max(0, pos - 80)
    for m in _WORD.finditer(text, lo, min(len(text), pos + 80)):
        if m.start() <= pos <= m.end():
            return m.start(), m.end()
        if m.start() > pos:
            break
    return None


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened so that neither end cuts a word: a drag begun or ended mid-word takes the
    whole word. A selection of whitespace or punctuation only is left as it is."""
    if start > end:
        start, end = end, start
    if _inside(text, start):
        word = _word_around(text, start)
        if word is not None:
            start = word[0]
    if _inside(text, end):
        word = _word_around(text, end)
        if word is not None:
            end = word[1]
    return start, end


def word_starts_and_ends(text: str, lo: int, hi: int) -> tuple[list[int], list[int]]:
    """The starts and the ends of the words in text[lo:hi] (whole words only)."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _WORD.finditer(text, max(0, lo), min(len(text), hi)):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


#: How far to look for the next or previous word (a long run of spaces or a table of numbers is rare).
_REACH = 2000


def moved_span(text: str, start: int, end: int, edge: Edge, forward: bool) -> tuple[int, int] | None:
    """The span after moving its start or end by one word: the end to the end of the next (previous)
    word, the start to the start of the next (previous) word. None when it cannot move (the text's edge,
    or the span would become empty)."""
    if edge == "end":
        if forward:
            _, ends = word_starts_and_ends(text, end, end + _REACH)
            new = next((e for e in ends if e > end), None)
        else:
            _, ends = word_starts_and_ends(text, max(start, end - _REACH), end)
            new = next((e for e in reversed(ends) if e < end and e > start), None)
        return (start, new) if new is not None else None
    if forward:
        starts, _ = word_starts_and_ends(text, start, min(end, start + _REACH))
        new = next((s for s in starts if start < s < end), None)
    else:
        starts, _ = word_starts_and_ends(text, max(0, start - _REACH), start)
        new = next((s for s in reversed(starts) if s < start), None)
    return (new, end) if new is not None else None


def fold(word: str) -> str:
    """A word without case and accents, as the search index compares them."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def first_match(text: str, words: list[str]) -> tuple[int, int] | None:
    """Where a search for words (the last one a prefix) first matches in text: the span of the first
    word of the text equal to one of them, ignoring case and accents; None when none occurs."""
    if not words:
        return None
    # Fast path, in C: the words as they are typed, case ignored (most texts and queries have no accents).
    exact = [re.compile(rf"\b{re.escape(w)}\w*" if i == len(words) - 1 else rf"\b{re.escape(w)}\b",
                        re.IGNORECASE) for i, w in enumerate(words)]  # fmt: skip
    found = [m for m in (p.search(text) for p in exact) if m is not None]
    if found:
        best = min(found, key=lambda m: m.start())
        return best.start(), best.end()
    whole = {fold(w) for w in words[:-1]}
    prefix = fold(words[-1])
    for m in re.finditer(r"\w+", text):
        word = fold(m.group())
        if word in whole or word.startswith(prefix):
            return m.start(), m.end()
    return None
