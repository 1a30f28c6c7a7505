"""The agreement dialog's "Links and attribution" tab: link F1 per link type and attribution F1 (exact and
overlap) for each pair of annotators, the figures `factcheck agreement` prints, from
`factcheck.services.structure_agreement`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from factcheck.core.agreement import AgreementRow
from factcheck.core.link_agreement import ATTRIBUTION, MODES
from factcheck.core.names import shown
from ui.agreement_colors import SortRole, format_value, value_cell
from ui.row_table import RowSortProxy, RowTableModel, setup_table

# Translated where shown.
EXPLANATION = (
    "<b>Links</b>: a link matches when its type matches and both ends match (the same tag, or tags with "
    "the same label: <b>exact</b>, the same pieces of text; <b>overlap</b>, a shared character), either "
    "way round for a symmetric type. <b>Attribution</b>: the content tag, its source tag and its cue tag "
    "all match. F1 counts one-to-one matches and is not corrected for chance; a dash means neither of "
    "the pair made any. A pair is compared on the documents both of them tagged."
)

#: (annotator a, annotator b, link type or ATTRIBUTION, mode -> value)
Line = tuple[str, str, str, dict[str, float | None]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("LinkPage", text)


def what(kind: str) -> str:
    """A row's kind as the command line's table names it: "link TYPE" or "attribution"."""
    return _tr("attribution") if kind == ATTRIBUTION else _tr("link {type}").format(type=shown(kind))


def lines(rows: Sequence[AgreementRow], document: str | None) -> list[Line]:
    """One line per pair and kind (each link type, then attribution) in one document, or over all."""
    found: dict[tuple[str, str, str], dict[str, float | None]] = {}
    for r in rows:
        if r.document == document and r.label is not None:
            mode = r.measure.rsplit("_", 1)[1]  # exact | overlap
            found.setdefault((r.annotator_a, r.annotator_b, r.label), {})[mode] = r.value
    return [(a, b, kind, values) for (a, b, kind), values in found.items()]


class LinkTableModel(RowTableModel):
    """One row per pair and link type (and attribution), F1 exact and overlap, for one document or all."""

    COLUMNS = ("Annotator A", "Annotator B", "Links of type / attribution", "F1 exact", "F1 overlap")

    def set_lines(self, found: Sequence[Line]) -> None:
        self.beginResetModel()
        self._rows = list(found)
        self.endResetModel()

    def cell(self, row: Line, col: int, role: int) -> object:
        a, b, kind, values = row
        if col < 3:
            texts = (shown(a), shown(b), what(kind))
            if role == Qt.ItemDataRole.DisplayRole:
                return texts[col]
            if role == SortRole:
                # Attribution after the link types, as the command line lists them.
                return (a, b, f"\x01{kind}" if kind == ATTRIBUTION else f"\x00{kind}")[col]
            return None
        mode = MODES[col - 3]
        value = values.get(mode)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = _tr("F1 {mode} on {what} between {a} and {b}: {value}")
            return text.format(
                mode=_tr(mode), what=what(kind), a=shown(a), b=shown(b), value=format_value(value)
            )
        return value_cell(value, role)


class LinkPage(QWidget):
    """The tab: the explanation, what the scope holds (or what to do when nothing), the table."""

    def __init__(self, rows: Sequence[AgreementRow], parent: QWidget | None = None) -> None:
        """rows: the link and attribution rows of `factcheck.services.structure_agreement`."""
        super().__init__(parent)
        self.rows = list(rows)
        note = QLabel(_tr(EXPLANATION))
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.RichText)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.model = LinkTableModel(self)
        self.proxy = RowSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = setup_table(QTableView())
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.state)
        layout.addWidget(self.table, 1)
        self.set_document(None)

    def set_document(self, document: str | None) -> None:
        """Show one document's figures, or (None) those over all documents."""
        found = lines(self.rows, document)
        self.model.set_lines(found)
        if not self.rows:
            self.state.setText(
                _tr(
                    "No links or attributions to compare yet: it needs two annotators who linked tags "
                    "(a denial to the claim it answers) or gave a claim its source in the same document."
                )
            )
        elif not found:
            self.state.setText(_tr("No two annotators linked or attributed anything in this document."))
        self.state.setVisible(not found)
