"""The tags' underlines as painted: one call per tag and pen (not per line piece), the same pixels as
drawing each piece and tick on its own."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from factcheck.core.model import DEFAULT_LABELS, Annotation, Document
from factcheck.core.spans import new_annotation
from ui.colors import MARK_SHAPES, draw_mark, draw_marks, mark_ink, set_dashes
from ui.highlighter import TagStyle
from ui.tag_lanes import (
    LANE_GAP,
    LINE_WIDTH,
    MARK_SIZE,
    MAX_LANES,
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
) -> None:
    """Each piece and each tick drawn on its own, in order (how the lanes were drawn before)."""
    lanes = assign_lanes(spans)
    for start, end, tag in spans:
        rects = lines.rects(start, end)
        lane = min(lanes[tag.id], MAX_LANES - 1)
        rejected = tag.status == "rejected"
        ink = QColor(style.ink(tag.label))
        if rejected:
            ink.setAlpha(110)
        pen = QPen(ink, 1.0 if rejected else LINE_WIDTH)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        for i, rect in enumerate(rects):
            y = rect.bottom() - descent + 1.5 + lane * LANE_GAP
            if rejected:
                pen.setStyle(Qt.PenStyle.DotLine)
            else:
                set_dashes(pen, style.pattern(tag.label))
            painter.setPen(pen)
            painter.drawLine(QLineF(rect.left(), y, rect.right(), y))
            pen.setStyle(Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            if i == 0 and start >= shown[0]:
                painter.drawLine(QLineF(rect.left(), y, rect.left(), y - TICK))
            if i == len(rects) - 1 and end <= shown[1]:
                painter.drawLine(QLineF(rect.right(), y, rect.right(), y - TICK))


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
    shown = (0, len(TEXT))

    size = view.viewport().size()
    drawn, expected = (QImage(size, QImage.Format.Format_ARGB32_Premultiplied) for _ in range(2))
    for image in (drawn, expected):
        image.fill(QColor("white"))
    painter = Counting(drawn)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_lanes(painter, spans, lines, lambda q: q, descent, style, shown)
    painter.end()
    reference = QPainter(expected)
    reference.setRenderHint(QPainter.RenderHint.Antialiasing)
    _reference(reference, spans, lines, descent, style, shown)
    reference.end()

    assert drawn == expected
    # The pieces as the underlines take them, without a QRectF each: the same floats as the rectangles'.
    for start, end, _ in spans:
        assert lines.spans(start, end) == [(r.left(), r.right(), r.bottom()) for r in lines.rects(start, end)]
    # Per tag: its pieces in one call, its ticks in another (was: a call per piece and per tick, and
    # two pens set per piece).
    assert painter.calls == {"setPen": 2 * len(tags), "drawLine": 0, "drawLines": 2 * len(tags)}


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
