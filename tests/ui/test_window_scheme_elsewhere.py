"""A label or link type renamed by another program (factcheck labels rename in a terminal, a second
window) while the window is open: the window shows the new name and tags with it, instead of offering
the old name until it is restarted (pressing its key said "Unknown label")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from db import labels as label_store
from db import link_types as link_type_store
from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


def test_a_label_renamed_by_another_program_is_the_one_the_key_gives(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window()
    with Store.open(window.project.store.path or "") as other:
        label_store.rename_label(other, "claim", "assertion")
        link_type_store.rename_link_type(other, "denies", "rebuts")
    changed: list[str] = []
    window.project.linkTypesChanged.connect(lambda: changed.append("link types"))
    assert window.project.reload_if_changed()  # what the window's timer calls
    assert changed == ["link types"]
    assert window.relabel_menu.actions()[0].text() == "assertion"
    window.view.setFocus()
    window.view.select_span(0, 8)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert dialogs == []
    (tag,) = window.project.store.annotations(window.open_doc.id or "")
    assert tag.label == "assertion"
