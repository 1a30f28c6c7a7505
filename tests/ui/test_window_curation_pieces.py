"""The window's Curated view shows a discontinuous curated tag by its pieces, as any tag."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db import Store, attribution
from factcheck.core.curation import CURATED
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.annotation_table_model import ANNOTATOR, QUOTE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()

TEXT = "The economy, he said, is booming. Prices rose.\n"


def _pieces(store: Store, doc: Document, who: str, parts: list[tuple[int, int]]) -> None:
    tag = store.add_annotation(new_annotation(doc, *parts[0], "claim", who))
    attribution.set_pieces(store, tag.id, parts)


def _team(store: Store, doc: Document) -> None:
    # ana and bo tag the same two pieces, and both "Prices rose"; ana also "Prices" alone
    for who in ("ana", "bo"):
        _pieces(store, doc, who, [(0, 11), (22, 32)])
        store.add_annotation(new_annotation(doc, 34, 45, "claim", who))
    store.add_annotation(new_annotation(doc, 34, 40, "claim", "ana"))


def test_curated_view_shows_the_pieces(open_window: OpenWindow) -> None:
    window = open_window(text=TEXT, prepare=_team)
    table = window.table
    assert table.proxy.rowCount() == 5
    table.set_curated_view(True)
    proxy = table.proxy
    # the pieces both tagged, shown by their pieces (not the envelope with " he said,"), and "Prices rose"
    rows = sorted(proxy.index(r, QUOTE).data(Qt.ItemDataRole.DisplayRole) for r in range(proxy.rowCount()))
    assert rows == ["Prices rose", "The economy … is booming"]
    assert {proxy.index(r, ANNOTATOR).data(Qt.ItemDataRole.DisplayRole) for r in range(2)} == {CURATED}
    tooltips = [proxy.index(r, QUOTE).data(Qt.ItemDataRole.ToolTipRole) for r in range(2)]
    assert all("Curated from the tags of: ana, bo" in t for t in tooltips)
    assert table.count_label.text() == "2 curated tags (from 5 tags)"
    window.grab().save("/tmp/pieces-curated-view.png")
