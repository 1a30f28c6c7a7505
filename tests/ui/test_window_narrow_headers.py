"""At 800x600 every table header of the real window either reads whole or ends in "…": a column squeezed
to fit the pane showed a clipped middle of its title ("nota" for Annotator)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

#: Room a header's style takes around a section's title, and beside it the sort arrow's.
MARGINS, ARROW = 8, 14


def clipped(window: QWidget) -> Iterator[str]:
    """The shown sections of the window's shown headers whose title does not fit and is not elided."""
    for header in window.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation() != Qt.Orientation.Horizontal:
            continue
        model = header.model()
        if model is None:
            continue
        metrics = header.fontMetrics()
        for section in range(header.count()):
            if header.isSectionHidden(section) or header.sectionSize(section) == 0:
                continue
            title = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            arrow = ARROW if header.isSortIndicatorShown() and header.sortIndicatorSection() == section else 0
            fits = metrics.horizontalAdvance(title) + MARGINS + arrow <= header.sectionSize(section)
            if not fits and header.textElideMode() == Qt.TextElideMode.ElideNone:
                view = header.parentWidget()
                table = view.objectName() or type(view).__name__ if view else "?"
                yield f"{table}: {title!r} in {header.sectionSize(section)} px"


def test_every_header_elides_what_does_not_fit_at_800x600(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window()
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    found: list[str] = []
    for shown, toggle in enumerate((None, window.claims.toggle_action, window.review.toggle_action)):
        if toggle is not None and not toggle.isChecked():
            toggle.trigger()
        qtbot.wait(100)  # the column fitter runs after the resize
        window.grab().save(str(tmp_path / f"window-{shown}.png"))  # to look at
        found += clipped(window)
    assert found == [], "\n".join(found)
