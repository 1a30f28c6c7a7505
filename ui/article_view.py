"""The article, read-only, with its tags drawn under the text: the centre of the window.

A view of an ``OpenDocument`` (the window's, shared with the tag table and the review panel): it holds no
tags, follows the OpenDocument's events (opened, tag changed, reset, filter changed) and asks it what is
where; its only state is the view's own (current tag, find match, zoom, annotator marks).

Exactness: the widget shows ``document.text`` verbatim and never reads text back from Qt. Every position
crossing the boundary goes through ``OffsetMap`` (code points <-> UTF-16).

Drawing: tag tints are character formats set by ``SpanHighlighter``, on demand for the paragraphs on
screen. Painted over the text in ``paintEvent``, for what is on screen only: one underline per tag in
stacked lanes (ui/tag_lanes.py), the outline of the current tag and, when tags of several annotators are
shown (review), a mark per tag start in its annotator's shape. Right-to-left paragraphs are right-aligned
as they come on screen (ui/text_direction.py). Extra selections hold the find match only; they are set
from a 0 ms timer, never from a scroll signal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from factcheck.core.model import Annotation, Document, Label
from factcheck.core.offsets import OffsetMap
from factcheck.core.open_document import OpenDocument, TagChange
from factcheck.core.text_find import TextFolds
from ui import paging
from ui.accessibility import announce, article_hint, describe_tag
from ui.colors import mark_ink
from ui.highlighter import SpanHighlighter, TagStyle, describe_tags
from ui.layout_release import LayoutRelease
from ui.tag_indexing import index_in_slices
from ui.tag_lanes import VisibleLines, line_rects, paint_lanes, paint_marks
from ui.tag_text import TagNotes, no_notes
from ui.text_direction import align_right_to_left
from ui.theme import platform_point_size

READING_FONTS = ["Charter", "Georgia", "Source Serif 4", "Noto Serif", "DejaVu Serif", "serif"]
BASE_POINT_SIZE = 12.0  # the least reading size; a larger system font raises it (reading_point_size)
ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 10, 50, 300  # percent
FIND_COLOR = "#FFE45C"


def reading_point_size() -> float:
    """The article's size at 100 % zoom: 12 pt, or the system's text size when that is larger, so the
    article is never smaller than the menus of someone who chose large text (zoom applies on top)."""
    return max(BASE_POINT_SIZE, platform_point_size())


class ArticleView(QPlainTextEdit):
    """Read-only article with highlighted tags; see the module docstring."""

    #: An annotation id (str) or None; emitted on a user click or Tab/Shift+Tab, never on set_current.
    currentAnnotationChanged = Signal(object)
    #: The current tag (id or None) whatever made it current, set_current too: for views that must show
    #: the same current tag (the review panel).
    currentShown = Signal(object)
    #: [(annotator, mark index)] shown while several annotators' tags are (the legend follows it).
    annotatorMarksChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None, open_document: OpenDocument | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        # Read-only, yet a visible caret and keyboard selection (Shift+arrows) for tagging from the keyboard.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setUndoRedoEnabled(False)  # no undo copy of a 5 MB text
        self.tag_notes: TagNotes = no_notes  # more tooltip lines per tag (the window's corrections)
        self.document().setDocumentMargin(14)
        # QPlainTextEdit's layout ignores QTextBlockFormat line height and margins (checked with Qt 6.11),
        # so reading comfort comes from the font, its size and the page margin.
        self._zoom = 100
        self._apply_font()

        #: What is shown: the document, its tags and the article filter. The view keeps no copy of them.
        self.open_document = open_document if open_document is not None else OpenDocument()
        self._tags = self.open_document.tags
        self._offsets = OffsetMap("")  # of the shown text; rebuilt when another document opens
        self._annotator_marks: dict[str, int] = {}
        self._shown_marks: list[tuple[str, int]] = []
        self._labels: list[Label] = []
        self._current: str | None = None
        self._find_match: tuple[int, int] | None = None
        #: The shown text folded for find, kept while the find bar finds in it (the bar lets go of it).
        self.find_folds = TextFolds()
        self._press_pos: QPoint | None = None

        self._hl = SpanHighlighter(self.document())
        self._hl.layer = self._tags
        self._hl.style = TagStyle([], self.palette().color(QPalette.ColorRole.Base))
        self._layouts = LayoutRelease(self, self._hl, self._highlight_visible)  # Qt's layouts let go of
        self._extras_timer = QTimer(self)
        self._extras_timer.setSingleShot(True)
        self._extras_timer.setInterval(0)
        self._extras_timer.timeout.connect(self._apply_extra_selections)
        self.verticalScrollBar().valueChanged.connect(self._highlight_visible)
        self.selectionChanged.connect(self._on_selection_changed)

        events = self._tags.events
        unsubscribe = [
            self.open_document.events.opened.connect(self._on_opened),
            events.changed.connect(self._on_tag_changed),
            events.reset.connect(self._on_tags_reset),
            events.filter_changed.connect(self._on_filter_changed),
            events.indexed.connect(lambda _: self._marks_changed()),
        ]
        # The OpenDocument may outlive this widget: no callback into a deleted one.
        self.destroyed.connect(lambda *_: [off() for off in unsubscribe])

    # -- content -----------------------------------------------------------------------------------------

    def set_labels(self, labels: Iterable[Label]) -> None:
        """The project's labels: they give the colours."""
        self._labels = list(labels)
        self._hl.style = TagStyle(self._labels, self.palette().color(QPalette.ColorRole.Base))
        if self.open_document.document is not None:
            self._hl.invalidate()
            self._after_reset()

    def set_article(
        self, document: Document | None, annotations: Iterable[Annotation], labels: Iterable[Label]
    ) -> None:
        """Open ``document`` (None: nothing) with its tags in the OpenDocument shown; labels give colours."""
        self._labels = list(labels)
        self.open_document.open(document, annotations)

    # Shorthands that change the OpenDocument shown (which then updates this view and every other).
    def set_annotations(self, annotations: Iterable[Annotation]) -> None:
        """Replace every tag of the current document (e.g. after an import)."""
        self._tags.reset(annotations)

    def upsert_annotation(self, ann: Annotation) -> None:
        """Add or update one tag (ignored when it belongs to another document)."""
        self._tags.upsert(ann)

    def remove_annotation(self, annotation_id: str) -> None:
        self._tags.remove(annotation_id)

    def set_annotator_filter(self, annotators: set[str] | None) -> None:
        """Draw only these annotators' tags (None: everyone's). With several shown, each tag start gets a
        dot in its annotator's colour (``annotator_color``)."""
        chosen = frozenset(annotators) if annotators is not None else None
        self._tags.set_filter("article", replace(self._tags.article_filter, annotators=chosen))

    def offsets(self) -> OffsetMap:
        """Code points <-> Qt positions of the shown text (for what paints over the view)."""
        return self._offsets

    def document_text(self) -> str:
        """The stored text shown (never read back from Qt)."""
        return self.open_document.text

    def annotations_at(self, cp: int) -> list[Annotation]:
        """The shown tags covering code point ``cp``, innermost first."""
        return self._tags.at(cp)

    def annotator_mark(self, annotator: str) -> int:
        """The index of the annotator's mark (its shape and ink: ui.colors.draw_mark)."""
        if annotator not in self._annotator_marks:
            self._assign_annotator_marks([annotator])
        return self._annotator_marks[annotator]

    def annotator_color(self, annotator: str) -> QColor:
        """The ink of the annotator's mark."""
        return mark_ink(self.annotator_mark(annotator), self._hl.style.dark)

    def annotator_marks(self) -> list[tuple[str, int]]:
        """(annotator, mark index) of every annotator whose tags are shown, while several are (review)."""
        if not self._tags.several_drawn():
            return []
        return [(name, self.annotator_mark(name)) for name in sorted(self._tags.drawn_annotators())]

    def review_mode(self) -> bool:
        """True when tags of more than one annotator are shown (markers are drawn)."""
        return len(self._tags.drawn_annotators()) > 1

    def ensure_highlighted(self) -> None:
        """Highlight the whole document now. Normally blocks are highlighted as they come on screen;
        this lays out every paragraph (tests, exports of a screenshot)."""
        self._hl.highlight_all()

    def highlighting_pending(self) -> bool:
        """True while some paragraph (off screen) is not yet highlighted with the current tags."""
        return self._hl.pending()

    # -- following the OpenDocument ----------------------------------------------------------------------

    def _on_opened(self, document: Document | None) -> None:
        text = document.text if document is not None else ""
        self._offsets = OffsetMap(text)
        self._current = None
        self._find_match = None
        if not self._tags.pending:  # else each annotator gets a colour when first painted
            self._assign_annotator_marks(self._tags.annotators())
        self._hl.style = TagStyle(self._labels, self.palette().color(QPalette.ColorRole.Base))
        self._hl.offsets = self._offsets
        self._hl.load_text(lambda: self.setPlainText(text))
        self._after_reset()

    def _on_tags_reset(self, _: None) -> None:
        if not self._tags.drawn(self._current):
            self._drop_current()
        self._assign_annotator_marks(self._tags.annotators())
        self._hl.invalidate()
        self._after_reset()

    def _on_tag_changed(self, change: TagChange) -> None:
        """Re-highlight only the paragraphs the tag touched, before and after."""
        after = change.after
        if after is not None and after.annotator not in self._annotator_marks:
            self._assign_annotator_marks([after.annotator])
        if self._current == change.tag_id and not self._tags.drawn(self._current):
            self._drop_current()
        if change.tag_id == self._current or self._current is None:
            self._announce_current()  # relabelled, noted, reviewed, or gone
        length = self._offsets.length
        for tag in (change.before, after):
            if tag is not None and 0 <= tag.start <= tag.end <= length:
                om = self._offsets
                self._hl.highlight_range(om.to_qt(tag.start), om.to_qt(tag.end), force=True)
        align_right_to_left(*self._visible_blocks())  # new formats, new layout: left-aligned again
        self.viewport().update()
        if change.before is None or change.after is None:  # an annotator may come or go
            self._marks_changed()

    def _on_filter_changed(self, name: str) -> None:
        if name != "article":
            return
        if not self._tags.drawn(self._current):
            self._drop_current()
        self._hl.invalidate()
        self._after_reset()

    def _assign_annotator_marks(self, annotators: Iterable[str] = ()) -> None:
        # Sorted names: the same annotator keeps their mark whatever the filter.
        names = sorted(set(annotators) | set(self._annotator_marks))
        self._annotator_marks = {name: i for i, name in enumerate(names)}

    def _after_reset(self) -> None:
        self._highlight_visible()
        self._extras_timer.start()
        self.viewport().update()
        self._marks_changed()

    def _marks_changed(self) -> None:
        if self._tags.pending:  # a long article just opened: once its tags are indexed, in slices
            index_in_slices(self._tags, self)
            return
        marks = self.annotator_marks()
        if marks != self._shown_marks:
            self._shown_marks = marks
            self.annotatorMarksChanged.emit(marks)

    # -- lazy highlighting ----------------------------------------------------------------------------

    def _visible_blocks(self) -> tuple[QTextBlock, QTextBlock]:
        first = self.firstVisibleBlock()
        offset = self.contentOffset()
        bottom = self.viewport().height()
        block = last = first
        while block.isValid():
            last = block
            if self.blockBoundingGeometry(block).translated(offset).bottom() >= bottom:
                break
            block = block.next()
        return first, last

    def _highlight_visible(self, *_args: object) -> tuple[QTextBlock, QTextBlock] | None:
        """Highlight what is (about to be) on screen; cheap when already done. Runs before the paint.
        Returns the first and last blocks on screen when no block was highlighted meanwhile (the paint
        needs them too: walking the blocks again cost each key press ~0.15 ms)."""
        if self.open_document.document is None or self._hl._loading:
            return None
        shown = first, last = self._visible_blocks()
        for _ in range(2):  # a little ahead both ways: the next lines are ready before the arrow keys
            if first.previous().isValid():
                first = first.previous()
        for _ in range(4):
            if last.next().isValid():
                last = last.next()
        done = self._hl.highlight_blocks(first, last)
        self._layouts.shown(first.blockNumber(), last.blockNumber())
        align_right_to_left(first, last)
        return shown if not done else None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._highlight_visible()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._highlight_visible()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # e.g. a dark theme: tints are blended over the page
            self._hl.style = TagStyle(self._labels, self.palette().color(QPalette.ColorRole.Base))
            self._hl.invalidate()
            self._after_reset()

    # -- selection, current tag --------------------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as code points into the stored text (untrimmed), or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._offsets.from_qt_range(cursor.selectionStart(), cursor.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select code points [start, end) of the stored text and scroll to them."""
        om = self._offsets
        cursor = QTextCursor(self.document())
        cursor.setPosition(om.to_qt(start))
        cursor.setPosition(om.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def current_annotation(self) -> str | None:
        return self._current

    def set_current(self, annotation_id: str | None, scroll: bool = True) -> None:
        """Outline this tag (None: none) and scroll to it; no currentAnnotationChanged."""
        changed, self._current = annotation_id != self._current, annotation_id
        span = self._tags.span(annotation_id)
        if span is not None and scroll:
            self._scroll_to(*span)
        self.viewport().update()
        self._announce_current()
        if changed:
            self.currentShown.emit(annotation_id)

    def _drop_current(self) -> None:
        """The current tag is no longer shown (gone, filtered out): none is current."""
        was, self._current = self._current, None
        if was is not None:
            self.currentShown.emit(None)

    def _announce_current(self) -> None:
        """Screen readers: the current tag (label, annotator, words) as the article's description."""
        tag = self._tags.get(self._current) if self._current is not None else None
        announce(self, describe_tag(tag) or article_hint())

    def next_annotation(self, backward: bool = False) -> str | None:
        """Make the next (previous) tag in text order current, from the current tag or else the caret;
        wraps around. Emits currentAnnotationChanged; returns the id (None when there is no tag)."""
        caret = self._offsets.from_qt(self.textCursor().position())
        nid = self._tags.step(self._current, caret, backward=backward)
        if nid is not None:
            self.set_current(nid)
            self.currentAnnotationChanged.emit(nid)
        return nid

    def _scroll_to(self, start: int, end: int) -> None:
        """Put the caret at the tag start; centre it if it was off screen, else just keep it all in view."""
        om = self._offsets
        cursor = QTextCursor(self.document())
        cursor.setPosition(om.to_qt(start))
        rect = self.cursorRect(cursor)
        on_screen = self.viewport().rect().contains(rect)
        self.setTextCursor(cursor)
        if not on_screen:
            self.centerCursor()
        self.ensureCursorVisible()

    # -- find ------------------------------------------------------------------------------------------

    def find(self, needle: str, backward: bool = False, case_sensitive: bool = False) -> bool:  # type: ignore[override]
        """Find ``needle`` in the stored text from the caret/selection, wrapping; select it and scroll.
        Accents, quotes, dashes and runs of whitespace are folded, as Search all documents compares words
        (`text_find`); case too unless case_sensitive."""
        if not needle or self.open_document.document is None:
            return False
        folded = self.find_folds.get(self.open_document.text, case_sensitive)
        cursor = self.textCursor()
        sel_start, sel_end = self._offsets.from_qt_range(cursor.selectionStart(), cursor.selectionEnd())
        match = folded.previous_match(needle, sel_start) if backward else folded.next_match(needle, sel_end)
        if match is None:
            return False
        self.select_span(*match)
        self._find_match = match
        self._extras_timer.start()
        return True

    def _on_selection_changed(self) -> None:
        if self._find_match is not None and self.selected_span() != self._find_match:
            self._find_match = None
            self._extras_timer.start()

    def _apply_extra_selections(self) -> None:
        extras = []
        if self._find_match is not None:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_qt(self._find_match[0]))
            cursor.setPosition(self._offsets.to_qt(self._find_match[1]), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(FIND_COLOR))
            fmt.setForeground(QColor("black"))
            sel.format = fmt
            extras.append(sel)
        self.setExtraSelections(extras)

    # -- zoom ------------------------------------------------------------------------------------------

    def zoom(self) -> int:
        """Zoom in percent of the base reading size (reading_point_size)."""
        return self._zoom

    def set_zoom(self, percent: int) -> None:
        self._zoom = max(ZOOM_MIN, min(ZOOM_MAX, int(percent)))
        # Polished first: an application style sheet's first polish (at show) puts back the font the view
        # had before it, which lost the remembered zoom of a window opened zoomed.
        self.ensurePolished()
        self._apply_font()
        self._highlight_visible()  # zooming out brings more paragraphs on screen, without a scroll

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - ZOOM_STEP)

    def _apply_font(self) -> None:
        font = QFont()
        font.setFamilies(READING_FONTS)
        font.setPointSizeF(reading_point_size() * self._zoom / 100)
        self.setFont(font)

    # -- mouse, keyboard, tooltip --------------------------------------------------------------------------

    def cp_at(self, point: QPoint) -> int | None:
        """Code point of the character under ``point`` (viewport coordinates), None off the text."""
        if self.open_document.document is None:
            return None
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        if not rect.top() <= point.y() <= rect.bottom():
            return None
        block_start = cursor.block().position()
        if point.x() < rect.left():  # the boundary is right of the mouse: the character is the one before
            if cursor.position() <= block_start:
                return None
            cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter)
        left = self.cursorRect(cursor).left()
        probe = QTextCursor(cursor)
        if not probe.movePosition(QTextCursor.MoveOperation.NextCharacter) or probe.block() != cursor.block():
            return None  # past the end of the paragraph
        right_rect = self.cursorRect(probe)
        right = right_rect.left() if right_rect.top() == rect.top() else self.viewport().width()
        if not left <= point.x() <= right:
            return None
        return self._offsets.from_qt(cursor.position())

    def tooltip_at(self, cp: int) -> str:
        """Rich text describing every shown tag over code point ``cp`` (innermost first); "" if none."""
        return describe_tags(self.annotations_at(cp), self._hl.style, self.tag_notes)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cp = self.cp_at(event.pos())
            tip = self.tooltip_at(cp) if cp is not None else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        pos = event.position().toPoint()
        if (
            event.button() == Qt.MouseButton.LeftButton
            and press is not None
            and (pos - press).manhattanLength() < QApplication.startDragDistance()
            and not self.textCursor().hasSelection()
        ):
            self._click_at(pos)

    def _click_at(self, pos: QPoint) -> None:
        """A click makes the innermost tag under the mouse current; clicking again on the same spot steps
        outwards through nested tags. A click off every tag clears the current tag."""
        cp = self.cp_at(pos)
        ids = [tag.id for tag in self._tags.at(cp)] if cp is not None else []
        if not ids:
            new = None
        elif self._current in ids:
            new = ids[(ids.index(self._current) + 1) % len(ids)]
        else:
            new = ids[0]
        if new != self._current:
            self.set_current(new, scroll=False)
            self.currentAnnotationChanged.emit(new)

    def event(self, event: QEvent) -> bool:
        # Tab / Shift+Tab move between tags instead of leaving the widget (Ctrl+Tab still moves focus).
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if paging.handle(self, event):  # not Qt's own paging: it keeps memory per press
                return True
            mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not mods:
                backward = event.key() == Qt.Key.Key_Backtab or bool(
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                self.next_annotation(backward=backward)
                event.accept()
                return True
        return super().event(event)

    # -- painting --------------------------------------------------------------------------------------

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles (one per visible line piece) covering code points [start, end)."""
        return line_rects(self, self._offsets.to_qt(start), self._offsets.to_qt(end))

    def paintEvent(self, event: QPaintEvent) -> None:
        # Normally a no-op (the scroll/resize/zoom that revealed a block highlighted it already); a safety
        # net so that a paragraph is never painted bare, whatever revealed it.
        shown = self._highlight_visible()
        super().paintEvent(event)
        if self.open_document.document is None:
            return
        first, last = shown if shown is not None else self._visible_blocks()
        om = self._offsets
        a = om.from_qt(first.position())
        b = max(om.from_qt(last.position() + last.length() - 1), a + 1)
        spans = self._tags.overlapping_tags(a, b)
        current = self._tags.span(self._current) if self._current is not None else None
        if not spans and current is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lines = VisibleLines(self, first, last)
        metrics = self.fontMetrics()
        paint_lanes(
            painter, spans, lines, om.to_qt, metrics.descent(), self._hl.style, (a, b), metrics.strikeOutPos()
        )
        if self._tags.several_drawn():  # review_mode(), without indexing a pending load
            paint_marks(painter, spans, lines, om.to_qt, a, self.annotator_mark, self._hl.style.dark)
        if current is not None and self._current is not None:
            label = self._tags[self._current].label
            pen = QPen(self._hl.style.ink(label), 2.0)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for start, end in self._tags.pieces(self._current):  # a discontinuous tag: each piece
                for rect in self.span_rects(start, end):
                    painter.drawRoundedRect(rect.adjusted(-1.5, 0.5, 1.5, -0.5), 3.0, 3.0)
        painter.end()
