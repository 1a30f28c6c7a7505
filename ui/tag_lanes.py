"""One underline per tag, in stacked lanes under the text: each tag readable on its own.

A piece of text covered by several tags gets one tint (the innermost tag's, see ui/highlighter.py); the
lanes say which tags cover it: every tag has its own line, in its label's ink and dash pattern, from its
first to its last character, with a small upward tick at each end. Shorter tags get the lanes nearest the
text, so a nested tag's line lies inside its parent's line, while two overlapping tags' lines are staggered
(one starts inside the other and runs past its end): nested and overlapping read apart without hovering.

A tag the reviewer rejected keeps its label's line (fainter) and has its words struck through, whatever
its label (a dotted line of its own, as it had, read as the line of the labels drawn in dots).

Where a span's lines are on screen: `VisibleLines` (laid out once per paint) and `line_rects` (one span's
rectangles, for the current tag's outline and the links' overlay).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock, QTextLine
from PySide6.QtWidgets import QPlainTextEdit

from factcheck.core.model import Annotation
from ui.colors import draw_marks, set_dashes
from ui.highlighter import TagStyle

MAX_LANES = 3  # lines below the baseline before they reach the next line of text; deeper tags share the last
LANE_GAP = 3.0  # px between lanes
LINE_WIDTH = 2.0
TICK = 3.0  # px: the height of the end ticks
REJECTED_ALPHA = 110  # of a rejected tag's underline and ticks: faint, like its tint
STRIKE_ALPHA = 200  # of the line through a rejected tag's words: plain to see, the words still read
STRIKE_WIDTH = 1.5
MARK_SIZE = 8.0  # px: an annotator's mark

TagSpan = tuple[int, int, Annotation]


def assign_lanes(spans: list[TagSpan]) -> dict[str, int]:
    """Lane of each tag (by id): shortest tags first, each in the lowest lane free over its whole span."""
    lanes: list[list[tuple[int, int]]] = []
    out: dict[str, int] = {}
    for start, end, tag in sorted(spans, key=lambda sp: (sp[1] - sp[0], sp[0], sp[2].id)):
        for n, taken in enumerate(lanes):
            if all(end <= s or start >= e for s, e in taken):
                taken.append((start, end))
                out[tag.id] = n
                break
        else:
            lanes.append([(start, end)])
            out[tag.id] = len(lanes) - 1
    return out


def line_rects(view: QPlainTextEdit, qs: int, qe: int) -> list[QRectF]:
    """Viewport rectangles (one per visible line piece) covering Qt positions [qs, qe) of view's text."""
    offset = view.contentOffset()
    height = view.viewport().height()
    block = view.document().findBlock(qs)
    first = view.firstVisibleBlock()
    if block.blockNumber() < first.blockNumber():
        block = first
    rects = []
    while block.isValid() and block.position() < qe:
        geo = view.blockBoundingGeometry(block).translated(offset)
        if geo.top() > height:
            break
        layout = block.layout()
        bp = block.position()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            ls = bp + line.textStart()
            s, t = max(qs, ls), min(qe, ls + line.textLength())
            if s >= t:
                continue
            x1: float = line.cursorToX(s - bp)[0]  # type: ignore[index]  # PySide returns (x, pos)
            x2: float = line.cursorToX(t - bp)[0]  # type: ignore[index]
            left = geo.left() + min(x1, x2)
            rects.append(QRectF(left, geo.top() + line.y(), abs(x2 - x1), line.height()))
        block = block.next()
    return rects


class VisibleLines:
    """The lines of text on screen, laid out once per paint: where a span's pieces are, by bisection."""

    def __init__(self, view: QPlainTextEdit, first: QTextBlock, last: QTextBlock) -> None:
        self.starts: list[int] = []  # Qt position of each line's first character
        # (start, end, the line, its top, its block's left, its block's position)
        self.lines: list[tuple[int, int, QTextLine, float, float, int]] = []
        offset = view.contentOffset()
        stop = last.blockNumber()
        block = first
        while block.isValid() and block.blockNumber() <= stop:
            geo = view.blockBoundingGeometry(block).translated(offset)
            layout, bp = block.layout(), block.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                ls = bp + line.textStart()
                self.starts.append(ls)
                self.lines.append((ls, ls + line.textLength(), line, geo.top() + line.y(), geo.left(), bp))
            block = block.next()

    def point(self, q: int) -> tuple[float, float] | None:
        """Where Qt position q is on screen: (x, top of its line), None off screen."""
        i = bisect_right(self.starts, q) - 1
        if i < 0:
            return None
        _, end, line, top, left, bp = self.lines[i]
        if q > end:
            return None
        x: float = line.cursorToX(q - bp)[0]  # type: ignore[index]
        return left + x, top

    def spans(self, qs: int, qe: int) -> list[tuple[float, float, float]]:
        """(left, right, bottom) of each piece of Qt positions [qs, qe) on screen, as ``rects`` gives them
        (the same floats), without making a QRectF per piece and reading it back (the underlines of every
        tag on screen at each key press)."""
        out = []
        lines = self.lines
        i = max(0, bisect_right(self.starts, qs) - 1)
        while i < len(lines) and lines[i][0] < qe:
            ls, le, line, top, left, bp = lines[i]
            s, t = max(qs, ls), min(qe, le)
            if s < t:
                x1: float = line.cursorToX(s - bp)[0]  # type: ignore[index]  # PySide returns (x, pos)
                x2: float = line.cursorToX(t - bp)[0]  # type: ignore[index]
                x = left + min(x1, x2)
                out.append((x, x + abs(x2 - x1), top + line.height()))
            i += 1
        return out

    def rects(self, qs: int, qe: int) -> list[QRectF]:
        """Rectangles (viewport coordinates) of Qt positions [qs, qe) on screen, one per line piece."""
        out = []
        i = max(0, bisect_right(self.starts, qs) - 1)
        while i < len(self.lines) and self.lines[i][0] < qe:
            ls, le, line, top, left, bp = self.lines[i]
            s, t = max(qs, ls), min(qe, le)
            if s < t:
                x1: float = line.cursorToX(s - bp)[0]  # type: ignore[index]  # PySide returns (x, pos)
                x2: float = line.cursorToX(t - bp)[0]  # type: ignore[index]
                out.append(QRectF(left + min(x1, x2), top, abs(x2 - x1), line.height()))
            i += 1
        return out


def paint_lanes(
    painter: QPainter,
    spans: list[TagSpan],
    lines: VisibleLines,
    to_qt: Callable[[int], int],
    descent: float,
    style: TagStyle,
    shown: tuple[int, int],
    strike: float,
) -> None:
    """Draw each tag's underline over the ``lines`` on screen; ``shown`` is the code points on screen (a
    tag running off screen has no tick at that end); ``strike`` is how far above the baseline a rejected
    tag's words are struck through (the font's strike-out position)."""
    lanes = assign_lanes(spans)
    # One pen set per label (and rejection) and one drawLines per tag and pen: the paint on every key
    # press draws each tag on screen, ~100 pieces and ticks, otherwise a Python call apiece.
    pens: dict[tuple[str, bool], tuple[QPen, QPen, QPen | None]] = {}
    for start, end, tag in spans:
        pieces = lines.spans(to_qt(start), to_qt(end))
        if not pieces:
            continue
        rejected = tag.status == "rejected"
        pair = pens.get((tag.label, rejected))
        if pair is None:
            pair = pens[(tag.label, rejected)] = _pens(style, tag.label, rejected)
        drop = min(lanes[tag.id], MAX_LANES - 1) * LANE_GAP
        ys = [bottom - descent + 1.5 + drop for _, _, bottom in pieces]
        # Pieces of one tag lie on different lines: drawn before its ticks, the pixels are the same.
        painter.setPen(pair[0])
        painter.drawLines([QLineF(x1, y, x2, y) for (x1, x2, _), y in zip(pieces, ys, strict=True)])
        ticks = []
        if start >= shown[0]:
            x = pieces[0][0]
            ticks.append(QLineF(x, ys[0], x, ys[0] - TICK))
        if end <= shown[1]:
            x = pieces[-1][1]
            ticks.append(QLineF(x, ys[-1], x, ys[-1] - TICK))
        if ticks:
            painter.setPen(pair[1])
            painter.drawLines(ticks)
        if pair[2] is not None:
            painter.setPen(pair[2])
            painter.drawLines(
                [QLineF(x1, b - descent - strike, x2, b - descent - strike) for x1, x2, b in pieces]
            )


def _pens(style: TagStyle, label: str, rejected: bool) -> tuple[QPen, QPen, QPen | None]:
    """A tag's underline pen (its label's dash pattern), its ticks' (solid) and, rejected, the pen
    striking its words through (solid; None otherwise)."""
    ink = QColor(style.ink(label))
    strike = None
    if rejected:
        through = QColor(ink)
        through.setAlpha(STRIKE_ALPHA)
        strike = QPen(through, STRIKE_WIDTH)
        strike.setCapStyle(Qt.PenCapStyle.FlatCap)
        ink.setAlpha(REJECTED_ALPHA)
    tick = QPen(ink, LINE_WIDTH)
    tick.setCapStyle(Qt.PenCapStyle.FlatCap)
    line = QPen(tick)
    set_dashes(line, style.pattern(label))
    return line, tick, strike


def paint_marks(
    painter: QPainter,
    spans: list[TagSpan],
    lines: VisibleLines,
    to_qt: Callable[[int], int],
    shown_from: int,
    mark_of: Callable[[str], int],
    dark: bool,
) -> None:
    """A mark per shown tag start in its annotator's shape (ui.colors.draw_marks), at the top of the line;
    several at one place sit side by side."""
    starts: dict[int, set[str]] = {}
    for s, _, tag in spans:
        if s >= shown_from:
            starts.setdefault(s, set()).add(tag.annotator)
    d = MARK_SIZE
    marks: list[tuple[int, QRectF]] = []
    for s, annotators in starts.items():
        at = lines.point(to_qt(s))
        if at is None:
            continue
        x, y = at
        for k, name in enumerate(sorted(annotators)):
            marks.append((mark_of(name), QRectF(x - d / 2 + k * (d + 1), y - 1, d, d)))
    draw_marks(painter, marks, dark)
