"""Re-anchoring tags onto another version of an article's text (articles get corrected).

A tag carries its quote and 32 characters of prefix and suffix (the W3C TextQuoteSelector) plus its old
offsets. We look for it in the new text as Hypothesis does:

1. exact: every occurrence of the quote; among several, the best score wins.
2. fuzzy: the best approximate match of the quote (rapidfuzz) near the expected position, else anywhere;
   accepted when the quote is at least 75 % similar and the weighted score reaches 0.6. A quote longer
   than MAX_FUZZY_QUOTE is found by its two ends, then compared whole once: the cost stays bounded.

Either way a short quote (under 16 characters: "the", "20%") is only placed where its prefix and suffix
agree at least half-way: otherwise a removed sentence's "20%" would land on another "20%".

The score weighs quote similarity most, then prefix and suffix agreement, then nearness to the expected
position (the old offset scaled to the new length): (50 q + 20 p + 20 s + 2 pos) / 92, as in Hypothesis.

A tag that cannot be placed is never dropped: it is kept, marked ``orphaned``, and placed where its old
start falls in the new text (clamped to the text, shifted onto the nearest non-space character, as long as
its quote or up to the end of the text). Its quote then is the text found there (the store's invariant
quote == text[start:end] holds), and its note gets a line ``[orphaned; original quote: "..."]`` so that
the reviewer sees what was tagged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from factcheck.core.model import Annotation
from factcheck.core.spans import context

EXACT = "exact"
FUZZY = "fuzzy"
ORPHANED = "orphaned"

QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0
_TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT

#: An exact match is taken on its own when the quote has at least this many characters.
TELLING_QUOTE_CHARS = 16
#: Otherwise its context must agree at least this much (mean prefix/suffix similarity, 0..1).
MIN_CONTEXT_FOR_SHORT_EXACT = 0.5
MIN_FUZZY_QUOTE = 0.75
MIN_FUZZY_SCORE = 0.6
#: Characters searched on each side of the expected position before searching the whole text.
WINDOW_CHARS = 2000
_MAX_EXACT_CANDIDATES = 5000
#: A longer quote is searched for by its two ends (LONG_QUOTE_ENDS characters each), not as a whole:
#: fuzzy alignment is quadratic in the quote's length (a 20 KB quote took seconds per tag).
MAX_FUZZY_QUOTE = 400
LONG_QUOTE_ENDS = 120

ORPHAN_MARK = "[orphaned; original quote: "
#: Noted on a discontinuous tag whose text changed: it now covers its whole envelope.
PIECES_MARK = "[its pieces could not be placed on the corrected text: it covers them and what lies between]"


@dataclass(frozen=True)
class Placement:
    start: int
    end: int
    method: str  # EXACT, FUZZY or ORPHANED
    score: float


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return fuzz.ratio(a, b) / 100.0


def _score(
    text: str, start: int, end: int, quote_sim: float, prefix: str, suffix: str, expected: int
) -> float:
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    # An empty prefix means the tag began the text: agreement when it still does.
    prefix_sim = _similarity(prefix, before) if prefix else (1.0 if start == 0 else 0.5)
    suffix_sim = _similarity(suffix, after) if suffix else (1.0 if end == len(text) else 0.5)
    position = 1.0 - abs(start - expected) / max(1, len(text))
    return (
        QUOTE_WEIGHT * quote_sim
        + PREFIX_WEIGHT * prefix_sim
        + SUFFIX_WEIGHT * suffix_sim
        + POSITION_WEIGHT * position
    ) / _TOTAL_WEIGHT


def _context_agreement(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return (_similarity(prefix, before) + _similarity(suffix, after)) / 2


def locate(text: str, quote: str, prefix: str, suffix: str, expected: int) -> Placement | None:
    """Where quote (with this context) lies in text, or None; expected is the likely start offset."""
    if not quote.strip() or not text:
        return None
    exact = _locate_exact(text, quote, prefix, suffix, expected)
    if exact is not None:
        return exact
    return _locate_fuzzy(text, quote, prefix, suffix, expected)


def _locate_exact(text: str, quote: str, prefix: str, suffix: str, expected: int) -> Placement | None:
    starts: list[int] = []
    i = text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    if not starts:
        return None
    if len(starts) > _MAX_EXACT_CANDIDATES:
        starts = sorted(starts, key=lambda s: abs(s - expected))[:_MAX_EXACT_CANDIDATES]
    n = len(quote)
    best = max(
        starts, key=lambda s: (_score(text, s, s + n, 1.0, prefix, suffix, expected), -abs(s - expected))
    )
    if _untold(text, best, best + n, quote, prefix, suffix):
        return None
    return Placement(best, best + n, EXACT, _score(text, best, best + n, 1.0, prefix, suffix, expected))


def _locate_fuzzy(text: str, quote: str, prefix: str, suffix: str, expected: int) -> Placement | None:
    n = len(quote)
    if n > len(text):
        return None
    if n > MAX_FUZZY_QUOTE:
        found = _locate_long(text, quote, expected)
    else:
        found = _search(text, quote, expected)
        if found is not None:
            found = _refine(text, quote, *found)
    if found is None:
        return None
    start, end = found
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    quote_sim = _similarity(quote, text[start:end])
    if quote_sim < MIN_FUZZY_QUOTE:
        return None
    score = _score(text, start, end, quote_sim, prefix, suffix, expected)
    if score < MIN_FUZZY_SCORE or _untold(text, start, end, quote, prefix, suffix):
        return None
    return Placement(start, end, FUZZY, score)


def _search(text: str, piece: str, expected: int) -> tuple[int, int] | None:
    """The best approximate match of piece near expected (its likely start), else anywhere."""
    window = max(WINDOW_CHARS, 2 * len(piece))
    lo = max(0, expected - window)
    hi = min(len(text), expected + len(piece) + window)
    found = _align(text, piece, lo, hi)
    if found is None and (lo > 0 or hi < len(text)):
        found = _align(text, piece, 0, len(text))
    return found


def _locate_long(text: str, quote: str, expected: int) -> tuple[int, int] | None:
    """A long quote's span from where its first and last LONG_QUOTE_ENDS characters lie: aligning and
    refining the whole of a 20 KB quote costs seconds (quadratic), its two ends milliseconds. The caller
    then checks the whole quote's similarity once."""
    n, piece = len(quote), LONG_QUOTE_ENDS
    head, tail = quote[:piece], quote[-piece:]
    at_head = _search(text, head, expected)
    if at_head is None:
        return None
    start = _refine(text, head, *at_head)[0]
    at_tail = _search(text, tail, start + n - piece)
    if at_tail is None:
        return None
    end = _refine(text, tail, *at_tail)[1]
    # The ends must enclose about the quote's length (else they matched two unrelated places).
    if not MIN_FUZZY_QUOTE * n <= end - start <= n / MIN_FUZZY_QUOTE:
        return None
    return start, end


def _untold(text: str, start: int, end: int, quote: str, prefix: str, suffix: str) -> bool:
    """A short quote ("the", "20%") is only trusted where its context agrees."""
    if len(quote) >= TELLING_QUOTE_CHARS or not (prefix or suffix):
        return False
    return _context_agreement(text, start, end, prefix, suffix) < MIN_CONTEXT_FOR_SHORT_EXACT


def _align(text: str, quote: str, lo: int, hi: int) -> tuple[int, int] | None:
    hay = text[lo:hi]
    if len(hay) < len(quote):
        return None
    result = fuzz.partial_ratio_alignment(quote, hay, score_cutoff=MIN_FUZZY_QUOTE * 100)
    if result is None:
        return None
    return lo + result.dest_start, lo + result.dest_end


def _refine(text: str, quote: str, start: int, end: int) -> tuple[int, int]:
    """Move both ends a little to the best whole-quote similarity (an edit may lengthen the quote)."""
    k = min(12, max(2, len(quote) // 5))
    best = (_similarity(quote, text[start:end]), start, end)
    for s in range(max(0, start - k), min(len(text), start + k + 1)):
        for e in range(max(s + 1, end - k), min(len(text), end + k) + 1):
            sim = _similarity(quote, text[s:e])
            if sim > best[0]:
                best = (sim, s, e)
    return best[1], best[2]


def orphan_span(text: str, old_start: int, quote_length: int) -> tuple[int, int]:
    """A valid span for a tag that could not be placed: its old start clamped into text (see module doc)."""
    if not text.strip():
        raise ValueError("a text with no visible character cannot hold a tag")
    start = min(max(0, old_start), len(text) - 1)
    if text[start].isspace():
        forward = next((i for i in range(start, len(text)) if not text[i].isspace()), None)
        if forward is None:
            forward = next(i for i in range(start, -1, -1) if not text[i].isspace())
        start = forward
    end = min(len(text), start + max(1, quote_length))
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return start, end


def original_quote(note: str, quote: str) -> str:
    """What an orphaned tag quoted before it was orphaned (its note's last mark; the quote may span
    lines), else quote."""
    mark = note.rfind(ORPHAN_MARK + '"')
    if mark == -1:
        return quote
    body = note[mark + len(ORPHAN_MARK) + 1 :]
    end = body.rfind('"]')
    return body[:end] if end != -1 else quote


def reanchor(ann: Annotation, old_text_length: int, text: str, document_id: str) -> tuple[Annotation, str]:
    """ann (tagged on a text of old_text_length characters) placed on text; (new annotation, method).

    Deterministic, and updated_at is kept: importing the same work twice then changes nothing.
    """
    expected = round(ann.start * len(text) / old_text_length) if old_text_length else 0
    if text[ann.start : ann.end] == ann.quote and ann.quote and ann.end <= len(text):
        # Same place, same words: only the context might differ (an edit elsewhere nearby).
        placement: Placement | None = Placement(ann.start, ann.end, EXACT, 1.0)
        if _context_agreement(text, ann.start, ann.end, ann.prefix, ann.suffix) < 0.999:
            better = locate(text, ann.quote, ann.prefix, ann.suffix, expected)
            if better is not None:
                placement = better
    else:
        placement = locate(text, ann.quote, ann.prefix, ann.suffix, expected)
    note = ann.note
    orphaned = ann.orphaned
    if placement is None:
        start, end = orphan_span(text, ann.start, len(ann.quote))
        method = ORPHANED
        orphaned = True
        # Orphaned once already: its quote is a placeholder; the note keeps the one it was tagged on.
        quoted = original_quote(note, ann.quote) if ann.orphaned else ann.quote
        mark = f'{ORPHAN_MARK}"{quoted}"]'
        if mark not in note:
            note = f"{note}\n{mark}" if note else mark
    else:
        start, end, method = placement.start, placement.end, placement.method
    prefix, quote, suffix = context(text, start, end)
    fragments = ann.fragments
    if fragments:
        # A discontinuous tag's pieces move with it only when its whole envelope was found unchanged;
        # otherwise it becomes its envelope (still the text it was about), and the note says so.
        if quote == ann.quote and method != ORPHANED:
            fragments = tuple((s + start - ann.start, e + start - ann.start) for s, e in fragments)
        else:
            fragments = ()
            if PIECES_MARK not in note:
                note = f"{note}\n{PIECES_MARK}" if note else PIECES_MARK
    moved = replace(
        ann,
        document_id=document_id,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        note=note,
        orphaned=orphaned,
        fragments=fragments,
    )
    return moved, method
