"""Links and attribution drawn over the article, in the article view's viewport, after the view's own paint.

- Every tag on screen with a link gets a small mark at its end (one lookup per tag on screen).
- The current tag's links are drawn as arcs to the other end (an arrowhead at the target, the link type
  written beside the arc where it covers no word, else upright in the page margin: ui/link_labels.py); an
  end off screen gets an arrow to the top or bottom edge, with the type and the other end's words. A
  content tag's source and cue are drawn the same way, dotted. Pointing at an arc or its label shows its
  type, direction and other end in a tooltip.
- A candidate being chosen in a picker (a link target, a source) gets a dashed outline.

Drawn by an event filter on the viewport: the view paints first, then this paints on top, so the article
view needs no change and nothing here runs when there is nothing to draw. It follows the OpenDocument (the
tags, the links) and the view's current tag; it holds no copy of either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QToolTip

from factcheck.core.fragments import pieces
from factcheck.core.link_layer import LinkChange
from factcheck.core.model import Annotation
from factcheck.core.open_document import OpenDocument, TagChange
from ui import deferred
from ui.article_view import ArticleView
from ui.link_labels import LabelPlaces, MarginStack, glyph_rows, leader_end
from ui.tag_text import quotable

LINK_COLORS = {"denies": "#C62828", "characterizes": "#6A1B9A", "same_claim": "#00695C"}
OTHER_LINK_COLOR = "#455A64"
ATTRIBUTION_COLORS = {"source": "#1B5E20", "cue": "#8D3B00"}
MARK_COLOR = "#37474F"


def _tr(text: str) -> str:
    return QCoreApplication.translate("LinksOverlay", text)


def _arc_text(text: str) -> str:
    """What an arc says: a link's type as the project names it; attribution's roles translated."""
    if text == "source":
        return _tr("source")
    if text == "cue":
        return _tr("cue")
    return text


MARK_RADIUS = 3.5


def link_color(link_type: str) -> QColor:
    return QColor(LINK_COLORS.get(link_type, OTHER_LINK_COLOR))


@dataclass(frozen=True)
class _ArcLabel:
    """One arc of a paint and what it says: ``label`` beside the lines; in a margin ``kind`` (its type)
    upright and ``arrow`` (to the other end off screen, "" when on screen) as it points."""

    label: str
    kind: str
    arrow: str
    color: QColor
    path: QPainterPath
    hint: str  # its tooltip: type, direction and the other end's words


MARGIN_SHARE = 0.4  # of the view's height, at most, for one label in a margin
SHORTEST = 3  # letters of a type kept when the margins fill up ("den…")
NEAR_LINES = 4  # lines above or below its arc's middle within which a label beside the lines reads as its
HOVER_REACH = 5.0  # how near the pointer must come to an arc for its tooltip


def _hover_zone(path: QPainterPath) -> QPainterPath:
    stroker = QPainterPathStroker()
    stroker.setWidth(2 * HOVER_REACH)
    return stroker.createStroke(path)


def _fitting(font: QFont, height: float) -> QFont:
    """``font``, made smaller if its lines are taller than ``height`` (a margin's width), to 7 px."""
    small = QFont(font)
    pixels = round(QFontMetricsF(small).height())
    while QFontMetricsF(small).height() > height and pixels > 7:
        pixels -= 1
        small.setPixelSize(pixels)
    return small


class LinksOverlay(QObject):
    """Paints links and attribution over an ArticleView; see the module docstring."""

    def __init__(
        self,
        view: ArticleView,
        open_document: OpenDocument,
        role_of: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.doc = open_document
        self._role_of = role_of  # label -> role: a source or cue relabelled since is dormant, not drawn
        self.preview: str | None = None  # a candidate tag, outlined dashed
        self.painted_marks: list[str] = []  # the tags marked in the last paint (tests, screenshots)
        self.painted_arcs: list[tuple[str, str, str]] = []  # (from, to, type or role) in the last paint
        self.painted_labels: list[tuple[str, QRectF]] = []  # (words, viewport box) in the last paint
        self.painted_anchors: list[QPointF] = []  # the middle of each painted label's arc, in that order
        # (a label's box or an arc's path, its tooltip): the zone near a path is made only when pointed at
        self._arc_hints: list[tuple[QRectF | QPainterPath, str]] = []
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        unsubscribe = [
            open_document.links.events.changed.connect(self._on_link_changed),
            open_document.links.events.reset.connect(lambda _: self._update()),
            open_document.tags.events.changed.connect(self._on_tag_changed),
        ]
        view.destroyed.connect(lambda *_: [off() for off in unsubscribe])
        # Arcs to the screen's edges move when the text scrolls under them: repaint all then.
        view.verticalScrollBar().valueChanged.connect(self._on_scroll)

    def set_preview(self, tag_id: str | None) -> None:
        """Outline a candidate (None: none) and bring it on screen."""
        if tag_id == self.preview:
            return
        self.preview = tag_id
        span = self.doc.tags.span(tag_id)
        if span is not None:
            view = self.view
            saved = view.verticalScrollBar().value()
            rects = view.span_rects(*span)
            if not rects or not view.viewport().rect().intersects(rects[0].toRect()):
                view.select_span(span[0], span[0])
                view.centerCursor()
            if view.verticalScrollBar().value() != saved:
                view.viewport().update()
        self._update()

    # -- following -------------------------------------------------------------------------------------
    def _update(self) -> None:
        self.view.viewport().update()

    def _on_link_changed(self, _change: LinkChange) -> None:
        self._update()

    def _on_tag_changed(self, change: TagChange) -> None:
        if self.doc.links.linked(change.tag_id) or change.tag_id in self._attribution_ends():
            self._update()

    def _on_scroll(self, _value: int) -> None:
        if self._arcs_wanted():
            self._update()

    def _attribution_ends(self) -> set[str]:
        current = self.doc.tags.get(self.view.current_annotation())
        if current is None:
            return set()
        return {t for t in (current.id, current.source, current.cue) if t is not None}

    def _arcs_wanted(self) -> bool:
        current = self.doc.tags.get(self.view.current_annotation())
        return current is not None and (
            self.doc.links.linked(current.id) or current.source is not None or current.cue is not None
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self._viewport:
            self.view.viewportEvent(event)  # the view's own paint first
            links = self.doc.links
            if links.pending:  # a long article just opened: its links are marked after this first paint
                deferred.soon(self, self._complete)
            elif self.doc.document is not None and (not links.empty() or self.preview or self._arcs_wanted()):
                painter = QPainter(self.view.viewport())
                try:
                    self.paint(painter)
                finally:
                    painter.end()
            return True
        if (
            event.type() == QEvent.Type.ToolTip
            and watched is self._viewport
            and isinstance(event, QHelpEvent)
        ):
            hint = self.hint_at(QPointF(event.pos()))
            if hint:
                QToolTip.showText(event.globalPos(), hint, self._viewport)
                return True
        return False

    def hint_at(self, point: QPointF) -> str:
        """What the arc (or its label) under ``point`` says in full; "" if none is there."""
        for where, hint in self._arc_hints:
            if isinstance(where, QRectF) and where.contains(point):
                return hint
            if isinstance(where, QPainterPath) and _hover_zone(where).contains(point):
                return hint
        return ""

    def _complete(self) -> None:
        self.doc.links.complete()
        self._update()

    # -- painting ----------------------------------------------------------------------------------------
    def _rects(self, tag: Annotation) -> list[QRectF]:
        rects: list[QRectF] = []
        for s, e in pieces(tag):
            rects.extend(self.view.span_rects(s, e))
        return rects

    def paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.view.viewport().rect())
        self.painted_marks = []
        self.painted_arcs = []
        self.painted_labels = []
        self.painted_anchors = []
        self._arc_hints = []
        if not self.doc.links.empty():
            self._paint_marks(painter, area)
        current = self.doc.tags.get(self.view.current_annotation())
        if current is not None and self.doc.tags.drawn(current.id):
            self._paint_arcs(painter, current, area)
        preview = self.doc.tags.get(self.preview)
        if preview is not None:
            pen = QPen(QColor("#1565C0"), 2.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in self._rects(preview):
                painter.drawRoundedRect(rect.adjusted(-2.5, -0.5, 2.5, 0.5), 3.0, 3.0)

    def _visible_range(self) -> tuple[int, int]:
        view = self.view
        vp = view.viewport().rect()
        om = view.offsets()
        first = om.from_qt(view.cursorForPosition(vp.topLeft()).position())
        last = om.from_qt(view.cursorForPosition(vp.bottomRight()).position())
        return first, max(last + 1, first + 1)

    def _paint_marks(self, painter: QPainter, area: QRectF) -> None:
        links = self.doc.links
        a, b = self._visible_range()
        ends: dict[str, int] = {}  # tag id -> the end of its last piece on screen
        for _s, e, tag in self.doc.tags.overlapping_tags(a, b):
            if links.linked(tag.id) and e > ends.get(tag.id, -1):
                ends[tag.id] = e
        painter.setPen(QPen(QColor("white"), 1.0))
        painter.setBrush(QBrush(QColor(MARK_COLOR)))
        for tag_id, e in ends.items():
            point = self._point_before(e)
            if point is None:
                continue
            centre = QPointF(point.x() + 1.0, point.y() + MARK_RADIUS)
            if area.contains(centre):
                painter.drawEllipse(centre, MARK_RADIUS, MARK_RADIUS)
                self.painted_marks.append(tag_id)

    def _point_before(self, cp: int) -> QPointF | None:
        """The top of the line where the character before code point ``cp`` ends (viewport coordinates):
        one layout line looked at, however long the tag."""
        view = self.view
        q = view.offsets().to_qt(cp)
        block = view.document().findBlock(max(0, q - 1))
        if not block.isValid():
            return None
        line = block.layout().lineForTextPosition(max(0, q - 1 - block.position()))
        if not line.isValid():
            return None
        top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
        x: float = line.cursorToX(q - block.position())[0]  # type: ignore[index]  # PySide returns (x, pos)
        return QPointF(x, top + line.y())

    def _paint_arcs(self, painter: QPainter, current: Annotation, area: QRectF) -> None:
        tags = self.doc.tags
        here = self._rects(current)
        ends: list[tuple[str, str, QColor, bool, bool]] = []  # (other id, text, colour, outgoing, dotted)
        for link in self.doc.links.of(current.id):
            outgoing = link.from_id == current.id
            ends.append(
                (link.to_id if outgoing else link.from_id, link.type, link_color(link.type), outgoing, False)
            )
        for role in ("source", "cue"):
            other = getattr(current, role)
            target = tags.get(other)
            if target is not None and (self._role_of is None or self._role_of(target.label) == role):
                ends.append((target.id, role, QColor(ATTRIBUTION_COLORS[role]), False, True))
        dark = self.view.viewport().palette().color(QPalette.ColorRole.Base).lightness() < 128
        font = QFont(self.view.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.7))
        painter.setFont(font)
        labels: list[_ArcLabel] = []
        for k, (other_id, text, color, outgoing, dotted) in enumerate(ends):
            other = tags.get(other_id)
            if other is None or not tags.drawn(other_id):
                continue
            there = self._rects(other)
            pen = QPen(color, 1.6, Qt.PenStyle.DotLine if dotted else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            lift = 26.0 + 10.0 * k
            left = other.start < current.start
            start = self._anchor(here, area, left)
            end = self._anchor(there, area, not left)
            if start is None:
                continue
            label = _arc_text(text)
            arrow = ""
            if end is None:  # the other end is off screen: an arrow to the edge it lies beyond
                end = QPointF(start.x() + 30 + 12 * k, area.top() + 4 if left else area.bottom() - 4)
                label = (_tr("{what} ↑ “{quote}”") if left else _tr("{what} ↓ “{quote}”")).format(
                    what=_arc_text(text), quote=quotable(other.quote, 24)
                )
                arrow = "↑" if left else "↓"
            # Above the lines, flattened into the page margin on the first line on screen.
            bend = max(area.top() + 3.0 + 3.0 * k, min(start.y(), end.y()) - lift)
            path = QPainterPath(start)
            path.cubicTo(QPointF(start.x(), bend), QPointF(end.x(), bend), end)
            painter.drawPath(path)
            tip, tail = (
                (end, QPointF(end.x(), bend)) if outgoing or dotted else (start, QPointF(start.x(), bend))
            )
            self._arrowhead(painter, tip, tail, color)
            hint = (_tr("{what} → “{quote}”") if outgoing or dotted else _tr("{what} ← “{quote}”")).format(
                what=_arc_text(text), quote=quotable(other.quote, 60)
            )
            labels.append(_ArcLabel(label, _arc_text(text), arrow, color, path, hint))
            self.painted_arcs.append((current.id, other_id, text))
        # A label's box first: it may sit over another arc, and it is what the pointer is aimed at.
        self._arc_hints = [(arc.path, arc.hint) for arc in labels]
        self._place_labels(painter, labels, area, font, dark)

    def _place_labels(
        self, painter: QPainter, labels: list[_ArcLabel], area: QRectF, font: QFont, dark: bool
    ) -> None:
        """Each arc's words where they read best: a free place beside the lines near the arc's height, else
        upright in the page margin at that height, else a free place farther off (a leader joins it), else
        the margin with the type cut to its first letters. When that leaves an arc without words (the
        margins full), the margins take only cut types, so that every arc has its words."""
        margin = self.view.document().documentMargin()
        small = _fitting(font, margin - 2.0)
        plan = self._plan(labels, area, font, small, cut=False)
        if len(plan) < len(labels):
            plan = max(plan, self._plan(labels, area, font, small, cut=True), key=len)
        for arc, box, words, arrow in plan:
            painter.setFont(font if arrow is None else small)
            self._label(painter, box, words, arc.color, arc.path.pointAtPercent(0.5), dark, arrow=arrow)
            self._arc_hints.insert(0, (box, arc.hint))
        painter.setFont(font)

    def _plan(
        self, labels: list[_ArcLabel], area: QRectF, font: QFont, small: QFont, *, cut: bool
    ) -> list[tuple[_ArcLabel, QRectF, str, str | None]]:
        """Where each arc's words go (see _place_labels): (arc, box, words, None beside the lines or the
        arrow of an upright label in a margin); an arc with no room has none. ``cut``: margin labels only
        with their type cut to its first letters."""
        places = LabelPlaces(glyph_rows(self.view, area), area)
        margins = MarginStack(area, self.view.document().documentMargin(), places.taken)
        metrics, upright = QFontMetricsF(font), QFontMetricsF(small)
        thickness = upright.height() + 1.0
        reach = NEAR_LINES * QFontMetricsF(self.view.font()).lineSpacing()
        longest = max(area.height() * MARGIN_SHARE, 4 * thickness)  # a long type cut (whole in its tooltip)
        plan: list[tuple[_ArcLabel, QRectF, str, str | None]] = []

        def beside(arc: _ArcLabel, near: float | None) -> bool:
            size = metrics.boundingRect(arc.label).adjusted(-3, -1, 3, 1)
            box = places.place(QRectF(0, 0, size.width(), size.height()), arc.path.pointAtPercent(0.5), near)
            if box is not None:
                plan.append((arc, box, arc.label, None))
            return box is not None

        def in_margin(arc: _ArcLabel, short: bool) -> bool:
            room = upright.horizontalAdvance(arc.kind[:SHORTEST] + "…") + 1.0 if short else longest
            kind = upright.elidedText(arc.kind, Qt.TextElideMode.ElideRight, room)
            length = upright.horizontalAdvance(kind) + 6.0 + (thickness if arc.arrow else 0.0)
            box = margins.place(thickness, length, arc.path.pointAtPercent(0.5))
            if box is not None:
                plan.append((arc, box, kind, arc.arrow))
            return box is not None

        left = [arc for arc in labels if not beside(arc, reach)]
        left = [arc for arc in left if not in_margin(arc, cut)]
        left = [arc for arc in left if not beside(arc, None)]
        for arc in left:
            in_margin(arc, True)  # no room even so: the arc's tooltip and the tag detail say its type
        return plan

    def _label(
        self,
        painter: QPainter,
        box: QRectF,
        label: str,
        color: QColor,
        mid: QPointF,
        dark: bool,
        arrow: str | None = None,
    ) -> None:
        """A label on its free place, joined to its arc's middle by a thin leader when set apart from it.
        With an ``arrow`` ("" for none) it is upright (in a margin): the words turned to read upwards, the
        arrow as it points, at the end it points to."""
        ink = color.lighter(190) if dark else color
        meets = leader_end(box, mid)
        if (meets - mid).manhattanLength() > 2.0:
            painter.setPen(QPen(ink, 0.8, Qt.PenStyle.DotLine))
            painter.drawLine(mid, meets)
        background = QColor(self.view.viewport().palette().color(QPalette.ColorRole.Base))
        background.setAlpha(235)
        painter.setPen(QPen(ink, 0.8))
        painter.setBrush(background)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(ink)
        if arrow is None:
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
            self.painted_labels.append((label, box))
            self.painted_anchors.append(mid)
            return
        words = box
        if arrow:
            cell = box.width()
            up = arrow == "↑"
            head = QRectF(box.left(), box.top() if up else box.bottom() - cell, cell, cell)
            painter.drawText(head, Qt.AlignmentFlag.AlignCenter, arrow)
            words = box.adjusted(0, cell if up else 0, 0, 0 if up else -cell)
        painter.save()
        painter.translate(words.center())
        painter.rotate(-90)
        painter.drawText(
            QRectF(-words.height() / 2, -words.width() / 2, words.height(), words.width()),
            Qt.AlignmentFlag.AlignCenter,
            label,
        )
        painter.restore()
        self.painted_labels.append((f"{label} {arrow}" if arrow else label, box))
        self.painted_anchors.append(mid)

    @staticmethod
    def _anchor(rects: list[QRectF], area: QRectF, left: bool) -> QPointF | None:
        """Where an arc leaves a tag: the top of its first (or last) rectangle on screen."""
        shown = [r for r in rects if area.intersects(r)]
        if not shown:
            return None
        r = shown[0] if left else shown[-1]
        x = r.left() + min(8.0, r.width() / 2) if left else r.right() - min(8.0, r.width() / 2)
        return QPointF(x, r.top() + 1)

    @staticmethod
    def _arrowhead(painter: QPainter, tip: QPointF, towards: QPointF, color: QColor) -> None:
        d = towards - tip
        length = max(1e-6, (d.x() ** 2 + d.y() ** 2) ** 0.5)
        ux, uy = d.x() / length, d.y() / length
        size = 6.0
        left = QPointF(tip.x() + size * ux - size * 0.5 * uy, tip.y() + size * uy + size * 0.5 * ux)
        right = QPointF(tip.x() + size * ux + size * 0.5 * uy, tip.y() + size * uy - size * 0.5 * ux)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(QPolygonF([tip, left, right]))


def install_overlay(view: ArticleView, open_document: OpenDocument) -> LinksOverlay:
    return LinksOverlay(view, open_document)
