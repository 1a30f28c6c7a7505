"""The words under a tag stay readable in both appearances: the contrast of the article's text on the tint
of every label, one tag or three nested, is at least 4.5:1 (WCAG AA) on the light and the dark page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import DEFAULT_LABELS, Document
from factcheck.core.spans import new_annotation
from tests.ui.window_support import backgrounds_at, isolated_settings, show
from ui import app
from ui.colors import contrast
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TEXT = "".join(f"Officials said that the {lab.name} words are here. " for lab in DEFAULT_LABELS) + "\n"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[MainWindow]:
    """Each label's words in three nested tags of that label (the innermost two words)."""
    store = Store.open(db_path)
    doc, _ = store.add_document(Document.create(TEXT, title="Nested"))
    for lab in DEFAULT_LABELS:
        s = TEXT.index(f"that the {lab.name} words")
        inner = TEXT.index(f"{lab.name} words")
        for start, end in ((s, s + len(f"that the {lab.name} words are")), (s + 5, inner + len(lab.name) + 6),
                           (inner, inner + len(lab.name) + 6)):  # fmt: skip
            store.add_annotation(new_annotation(doc, start, end, lab.name, "alice"))
    store.close()
    w = app.create_window(db_path, "alice", settings=isolated_settings(tmp_path))
    assert w is not None
    show(qtbot, w)
    yield w
    w.appearance.set_scheme("light")  # the application's look is shared by the tests that follow
    w.close()
    w.project.close()


def _unreadable(w: MainWindow) -> list[tuple[str, float]]:
    """(tint, contrast) of every tint under the words (all labels, one to three tags deep, as drawn) on
    which the article's text reads at less than 4.5:1."""
    text = w.view.palette().color(QPalette.ColorRole.Text)
    tints = {c for _, _, c in backgrounds_at(w, 0)}  # the paragraph holding every label's tags
    assert len(tints) >= 3 * len(DEFAULT_LABELS)
    return sorted((c, round(contrast(text, QColor(c)), 1)) for c in tints if contrast(text, QColor(c)) < 4.5)


def test_words_on_nested_tags_read_in_the_light_and_the_dark(window: MainWindow) -> None:
    window.appearance.set_scheme("light")
    assert _unreadable(window) == []
    window.appearance.set_scheme("dark")
    assert window.view.palette().color(QPalette.ColorRole.Base).lightness() < 60
    assert _unreadable(window) == []
