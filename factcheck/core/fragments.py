"""Discontinuous tags: one tag made of several pieces of text ("The economy, he said, is booming").

Representation (docs/formats.md): ONE tag whose `fragments` hold its pieces, sorted, non-overlapping and
not adjacent (two touching pieces are one piece), at least two; its start/end are the envelope (first
piece's start, last piece's end) and its quote/prefix/suffix those of the envelope, so that anchoring,
ordering and every start/end-based reader keep working. A continuous tag has no fragments. Every view,
measure and format that cares about the covered text uses `pieces()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from factcheck.core.errors import InvalidSpan
from factcheck.core.model import Annotation, Fragments


def pieces(ann: Annotation) -> Fragments:
    """The pieces of text ann covers: its fragments, or ((start, end),) for a continuous tag."""
    return ann.fragments or ((ann.start, ann.end),)


def covered(ann: Annotation) -> int:
    """How many code points ann covers (the gaps of a discontinuous tag do not count)."""
    return sum(e - s for s, e in pieces(ann))


def covered_text(ann: Annotation, text: str, joiner: str = " … ") -> str:
    """The text of ann's pieces, joined (for lists and exports that show what was tagged)."""
    return joiner.join(text[s:e] for s, e in pieces(ann))


#: Quotation marks that may open and close a tag's words (curly, straight, guillemets, low-9, CJK).
_OPENING = "“‘\"'«»‹›„‚「『"
_CLOSING = "”’\"'»«›‹“‘」』"


def unquoted(words: str, limit: int) -> str:
    """Words to put between “ ” in a message: on one line, without the pair of quotation marks that
    already surrounds them (a tag of a whole quotation would read ““…””), cut to limit characters."""
    words = " ".join(words.split())
    if len(words) >= 2 and words[0] in _OPENING and words[-1] in _CLOSING:
        words = words[1:-1].strip()
    return words if len(words) <= limit else words[: limit - 1] + "…"


def quoted(ann: Annotation, limit: int = 40) -> str:
    """ann's words on one line, in quotation marks, cut to limit characters (how messages name a tag:
    its pieces joined by " … ", from its quote, which is their envelope)."""
    words = " … ".join(ann.quote[s - ann.start : e - ann.start] for s, e in pieces(ann))
    return f"“{unquoted(words, limit)}”"


def overlap(a: Annotation, b: Annotation) -> int:
    """Code points covered by both a and b, piece by piece."""
    total = 0
    for s1, e1 in pieces(a):
        for s2, e2 in pieces(b):
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


def same_pieces(a: Annotation, b: Annotation) -> bool:
    return pieces(a) == pieces(b)


def problem(parts: Sequence[tuple[int, int]], text_length: int, text: str | None = None) -> str | None:
    """What is wrong with parts as the fragments of a tag on a text of text_length code points (and,
    given text, that a piece holds only whitespace); None when they are well formed."""
    if len(parts) < 2:
        return "a discontinuous tag needs at least two pieces (a continuous tag has no fragments)"
    previous_end = -1
    for i, part in enumerate(parts):
        if len(part) != 2:
            return f"piece {i} is not a [start, end] pair"
        start, end = part
        if type(start) is not int or type(end) is not int:
            return f"piece {i} must be two whole numbers, not {start!r} and {end!r}"
        if not 0 <= start < end <= text_length:
            return f"piece {i} ({start}-{end}) lies outside the text (0-{text_length}) or is empty"
        if start <= previous_end:
            what = "touches" if start == previous_end else "overlaps or comes before"
            return f"piece {i} ({start}-{end}) {what} the piece before it: pieces are sorted and apart"
        if text is not None and not text[start:end].strip():
            return f"piece {i} ({start}-{end}) holds only whitespace"
        previous_end = end
    return None


def check(parts: Sequence[tuple[int, int]], text: str) -> Fragments:
    """parts as fragments (tuples), or InvalidSpan saying what is wrong."""
    why = problem(parts, len(text), text)
    if why is not None:
        raise InvalidSpan(f"These pieces cannot make one tag: {why}.")
    return tuple((int(s), int(e)) for s, e in parts)


def normalized(parts: Iterable[tuple[int, int]]) -> Fragments:
    """parts sorted, with overlapping or touching pieces joined; () when one piece is left (continuous).
    What a selection of several ranges becomes."""
    merged: list[list[int]] = []
    for start, end in sorted(parts):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if len(merged) < 2:
        return ()
    return tuple((s, e) for s, e in merged)


def envelope(parts: Fragments) -> tuple[int, int]:
    """(start, end) of the tag whose fragments are parts."""
    return parts[0][0], parts[-1][1]


def matches_envelope(ann: Annotation) -> bool:
    """A discontinuous ann's start/end are its envelope (always true of a continuous tag)."""
    return not ann.fragments or envelope(ann.fragments) == (ann.start, ann.end)
