"""Code points <-> Qt (UTF-16) positions: the one place where the two ways of counting text meet.

Stored offsets are Python ``str`` indices (Unicode code points). Qt counts UTF-16 code units: a character
outside the Basic Multilingual Plane (most emoji, some CJK, maths letters) is a surrogate pair, two units.
Everything else -- combining marks, NBSP, ``\\n`` (a QTextDocument block separator, one position) -- is one
unit in both. So the only difference between the two counts is the number of astral characters before a
point, and a sorted list of their code point indices answers that with a bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Converts between code point offsets into ``text`` and Qt (UTF-16) positions.

    Each conversion is O(log a) for ``a`` astral characters, O(1) on ASCII. The astral characters are
    found by a regex scan in C, done as far into the text as the conversions asked reach (in chunks of
    ``chunk`` code points): opening a 5 MB article converts only the positions of its first screen, and
    the whole text is scanned only when something needs its end (``qt_length``, a position near it).
    """

    __slots__ = ("_astral_cp", "_astral_qt", "_scanned", "_text", "chunk", "length")

    def __init__(self, text: str, chunk: int = 1 << 16) -> None:
        self._text = text
        self.length = len(text)
        self.chunk = chunk
        self._astral_cp: list[int] = []  # code point index of each astral character found so far
        # Qt position of the high surrogate of each: k astral ones precede the k-th.
        self._astral_qt: list[int] = []
        self._scanned = self.length if text.isascii() else 0  # [0, _scanned) is scanned

    def _scan_to(self, cp: int) -> None:
        """Find the astral characters in [0, cp) (and a chunk beyond, so scans stay few)."""
        if cp <= self._scanned:
            return
        end = min(self.length, max(cp, self._scanned + self.chunk))
        found = [m.start() for m in _ASTRAL.finditer(self._text, self._scanned, end)]
        k = len(self._astral_cp)
        self._astral_cp += found
        self._astral_qt += [c + k + i for i, c in enumerate(found)]
        self._scanned = end

    @property
    def qt_length(self) -> int:
        """The text's length in UTF-16 units."""
        self._scan_to(self.length)
        return self.length + len(self._astral_cp)

    @property
    def identity(self) -> bool:
        """True when code points and Qt positions coincide (no astral characters)."""
        return self.identical_before(self.length)

    def identical_before(self, cp: int) -> bool:
        """True when code points and Qt positions coincide up to code point ``cp``."""
        self._scan_to(cp)
        return not self._astral_cp or self._astral_cp[0] >= cp

    def to_qt(self, cp: int) -> int:
        """Qt position of code point offset ``cp`` (0 <= cp <= len(text))."""
        if not 0 <= cp <= self.length:
            raise IndexError(f"code point offset {cp} outside 0..{self.length}")
        self._scan_to(cp)
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def from_qt(self, pos: int, *, snap_forward: bool = False) -> int:
        """Code point offset of Qt position ``pos``.

        Positions outside the document are clamped to 0..len. A position between the two halves of a
        surrogate pair is not a character boundary: it snaps BACKWARD to the start of that character by
        default (the character the position falls in), or FORWARD past it with ``snap_forward=True``
        -- use that for the end of a selection so a half-selected emoji is included whole.
        """
        if pos <= 0:
            return 0
        # Every astral character before Qt position pos starts before code point pos (cp <= qt).
        self._scan_to(min(pos + 1, self.length))
        if pos >= self.length and pos >= self.qt_length:
            return self.length
        if not self._astral_cp:
            return pos
        k = bisect_left(self._astral_qt, pos)  # astral characters starting strictly before pos
        if k and self._astral_qt[k - 1] == pos - 1:  # pos is inside the k-th pair
            cp = self._astral_cp[k - 1]
            return cp + 1 if snap_forward else cp
        return pos - k

    def from_qt_range(self, start: int, end: int) -> tuple[int, int]:
        """A Qt range as code points, widened to whole characters if it cuts a surrogate pair."""
        if start > end:
            start, end = end, start
        return self.from_qt(start), self.from_qt(end, snap_forward=True)
