"""The Review pane's tag lists draw each tag's label colour from the project's labels: a label renamed
(for the team by a sync, or in Project > Labels…) or recoloured lost its swatch there until the project
was reopened (the lists listened only for another project being opened)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from pytestqt.qtbot import QtBot

from db import Store, labels
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _two_views(store: Store, doc: Document) -> None:
    start = doc.text.index("Roe denied")
    for label, who in (("denial", "bob"), ("characterization", "alice")):
        store.add_annotation(new_annotation(doc, start, start + len("Roe denied it"), label, who), doc.text)


def _swatch_colours(window: MainWindow) -> dict[str, str]:
    """Per label shown in the tag lists of the current disagreement, the colour of its swatch."""
    found: dict[str, str] = {}
    for model in window.review.panel.tag_models:
        for row in range(model.rowCount()):
            label = model.index(row, 1).data(Qt.ItemDataRole.DisplayRole)
            icon = model.index(row, 1).data(Qt.ItemDataRole.DecorationRole)
            found[str(label)] = icon.toImage().pixelColor(6, 6).name() if isinstance(icon, QPixmap) else ""
    return found


@pytest.mark.parametrize("change", ["rename", "recolour"])
def test_the_review_tag_lists_follow_a_label_renamed_or_recoloured(
    open_window: OpenWindow, qtbot: QtBot, change: str
) -> None:
    window = open_window(prepare=_two_views)
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    panel = window.review.panel
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: "denial" in _swatch_colours(window))
    if change == "rename":
        window.project.change_labels(lambda store: labels.rename_label(store, "denial", "rebuttal"))
        name, colour = (
            "rebuttal",
            next(lab.color for lab in window.project.labels() if lab.name == "rebuttal"),
        )
    else:
        window.project.change_labels(lambda store: labels.set_color(store, "denial", "#123456"))
        name, colour = "denial", "#123456"
    qtbot.waitUntil(lambda: name in _swatch_colours(window))
    assert _swatch_colours(window)[name] == colour.lower(), (_swatch_colours(window), panel.status.text())
