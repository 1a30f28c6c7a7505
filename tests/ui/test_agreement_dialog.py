"""The agreement dialog on a real database: heatmap and table show the figures of the CLI."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import annotation_at, new_annotation
from factcheck.services.agreement import store_agreement
from factcheck.services.curating import scores_against_curated
from tests.helpers.review import set_review
from ui.agreement_colors import ValueRole, heat_color, text_color
from ui.agreement_dialog import AgreementDialog


def titles(store: Store) -> dict[str, str]:
    return {s.id: s.title for s in store.document_summaries()}


@pytest.fixture
def three(store: Store, document: Document) -> Document:
    # ana and ben agree on the claim; cy tags it with other boundaries and adds a denial.
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ben"))
    store.add_annotation(new_annotation(document, 0, 12, "claim", "cy"))
    store.add_annotation(new_annotation(document, 20, 30, "denial", "cy"))
    return document


@pytest.fixture
def dialog(store: Store, three: Document, qtbot: QtBot) -> AgreementDialog:
    d = AgreementDialog(store_agreement(store), titles(store))
    qtbot.addWidget(d)
    return d


def test_models_pass_the_model_tester(dialog: AgreementDialog, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(dialog.heatmap_model)
    qtmodeltester.check(dialog.pair_model)
    qtmodeltester.check(dialog.pair_proxy)


def test_heatmap_is_symmetric_and_matches_the_rows(
    dialog: AgreementDialog, store: Store, three: Document
) -> None:
    dialog.set_scope(None, "claim", "f1_exact")
    model = dialog.heatmap_model
    assert model.names() == ["ana", "ben", "cy"]
    assert model.rowCount() == model.columnCount() == 3
    # ana/ben identical claims: 1.0; ana/cy: no exact match: 0.0
    assert model.data(model.index(0, 1), ValueRole) == 1.0
    assert model.data(model.index(1, 0), ValueRole) == 1.0
    assert model.data(model.index(0, 2), ValueRole) == 0.0
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole) == ""
    assert model.data(model.index(0, 1), Qt.ItemDataRole.DisplayRole) == "1.000"
    # Same figures as the core computes.
    expected = {
        (r.annotator_a, r.annotator_b): r.value
        for r in store_agreement(store)
        if r.document is None and r.label == "claim" and r.measure == "f1_exact"
    }
    for i, a in enumerate(model.names()):
        for j, b in enumerate(model.names()):
            if i < j:
                assert model.value(i, j) == expected[(a, b)]


def test_colours_follow_the_value(dialog: AgreementDialog) -> None:
    dialog.set_scope(None, "claim", "f1_exact")
    model = dialog.heatmap_model
    high = model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole)
    low = model.data(model.index(0, 2), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(high, QColor) and isinstance(low, QColor)
    assert high.lightness() < low.lightness()  # dark = high agreement
    assert text_color(high) == QColor("#ffffff") and text_color(low) == QColor("#000000")
    assert heat_color(None) != heat_color(0.0) != heat_color(-0.5)
    assert heat_color(-0.5).red() > heat_color(-0.5).blue()  # below chance is orange, not blue


def test_choosing_a_document_and_label_changes_both_views(dialog: AgreementDialog, three: Document) -> None:
    dialog.set_scope(three.id, "denial", "cohen_kappa")
    assert dialog.scope() == (three.id, "denial") and dialog.measure() == "cohen_kappa"
    model = dialog.pair_model
    assert model.rowCount() == 3  # ana-ben, ana-cy, ben-cy
    rows = {}
    for r in range(model.rowCount()):
        pair = (model.data(model.index(r, 0)), model.data(model.index(r, 1)))
        rows[pair] = model.data(model.index(r, 4), ValueRole)
    # Nobody but cy used denial: ana-ben undefined; ana-cy kappa 0 (one side empty).
    assert rows[("ana", "ben")] is None and rows[("ana", "cy")] == 0.0
    assert model.data(model.index(0, 4), Qt.ItemDataRole.DisplayRole) in ("—", "0.000")
    assert "chance-corrected" in model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "not" in model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole).lower()
    assert "chance-corrected" in dialog.heat_title.text()
    dialog.measure_combo.setCurrentIndex(0)
    assert "not corrected" in dialog.heat_title.text()


def test_explains_and_copies_csv(dialog: AgreementDialog) -> None:
    assert not dialog.empty_note.isVisibleTo(dialog)
    dialog.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.splitlines()[0] == "document,label,annotator_a,annotator_b,measure,value,cards"
    assert len(text.splitlines()) == 1 + len(dialog.index.rows)


def test_the_copied_csv_is_spreadsheet_safe(store: Store, three: Document, qtbot: QtBot) -> None:
    # A teammate's file may name an annotator so that a spreadsheet would run the cell as a formula.
    forged = '=HYPERLINK("https://evil.example","x")'
    store.add_annotation(new_annotation(three, 0, 8, "claim", forged))
    d = AgreementDialog(store_agreement(store), titles(store))
    qtbot.addWidget(d)
    d.copy_button.click()
    cells = [c for line in QGuiApplication.clipboard().text().splitlines()[1:] for c in line.split(",")]
    assert any(c.startswith("\"'=HYPERLINK") for c in cells)
    assert not any(c.lstrip('"').startswith("=") for c in cells)


def test_the_scores_csv_guards_labels_too() -> None:
    from factcheck.core.curation_scores import ScoreRow
    from ui.agreement_dialog import scores_as_csv

    (row,) = list(csv.reader(io.StringIO(scores_as_csv([ScoreRow(None, "=SUM(1)", "+ana", "f1", 0.5)]))))[1:]
    assert row[1:3] == ["'=SUM(1)", "'+ana"]
    # A hidden character in a name (a right-to-left override kept from an older project) is escaped,
    # as `factcheck agreement --curated --format csv` writes it.
    hidden = ScoreRow(None, "claim", "cy\u202e", "f1", 0.5)
    (row,) = list(csv.reader(io.StringIO(scores_as_csv([hidden]))))[1:]
    assert row[2] == "cy\\u202e"


def test_empty_project_says_what_to_do(store: Store, document: Document, qtbot: QtBot) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    d = AgreementDialog(store_agreement(store), titles(store))
    qtbot.addWidget(d)
    assert d.empty_note.isVisibleTo(d) and "two annotators" in d.empty_note.text()
    assert d.heatmap_model.rowCount() == 0 and not d.copy_button.isEnabled()


def test_scores_against_the_curated_set_per_annotator(
    store: Store, three: Document, qtbot: QtBot, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    from ui.agreement_dialog import ScoreTableModel

    denial = next(a for a in store.annotations() if a.label == "denial")
    set_review(store, denial.id, "accepted", "rita")  # the curated set: cy's accepted denial only
    d = AgreementDialog(store_agreement(store), titles(store), scores=scores_against_curated(store))
    qtbot.addWidget(d)
    qtmodeltester.check(d.score_model)
    d.tabs.setCurrentIndex(1)
    model = d.score_model
    assert ScoreTableModel.COLUMNS[1:] == (
        "P exact",
        "R exact",
        "F1 exact",
        "P overlap",
        "R overlap",
        "F1 overlap",
    )

    def row(name: str) -> list[float | None]:
        r = next(i for i in range(model.rowCount()) if model.index(i, 0).data() == name)
        return [model.index(r, c).data(ValueRole) for c in range(1, 7)]

    assert [model.index(i, 0).data() for i in range(model.rowCount())] == ["ana", "ben", "cy"]
    assert row("cy")[:3] == [0.5, 1.0, pytest.approx(2 / 3)]
    assert row("ana")[:3] == [0.0, 0.0, 0.0]
    assert model.index(0, 1).data() == "0.000"
    # by label: no curated claim, so the claim recall is undefined (a dash)
    d.set_scope(None, "claim")
    assert row("ana")[1] is None
    assert model.index(0, 2).data() == "—"
    # the same figures as the command line's
    expected = {
        r.annotator: r.value
        for r in scores_against_curated(store)
        if r.document is None and r.label == "claim" and r.measure == "precision_exact"
    }
    assert {name: row(name)[0] for name in expected} == expected
    d.resize(1040, 600)
    d.grab().save(str(tmp_path / "scores.png"))


def test_copy_as_csv_copies_the_tab_shown(store: Store, three: Document, qtbot: QtBot) -> None:
    scores = scores_against_curated(store)
    dialog = AgreementDialog(store_agreement(store), titles(store), scores=scores)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.copy_csv()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == "document,label,annotator,measure,value"
    assert len(lines) == 1 + len(scores) and len(scores) > 6
    dialog.tabs.setCurrentIndex(0)
    dialog.copy_csv()
    assert QGuiApplication.clipboard().text().splitlines()[0].startswith("document,label,annotator_a")


def test_the_docs_worked_example_reads_the_same_in_the_window_and_the_cli(
    db_path: Path, store: Store, qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    # docs/agreement.md: 20 characters, ana's claim on 0-8, ben's on 4-12 and his denial on 14-18. The
    # claim: κ 1/6, α 0.1875; over all labels (the claim and the denial, the labels the pair used): F1
    # overlap 2/3, κ 4/19, α 0.21. The window rounds as the CLI's table; its Copy as CSV is the CLI's CSV.
    doc, _ = store.add_document(Document.create("Crime fell by 20% in", title="Twenty"))
    store.add_annotation(annotation_at(doc, 0, 8, "claim", "ana"))
    store.add_annotation(annotation_at(doc, 4, 12, "claim", "ben"))
    store.add_annotation(annotation_at(doc, 14, 18, "denial", "ben"))
    d = AgreementDialog(store_agreement(store), titles(store))
    qtbot.addWidget(d)
    store.close()
    shown = {}
    for label in ("claim", None):
        d.set_scope(None, label)
        model = d.pair_model
        shown[label] = [model.data(model.index(0, col)) for col in range(2, 6)]
    assert shown == {
        "claim": ["0.000", "1.000", "0.167", "0.188"],
        None: ["0.000", "0.667", "0.211", "0.210"],
    }
    assert main(["--db", str(db_path), "agreement"]) == 0
    table = capsys.readouterr().out
    assert any(line.split()[1:] == ["(all)", "ana", "ben", *shown[None]] for line in table.splitlines())
    assert main(["--db", str(db_path), "agreement", "--format", "csv"]) == 0
    cli_csv = capsys.readouterr().out
    d.copy_button.click()
    assert QGuiApplication.clipboard().text() == cli_csv.lstrip("\ufeff")
