"""The agreement dialog's "Decisions" tab: agreement on claim-card decisions (check-worthiness votes and
verdicts), the figures `factcheck agreement` prints, from `factcheck.services.claim_agreement`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from factcheck.core.decision_agreement import KIND_TITLES, DecisionRow
from factcheck.core.names import printable, shown
from factcheck.core.spreadsheet import neutralize
from ui.agreement_colors import SortRole, format_value, value_cell
from ui.row_table import RowSortProxy, RowTableModel, setup_table

MEASURE_TITLES = {"cohen_kappa": "Cohen's κ", "krippendorff_alpha": "Krippendorff's α"}
_LEVEL = {"checkworthy": "nominal", "verdict": "ordinal"}

EXPLANATION = (
    "Agreement on the <b>decisions</b> about claim cards: each annotator's check-worthiness vote "
    "(yes / no / unsure) and verdict (by its value on the scale). <b>Cohen's κ</b> compares two "
    "annotators on the cards both decided; <b>Krippendorff's α</b> takes everyone at once, over the cards "
    "two or more decided (nominal for check-worthiness, ordinal over the scale for verdicts, so True vs "
    "Mostly true disagrees less than True vs False). Both are 1 for full agreement and 0 for no more than "
    "chance; below 0 is worse than chance. Reviewers' final verdicts are not counted; a dash means "
    "undefined (no card in common, or no variation)."
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DecisionPage", text)


def coverage(rows: Sequence[DecisionRow]) -> str:
    """How many cards the figures cover, per kind of decision."""
    counts = {}
    for kind in KIND_TITLES:
        alpha = next((r for r in rows if r.kind == kind and r.measure == "krippendorff_alpha"), None)
        counts[kind] = alpha.cards if alpha is not None else 0
    votes, verdicts = counts["checkworthy"], counts["verdict"]
    voted = (
        _tr("{n} card with check-worthiness votes")
        if votes == 1
        else _tr("{n} cards with check-worthiness votes")
    )
    judged = _tr("{n} card with verdicts") if verdicts == 1 else _tr("{n} cards with verdicts")
    return _tr("Over all documents: {votes} and {verdicts} from two or more annotators.").format(
        votes=voted.format(n=votes), verdicts=judged.format(n=verdicts)
    )


def _measure(row: DecisionRow) -> str:
    """The measure's title; for all annotators at once (α), at which level of measurement."""
    title = _tr(MEASURE_TITLES[row.measure])
    if row.annotator_a is not None:
        return title
    return _tr("{measure} ({level})").format(measure=title, level=_tr(_LEVEL[row.kind]))


def decisions_as_csv(rows: Sequence[DecisionRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "measure", "annotator_a", "annotator_b", "cards", "value"])
    for r in rows:
        # Names come from people and teammates' files: guarded, and with hidden characters escaped, as
        # `factcheck agreement --format csv` and the other tabs' copies write them.
        names = [neutralize(printable(t or "")) for t in (r.annotator_a, r.annotator_b)]
        writer.writerow([r.kind, r.measure, *names, r.cards, "" if r.value is None else repr(r.value)])
    return out.getvalue()


class DecisionTableModel(RowTableModel):
    """One row per figure: κ of each pair, then α over everyone, for check-worthiness and verdicts."""

    COLUMNS = ("Decision", "Measure", "Annotators", "Cards", "Value")

    def set_rows(self, rows: Sequence[DecisionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def cell(self, row: DecisionRow, col: int, role: int) -> object:
        if col == 4:
            return value_cell(row.value, role)
        pair = (
            f"{shown(row.annotator_a)} – {shown(row.annotator_b or '')}"
            if row.annotator_a is not None
            else None
        )
        texts = (
            _tr(KIND_TITLES[row.kind]),
            _measure(row),
            pair or _tr("all annotators"),
            str(row.cards),
            format_value(row.value),
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[col]
        if role == SortRole:
            if col == 3:
                return row.cards
            return texts[col]
        if col == 3 and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DecisionPage(QWidget):
    """The tab: the explanation, how many cards the figures cover, the table."""

    def __init__(self, rows: Sequence[DecisionRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = list(rows)
        note = QLabel(_tr(EXPLANATION))
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.RichText)
        self.coverage = QLabel(
            coverage(self.rows)
            if self.rows
            else _tr(
                "No decisions to compare yet: it needs two annotators who voted on or gave a verdict "
                "on the same claim card (Claims pane: Y, N, U, V)."
            )
        )
        self.coverage.setWordWrap(True)
        self.model = DecisionTableModel(self)
        self.model.set_rows(self.rows)
        proxy = RowSortProxy(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SortRole)
        self.table = setup_table(QTableView())
        self.table.setModel(proxy)
        self.table.setSortingEnabled(False)  # in the command line's order: κ per pair, then α
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.coverage)
        layout.addWidget(self.table, 1)
