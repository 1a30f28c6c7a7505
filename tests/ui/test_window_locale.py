"""Dates in the locale's format and strings through Qt's translation, in the real window."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime, QTranslator
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.annotation_table_model import TIME
from ui.dialogs import EditTagDialog
from ui.import_export import ExportDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

STAMP = "2024-05-01T09:30:12.000000Z"


@pytest.fixture
def german() -> Iterator[QLocale]:
    before = QLocale()
    locale = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    QLocale.setDefault(locale)
    yield locale
    QLocale.setDefault(before)


def _old_tag(store: Store, doc: Document) -> None:
    s = doc.text.index("crime fell")
    tag = new_annotation(doc, s, s + 10, "claim", "alice")
    store.add_annotation(dataclasses.replace(tag, created_at=STAMP, updated_at=STAMP))


def test_the_tag_table_shows_times_in_the_locales_format(open_window: OpenWindow, german: QLocale) -> None:
    window = open_window(prepare=_old_tag)
    model = window.table.view.model()
    shown = model.index(0, TIME).data()
    local = datetime.fromisoformat(STAMP.replace("Z", "+00:00")).astimezone()
    qt = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    assert shown == german.toString(qt, QLocale.FormatType.ShortFormat)
    assert f"{local.day:02d}.{local.month:02d}." in shown  # German day.month, not "05-01"
    tip = model.index(0, TIME).data(Qt.ItemDataRole.ToolTipRole)
    assert f"{local.day:02d}.{local.month:02d}.24" in tip and f"{local.minute:02d}:12" in tip
    assert STAMP not in tip


def test_a_new_tag_shows_only_its_time_today(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window()
    text = window.view.document_text()
    s = text.index("crime")
    window.view.select_span(s, s + 5)
    window.apply_label("claim")
    shown = window.table.view.model().index(0, TIME).data()
    now = datetime.now().astimezone()
    assert shown == QLocale().toString(QTime(now.hour, now.minute), QLocale.FormatType.ShortFormat) or (
        now.second < 2  # the minute turned over between the tag and now
    )


class Shouting(QTranslator):
    """A translation that upper-cases every string of the contexts it knows: shows what is wrapped."""

    CONTEXTS = ("AnnotationTableModel", "AnnotationTable", "LabelBar", "PaneLayout", "Appearance", "Actions",
                "MainWindow", "StatusBar", "Review", "Menus", "Dialogs", "ImportExport",
                "ReviewPanel")  # fmt: skip

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        if context not in self.CONTEXTS:
            return ""
        # Placeholders ({label}, %n) stay as they are, as a translator keeps them.
        parts = re.split(r"(\{\w*\}|%n)", source)
        return "".join(p if p.startswith(("{", "%")) else p.upper() for p in parts)


def test_user_visible_strings_go_through_translation(open_window: OpenWindow, qtbot: QtBot) -> None:
    translator = Shouting()
    QCoreApplication.installTranslator(translator)
    try:
        window = open_window(prepare=_old_tag)
        header = window.table.view.model().headerData(0, Qt.Orientation.Horizontal)
        assert header == "LABEL"
        assert window.table.curated_toggle.text() == "CURATED"
        assert window.table.count_label.text() == "1 TAG(S)"  # (a real translation has its plural forms)
        assert [p.action.text() for p in window.panes.panes] == ["DOCUMENTS &PANE", "TAG&S PANE"]
        assert "TAG THE SELECTION AS claim" in window.label_bar.label_actions["claim"].toolTip()
        assert "&DARK" in [a.text() for a in window.appearance.scheme_actions.values()]
        titles = [a.text() for a in window.menuBar().actions()]
        assert titles[:4] == ["&FILE", "&EDIT", "&VIEW", "&PROJECT"]
        # The window's parts find menus by name, not by (translated) title: one Project menu, Help last.
        assert titles.count("&PROJECT") == 1 and titles[-2:] == ["&REVIEW", "&HELP"]
        review = window.review
        assert (review.toggle_action.text(), review.panel.accept_action.text()) == (
            "&REVIEW PANEL",
            "ACCEPT (A)",
        )
        a = window.actions_
        assert (a.open_article.text(), a.export.text(), a.find_next.text()) == (
            "&OPEN ARTICLE…",
            "&EXPORT…",
            "FIND &NEXT",
        )
        assert a.labels.statusTip() == "ADD, RENAME, RECOLOUR, ORDER THE LABELS"
        assert a.undo.text() == "&UNDO"  # also once the undo stack has set it
        recent = window.recent_menu.menuAction().text()
        assert recent == "RECENT PRO&JECTS"
        window.apply_label("claim")  # nothing selected, no current tag: a hint in the status bar
        assert window.statusBar().currentMessage() == "SELECT SOME TEXT FIRST, THEN PRESS A LABEL KEY."
        saved, counts = window.findChild(QLabel, "saveState"), window.findChild(QLabel, "tagCounts")
        assert saved is not None and saved.text() == "ALL CHANGES SAVED"
        assert counts is not None and counts.text() == "1 TAG HERE · 1 IN ALL"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_export_and_tag_dialogs_go_through_translation(open_window: OpenWindow, qtbot: QtBot) -> None:
    translator = Shouting()
    QCoreApplication.installTranslator(translator)
    try:
        window = open_window(prepare=_old_tag)
        export = ExportDialog(window, window.project, None)
        qtbot.addWidget(export)
        assert export.windowTitle() == "EXPORT TAGS"
        assert export.format.itemText(0) == "CSV (SPREADSHEETS)" and export.format.itemData(0) == "csv"
        assert export.curated.text().startswith("&CURATED SET")
        assert export.decisions["accepted"].accessibleName() == "EXPORT {status} TAGS".format(
            status="accepted"
        )
        edit = EditTagDialog(window, "crime fell", window.project.labels(), "claim", "")
        qtbot.addWidget(edit)
        assert edit.windowTitle() == "EDIT TAG"
    finally:
        QCoreApplication.removeTranslator(translator)
