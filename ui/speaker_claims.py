"""A speaker's claim cards and verdict tally ("Ben Jones: 1 Half true, 2 False"), as one widget.

Self-contained, so that a speaker's page can embed it: the window's `claims.speaker_section()` makes one
wired to the Claims pane (Enter on a card opens it there), and the page's `add_section(title, widget)`
tells it each speaker shown through `show_speaker(speaker id | None)`. The Claims pane also shows it in a
window from its speaker filter (Ctrl+T). Cards of speakers merged into this one count as theirs; it follows
the ClaimsModel's signals.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ui.claims_model import CardRow, ClaimsModel
from ui.claims_table import votes_text
from ui.colors import swatch
from ui.row_table import RowTableModel, setup_table
from ui.tag_text import one_line


def _tr(text: str) -> str:
    return QCoreApplication.translate("SpeakerClaims", text)


_PENDING = QColor("#808080")


class SpeakerCardsModel(RowTableModel):
    COLUMNS = ("Claim", "Said", "Status", "Check-worthy", "Final verdict")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CardRow] = []
        self._colors: dict[str, str] = {}

    def set_rows(self, rows: list[CardRow], colors: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._colors = colors
        self.endResetModel()

    def card_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def cell(self, row: CardRow, col: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (one_line(row.text, 140), row.claim_date or "", _tr(row.status), votes_text(row),
                    row.final_verdict or _tr("not rated yet"))[col]  # fmt: skip
        if role == Qt.ItemDataRole.DecorationRole and col == 4 and row.final_verdict in self._colors:
            return swatch(self._colors[row.final_verdict or ""])
        if role == Qt.ItemDataRole.ForegroundRole and col == 4 and not row.final_verdict:
            return _PENDING
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.text
        return None


class SpeakerClaims(QWidget):
    openCard = Signal(str)  # Enter or a double click on a card

    def __init__(self, claims: ClaimsModel, speaker_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SpeakerClaims")
        self.claims = claims
        self.speaker_id = speaker_id
        self.tally = QLabel()
        self.tally.setObjectName("speakerTally")
        font = self.tally.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.tally.setFont(font)
        self.model = SpeakerCardsModel(self)
        self.view = setup_table(QTableView())
        self.view.setObjectName("speakerCards")
        self.view.setAccessibleName(_tr("Claim cards"))
        self.view.setTabKeyNavigation(False)  # arrows move between cells; Tab goes on
        self.view.setModel(self.model)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tally)
        layout.addWidget(self.view, 1)
        claims.reset.connect(self.refresh)
        claims.cardChanged.connect(self._card_changed)
        claims.scaleChanged.connect(self.refresh)
        self.refresh()

    def show_speaker(self, speaker_id: str | None) -> None:
        """The speaker to show (None: nobody): what a speaker's page calls for each speaker it shows."""
        self.speaker_id = speaker_id
        self.refresh()

    def _card_changed(self, card_id: str) -> None:
        row = self.claims.row(card_id)
        if row is None or self._theirs(row) or any(self.model.card_id(i) == card_id
                                                    for i in range(self.model.rowCount())):  # fmt: skip
            self.refresh()

    def _theirs(self, row: CardRow) -> bool:
        if row.speaker is None or self.speaker_id is None:
            return False
        return self.claims.resolve_speaker(row.speaker) == self.claims.resolve_speaker(self.speaker_id)

    def refresh(self) -> None:
        if self.speaker_id is None:
            self.model.set_rows([], {})
            self.tally.setText("")
            return
        rows = sorted((r for r in self.claims.rows() if self._theirs(r)),
                      key=lambda r: (r.claim_date or "", r.created_at), reverse=True)  # fmt: skip
        colors = {e.name: e.color for e in self.claims.scale().entries}
        self.model.set_rows(rows, colors)
        self.tally.setText(self.claims.tally_text(self.speaker_id))

    def _activated(self, index: QModelIndex) -> None:
        card_id = self.model.card_id(index.row())
        if card_id is not None:
            self.openCard.emit(card_id)


class SpeakerClaimsWindow(QDialog):
    """The widget in a window of its own (from the Claims pane's speaker filter)."""

    def __init__(self, claims: ClaimsModel, speaker_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = SpeakerClaims(claims, speaker_id, self)
        self.setWindowTitle(_tr("Claims of {speaker}").format(speaker=claims.speaker_name(speaker_id)))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(self.widget)
        self.widget.openCard.connect(lambda _card: self.close())
