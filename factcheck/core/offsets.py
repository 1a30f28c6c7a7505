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

    Built in O(n) (one regex scan in C); each conversion is O(log a) for ``a`` astral characters and O(1)
    when there are none (ASCII and BMP-only texts are the identity).
    """

    __slots__ = ("_astral_cp", "_astral_qt", "length", "qt_length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        if text.isascii():
            astral: list[int] = []
        else:
            astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_cp = astral
        # Qt position of the high surrogate of each astral character: k astral ones precede the k-th.
        self._astral_qt = [cp + k for k, cp in enumerate(astral)]
        self.qt_length = self.length + len(astral)

    @property
    def identity(self) -> bool:
        """True when code points and Qt positions coincide (no astral characters)."""
        return not self._astral_cp

    def to_qt(self, cp: int) -> int:
        """Qt position of code point offset ``cp`` (0 <= cp <= len(text))."""
        if not 0 <= cp <= self.length:
            raise IndexError(f"code point offset {cp} outside 0..{self.length}")
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
        if pos >= self.qt_length:
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
