"""How tags look in the real window: one underline per tag in lanes (nested inside, overlapping staggered),
tints of one label at a time, the annotator marks' legend, and a colour-blindness check of the palette."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from db import Store
from db import labels as db_labels
from factcheck.core.model import DEFAULT_LABELS, Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.colors import legend_swatch
from ui.tag_lanes import assign_lanes

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

HERE = Path(__file__).resolve().parents[2]


def _tags(store: Store, doc: Document) -> None:
    def add(quote: str, label: str, who: str) -> None:
        s = doc.text.index(quote)
        store.add_annotation(new_annotation(doc, s, s + len(quote), label, who))

    add("Critics [including the mayor] called the claim", "claim", "alice")
    add("the mayor", "characterization", "alice")  # nested in alice's claim
    add("called the claim “misleading”", "denial", "bob")  # overlaps the claim's end


def test_nested_and_overlapping_tags_get_their_own_lanes(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(prepare=_tags)
    view = window.view
    tags = {t.label: t for t in window.project.store.annotations()}
    spans = [(t.start, t.end, t) for t in tags.values()]
    lanes = assign_lanes(spans)
    claim, inner, other = tags["claim"], tags["characterization"], tags["denial"]
    # The nested tag lies nearer the text than its parent; the overlapping one in a lane of its own.
    assert lanes[inner.id] < lanes[claim.id]
    assert lanes[other.id] != lanes[claim.id]
    # Under the nested words: two lines of two inks (the characterization's and the claim's), one above
    # the other; under the overlap: the claim's and the denial's.
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    style = view._hl.style

    def inks_under(start: int, end: int) -> set[str]:
        rect = view.span_rects(start, end)[0]
        x = int(rect.center().x())
        base = int(rect.bottom() - view.fontMetrics().descent())
        found = set()
        for y, dx in ((y, dx) for y in range(base, base + 10) for dx in range(-4, 5)):  # dashes have gaps
            px = QColor(image.pixel(x + dx, y))
            for label in ("claim", "characterization", "denial"):
                ink = style.ink(label)
                if (
                    abs(px.red() - ink.red()) + abs(px.green() - ink.green()) + abs(px.blue() - ink.blue())
                    < 45
                ):
                    found.add(label)
        return found

    assert inks_under(inner.start, inner.end) == {"claim", "characterization"}
    assert inks_under(other.start, claim.end) == {"claim", "denial"}
    assert inks_under(claim.end + 1, other.end) == {"denial"}
    # Labels differ by their dash pattern too, not by colour alone.
    assert len({style.pattern(lab.name) for lab in DEFAULT_LABELS}) == len(DEFAULT_LABELS)


def test_the_label_bar_explains_the_annotator_marks(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(prepare=_tags)
    legend = window.label_bar.marks
    qtbot.waitUntil(legend.isVisible)
    assert "alice" in legend.text() and "bob" in legend.text()
    assert "circle" in legend.toolTip() and "square" in legend.toolTip()
    window.review.toggle_action.trigger()  # review: A and B side by side, then only alice's tags
    window.view.set_annotator_filter({"alice"})
    qtbot.waitUntil(lambda: not legend.isVisible())
    window.view.set_annotator_filter(None)
    qtbot.waitUntil(legend.isVisible)


def test_colour_blindness_simulation_keeps_grey_and_merges_red_green() -> None:
    spec = importlib.util.spec_from_file_location("colorblind", HERE / "docs" / "colorblind.py")
    assert spec is not None and spec.loader is not None
    colorblind = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(colorblind)
    for kind in ("protanopia", "deuteranopia", "tritanopia"):
        assert colorblind.simulate_rgb((128, 128, 128), kind) == pytest.approx((128, 128, 128), abs=2)
    red, green = (200, 60, 40), (80, 140, 40)
    seen = [colorblind.simulate_rgb(c, "deuteranopia") for c in (red, green)]
    assert abs(seen[0][0] - seen[1][0]) + abs(seen[0][1] - seen[1][1]) < 80  # hard to tell apart


def _ten_labels(store: Store, doc: Document) -> None:
    """Ten labels (a large project's scheme), a tag of each side by side at the article's start."""
    for i in range(10 - len(store.labels())):
        db_labels.add_label(store, f"extra {i + 1}")
    for i, label in enumerate(store.labels()[:10]):
        store.add_annotation(new_annotation(doc, i * 12, i * 12 + 10, label.name, "alice"))


def test_the_first_ten_labels_underline_in_ten_dash_patterns(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(prepare=_ten_labels)
    labels = window.project.store.labels()[:10]
    assert len(labels) == 10
    style = window.view._hl.style
    # Not by colour alone: a 6th label once had the 1st one's line.
    assert len({style.pattern(lab.name) for lab in labels}) == 10
    window.view.viewport().repaint()
    window.grab().save(str(tmp_path / "ten-labels.png"))  # to look at


def _sixteen_labels(store: Store, doc: Document) -> None:
    for i in range(16 - len(store.labels())):
        db_labels.add_label(store, f"extra {i + 1}")


def test_labels_past_the_palette_never_share_a_colour_and_a_line(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    # Once the palette ran out every new label took one colour, and the 14th label had the cue label's
    # colour and dash pattern: two labels drawn alike.
    window = open_window(prepare=_sixteen_labels)
    labels = window.project.store.labels()
    assert len(labels) == 16
    style = window.view._hl.style
    looks = {(lab.color.upper(), style.pattern(lab.name)) for lab in labels}
    assert len(looks) == 16
    # No colour on more labels than another but for one (the palette spread, not piled on one colour).
    counts = Counter(lab.color.upper() for lab in labels[len(DEFAULT_LABELS) :])
    assert max(counts.values()) - min(counts.values()) <= 1
    # The toolbar's legend shows each label's own line.
    for lab in labels:
        swatch = legend_swatch(lab.color, style.pattern(lab.name))
        icon = window.label_bar.label_actions[lab.name].icon().pixmap(swatch.size())
        assert icon.toImage() == swatch.toImage(), lab.name
