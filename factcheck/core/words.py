"""Words in a text, by code point offsets: snapping a selection to whole words, moving a tag's start or
end by a word, and finding where a search's words occur.

A word is a run of letters, digits and marks (``\\w``), with an apostrophe or hyphen inside it kept
("don't", "well-known"). Offsets are code points, so an emoji counts one, as everywhere in factcheck.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import deque
from collections.abc import Iterator
from typing import Literal

from factcheck.core.loose_find import query_span

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


#: Quotes and brackets that may hug a word: a tag's end may stop after the ones that follow a word, its
#: start before the ones that precede one (German „…“ and Swedish ”…” close with what opens elsewhere).
_QUOTES = "\"'"
_CLOSING = frozenset(("Pe", "Pi", "Pf"))
_OPENING = frozenset(("Ps", "Pi", "Pf"))


def _hugs(ch: str, categories: frozenset[str]) -> bool:
    return ch in _QUOTES or unicodedata.category(ch) in categories


def _end_stops(text: str, lo: int, hi: int) -> list[int]:
    """Where a tag's end stops moving by words in text[lo:hi]: each word's end, and after the closing
    quotes and brackets right after it, when there are (sorted)."""
    stops: set[int] = set()
    for m in _WORD.finditer(text, max(0, lo), min(len(text), hi)):
        stops.add(m.end())
        after = m.end()
        while after < len(text) and _hugs(text[after], _CLOSING):
            after += 1
        stops.add(after)
    return sorted(stops)


def _start_stops(text: str, lo: int, hi: int) -> list[int]:
    """Where a tag's start stops moving by words in text[lo:hi]: each word's start, and before the
    opening quotes and brackets right before it, when there are (sorted)."""
    stops: set[int] = set()
    for m in _WORD.finditer(text, max(0, lo), min(len(text), hi)):
        stops.add(m.start())
        before = m.start()
        while before > 0 and _hugs(text[before - 1], _OPENING):
            before -= 1
        stops.add(before)
    return sorted(stops)


def moved_span(text: str, start: int, end: int, edge: Edge, forward: bool) -> tuple[int, int] | None:
    """The span after moving its start or end by one step: the end to the next (previous) word's end,
    the start to the next (previous) word's start; a quote or bracket hugging a word is one more step,
    so that a move and the move back are inverse (a closing quote skipped going right comes back going
    left). None when it cannot move (the text's edge, or the span would become empty)."""
    if edge == "end":
        if forward:
            # (from the last letter of the word it ends: a quote after that word is a step too)
            new = next((e for e in _end_stops(text, end - 1, end + _REACH) if e > end), None)
        else:
            stops = _end_stops(text, max(start, end - _REACH), end)
            new = next((e for e in reversed(stops) if start < e < end), None)
        return (start, new) if new is not None else None
    if forward:
        stops = _start_stops(text, start, min(end, start + _REACH))
        new = next((s for s in stops if start < s < end), None)
    else:
        # (to the first letter of the word it starts: a quote before that word is a step too)
        stops = _start_stops(text, max(0, start - _REACH), start + 1)
        new = next((s for s in reversed(stops) if s < start), None)
    return (new, end) if new is not None else None


def moved_pieces(
    text: str, parts: tuple[tuple[int, int], ...], edge: Edge, forward: bool
) -> tuple[tuple[int, int], ...] | None:
    """The pieces of a discontinuous tag after moving its start or end by one word (`moved_span`): the
    first piece's start or the last piece's end moves, the pieces between stay. None when it cannot."""
    i = 0 if edge == "start" else len(parts) - 1
    span = moved_span(text, *parts[i], edge, forward)
    if span is None:
        return None
    return (*parts[:i], span, *parts[i + 1 :])


@functools.lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """A word without case and accents, as the search index compares them. (Cached: a snippet compares
    each word around the match folded, and the words of news repeat.)"""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


#: The parts a search word is made of, as the search index splits it ("don’t": "don", "t"; "U.S.": "U", "S"),
#: a decomposed accent within its word, as there ("E" + U+0301 "lyse" + U+0301 "e" is one word, "elysee").
_IN_WORD = r"[\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_TOKEN = re.compile(_IN_WORD + "+")


def _parts(word: str) -> list[str]:
    return _TOKEN.findall(word)


def _searched(words: list[str]) -> tuple[str, ...]:
    """The words that have a letter or digit (a lone "…" or quote finds nothing)."""
    return tuple(w for w in words if _TOKEN.search(w))


@functools.lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...], ignore_case: bool) -> re.Pattern[str]:
    """One regex for a search's words (the last one a prefix), each from the start of a word; a word of
    several parts ("don't", "U.S.") matches its parts in a row, whatever is between them (’ or ')."""

    def phrase(word: str) -> str:
        return r"\W+".join(re.escape(p) for p in _parts(word if ignore_case else word.lower()))

    parts = [phrase(w) + rf"(?!{_IN_WORD})" for w in words[:-1]]  # (an accent after it: not the word's end)
    parts.append(phrase(words[-1]) + _IN_WORD + "*")
    return re.compile(rf"\b(?:{'|'.join(parts)})", re.IGNORECASE if ignore_case else 0)


def _folded_matches(text: str, lo: int, hi: int, words: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """The spans of text[lo:hi] where a search word matches, ignoring case and accents: its parts, folded,
    equal to words of the text in a row (the last part of the last word a prefix), in the text's order."""
    phrases = [[fold(p) for p in _parts(w)] for w in words]
    last = len(phrases) - 1
    if all(len(p) == 1 for p in phrases):  # words of one part each (most searches): no run to follow
        whole, prefix = {p[0] for p in phrases[:-1]}, phrases[-1][0]
        for m in _TOKEN.finditer(text, lo, hi):
            folded = fold(m.group())
            if folded in whole or folded.startswith(prefix):
                yield m.start(), m.end()
        return
    recent: deque[tuple[int, str]] = deque(maxlen=max(len(p) for p in phrases))  # (start, folded)
    for m in _TOKEN.finditer(text, lo, hi):
        folded = fold(m.group())
        recent.append((m.start(), folded))
        for i, phrase in enumerate(phrases):
            # The word's last part first (one comparison for most words of the text), then its others.
            if not (folded.startswith(phrase[-1]) if i == last else folded == phrase[-1]):
                continue
            n = len(phrase)
            if n <= len(recent) and all(recent[k - n][1] == phrase[k] for k in range(n - 1)):
                yield recent[-n][0], m.end()
                break


def first_match(text: str, words: list[str]) -> tuple[int, int] | None:
    """Where a search for words (the last one a prefix) first matches in text: the span of the first
    word of the text equal to one of them (of its parts in a row, for "don't"), ignoring case and accents;
    None when none occurs."""
    searched = _searched(words)
    if not searched:
        return None
    # Fast path, in C: the words as typed, on a lowercased copy (the same length, so the same offsets;
    # else the slower case-blind regex). Most texts and queries need no accent folding.
    lowered = text.lower()
    if len(lowered) == len(text):
        found = _pattern(searched, False).search(lowered)
    else:
        found = _pattern(searched, True).search(text)
    if found is not None:
        return found.start(), found.end()
    return next(_folded_matches(text, 0, len(text), searched), None)


def hit_span(text: str, words: list[str]) -> tuple[int, int] | None:
    """Where a result of Search all documents is: the whole query where it first occurs as the index
    matched it (`loose_find.query_span`: São for sao, a decomposed accent within its word), else the first
    of its words (`first_match`). What opening the result selects and what its snippet shows and marks
    first. None when none occurs."""
    return query_span(text, words) or first_match(text, words)


def snippet(text: str, words: list[str], marks: tuple[str, str], width: int = 80) -> str:
    """The text around where the result is (`hit_span`): about width characters each side, cut at spaces,
    "…" where cut; that place between marks (the first marked: what opening the result selects), and
    every matching word after it within. "" when none matches."""
    found = hit_span(text, words)
    if found is None:
        return ""
    start, end = found
    lo, hi = max(0, start - width), min(len(text), end + width)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    parts: list[str] = ["…" if lo > 0 else "", text[lo:start], marks[0], text[start:end], marks[1]]
    pos = end
    for a, b in _hits(text, lo, hi, _searched(words)):
        if a < pos:  # before the place, or overlapping the one marked before
            continue
        parts += [text[pos:a], marks[0], text[a:b], marks[1]]
        pos = b
    parts += [text[pos:hi], "…" if hi < len(text) else ""]
    return " ".join("".join(parts).split())


def _hits(text: str, lo: int, hi: int, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """The words of text[lo:hi] that match (as `first_match`), as spans: by the words' regex on a
    lowercased copy, and, where the text has letters beyond ASCII, also compared folded (accents
    ignored)."""
    window = text[lo:hi]
    lowered = window.lower()
    spans: set[tuple[int, int]] = set()
    if len(lowered) == len(window):
        spans.update(
            (lo + a, lo + b) for a, b in (m.span() for m in _pattern(words, False).finditer(lowered))
        )
    if not window.isascii():
        spans.update(_folded_matches(text, lo, hi, words))
    return sorted(spans)
