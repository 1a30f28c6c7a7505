"""The find bar, tag menu, note dialog, document commands and other window parts speak through Qt's
translation: with a translator that upper-cases its contexts, their texts come out upper-cased."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.test_window_locale import Shouting
from tests.ui.window_support import isolated_settings
from ui import shortcuts
from ui.about import AboutDialog
from ui.agreement_dialog import AgreementDialog
from ui.databases import fill_recent_menu
from ui.document_commands import RemoveDocument, RenameDocument
from ui.note_dialog import NoteDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class ShoutingMore(Shouting):
    """Shouting, also for the contexts of these window parts."""

    MORE = ("FindBar", "TagMenu", "NoteDialog", "Databases", "DocumentCommands", "SampleBar", "Progress",
            "Quitting", "Identity", "SearchPane", "TeamSync", "About", "Commands", "DocumentTools",
            "Shortcuts", "DocumentList", "AgreementDialog", "LinkPage",
            "LinkTableModel")  # fmt: skip

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        if context in self.MORE:
            return super().translate("Actions", source, disambiguation, n)
        # Qt's own texts ("%1+%2" of a key sequence, "Undo %1"): the source, as without a translator (an
        # empty answer would be taken as a translation, and Qt would warn filling its placeholders).
        return super().translate(context, source, disambiguation, n) or source


def test_window_parts_strings_go_through_translation(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    translator = ShoutingMore()
    QCoreApplication.installTranslator(translator)
    try:
        window = open_window()
        bar = window.find_bar
        assert (bar.case.text(), bar.edit.placeholderText()) == ("MATCH CASE", "FIND IN ARTICLE")

        text = window.view.document_text()
        s = text.index("crime")
        window.view.select_span(s, s + 5)
        labels = [a.text() for a in window.tag_menus.menu().actions() if a.text()]
        assert "TAG AS claim" in labels  # the label's name is a stored value: not translated
        window.apply_label("claim")
        assert window.undo_stack.undoText() == "TAG “crime” AS claim"

        pane = window.docs.search_pane
        assert (pane.windowTitle(), pane.edit.placeholderText()) == (
            "SEARCH ALL DOCUMENTS",
            "WORDS IN ANY DOCUMENT…",
        )

        groups = shortcuts.shortcut_groups(window, window.label_bar.label_actions)
        titles = [g.title for g in groups]
        assert titles[0] == "TAGGING" and titles[-1] == "OTHER KEYS"
        assert groups[0].rows[0].what == "TAG THE SELECTION AS claim, OR RELABEL THE CURRENT TAG"
        dialog = shortcuts.ShortcutsDialog(window, groups)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "KEYBOARD SHORTCUTS"

        docs = window.doc_list
        assert docs.filter.placeholderText() == "FILTER BY TITLE OR SOURCE…"
        assert (
            docs.view.model().index(0, 0).data(Qt.ItemDataRole.AccessibleDescriptionRole) == "SOURCE: roe.txt"
        )
        assert window.table.curated_toggle.toolTip().startswith("SHOW THE CURATED SET")
        assert window.table.label_filter.itemText(0) == "ALL"

        agreement = AgreementDialog([], {}, window)
        qtbot.addWidget(agreement)
        assert agreement.windowTitle() == "AGREEMENT BETWEEN ANNOTATORS"
        assert agreement.document_combo.itemText(0) == "ALL DOCUMENTS"
        assert agreement.tabs.tabText(0) == "&BETWEEN ANNOTATORS"
        assert agreement.tabs.tabText(3) == "LIN&KS AND ATTRIBUTION"
        assert agreement.link_page.state.text().startswith("NO LINKS OR ATTRIBUTIONS TO COMPARE YET")
        assert agreement.link_page.model.headerData(3, Qt.Orientation.Horizontal) == "F1 EXACT"

        about = AboutDialog(window)
        qtbot.addWidget(about)
        assert (about.windowTitle(), about.open_folder.text()) == ("ABOUT FACTCHECK", "OPEN DATA FOLDER")
        assert "FACTCHECK IS FREE SOFTWARE UNDER THE MIT LICENCE." in about.text.toPlainText()

        note = NoteDialog(window, "crime fell", "")
        qtbot.addWidget(note)
        assert note.windowTitle() == "NOTE"

        menu = QMenu()
        fill_recent_menu(menu, isolated_settings(tmp_path / "settings"), lambda _path: None)
        assert [a.text() for a in menu.actions()] == ["NO RECENT DATABASES"]

        doc_id = window.current_document_id()
        assert doc_id is not None
        rename = RenameDocument(window.project, doc_id, "Roe on crime", "Roe")
        assert rename.text() == "RENAME “Roe on crime” TO “Roe”"
        assert RemoveDocument(window.project, doc_id, "Roe", "alice").text() == "REMOVE “Roe”"
    finally:
        QCoreApplication.removeTranslator(translator)
