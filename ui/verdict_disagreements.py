"""The review panel's list of claim cards whose annotators' verdicts differ.

A card is listed while two annotators' own (not final) verdicts differ, with each verdict and the final
one if a reviewer set it; by default only the cards with a tag in the open document, as the rest of the
panel. Enter (or a double click) opens the card in the Claims pane, where F sets the final verdict. The
list follows the ClaimsModel and reads nothing until it is first shown (or its folded section is: the
section's header shows the count).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ui.claims_model import CardRow, ClaimsModel
from ui.review_sections import SectionContent
from ui.row_table import RowTableModel, setup_table
from ui.tag_text import one_line


def _tr(text: str) -> str:
    return QCoreApplication.translate("VerdictDisagreements", text)


def verdicts_text(row: CardRow) -> str:
    return " · ".join(f"{who}: {verdict}" for who, verdict in sorted(row.verdicts.items()))


class DisputedCardsModel(RowTableModel):
    COLUMNS = ("Claim", "Verdicts", "Final")

    def __init__(self, claims: ClaimsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.claims = claims
        self._rows: list[CardRow] = []

    def set_rows(self, rows: list[CardRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def card_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def cell(self, row: CardRow, col: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return one_line(row.text, 120)
            if col == 1:
                return verdicts_text(row)
            if col == 2:
                return row.final_verdict or "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = _tr("Enter: open the card (F there sets the final verdict)")
            return f"{row.text}\n{verdicts_text(row)}\n{hint}"
        return None


class DisputedCards(SectionContent):
    openCard = Signal(str)  # a card id: the window opens it in the Claims pane

    def __init__(self, claims: ClaimsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DisputedCards")
        self.claims = claims
        self._document: str | None = None
        self._shown = False
        self.model = DisputedCardsModel(claims, self)
        self.view = setup_table(QTableView())
        self.view.setObjectName("disputedCards")
        self.view.setAccessibleName(_tr("Claim cards whose verdicts differ"))
        self.view.setModel(self.model)
        self.view.setTabKeyNavigation(False)  # Tab leaves the list (rows, not cells)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 260)
        self.view.activated.connect(self._activated)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setMinimumHeight(self.view.fontMetrics().height() * 3)  # a header and a row
        self.only_document = QCheckBox(_tr("This document's cards only"))
        self.only_document.setChecked(True)
        self.only_document.toggled.connect(lambda _on: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("disputedSummary")
        self._count: int | None = None
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_document)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        claims.reset.connect(self.refresh)
        claims.cardChanged.connect(lambda _card: self.refresh())

    def set_document(self, document_id: str | None) -> None:
        self._document = document_id
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.start()

    def start(self) -> None:
        if not self._shown:
            self._shown = True
            self.refresh()

    def count(self) -> int | None:
        return self._count

    def refresh(self) -> None:
        if not self._shown:
            return  # nothing read until the reviewer looks
        only = self._document if self.only_document.isChecked() else None
        rows = [r for r in self.claims.rows() if r.disputed and (only is None or only in r.document_ids)]
        rows.sort(key=lambda r: (r.final_verdict is not None, r.created_at))  # unsettled ones first
        self.model.set_rows(rows)
        unsettled = sum(1 for r in rows if r.final_verdict is None)
        if self._count != len(rows):
            self._count = len(rows)
            self.countChanged.emit(len(rows))
        if not rows:
            self.summary.setText(_tr("No card with differing verdicts."))
        else:
            summary = (
                _tr("{n} card with differing verdicts, {unsettled} without a final verdict")
                if len(rows) == 1
                else _tr("{n} cards with differing verdicts, {unsettled} without a final verdict")
            )
            self.summary.setText(summary.format(n=len(rows), unsettled=unsettled))

    def _activated(self, index: QModelIndex) -> None:
        card_id = self.model.card_id(index.row())
        if card_id is not None:
            self.openCard.emit(card_id)
