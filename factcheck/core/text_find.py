"""Finding what a fact-checker types in an article's text, as Search all documents compares words: accents
ignored (composed "é" or decomposed "e" + U+0301), straight and curly quotes and apostrophes alike,
dashes alike, any run of whitespace (NBSP, a newline, several spaces) alike, ligatures and "…" as the
letters and dots they stand for, and case ignored unless asked for.

The text is folded once (`FoldedText`): each character replaced by its folded form, with a map from the
folded text's offsets back to the stored text's (code points, as everywhere). A match in the folded text
covers, in the stored text, whole characters: a decomposed accent after its letter, the whole of a
ligature, the whole run of whitespace a space stood for. The map keeps only the places where the two
texts stop moving in step (a run of spaces, a dropped accent, a ligature): an English article of 5 MB
folds with no such place but the ones its double spaces make. A long text may be folded a slice at a
time (`FoldJob`, cut only before a character that is not white space), to the same fold.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterator

#: Quotes, apostrophes and dashes written as the one a keyboard types.
_SAME = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u00b4\u2039\u203a", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-"),
}

#: ASCII but its white space other than the space (a tab, a line break: folded to a space).
_ASCII_BUT_SPACES = re.compile(r"[\x00-\x08\x0e-\x1b\x20-\x7f]+")

#: Fold at most this many distinct characters by str.replace (one pass each, in C); more by str.translate.
_REPLACES = 40


@functools.lru_cache(maxsize=8192)
def fold_char(ch: str, case_sensitive: bool) -> str:
    """One character, folded: whitespace a space, a quote or dash as typed, the letters of its
    compatibility decomposition without accents (ligatures and "…" become several), case folded unless
    case_sensitive; "" for an accent on its own (a decomposed one)."""
    if ch.isspace():
        return " "
    same = _SAME.get(ch)
    if same is not None:
        return same
    if ch.isascii():
        return ch if case_sensitive else ch.lower()
    bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if bare.isspace() or (not bare and not unicodedata.combining(ch)):
        bare = ch  # a spacing accent ("¨" is a space and U+0308) stays itself
    return bare if case_sensitive else bare.casefold()


def _in_step(text: str, case_sensitive: bool) -> tuple[str, str]:
    """text with every character that folds to one character folded (the same length, so the same
    offsets), and the characters that fold to none or several (decomposed accents, ligatures, ß), as a
    regex class ("" if none). Done in C: a lowercased copy, then a replace per distinct character that
    folds otherwise (a few in most articles)."""
    base = text if case_sensitive else text.replace("\u0130", "I").lower()  # İ: lowered, two characters
    # The distinct characters that may fold otherwise: beyond ASCII, and ASCII white space but the space
    # (set() of the text with the rest taken out: 5 times faster than of the whole).
    others = set(_ASCII_BUT_SPACES.sub("", base))
    if not others and "  " not in base:
        return base, ""
    changes: dict[str, str] = {}
    odd: list[str] = []
    for ch in others:
        out = fold_char(ch, case_sensitive)
        if len(out) != 1:
            odd.append(ch)
        elif out != ch:
            changes[ch] = out
    if len(changes) <= _REPLACES and not any(out in changes for out in changes.values()):
        for ch, out in changes.items():
            base = base.replace(ch, out)
    elif changes:
        base = base.translate({ord(ch): out for ch, out in changes.items()})
    return base, "".join(re.escape(ch) for ch in sorted(odd))


_RUNS = re.compile("  +")

#: A character beyond Latin-1: one makes a str 4 (or 2) bytes a character. The count counts in a copy
#: with each one a NUL (`FoldedText.narrow`), a byte a character: 3-5 times faster over 5 MB.
_WIDE = re.compile(r"[^\x00-\xff]")


def _narrowed(folded: str) -> str:
    """folded with every character beyond Latin-1 a NUL (the same offsets); folded itself if none."""
    if folded.isascii() or not _WIDE.search(folded):  # (isascii: a flag of the str, no scan)
        return folded
    return _WIDE.sub("\x00", folded)


def _fold_piece(text: str, case_sensitive: bool) -> tuple[str, array[int], array[int]]:
    """text folded, and its breakpoints (see `FoldedText`): folded offset f, at and after fb[k] (until
    fb[k+1]), came from stored offset sb[k] + (f - fb[k])."""
    fb = array("q", [0])
    sb = array("q", [0])
    parts: list[str] = []
    folded_len = 0
    expected = 0  # the stored offset of the next folded character, when the two move in step

    def follow(stored: int) -> None:
        nonlocal expected
        if stored != expected:
            if fb[-1] == folded_len:  # nothing folded since the last breakpoint: replace it
                sb[-1] = stored
            else:
                fb.append(folded_len)
                sb.append(stored)
        expected = stored + 1

    stepped, odd = _in_step(text, case_sensitive)
    # Where the two texts stop moving in step: a run of spaces (one space), a character folded to
    # none or several; in order.
    spots = [m.span() for m in _RUNS.finditer(stepped)] if "  " in stepped else []
    if odd:
        spots += [m.span() for m in re.finditer(f"[{odd}]", stepped)]
        spots.sort()
    pos = 0
    for start, end in spots:
        if pos < start:
            follow(pos)
            parts.append(stepped[pos:start])
            folded_len += start - pos
            expected = start
        if end - start > 1:  # a run of spaces: one space
            follow(start)
            parts.append(" ")
            folded_len += 1
        else:
            for c in fold_char(stepped[start], case_sensitive):
                follow(start)
                parts.append(c)
                folded_len += 1
        pos = end
    if pos == 0:
        return stepped, fb, sb
    if pos < len(text):
        follow(pos)
        parts.append(stepped[pos:])
    return "".join(parts), fb, sb


class FoldedText:
    """A text folded for finding (see the module), and the way back to the stored text's offsets."""

    __slots__ = ("_f", "_last", "_narrow", "_s", "_totals", "case_sensitive", "folded", "text")

    def __init__(self, text: str, case_sensitive: bool = False) -> None:
        self.text = text
        self.case_sensitive = case_sensitive
        # Breakpoints: folded offset f, at and after _f[k] (until _f[k+1]), came from stored offset
        # _s[k] + (f - _f[k]).
        self.folded, self._f, self._s = _fold_piece(text, case_sensitive)
        self._narrow: str | None = None
        self._counted()

    def _counted(self) -> None:
        """No count kept yet (`count`): the matches of each needle in all, and the last place numbered."""
        self._totals: dict[str, int] = {}
        self._last: tuple[str, int, int] | None = None  # (needle folded, folded offset, matches before it)

    @classmethod
    def _made(
        cls, text: str, case_sensitive: bool, folded: str, fb: array[int], sb: array[int], narrow: str | None
    ) -> FoldedText:
        made = cls.__new__(cls)
        made.text, made.case_sensitive, made.folded, made._f, made._s = text, case_sensitive, folded, fb, sb
        made._narrow = narrow
        made._counted()
        return made

    def narrow(self) -> str:
        """The fold with every character beyond Latin-1 a NUL, which a needle of Latin-1 letters (all but
        a NUL) matches exactly where it matches the fold: counted in it, a byte a character. Made at the
        first count, unless made with the fold's slices."""
        if self._narrow is None:
            self._narrow = _narrowed(self.folded)
        return self._narrow

    def origin(self, f: int) -> int:
        """The stored offset of the character the folded one at f came from (len(text) past the end)."""
        if f >= len(self.folded):
            return len(self.text)
        k = bisect_right(self._f, f) - 1
        return self._s[k] + (f - self._f[k])

    def stored_span(self, a: int, b: int) -> tuple[int, int]:
        """The stored span of folded[a:b]: from the first character it came from to the end of the last
        one, with the accents dropped after it and the whole of a ligature it ends inside."""
        start = self.origin(a)
        if b <= a:
            return start, start
        end = self.origin(b)
        if b < len(self.folded) and end == self.origin(b - 1):  # ends inside one character's letters
            while b < len(self.folded) and self.origin(b) == end:
                b += 1
            end = self.origin(b)
        return start, end

    def folded_offset(self, stored: int) -> int:
        """The first folded offset whose character came from stored or after (len(folded) if none)."""
        lo, hi = 0, len(self.folded)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.origin(mid) < stored:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def fold_needle(self, needle: str) -> str:
        """What a typed needle is looked for as (folded the way the text was)."""
        return fold(needle, self.case_sensitive)

    def matches(self, needle: str) -> Iterator[tuple[int, int]]:
        """Every match of needle, as stored spans, non-overlapping, in order."""
        pin = self.fold_needle(needle)
        if not pin:
            return
        f = self.folded.find(pin)
        while f != -1:
            yield self.stored_span(f, f + len(pin))
            f = self.folded.find(pin, f + len(pin))

    def next_match(self, needle: str, at: int) -> tuple[int, int] | None:
        """The first match starting at stored offset at or after, wrapping to the text's first."""
        pin = self.fold_needle(needle)
        if not pin:
            return None
        f = self.folded.find(pin, self.folded_offset(at))
        if f == -1:
            f = self.folded.find(pin)
        return None if f == -1 else self.stored_span(f, f + len(pin))

    def previous_match(self, needle: str, before: int) -> tuple[int, int] | None:
        """The last match ending by stored offset before, wrapping to the text's last."""
        pin = self.fold_needle(needle)
        if not pin:
            return None
        f = self.folded.rfind(pin, 0, self.folded_offset(before))
        if f == -1:
            f = self.folded.rfind(pin)
        return None if f == -1 else self.stored_span(f, f + len(pin))

    def count(self, needle: str, at: int) -> tuple[int, int]:
        """(matches in all, the number of the one starting at stored offset at, 1-based; 0 if none does)."""
        pin = self.fold_needle(needle)
        if not pin:
            return 0, 0
        counted = self.folded if "\x00" in pin or _WIDE.search(pin) else self.narrow()
        # Kept for this fold (a new text or the other case setting is another fold): Enter, which numbers
        # the next match, counts only from the last one numbered, not the 5 MB article twice (~5 ms).
        total = self._totals.get(pin)
        if total is None:
            if len(self._totals) >= 64:
                self._totals.clear()
            total = self._totals[pin] = counted.count(pin)
        f = self.folded_offset(at) if at >= 0 else -1
        if f < 0 or not self.folded.startswith(pin, f) or self.origin(f) != at:
            return total, 0
        last = self._last
        if last is not None and last[0] == pin and not _overlaps(pin):
            # (No two matches overlap: the ones before f are those before the last place and between.)
            _, g, before_g = last
            before = before_g + counted.count(pin, g, f) if g <= f else before_g - counted.count(pin, f, g)
        else:
            before = counted.count(pin, 0, f)
        self._last = (pin, f, before)
        return total, before + 1


def _overlaps(pin: str) -> bool:
    """Whether two matches of pin may overlap ("aa" in "aaa"): it starts with an end of itself."""
    return any(pin.startswith(pin[-k:]) for k in range(1, len(pin)))


#: How many stored characters one slice of a fold covers (`FoldJob`): 3-5 ms of work on this machine
#: (a 5 MB article folds in 70-100 ms at once). A shorter text is folded at once by the find bar.
SLICE_CHARS = 250_000

#: Where a slice may end: before a character that is not white space (a run of spaces, which folds to
#: one, is never cut; every other character folds on its own).
_CUT = re.compile(r"\S")


class FoldJob:
    """A text folded a slice at a time (`step`, about SLICE_CHARS characters each), for a long article
    folded between the window's turns: the same `FoldedText` as folded at once. (Slices sized by the time
    they take instead, 8 ms, made the longest wait no shorter on a loaded machine, which preempts a turn
    of 0.4 ms for 50, and the fold 2-3 times longer there: more turns, and the fold's string grown in
    place 300 times, not 21.)"""

    __slots__ = ("_f", "_folded", "_narrow", "_s", "case_sensitive", "pos", "slice_chars", "text")

    def __init__(self, text: str, case_sensitive: bool = False, slice_chars: int = SLICE_CHARS) -> None:
        self.text = text
        self.case_sensitive = case_sensitive
        self.slice_chars = max(1, slice_chars)
        self.pos = 0  # the stored characters folded so far: text[:pos]
        # The fold so far, and its narrow copy (`FoldedText.narrow`; None while the fold is all Latin-1,
        # its own narrow copy). Each slice's fold appended in place (a str only this job holds grows
        # where it is): joined at the end, the 5 MB article's 20 MB fold was copied in one turn, 20 ms.
        self._folded = ""
        self._narrow: str | None = None
        self._f = array("q", [0])
        self._s = array("q", [0])

    def step(self) -> FoldedText | None:
        """Fold the next slice; the whole fold once the last one is folded (None before)."""
        text, start = self.text, self.pos
        end = start + self.slice_chars
        if end >= len(text):
            end = len(text)
        else:
            cut = _CUT.search(text, end)
            end = cut.start() if cut is not None else len(text)
        folded, fb, sb = _fold_piece(text[start:end], self.case_sensitive)
        whole, self._folded = self._folded, ""  # (held here only while it grows: in place)
        for f, s in zip(fb, sb, strict=True):
            self._follow(len(whole) + f, start + s)
        narrowed = _narrowed(folded)
        narrow, self._narrow = self._narrow, None
        if narrow is None and narrowed is not folded:
            narrow = whole  # the first slice beyond Latin-1: the fold so far was its own narrow copy
        if narrow is not None:
            narrow += narrowed
        whole += folded
        self._folded, self._narrow = whole, narrow
        self.pos = end
        if end < len(text):
            return None
        self._folded, self._narrow = "", None
        # (A fold all Latin-1 is its own narrow copy: not held twice.)
        return FoldedText._made(
            text, self.case_sensitive, whole, self._f, self._s, whole if narrow is None else narrow
        )

    def _follow(self, f: int, s: int) -> None:
        """Add a breakpoint, unless the two texts move in step there already."""
        if f == self._f[-1]:  # nothing folded since the last breakpoint: replace it
            self._s[-1] = s
        elif self._s[-1] + (f - self._f[-1]) != s:
            self._f.append(f)
            self._s.append(s)


def fold(text: str, case_sensitive: bool = False) -> str:
    """text folded as `FoldedText` folds (what a needle is compared as)."""
    return FoldedText(text, case_sensitive).folded


def find_spans(text: str, needle: str, case_sensitive: bool = False) -> list[tuple[int, int]]:
    """Every match of needle in text (accents, quotes, dashes and whitespace folded; case too unless
    case_sensitive), as stored code point spans, non-overlapping, in order. [] for an empty needle."""
    if not needle:
        return []
    return list(FoldedText(text, case_sensitive).matches(needle))


class TextFolds:
    """The fold of one text, kept while it is the one searched (one fold per text and case setting, not
    one per key press); made again for another text or the other setting. A long text may be folded a
    slice at a time (`fold_slice`) before it is needed."""

    __slots__ = ("_held", "_job")

    def __init__(self) -> None:
        self._held: FoldedText | None = None
        self._job: FoldJob | None = None

    def ready(self, text: str, case_sensitive: bool) -> bool:
        """Whether the fold of text (this very str) with that case setting is held."""
        held = self._held
        return held is not None and held.text is text and held.case_sensitive == case_sensitive

    def get(self, text: str, case_sensitive: bool) -> FoldedText:
        held = self._held
        if held is None or held.text is not text or held.case_sensitive != case_sensitive:
            job = self._job
            # let go of the old fold first: two 5 MB folds never held at once
            self.forget()
            if job is not None and job.text is text and job.case_sensitive == case_sensitive:
                while (held := job.step()) is None:  # the slices left, at once
                    pass
            else:
                held = FoldedText(text, case_sensitive)
            self._held = held
        return held

    def fold_slice(self, text: str, case_sensitive: bool, slice_chars: int = SLICE_CHARS) -> bool:
        """Fold the next slice of text (letting go of the fold or the slices of another text or case
        setting first); True once the whole fold is held."""
        if self.ready(text, case_sensitive):
            return True
        job = self._job
        if job is None or job.text is not text or job.case_sensitive != case_sensitive:
            self.forget()
            job = self._job = FoldJob(text, case_sensitive, slice_chars)
        held = job.step()
        if held is None:
            return False
        self._job, self._held = None, held
        return True

    def forget(self) -> None:
        self._held = None
        self._job = None

    def holds(self) -> FoldedText | None:
        return self._held

    def folding(self) -> str | None:
        """The text being folded a slice at a time, if one is (the find bar waits for it to finish)."""
        return self._job.text if self._job is not None else None
