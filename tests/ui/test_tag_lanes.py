"""The tags' underlines as painted: one call per tag and pen (not per line piece), the same pixels as
drawing each piece and tick on its own."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from factcheck.core.model import DEFAULT_LABELS, Annotation, Document, Label
from factcheck.core.spans import new_annotation
from ui.colors import MARK_SHAPES, draw_mark, draw_marks, mark_ink, set_dashes
from ui.highlighter import TagStyle
from ui.tag_lanes import (
    LANE_GAP,
    LINE_WIDTH,
    MARK_SIZE,
    MAX_LANES,
    REJECTED_ALPHA,
    STRIKE_ALPHA,
    STRIKE_WIDTH,
    TICK,
    TagSpan,
    VisibleLines,
    assign_lanes,
    paint_lanes,
)

TEXT = " ".join(["The minister said crime fell by twenty percent last year, critics disagreed."] * 8)


class Counting(QPainter):
    """A painter that counts the calls made to it from Python."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.calls: dict[str, int] = {"setPen": 0, "drawLine": 0, "drawLines": 0}

    def setPen(self, *args: Any) -> None:
        self.calls["setPen"] += 1
        super().setPen(*args)

    def drawLine(self, *args: Any) -> None:
        self.calls["drawLine"] += 1
        super().drawLine(*args)

    def drawLines(self, *args: Any) -> None:
        self.calls["drawLines"] += 1
        super().drawLines(*args)


def _reference(
    painter: QPainter,
    spans: list[TagSpan],
    lines: VisibleLines,
    descent: float,
    style: TagStyle,
    shown: tuple[int, int],
    strike: float,
) -> None:
    """Each piece and each tick drawn on its own, in order (how the lanes were drawn before), then a
    rejected tag's words struck through."""
    lanes = assign_lanes(spans)
    for start, end, tag in spans:
        rects = lines.rects(start, end)
        lane = min(lanes[tag.id], MAX_LANES - 1)
        rejected = tag.status == "rejected"
        ink = QColor(style.ink(tag.label))
        if rejected:
            ink.setAlpha(REJECTED_ALPHA)
        pen = QPen(ink, LINE_WIDTH)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        for i, rect in enumerate(rects):
            y = rect.bottom() - descent + 1.5 + lane * LANE_GAP
            set_dashes(pen, style.pattern(tag.label))
            painter.setPen(pen)
            painter.drawLine(QLineF(rect.left(), y, rect.right(), y))
            pen.setStyle(Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            if i == 0 and start >= shown[0]:
                painter.drawLine(QLineF(rect.left(), y, rect.left(), y - TICK))
            if i == len(rects) - 1 and end <= shown[1]:
                painter.drawLine(QLineF(rect.right(), y, rect.right(), y - TICK))
        if rejected:
            ink.setAlpha(STRIKE_ALPHA)
            through = QPen(ink, STRIKE_WIDTH)
            through.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(through)
            for rect in rects:
                y = rect.bottom() - descent - strike
                painter.drawLine(QLineF(rect.left(), y, rect.right(), y))


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_each_tag_is_drawn_in_one_call_per_pen_with_the_same_pixels(qtbot: QtBot) -> None:
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.setPlainText(TEXT)
    view.resize(320, 400)
    with qtbot.waitExposed(view):
        view.show()
    doc = Document.create(TEXT)
    tags: list[Annotation] = [
        new_annotation(doc, 4, 300, "claim", "ana"),  # over several lines
        new_annotation(doc, 13, 40, "denial", "ben"),  # nested in it
        new_annotation(doc, 250, 330, "characterization", "ana"),  # overlapping its end
    ]
    tags.append(replace(new_annotation(doc, 60, 200, "denial", "ben"), status="rejected"))
    spans = [(t.start, t.end, t) for t in tags]
    first, last = view.document().firstBlock(), view.document().lastBlock()
    lines = VisibleLines(view, first, last)
    assert len(lines.rects(4, 300)) >= 3
    style = TagStyle(DEFAULT_LABELS, QColor("white"))
    descent = view.fontMetrics().descent()
    strike = view.fontMetrics().strikeOutPos()
    shown = (0, len(TEXT))

    size = view.viewport().size()
    drawn, expected = (QImage(size, QImage.Format.Format_ARGB32_Premultiplied) for _ in range(2))
    for image in (drawn, expected):
        image.fill(QColor("white"))
    painter = Counting(drawn)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_lanes(painter, spans, lines, lambda q: q, descent, style, shown, strike)
    painter.end()
    reference = QPainter(expected)
    reference.setRenderHint(QPainter.RenderHint.Antialiasing)
    _reference(reference, spans, lines, descent, style, shown, strike)
    reference.end()

    assert drawn == expected
    # The pieces as the underlines take them, without a QRectF each: the same floats as the rectangles'.
    for start, end, _ in spans:
        assert lines.spans(start, end) == [(r.left(), r.right(), r.bottom()) for r in lines.rects(start, end)]
    # Per tag: its pieces in one call, its ticks in another, a rejected tag's strike in a third (was: a
    # call per piece and per tick, and two pens set per piece).
    calls = 2 * len(tags) + 1
    assert painter.calls == {"setPen": calls, "drawLine": 0, "drawLines": calls}


class Saving(QPainter):
    """A painter that counts the saves of its state made from Python."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.saves = 0

    def save(self) -> None:
        self.saves += 1
        super().save()


@pytest.mark.parametrize("dark", [False, True])
def test_annotators_marks_are_drawn_with_the_painter_set_up_once_with_the_same_pixels(dark: bool) -> None:
    """Every tag start on screen in review gets its annotator's mark (~50 a paint, at each key press):
    the same pixels as each mark drawn on its own, overlapping ones in the same order, every shape."""
    marks = [
        (index % (len(MARK_SHAPES) + 2), QRectF(6 + 5.5 * n, 4 + (n % 3) * 3.5, MARK_SIZE, MARK_SIZE))
        for n, index in enumerate([0, 1, 2, 3, 4, 5, 6, 7, 5, 5, 0, 3, 2, 2, 1, 4])
    ]
    page = QColor("#202020" if dark else "white")
    drawn, expected = (QImage(120, 24, QImage.Format.Format_ARGB32_Premultiplied) for _ in range(2))
    for image in (drawn, expected):
        image.fill(page)
    painter = Saving(drawn)
    draw_marks(painter, marks, dark)
    painter.end()
    reference = QPainter(expected)
    outline = QColor("black") if dark else QColor("white")
    for index, rect in marks:
        draw_mark(reference, index, rect, mark_ink(index, dark), outline)
    reference.end()
    assert drawn == expected
    assert painter.saves == 1  # (was: one per mark)


def _ink_mask(image: QImage) -> frozenset[tuple[int, int]]:
    """The pixels drawn on (whatever their colour): the drawing's shape."""
    return frozenset(
        (x, y) for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y).alpha()
    )


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_rejected_tag_reads_apart_from_every_labels_undecided_tag_without_colour(qtbot: QtBot) -> None:
    # A rejected tag was drawn dotted, which is also the 3rd label's pattern (and near the 7th's): told
    # apart by colour only. Now it keeps its label's line and its words are struck through.
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.setPlainText(TEXT)
    view.resize(320, 200)
    with qtbot.waitExposed(view):
        view.show()
    colors = [lab.color for lab in DEFAULT_LABELS] + ["#F0E442", "#0072B2", "#999999", "#882255", "#44AA99"]
    labels = [Label(f"label{i}", color, str(i)) for i, color in enumerate(colors)]
    style = TagStyle(labels, QColor("white"))
    assert len({style.pattern(lab.name) for lab in labels}) == 10
    lines = VisibleLines(view, view.document().firstBlock(), view.document().lastBlock())
    metrics = view.fontMetrics()
    doc = Document.create(TEXT)

    def drawn(label: str, rejected: bool) -> frozenset[tuple[int, int]]:
        tag = new_annotation(doc, 4, 40, label, "ana")
        if rejected:
            tag = replace(tag, status="rejected", reviewer="rita")
        image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_lanes(
            painter,
            [(4, 40, tag)],
            lines,
            lambda q: q,
            metrics.descent(),
            style,
            (0, 100),
            metrics.strikeOutPos(),
        )
        painter.end()
        return _ink_mask(image)

    undecided = {lab.name: drawn(lab.name, False) for lab in labels}
    rejected = {lab.name: drawn(lab.name, True) for lab in labels}
    baseline = lines.rects(4, 40)[0].bottom() - metrics.descent()
    below = math.ceil(baseline - metrics.strikeOutPos() + STRIKE_WIDTH / 2)  # the first row under the strike
    assert below <= baseline + 1.5 - TICK  # the ticks' tops
    for name, mask in rejected.items():
        for other, plain in undecided.items():
            # A mark no undecided tag of any label has, whatever its colour.
            assert not mask <= plain, (name, other)
        # Below the strike: the label's own line and ticks, as an undecided tag of its label draws them.
        assert {(x, y) for x, y in mask if y >= below} == undecided[name], name
