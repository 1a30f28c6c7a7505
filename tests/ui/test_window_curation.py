"""Curation in the window: the tag table's Curated view, the document list's review states."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.curation import CURATED, curate_document, live_placed
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.annotation_table import ANNOTATOR, LABEL, NOTE, QUOTE
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


def _team(store: Store, doc: Document) -> None:
    for who in ("ana", "bo"):
        store.add_annotation(new_annotation(doc, 0, 8, "claim", who, note=f"{who}'s note"))
    store.add_annotation(new_annotation(doc, 20, 30, "denial", "ana"))  # only ana: not curated
    lone = store.add_annotation(new_annotation(doc, 40, 50, "characterization", "bo"))
    store.set_review(lone.id, "accepted", "rita")  # accepted: curated


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="alice", prepare=_team)


def _shown(window: MainWindow) -> list[tuple[str, str, str, str]]:
    proxy = window.table.proxy
    return sorted(
        tuple(proxy.index(r, c).data(Qt.ItemDataRole.DisplayRole) for c in (LABEL, QUOTE, ANNOTATOR, NOTE))  # type: ignore[misc]
        for r in range(proxy.rowCount())
    )


def test_curated_view_shows_exactly_the_curated_set_and_follows_changes(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    table = window.table
    assert table.proxy.rowCount() == 4
    table.set_curated_view(True)
    assert not table.annotator_filter.isEnabled()
    rows = _shown(window)
    assert [(r[0], r[2]) for r in rows] == [("characterization ✓", CURATED), ("claim", CURATED)]
    assert rows[1][3] == "ana's note bo's note"  # both notes, one per line (shown on one)
    assert table.count_label.text() == "2 curated tags (from 4 tags)"
    # the same set as the core computes from the open document's tags
    expected = curate_document(live_placed(window.open_doc.tags))
    assert len(expected) == table.proxy.rowCount()
    window.grab().save(str(tmp_path / "curated_view.png"))

    # alice tags the article too: now three people tagged it, and the claim needs her as well
    doc_id = window.current_document_id()
    assert doc_id is not None
    window.project.add(new_annotation(window.project.document(doc_id), 60, 70, "claim", "alice"))
    qtbot.waitUntil(lambda: table.proxy.rowCount() == 1)
    assert [r[0] for r in _shown(window)] == ["characterization ✓"]

    table.set_curated_view(False)
    assert table.annotator_filter.isEnabled()
    assert table.proxy.rowCount() == 5
    assert {r[2] for r in _shown(window)} == {"ana", "bo", "alice"}
