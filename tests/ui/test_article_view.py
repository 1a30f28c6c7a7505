"""ArticleView: exact selections, highlights at the right place, navigation, tooltips, find."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette, QTextBlock, QTextCursor
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import DEFAULT_LABELS, Annotation, Document
from factcheck.core.spans import new_annotation
from ui.article_view import ArticleView
from ui.colors import blend
from ui.highlighter import NESTED_TINT, TINT
from ui.tag_lanes import MARK_SIZE

COLORS = {lab.name: QColor(lab.color) for lab in DEFAULT_LABELS}


def u16(s: str) -> int:
    """UTF-16 length, computed independently of factcheck.core.offsets."""
    return len(s.encode("utf-16-le")) // 2


@pytest.fixture
def view(qtbot: QtBot) -> ArticleView:
    v = ArticleView()
    qtbot.addWidget(v)
    v.resize(700, 400)
    v.show()
    qtbot.waitExposed(v)
    return v


def tag(
    doc: Document, quote: str, label: str = "claim", who: str = "alice", nth: int = 0, note: str = ""
) -> Annotation:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(quote, start + 1)
    return new_annotation(doc, start, start + len(quote), label, who, note, trim_whitespace=False)


def formats_of(view: ArticleView, cp: int) -> tuple[int, list[tuple[int, int, QColor, QColor]]]:
    """(block Qt position, [(abs start, abs end, background, underline colour)]) of the block holding cp."""
    qpos = u16(view.document_text()[:cp])
    block = view.document().findBlock(qpos)
    out = []
    for r in block.layout().formats():
        start = block.position() + r.start
        out.append((start, start + r.length, r.format.background().color(), r.format.underlineColor()))
    return block.position(), sorted(out, key=lambda t: t[0])


def tint(label: str, base: QColor | None = None, around: int = 0) -> QColor:
    """The tint of a piece whose innermost tag has this label, inside `around` other tags."""
    return blend(base or QColor("white"), COLORS[label], TINT + NESTED_TINT * around)


def lane_pixels(view: ArticleView, ann: Annotation) -> list[QColor]:
    """The pixels painted under the first line piece of a tag, from the baseline down to its lanes."""
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    rect = view.span_rects(ann.start, ann.end)[0]
    x = int(rect.center().x())
    base = int(rect.bottom() - view.fontMetrics().descent())
    return [QColor(image.pixel(x + dx, y)) for dx in (-3, 0, 3) for y in range(base, base + 9)]


def near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance


def page(view: ArticleView) -> QColor:
    return view.palette().color(QPalette.ColorRole.Base)


def point_at(view: ArticleView, cp: int) -> QPoint:
    """Viewport point on the boundary before code point cp (found through Qt, not OffsetMap)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16(view.document_text()[:cp]))
    return view.cursorRect(cursor).center()


def test_shows_the_stored_text_exactly(view: ArticleView, document: Document) -> None:
    view.set_article(document, [], DEFAULT_LABELS)
    assert view.document_text() is document.text
    assert view.document().characterCount() - 1 == u16(document.text)
    assert view.isReadOnly()
    assert view.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    view.set_article(None, [], DEFAULT_LABELS)
    assert view.document_text() == ""
    assert view.selected_span() is None


def test_cursor_selection_after_emoji_and_across_line_break(view: ArticleView, document: Document) -> None:
    view.set_article(document, [], DEFAULT_LABELS)
    text = document.text
    start = text.index("that crime")
    end = text.index("Roe denied") + 3  # crosses the line break
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16(text[:start]))
    cursor.setPosition(u16(text[:end]), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.selected_span() == (start, end)
    assert "\n" in text[start:end]
    view.select_span(start, end)  # and back
    c = view.textCursor()
    assert (c.selectionStart(), c.selectionEnd()) == (u16(text[:start]), u16(text[:end]))


def test_mouse_drag_selection_after_emoji_and_across_line_break(
    qtbot: QtBot, view: ArticleView, document: Document
) -> None:
    view.set_article(document, [], DEFAULT_LABELS)
    text = document.text
    start, end = text.index("crime fell"), text.index("denied it")
    vp = view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=point_at(view, start))
    qtbot.mouseMove(vp, pos=point_at(view, (start + end) // 2))
    qtbot.mouseMove(vp, pos=point_at(view, end))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=point_at(view, end))
    assert view.selected_span() == (start, end)
    assert text[start:end].startswith("crime fell") and text[start:end].endswith("Roe ")


def test_selection_over_nbsp_keeps_the_stored_characters(view: ArticleView) -> None:
    doc = Document.create("Price:\u00a0100\u00a0€ 😀 per\u00a0unit.\nNext line é")
    view.set_article(doc, [], DEFAULT_LABELS)
    start, end = doc.text.index("100"), doc.text.index("unit") + 4
    view.select_span(start, end)
    assert view.selected_span() == (start, end)
    assert doc.text[start:end] == "100\u00a0€ 😀 per\u00a0unit"


def test_highlight_covers_exactly_the_tag_in_its_colour(view: ArticleView, document: Document) -> None:
    ann = tag(document, "crime fell by 20%", "denial")  # after the emoji: UTF-16 differs from code points
    view.set_article(document, [ann], DEFAULT_LABELS)
    _, ranges = formats_of(view, ann.start)
    assert len(ranges) == 1
    start, end, bg, underline = ranges[0]
    assert (start, end) == (u16(document.text[: ann.start]), u16(document.text[: ann.end]))
    assert start != ann.start  # the emoji made the two counts differ
    assert bg == tint("denial", base=page(view))
    assert underline == QColor()  # no character underline: each tag gets its own painted line
    ink = view._hl.style.ink("denial")
    assert any(near(px, ink) for px in lane_pixels(view, ann))


def test_overlap_gives_distinct_segments(view: ArticleView, document: Document) -> None:
    text = document.text
    outer = tag(document, "Critics [including the mayor] called the claim", "claim")
    inner = tag(document, "the mayor", "characterization")
    other = tag(document, "called the claim “misleading”", "denial")  # overlaps outer's end
    view.set_article(document, [outer, inner, other], DEFAULT_LABELS)
    _, ranges = formats_of(view, outer.start)
    cuts = [(s, e) for s, e, _, _ in ranges]

    def q(cp: int) -> int:
        return u16(text[:cp])

    assert cuts == [
        (q(outer.start), q(inner.start)),
        (q(inner.start), q(inner.end)),
        (q(inner.end), q(other.start)),
        (q(other.start), q(outer.end)),
        (q(outer.end), q(other.end)),
    ]
    backgrounds = [bg.name() for _, _, bg, _ in ranges]
    # Each piece is tinted in its innermost tag's label only (no blend of two labels, a colour in no
    # legend), deeper where it is nested.
    assert backgrounds[0] == backgrounds[2] == tint("claim", base=page(view)).name()
    assert backgrounds[1] == tint("characterization", base=page(view), around=1).name()
    assert backgrounds[3] == tint("denial", base=page(view), around=1).name()
    assert backgrounds[4] == tint("denial", base=page(view)).name()
    assert len({backgrounds[0], backgrounds[1], backgrounds[3], backgrounds[4]}) == 4


def test_upsert_and_remove_update_the_formats(view: ArticleView, document: Document) -> None:
    ann = tag(document, "Roe denied it", "denial")
    view.set_article(document, [], DEFAULT_LABELS)
    assert formats_of(view, ann.start)[1] == []
    view.upsert_annotation(ann)
    assert [(s, e) for s, e, _, _ in formats_of(view, ann.start)[1]] == [
        (u16(document.text[: ann.start]), u16(document.text[: ann.end]))
    ]
    moved = dataclasses.replace(ann, start=ann.start + 4, label="claim")
    view.upsert_annotation(moved)
    ((s, e, bg, _),) = formats_of(view, ann.start)[1]
    assert (s, e) == (u16(document.text[: moved.start]), u16(document.text[: moved.end]))
    assert bg == tint("claim", base=page(view))
    view.remove_annotation(ann.id)
    assert formats_of(view, ann.start)[1] == []
    view.upsert_annotation(dataclasses.replace(ann, deleted_at="2024-01-01T00:00:00.000000Z"))
    assert formats_of(view, ann.start)[1] == []
    view.upsert_annotation(dataclasses.replace(ann, document_id="another"))
    assert view.annotations_at(ann.start) == []


def test_annotation_added_through_a_real_store_is_drawn(
    view: ArticleView, store: Store, document: Document
) -> None:
    view.set_article(document, store.annotations(document.id), store.labels())
    start = document.text.index("“misleading”")
    ann = new_annotation(document, start, start + len("“misleading”"), "characterization", "alice")
    store.add_annotation(ann)
    stored = store.annotation(ann.id)
    assert stored is not None
    view.upsert_annotation(stored)
    assert [a.id for a in view.annotations_at(start)] == [ann.id]
    ((s, e, _, _),) = formats_of(view, start)[1]
    assert (s, e) == (u16(document.text[:start]), u16(document.text[: ann.end]))


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen platform
def test_tab_moves_between_tags_and_stays_in_the_widget(qtbot: QtBot, document: Document) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    view = ArticleView()
    other = QLineEdit()
    layout.addWidget(view)
    layout.addWidget(other)
    host.show()
    qtbot.waitExposed(host)
    a = tag(document, "Jane Roe")
    b = tag(document, "crime fell", "denial")
    c = tag(document, "“misleading”", "characterization")
    view.set_article(document, [c, a, b], DEFAULT_LABELS)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    with qtbot.waitSignal(view.currentAnnotationChanged) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert sig.args == [a.id] and view.current_annotation() == a.id
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.current_annotation() == b.id
    assert view.textCursor().position() == u16(document.text[: b.start])  # caret moved to the tag
    with qtbot.waitSignal(view.currentAnnotationChanged) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert sig.args == [a.id]
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert view.current_annotation() == c.id  # wraps around
    assert view.hasFocus()


def test_tab_without_current_starts_from_the_caret(view: ArticleView, document: Document) -> None:
    a, b = tag(document, "Jane Roe"), tag(document, "Roe denied")
    view.set_article(document, [a, b], DEFAULT_LABELS)
    view.select_span(document.text.index("Critics"), document.text.index("Critics"))
    assert view.next_annotation() == b.id
    view.set_current(None)
    assert view.next_annotation(backward=True) == a.id


def test_click_makes_the_innermost_tag_current(qtbot: QtBot, view: ArticleView, document: Document) -> None:
    outer = tag(document, "said on Monday 😀 that crime fell by 20%", "claim")
    inner = tag(document, "crime fell", "denial")
    view.set_article(document, [outer, inner], DEFAULT_LABELS)
    inside = point_at(view, inner.start + 2) + QPoint(3, 0)
    with qtbot.waitSignal(view.currentAnnotationChanged) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=inside)
    assert sig.args == [inner.id]
    assert view.selected_span() is None
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=inside)  # again: the enclosing tag
    assert view.current_annotation() == outer.id
    with qtbot.waitSignal(view.currentAnnotationChanged) as sig:  # off any tag: none
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, 2) + QPoint(3, 0))
    assert sig.args == [None]


def test_set_current_outlines_without_signal(qtbot: QtBot, view: ArticleView, document: Document) -> None:
    ann = tag(document, "Roe denied it", "denial")
    view.set_article(document, [ann], DEFAULT_LABELS)
    with qtbot.assertNotEmitted(view.currentAnnotationChanged):
        view.set_current(ann.id)
    assert view.current_annotation() == ann.id
    rects = view.span_rects(ann.start, ann.end)
    assert len(rects) == 1
    assert rects[0].left() == pytest.approx(view.cursorRect(cursor_at(view, ann.start)).left(), abs=1)
    assert rects[0].right() == pytest.approx(view.cursorRect(cursor_at(view, ann.end)).left(), abs=1)
    image = view.viewport().grab().toImage()  # the outline is painted in the label's ink
    ink = view._hl.style.ink("denial")
    y = int(rects[0].center().y())
    xs = range(int(rects[0].left()) - 3, int(rects[0].left()) + 2)
    assert any(_close(QColor(image.pixel(x, y)), ink) for x in xs)


def cursor_at(view: ArticleView, cp: int) -> QTextCursor:
    c = QTextCursor(view.document())
    c.setPosition(u16(view.document_text()[:cp]))
    return c


def _close(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60


def test_tooltip_lists_every_tag_under_the_mouse(view: ArticleView, document: Document) -> None:
    outer = tag(document, "Critics [including the mayor]", "claim", "bob", note="check <source>")
    inner = tag(document, "the mayor", "characterization", "alice")
    inner = dataclasses.replace(inner, status="rejected", reviewer="carol", reason="not a characterization")
    view.set_article(document, [outer, inner], DEFAULT_LABELS)
    tip = view.tooltip_at(document.text.index("mayor"))
    assert tip.index("characterization") < tip.index("claim")  # innermost first
    for part in ("alice", "bob", "check &lt;source&gt;", "Rejected by carol: not a characterization"):
        assert part in tip
    assert view.tooltip_at(document.text.index("Critics")).count("<b>") == 1
    assert view.tooltip_at(0) == ""
    # The hover path finds the character under the mouse.
    assert view.cp_at(point_at(view, inner.start + 1) + QPoint(2, 0)) == inner.start + 1
    assert view.cp_at(QPoint(view.viewport().width() - 3, view.viewport().height() - 3)) is None


def test_find_searches_the_stored_text(view: ArticleView, document: Document) -> None:
    text = document.text
    view.set_article(document, [], DEFAULT_LABELS)
    assert view.find("CRIME")  # case-insensitive by default, after the emoji
    first = text.lower().index("crime")
    assert view.selected_span() == (first, first + 5)
    assert view.find("said")
    s1 = view.selected_span()
    assert view.find("said")
    s2 = view.selected_span()
    assert s1 is not None and s2 is not None and s2[0] > s1[0]
    assert view.find("said", backward=True) and view.selected_span() == s1
    assert not view.find("ROE", case_sensitive=True)
    assert view.selected_span() == s1  # a failed search leaves the selection alone
    assert view.find("Roe", case_sensitive=True)
    assert not view.find("nowhere to be found")
    assert not view.find("")
    # Wraps around: from the last match back to the first.
    last = text.rindex("said")
    view.select_span(last, last + 4)
    assert view.find("said") and view.selected_span() == (text.index("said"), text.index("said") + 4)


def test_annotator_filter_and_review_markers(qtbot: QtBot, view: ArticleView, document: Document) -> None:
    a = tag(document, "Jane Roe", "claim", "alice")
    b = tag(document, "Jane Roe", "denial", "bob")
    view.set_article(document, [a, b], DEFAULT_LABELS)
    assert view.review_mode()
    # Marks differ by shape (alice a circle, bob a square), in a neutral ink unlike any label colour.
    assert (view.annotator_mark("alice"), view.annotator_mark("bob")) == (0, 1)
    ink = view.annotator_color("alice")
    assert ink.saturation() < 40 and all(abs(ink.hue() - c.hue()) > 0 or c.saturation() > 40
                                         for c in COLORS.values())  # fmt: skip
    assert view.annotator_marks() == [("alice", 0), ("bob", 1)]
    view.set_annotator_filter({"bob"})
    assert [x.id for x in view.annotations_at(a.start)] == [b.id]
    assert not view.review_mode() and view.annotator_marks() == []
    ((_, _, bg, _),) = formats_of(view, a.start)[1]
    assert bg == tint("denial", base=page(view))
    view.set_annotator_filter(None)
    assert {x.id for x in view.annotations_at(a.start)} == {a.id, b.id}
    # Both marks are painted, side by side, at the tag start: a circle (its corner left bare), a square.
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    rect = view.span_rects(a.start, a.start + 1)[0]
    size = MARK_SIZE
    for k, who in enumerate(("alice", "bob")):
        left, top = rect.left() - size / 2 + k * (size + 1), rect.top() - 1
        centre = QColor(image.pixel(int(left + size / 2), int(top + size / 2)))
        corner = QColor(image.pixel(int(left + 1.5), int(top + 1.5)))
        assert _close(centre, view.annotator_color(who)), who
        assert _close(corner, view.annotator_color(who)) == (who == "bob"), who


def test_zoom(view: ArticleView) -> None:
    size = view.font().pointSizeF()
    assert view.zoom() == 100
    view.zoom_in()
    assert view.zoom() == 110 and view.font().pointSizeF() > size
    view.zoom_out()
    view.zoom_out()
    assert view.zoom() == 90 and view.font().pointSizeF() < size
    view.set_zoom(10_000)
    assert view.zoom() == 300


def test_long_article_is_highlighted_lazily_but_never_seen_bare(qtbot: QtBot, view: ArticleView) -> None:
    paragraphs = [f"Paragraph {i} 😀 says the figures were wrong, officials said." for i in range(3000)]
    doc = Document.create("\n".join(paragraphs))
    anns = [tag(doc, f"Paragraph {i} 😀 says", "claim") for i in range(0, 3000, 7)]
    view.set_article(doc, anns, DEFAULT_LABELS)
    first, middle, last = anns[0], anns[len(anns) // 2], anns[-1]
    assert formats_of(view, first.start)[1]  # on screen: drawn before the first paint
    assert view.highlighting_pending()
    assert formats_of(view, middle.start)[1] == []  # far away: not yet (nor laid out)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # jump to the end
    ((s, e, _, _),) = formats_of(view, last.start)[1]  # highlighted on the way, before any paint
    assert (s, e) == (u16(doc.text[: last.start]), u16(doc.text[: last.end]))
    view.set_zoom(50)  # more paragraphs on screen without scrolling
    top = view.firstVisibleBlock()
    _, bottom = view._visible_blocks()
    for n in range(top.blockNumber(), bottom.blockNumber() + 1):
        assert view._hl.done[n]
    view.ensure_highlighted()
    assert formats_of(view, middle.start)[1]
    assert not view.highlighting_pending()


def test_orphaned_and_foreign_tags_are_not_drawn(view: ArticleView, document: Document) -> None:
    ok = tag(document, "Jane Roe")
    orphan = dataclasses.replace(tag(document, "crime"), orphaned=True)
    foreign = dataclasses.replace(tag(document, "Critics"), document_id="elsewhere")
    view.set_article(document, [ok, orphan, foreign], DEFAULT_LABELS)
    assert [a.id for a in view.annotations_at(ok.start)] == [ok.id]
    assert view.annotations_at(orphan.start) == []
    assert view.annotations_at(foreign.start) == []


def test_a_paint_walks_the_paragraphs_on_screen_once(
    view: ArticleView, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each key press repaints the article: the paragraphs on screen, found to highlight them, are the
    ones its underlines are drawn over (found again, they cost ~0.15 ms a paint)."""
    view.set_article(
        document, [tag(document, "crime fell"), tag(document, "misleading", "denial")], DEFAULT_LABELS
    )
    view.viewport().repaint()
    walks = []
    visible_blocks = ArticleView._visible_blocks

    def walked(self: ArticleView) -> tuple[QTextBlock, QTextBlock]:
        walks.append(1)
        return visible_blocks(self)

    monkeypatch.setattr(ArticleView, "_visible_blocks", walked)
    view.viewport().repaint()
    assert len(walks) == 1
