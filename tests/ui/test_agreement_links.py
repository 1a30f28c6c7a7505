"""The agreement dialog's "Links and attribution" tab in the real window: link F1 per link type and
attribution F1 for each pair, measured with the other figures on the worker thread, as `factcheck agreement`
prints them (its JSON rows, its CSV rows byte for byte)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store, attribution, links
from factcheck.cli import main
from factcheck.core.link_agreement import STRUCTURE_MEASURES
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.agreement import store_agreement
from factcheck.services.structure_agreement import structure_agreement
from tests.helpers.structure import at
from tests.helpers.two_readers import two_readers
from tests.ui.window_support import finish_operations, isolated_settings, show
from ui.agreement_colors import ValueRole, heat_color
from ui.agreement_dialog import AgreementDialog
from ui.main_window import MainWindow
from ui.project import ProjectModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def three_readers(store: Store) -> tuple[Document, Document]:
    """alice and bob as tests.helpers.two_readers (denies and same_claim links, attribution); cy links
    her denial to the claim alice linked and attributes the claim as alice did; in a second document
    alice and bob attribute a claim to the same source and link nothing."""
    made = two_readers(store)
    doc = made.doc
    cy = {
        name: store.add_annotation(new_annotation(doc, *at(doc, words), label, "cy"), doc.text)
        for name, words, label in (
            ("lavrov", "Sergei Lavrov", "source"),
            ("claim", "Trump accepted Putin's assertions", "claim"),
            ("denial", "it was not clear", "denial"),
        )
    }
    links.add_link(store, new_link(doc.id, "denies", cy["denial"].id, cy["claim"].id, "cy"))
    attribution.set_attribution(store, cy["claim"].id, source=cy["lavrov"].id)
    second, _ = store.add_document(Document.create("The mayor said crime fell.", title="Second"))
    for who in ("alice", "bob"):
        source = store.add_annotation(new_annotation(second, 0, 9, "source", who), second.text)
        claim = store.add_annotation(new_annotation(second, 15, 25, "claim", who), second.text)
        attribution.set_attribution(store, claim.id, source=source.id)
    return doc, second


def cli(db_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()  # the model tester's lines are no part of it
    assert main(["--db", str(db_path), "agreement", *args]) == 0
    return capsys.readouterr().out.lstrip("\ufeff")


def expected_lines(rows: list[dict[str, Any]]) -> list[list[str]]:
    """The command line's JSON rows of links and attribution as the tab shows them: one line per pair
    and kind, rounded as its table rounds them, a dash when undefined."""
    lines: dict[tuple[str, str, str], dict[str, str]] = {}
    for r in rows:
        if r["measure"] in STRUCTURE_MEASURES:
            value = "—" if r["value"] is None else f"{r['value']:.3f}"
            key = (r["annotator_a"], r["annotator_b"], r["label"])
            lines.setdefault(key, {})[r["measure"].rsplit("_", 1)[1]] = value
    return [
        [a, b, "attribution" if kind == "(attribution)" else f"link {kind}", v["exact"], v["overlap"]]
        for (a, b, kind), v in lines.items()
    ]


def shown(model: QAbstractItemModel) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[MainWindow]:
    store = Store.open(db_path)
    three_readers(store)
    project = ProjectModel(store)
    main_window = MainWindow(project, "rita", isolated_settings(tmp_path))
    project.setParent(main_window)
    show(qtbot, main_window)
    yield main_window
    main_window.project.operations.shutdown()
    main_window.close()
    store.close()


def test_the_tab_shows_the_command_lines_link_and_attribution_figures(
    window: MainWindow,
    qtbot: QtBot,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    qtmodeltester: ModelTester,
    tmp_path: Path,
) -> None:
    store = window.project.store
    first, second = (d for d in store.document_ids())
    over_all = [r for r in json.loads(cli(db_path, capsys, "--format", "json")) if r["document"] is None]
    assert window.review.show_agreement() is not None
    finish_operations(qtbot, window)
    dialog = window.review.agreement_dialog
    assert isinstance(dialog, AgreementDialog) and dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # the tab's mnemonic
    page = dialog.link_page
    assert dialog.tabs.currentWidget() is page
    assert dialog.document_combo.isEnabled() and not dialog.label_combo.isEnabled()
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    # Over all documents: three pairs, two link types and attribution, in the command line's order.
    expected = expected_lines(over_all)
    assert shown(page.proxy) == expected and len(expected) == 9
    assert ["alice", "bob", "link denies", "0.000", "0.000"] in expected
    assert ["alice", "bob", "attribution", "0.667", "0.667"] in expected  # 1 of 2, plus the second doc's
    assert ["alice", "cy", "link same_claim", "0.000", "0.000"] in expected
    assert not page.state.isVisible()
    # Coloured as the other tables: by the figure.
    cell = page.model.index(0, 3)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == heat_color(cell.data(ValueRole))
    # Sortable: by F1 exact, highest first.
    page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    values = [page.proxy.index(r, 3).data(ValueRole) for r in range(page.proxy.rowCount())]
    assert values == sorted(values, key=lambda v: -2.0 if v is None else v, reverse=True)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    # One document: only the pair that linked or attributed there, as `--document ID`.
    dialog.set_scope(second, None)
    one = json.loads(cli(db_path, capsys, "--document", second, "--format", "json"))
    assert shown(page.proxy) == expected_lines(one) == [["alice", "bob", "attribution", "1.000", "1.000"]]
    dialog.set_scope(first, None)
    one = json.loads(cli(db_path, capsys, "--document", first, "--format", "json"))
    assert shown(page.proxy) == expected_lines(one) and len(expected_lines(one)) == 9
    # Copy as CSV: the command line's CSV rows of these measures, byte for byte.
    cli_lines = cli(db_path, capsys, "--format", "csv").splitlines(keepends=True)
    measure = cli_lines[0].split(",").index("measure")
    wanted = [cli_lines[0]] + [
        line for line in cli_lines[1:] if next(csv.reader(io.StringIO(line)))[measure] in STRUCTURE_MEASURES
    ]
    assert len(wanted) == 1 + 9 * 2 + 9 * 2 + 2  # over all, the first document, the second
    assert dialog.copy_button.isEnabled()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "".join(wanted)
    dialog.set_scope(None, None)
    dialog.resize(900, 600)
    dialog.grab().save(str(tmp_path / "links.png"))
    dialog.close()


def test_without_links_or_attribution_the_tab_says_what_it_needs(
    store: Store, document: Document, qtbot: QtBot
) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ben"))
    rows = store_agreement(store) + structure_agreement(store)
    dialog = AgreementDialog(rows, {document.id: document.title})
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # mnemonics reach the active window only
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    page = dialog.link_page
    assert dialog.tabs.currentWidget() is page
    assert page.state.isVisible()
    assert page.state.text().startswith("No links or attributions to compare yet: ")
    assert page.model.rowCount() == 0
    assert not dialog.copy_button.isEnabled()
    # The spans' figures are still there, on their own tab, without the link rows.
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert dialog.copy_button.isEnabled() and dialog.pair_model.rowCount() == 1
    dialog.close()


def test_a_document_without_links_says_so(store: Store, qtbot: QtBot) -> None:
    _first, second = three_readers(store)
    lone, _ = store.add_document(Document.create("Nothing linked here.", title="Lone"))
    for who in ("alice", "bob"):
        store.add_annotation(new_annotation(lone, 0, 7, "claim", who), lone.text)
    dialog = AgreementDialog(store_agreement(store) + structure_agreement(store), {})
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.link_page)
    assert dialog.label_combo.findData("denies") == -1  # link types are no labels of the spans' tab
    dialog.set_scope(lone.id, None)
    page = dialog.link_page
    assert page.model.rowCount() == 0
    assert page.state.isVisibleTo(dialog) and "in this document" in page.state.text()
    dialog.set_scope(second.id, None)
    assert page.model.rowCount() == 1 and not page.state.isVisibleTo(dialog)


def test_copy_as_csv_escapes_hidden_characters_as_the_command_line_does(
    db_path: Path, store: Store, qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    # An older project kept a name holding a right-to-left override: the command line's CSV writes it
    # escaped ("cy\u202e" as cy\\u202e), and so does the window's copy, on both tabs.
    made = two_readers(store)
    doc, odd = made.doc, "cy\u202e"
    claim = store.add_annotation(new_annotation(doc, *at(doc, "the talks went well"), "claim", odd), doc.text)
    denial = store.add_annotation(new_annotation(doc, *at(doc, "it was not clear"), "denial", odd), doc.text)
    links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, odd))
    dialog = AgreementDialog(store_agreement(store) + structure_agreement(store), {})
    qtbot.addWidget(dialog)
    cli_lines = cli(db_path, capsys, "--format", "csv").splitlines(keepends=True)
    assert any("cy\\u202e" in line for line in cli_lines)
    measure = cli_lines[0].split(",").index("measure")
    for tab, measures in ((3, STRUCTURE_MEASURES), (0, None)):  # links and attribution; between annotators
        dialog.tabs.setCurrentIndex(tab)
        dialog.copy_csv()
        wanted = [cli_lines[0]] + [
            line
            for line in cli_lines[1:]
            if (next(csv.reader(io.StringIO(line)))[measure] in STRUCTURE_MEASURES) == (measures is not None)
        ]
        assert QGuiApplication.clipboard().text() == "".join(wanted)
