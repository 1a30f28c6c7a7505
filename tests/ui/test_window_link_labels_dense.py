"""Every arc on screen says its type, in a dense paragraph with many links: where no free place beside the
lines is wide enough, the label stands upright in the page margin; never over a word; and pointing at an
arc (or its label) tells its type and other end."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QEvent, QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from db import Store
from db import links as link_store
from db.attribution import set_attribution
from factcheck.core.links import new_link
from factcheck.core.model import Document
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import add_tag
from tests.ui.test_window_link_labels import glyph_lines
from ui.links_overlay import NEAR_LINES
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

# One paragraph, no blank line and no short line but its last: the free places are the lines' ragged ends.
WORDS = (
    "The transit authority published figures last month showing an increase of thirty eight per cent in "
    "weekday boardings over the same period and a spokesperson said the numbers were provisional while "
    "the council disputed the method used to count riders on the night buses "
)
TEXT = (
    WORDS * 2
    + "The mayor said ridership on the buses had more than doubled since fares were cut. "
    + WORDS
    + "Officials conceded the count was an estimate at best. Critics called the claim absurd. "
    + "The auditor found boardings rose by a third. Others repeated that ridership doubled. "
    + WORDS * 2
    + "\n"
)
#: The current tag's links and attribution: (type, the other end's words, the other end's label).
LINKED = [
    ("denies", "conceded the count was an estimate", "denial"),
    ("denies", "found boardings rose by a third", "denial"),
    ("characterizes", "called the claim absurd", "characterization"),
    ("same_claim", "repeated that ridership doubled", "claim"),
]


#: More arcs than the margins hold at full length: (type, words, label), each words in WORDS (5 times there).
CROWD = [("denies", "the council disputed the method", "denial")] * 5 + [
    ("characterizes", "the numbers were provisional", "characterization")
] * 5


def dense_window(
    open_window: OpenWindow, custom: str | None = None, crowd: bool = False
) -> tuple[MainWindow, str]:
    made: dict[str, str] = {}
    custom_words = "the council disputed the method used"

    def prepare(store: Store, doc: Document) -> None:
        claim = add_tag(store, doc, "had more than doubled", "claim", "alice")
        source = add_tag(store, doc, "The mayor", "source", "alice")
        cue = add_tag(store, doc, "said", "cue", "alice", nth=4)
        set_attribution(store, claim.id, source=source.id, cue=cue.id, by="alice")
        linked = list(LINKED)
        if custom is not None:
            link_store.add_link_type(store, custom)
            linked.append((custom, custom_words, "denial"))
        seen: dict[str, int] = {}
        if crowd:
            linked += CROWD
        for link_type, words, label in linked:
            nth = seen[words] = seen.get(words, -1) + 1
            other = add_tag(store, doc, words, label, "alice", nth=2 if words == custom_words else nth)
            if link_type == "same_claim":
                link_store.add_link(store, new_link(doc.id, link_type, claim.id, other.id, "alice"))
            else:
                link_store.add_link(store, new_link(doc.id, link_type, other.id, claim.id, "alice"))
        made["claim"] = claim.id

    window = open_window(text=TEXT, prepare=prepare)
    return window, made["claim"]


def names(label: str, kind: str) -> bool:
    """Whether ``label`` names the type ``kind``: in full (maybe with more after it) or shortened ("den…")."""
    stem = label.removesuffix(" ↑").removesuffix(" ↓")
    shortened = stem.endswith("…") and kind.startswith(stem.removesuffix("…").rstrip())
    return label == kind or label.startswith(kind + " ") or shortened


def labelled(arcs: list[str], labels: list[str]) -> list[str]:
    """The arcs' types that no label names (each label names one arc)."""
    left = list(labels)
    missing = []
    for arc in arcs:
        said = next((w for w in left if names(w, arc)), None)
        if said is None:
            missing.append(arc)
        else:
            left.remove(said)
    return missing


def check_labels(window: MainWindow) -> list[tuple[str, QRectF]]:
    """Every arc painted has a label, on screen, over no word and over no other label."""
    overlay = window.structure.overlay
    arcs = [text for _, _, text in overlay.painted_arcs]
    assert labelled(arcs, [w for w, _ in overlay.painted_labels]) == []
    assert len(overlay.painted_labels) == len(arcs)
    lines = glyph_lines(window)
    area = QRectF(window.view.viewport().rect())
    for words, box in overlay.painted_labels:
        assert area.contains(box), words
        assert [line for line in lines if line.intersects(box)] == [], f"“{words}” covers words at {box}"
    boxes = [box for _, box in overlay.painted_labels]
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    return overlay.painted_labels


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [(800, 600), (1366, 768)])
def test_every_arc_says_its_type_in_a_dense_paragraph(
    open_window: OpenWindow, qtbot: QtBot, scheme: str, size: tuple[int, int]
) -> None:
    window, claim = dense_window(open_window)
    window.resize(*size)
    window.appearance.set_scheme(scheme)
    try:
        window.structure.ctx.make_current(claim)
        window.view.centerCursor()
        window.view.viewport().repaint()
        overlay = window.structure.overlay
        arcs = sorted(text for _, _, text in overlay.painted_arcs)
        assert arcs == sorted(["cue", "source"] + [t for t, _, _ in LINKED])
        labels = check_labels(window)
        shots = os.environ.get("LINK_LABEL_SHOTS")
        if shots:
            window.grab().save(f"{shots}-dense-{size[0]}-{scheme}.png")
        upright = [words for words, box in labels if box.height() > box.width()]
        if size == (800, 600):  # the dense paragraph leaves too little room beside the lines for all
            assert upright, "some labels stand in the margin"
        else:  # room enough: each label near its arc's height (beside the lines or in the margin)
            reach = (NEAR_LINES + 1) * QFontMetricsF(window.view.font()).lineSpacing()
            for (words, box), mid in zip(labels, overlay.painted_anchors, strict=True):
                assert abs(box.center().y() - mid.y()) <= reach + box.height() / 2, words
        margin = window.view.document().documentMargin()
        area = QRectF(window.view.viewport().rect())
        for words, box in labels:
            if box.height() > box.width():
                assert box.right() <= area.left() + margin or box.left() >= area.right() - margin, words
    finally:
        window.appearance.set_scheme("light")  # the application's look is shared by the tests that follow


def test_a_long_link_type_and_many_arcs_in_a_small_window(open_window: OpenWindow, qtbot: QtBot) -> None:
    """A project's own type, long, among many arcs in the smallest window: still a label each, over no word
    (shortened in the margin if it must be; its tooltip says it whole)."""
    custom = "is contradicted by the official record of the authority"
    window, claim = dense_window(open_window, custom)
    window.resize(800, 600)
    window.structure.ctx.make_current(claim)
    window.view.centerCursor()
    window.view.viewport().repaint()
    overlay = window.structure.overlay
    assert custom in [text for _, _, text in overlay.painted_arcs]
    lines = glyph_lines(window)
    for words, box in overlay.painted_labels:
        assert [line for line in lines if line.intersects(box)] == [], words
    said = [words.removesuffix(" ↑").removesuffix(" ↓") for words, _ in overlay.painted_labels]
    assert len(said) == len(overlay.painted_arcs)
    shortened = [w for w in said if w.endswith("…")]
    assert shortened, said  # too long for the narrow view: shortened in the margin
    for w in shortened:
        assert custom.startswith(w[:-1].rstrip())
    (box,) = [box for (_, box), w in zip(overlay.painted_labels, said, strict=True) if w in shortened]
    assert custom in overlay.hint_at(box.center())
    shots = os.environ.get("LINK_LABEL_SHOTS")
    if shots:
        window.grab().save(f"{shots}-long.png")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_crowd_of_arcs_in_the_smallest_window_each_says_its_type(
    open_window: OpenWindow, qtbot: QtBot, scheme: str
) -> None:
    """Sixteen arcs: the margins fill up and the last labels there keep only their type's first letters."""
    window, claim = dense_window(open_window, crowd=True)
    window.resize(800, 600)
    window.appearance.set_scheme(scheme)
    try:
        window.structure.ctx.make_current(claim)
        window.view.centerCursor()
        window.view.viewport().repaint()
        overlay = window.structure.overlay
        assert len(overlay.painted_arcs) == 2 + len(LINKED) + len(CROWD)
        labels = check_labels(window)
        shots = os.environ.get("LINK_LABEL_SHOTS")
        if shots:
            window.grab().save(f"{shots}-crowd-{scheme}.png")
        said = [words.removesuffix(" ↑").removesuffix(" ↓") for words, _ in labels]
        assert any(w.endswith("…") for w in said), said  # shortened to make room
        for words, box in labels:  # pointing at a label tells its arc's type in full
            kind = overlay.hint_at(box.center()).split(" ")[0]
            assert kind in {"source", "cue"} | {t for t, _, _ in LINKED + CROWD} and names(words, kind), words
    finally:
        window.appearance.set_scheme("light")


def test_pointing_at_an_arc_or_its_label_tells_its_type(open_window: OpenWindow, qtbot: QtBot) -> None:
    window, claim = dense_window(open_window)
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    window.structure.ctx.make_current(claim)
    window.view.centerCursor()
    window.view.viewport().repaint()
    overlay = window.structure.overlay
    viewport = window.view.viewport()
    for words, box in overlay.painted_labels:
        kind = words.split(" ")[0]
        hint = overlay.hint_at(box.center())
        assert hint.startswith(kind), (words, hint)
        point = box.center().toPoint()
        QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
        qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text().startswith(kind))  # noqa: B023
    # Away from every arc and label: the words' own tooltip, not a link's.
    assert overlay.hint_at(QPointF(1.0, 1.0)) == ""
    QToolTip.hideText()


# Dense right-to-left paragraphs: their lines end at the right margin, their free room is on the left.
ARABIC = "قال الوزير إن معدل الجريمة انخفض بنسبة عشرين في المئة هذا العام وفق الأرقام الرسمية المنشورة. "
RTL_TEXT = ARABIC * 6 + "\n" + "نفت الشرطة ذلك وقالت إن الأرقام غير دقيقة. " + ARABIC * 6 + "\n"


def test_labels_in_right_to_left_paragraphs_sit_where_no_word_is(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    made: dict[str, str] = {}

    def prepare(store: Store, doc: Document) -> None:
        claim = add_tag(store, doc, "انخفض بنسبة عشرين", "claim", "alice", nth=1)
        denial = add_tag(store, doc, "نفت الشرطة ذلك", "denial", "alice")
        other = add_tag(store, doc, "الأرقام غير دقيقة", "characterization", "alice")
        link_store.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "alice"))
        link_store.add_link(store, new_link(doc.id, "characterizes", other.id, claim.id, "alice"))
        made["claim"] = claim.id

    window = open_window(text=RTL_TEXT, prepare=prepare)
    window.resize(1000, 700)
    window.structure.ctx.make_current(made["claim"])
    window.view.viewport().repaint()
    labels = check_labels(window)
    assert sorted(words for words, _ in labels) == ["characterizes", "denies"]
    shots = os.environ.get("LINK_LABEL_SHOTS")
    if shots:
        window.grab().save(f"{shots}-rtl.png")
