"""Where a search of all documents first occurs in an article's text (`query_span`), found without folding
the whole text: a loose regex over the stored text, each letter as any letter folding to it, finds where
to look; each place is checked in the fold (`text_find.FoldedText`) of the few characters around it.
"""

from __future__ import annotations

import functools
import re

from factcheck.core.text_find import FoldedText, fold, fold_char

#: A word's parts as the search index splits it: letters and digits (an underscore splits, as there).
_TOKEN = re.compile(r"[^\W_]+")
_SPLIT, _REST = r"[\W_]+", r"[^\W_]*"
#: How far before a place the window folded to check it starts (at a space within it, if any), and how far
#: past what the loose search matched it ends (made wider while a match runs to its end: a long word).
_AROUND = 64


@functools.lru_cache(maxsize=64)
def _query(words: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], tuple[re.Pattern[str], ...]]:
    """Each word's parts, folded (the words that have none left out), in a row and then the first word's
    alone; and the regexes: the whole query's words in a row (the last a prefix), then the first word
    alone (whole); each to be found at a word's start (`_first`). Made once a query, not a document."""
    tokens = [t for t in (_TOKEN.findall(fold(w)) for w in words) if t]
    if not tokens:
        return (), ()
    runs = [tuple(t for word in tokens for t in word)]
    patterns = [re.compile(_SPLIT.join(map(re.escape, runs[0])) + _REST)]
    if len(tokens) > 1:
        runs.append(tuple(tokens[0]))
        patterns.append(re.compile(_SPLIT.join(map(re.escape, runs[1])) + r"(?![^\W_])"))
    return tuple(runs), tuple(patterns)


def _first(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    """pattern's first match at a word's start. (Checked here, not by a lookbehind in the pattern: one
    would cost its literal start, which lets the search skip through a 5 MB text ten times faster.)"""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if m.start() == 0 or not _TOKEN.match(text, m.start() - 1):
            return m.span()
        pos = m.start() + 1
    return None


#: Characters sorted once for a loose search (`_sorted_known`): Latin letters beyond ASCII, combining
#: accents, general punctuation; the others a text holds (an emoji, Greek) are sorted per text (few in most).
_KNOWN = "".join(map(chr, [*range(0x80, 0x250), *range(0x300, 0x370), *range(0x2000, 0x2070)]))


class _Sorted:
    """Characters sorted by how they fold, for a loose search (`_loose`): for each folded letter the
    letters that fold to it; the characters that fold to nothing (decomposed accents); the ones a loose
    search cannot follow (`odd`): folding to several letters (a ligature, ß, ½), or from a letter to a
    separator or back."""

    __slots__ = ("odd", "stand", "vanish")

    def __init__(self, chars: str | set[str]) -> None:
        stand: dict[str, str] = {}
        vanish: list[str] = []
        odd: list[str] = []
        for ch in sorted(chars):
            out = fold_char(ch, False)
            token = _TOKEN.match(ch) is not None
            if not out:
                (odd if token else vanish).append(ch)
            elif len(out) > 1:
                if token or _TOKEN.search(out):
                    odd.append(ch)
            elif token != (_TOKEN.match(out) is not None):
                odd.append(ch)
            elif token and out != ch:
                stand[out] = stand.get(out, "") + ch
        self.stand, self.vanish, self.odd = stand, "".join(vanish), "".join(odd)


@functools.cache
def _sorted_known() -> tuple[_Sorted, re.Pattern[str]]:
    """The known characters sorted, and a regex finding each character to sort per text: neither ASCII
    nor known, or known and odd (`_Sorted`). (The known accents on their own are not sorted per text:
    always allowed for in a loose search; a decomposed text has thousands.)"""
    known = _Sorted(_KNOWN)
    plain = "".join(ch for ch in _KNOWN if ch not in known.odd)
    return known, re.compile(f"[^\\x00-\\x7f{re.escape(plain)}]")


@functools.lru_cache(maxsize=256)
def _loose(
    tokens: tuple[str, ...], alone: bool, stand: tuple[tuple[str, str], ...], vanish: str
) -> re.Pattern[str]:
    """A regex over the stored (unfolded) text that matches at least wherever tokens match in a row in its
    fold (and whole, if alone): each folded letter as itself, its capital or any letter folding to it
    (stand, for the letters of tokens), with any dropped accents (vanish) after it. Whether it starts a
    word, and where it matches, is checked in the fold of the few characters around (`_match_at`). (No
    lookbehind for the word's start, no IGNORECASE: each made a search failing through 5 MB 2-20 times
    slower.)"""
    ins = dict(stand)
    after = f"[{re.escape(vanish)}]*" if vanish else ""

    def letter(c: str) -> str:
        upper = c.upper()
        chars = c + (upper if len(upper) == 1 and upper != c else "") + ins.get(c, "")
        return (f"[{re.escape(chars)}]" if len(chars) > 1 else re.escape(c)) + after

    body = _SPLIT.join("".join(letter(c) for c in t) for t in tokens)
    return re.compile(body + (r"(?![^\W_])" if alone else ""))


def _match_at(text: str, p: int, reach: int, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """pattern's match in text's fold from the character folded from stored offset p, if it starts a
    word there, as a stored span: found in the fold of a window around p, widened while the match runs
    to its end (the rest of a word being typed)."""
    space = text.rfind(" ", max(0, p - _AROUND), p)
    lo = space if space != -1 else max(0, p - _AROUND)
    hi = min(len(text), reach + _AROUND)
    while True:
        window = FoldedText(text[lo:hi])
        f = window.folded_offset(p - lo)
        if f == 0 and lo > 0:  # (only accents before it in the window: what precedes them unseen)
            lo = max(0, lo - _AROUND)
            continue
        found = pattern.match(window.folded, f)
        if found is None or (f > 0 and _TOKEN.match(window.folded, f - 1)):
            return None
        if found.end() < len(window.folded) or hi == len(text):
            a, b = window.stored_span(*found.span())
            return lo + a, lo + b
        hi = min(len(text), hi + 2 * (hi - lo))


def query_span(text: str, words: list[str]) -> tuple[int, int] | None:
    """Where a search of words first occurs in text, as Search all documents matched them (each word
    whole, the last one a prefix; a word the index splits, "don't", as its parts in a row; accents and
    case ignored): all the words in a row, else the first word alone. None when neither occurs."""
    runs, patterns = _query(tuple(words))
    if not patterns:
        return None
    if text.isascii():  # (a flag of the str) lowercased in C at once, the same offsets
        return _first_of(patterns, text.lower())
    # Neither folded nor even lowercased whole (lowercasing the 5 MB article with its emoji took 100-140
    # ms; folding 200 accented snippets' documents 35-56 ms): a loose regex, case ignored, each letter
    # as any letter folding to it, finds where to look; each place checked in the fold around it.
    sorted_upto: dict[int, _Sorted] = {}  # (the whole query's search sorts the characters of all the text)
    for pattern, run, alone in zip(patterns, runs, (False, True), strict=False):
        found = _first_loose(text, run, alone, pattern, sorted_upto)
        if found is not None:
            return found
    return None


def _first_loose(
    text: str, run: tuple[str, ...], alone: bool, pattern: re.Pattern[str], sorted_upto: dict[int, _Sorted]
) -> tuple[int, int] | None:
    """pattern's first match at a word's start in text's fold, as a stored span, found by `_loose`: first
    allowing for the known characters, then, up to what it found, for the others the text holds there
    (a search through the text's start only, for most texts: one scan of 5 MB took 15-40 ms). sorted_upto:
    the others sorted up to an offset, by an earlier search of the same text (more: as right)."""
    known, to_sort = _sorted_known()
    found = _search_loose(text, _loose(run, alone, _stand_ins(run, known.stand, {}), known.vanish), pattern)
    end = len(text) if found is None else min(len(text), found[1] + _AROUND)
    others = next((sorted_ for upto, sorted_ in sorted_upto.items() if upto >= end), None)
    if others is None:
        # (The distinct characters first: findall listed one string per Greek or Cyrillic letter, 404 MB
        # for a 5M-character text.)
        others = sorted_upto[end] = _Sorted({c for c in set(text[:end]) if to_sort.match(c)})
    if others.odd:  # a letter folding to several (a ligature, ß): what comes before folded
        head = FoldedText(text[:end])
        first = _first(pattern, head.folded)
        if first is not None and (first[1] < len(head.folded) or end == len(text)):
            return head.stored_span(*first)
        if end == len(text):
            return None
        whole = FoldedText(text)  # (a match running past what was folded: rare)
        first = _first(pattern, whole.folded)
        return None if first is None else whole.stored_span(*first)
    stand = _stand_ins(run, known.stand, others.stand)
    if stand == _stand_ins(run, known.stand, {}) and not others.vanish:
        return found
    # Letters beyond the known ones that fold to the query's (Greek, Cyrillic), or other accents: the
    # search again, allowing for them (it can only find the same place or one before).
    return _search_loose(text, _loose(run, alone, stand, known.vanish + others.vanish), pattern)


def _stand_ins(
    run: tuple[str, ...], known: dict[str, str], others: dict[str, str]
) -> tuple[tuple[str, str], ...]:
    """For each letter of run that others fold to, those letters (known, then others)."""
    return tuple(
        (c, known.get(c, "") + others.get(c, ""))
        for c in sorted(set("".join(run)))
        if c in known or c in others
    )


def _search_loose(text: str, loose: re.Pattern[str], pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """The first place loose matches at a word's start where pattern matches the fold (`_match_at`)."""
    pos = 0
    while (m := loose.search(text, pos)) is not None:
        p = m.start()
        if p == 0 or not _TOKEN.match(text, p - 1):  # (a letter before: not a word's start)
            found = _match_at(text, p, m.end(), pattern)
            if found is not None:
                return found
        pos = p + 1
    return None


def _first_of(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[int, int] | None:
    """The first of patterns that matches at a word's start, where it first does."""
    for pattern in patterns:
        found = _first(pattern, text)
        if found is not None:
            return found
    return None
