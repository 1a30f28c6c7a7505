"""The agreement dialog: a heatmap of annotator pairs and the table of figures behind it; scores against
the curated set; agreement on claim-card decisions (ui.decision_page); on links and attribution
(ui.link_page).

The figures come from `factcheck.services.agreement.store_agreement` and
`factcheck.services.structure_agreement` (the same rows as `factcheck agreement`), measured by
`ProjectModel.agreement` on a worker thread;
combo boxes choose the document and label they are taken over, and the measure the heatmap shows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from factcheck.core.agreement import (
    CHANCE_CORRECTED,
    MEASURE_TITLES,
    MEASURES,
    AgreementRow,
    annotators_in,
    write_csv,
)
from factcheck.core.curation_scores import MEASURE_TITLES as SCORE_TITLES
from factcheck.core.curation_scores import MEASURES as SCORE_MEASURES
from factcheck.core.curation_scores import ScoreRow
from factcheck.core.curation_scores import write_csv as write_scores_csv
from factcheck.core.decision_agreement import DecisionRow
from factcheck.core.link_agreement import STRUCTURE_MEASURES
from factcheck.core.names import shown
from ui.agreement_colors import SortRole, ValueRole, format_value, heat_color, text_color, value_cell
from ui.decision_page import DecisionPage, decisions_as_csv
from ui.link_page import LinkPage
from ui.row_table import Index, RowSortProxy, RowTableModel, setup_table

Scope = tuple[str | None, str | None]  # (document id, label); None = over all
Pair = tuple[str, str]

# Translated where shown.
EXPLANATION = (
    "<b>F1 exact</b> counts a match when both annotators tagged the same span (same label, same start "
    "and end; for a tag in pieces, the same pieces), one to one. <b>F1 overlap</b> counts a tag as found "
    "when the other annotator has a tag with the same label sharing at least one character (of the "
    "pieces, not the gaps between them). Neither is corrected for chance. "
    "<b>Cohen's κ</b> and <b>Krippendorff's α</b> (marked *) are <b>chance-corrected</b>: computed over "
    "the characters of the text, one covered / not covered sequence per label, they are 0 when two "
    "people agree no more than chance would and 1 when they agree on every character; below 0 is worse "
    "than chance. A dash means undefined: nothing to compare (no tags of that label from either, or no "
    "variation). A pair is compared on the documents both of them tagged."
)


def _kind(measure: str) -> str:
    """A measure's header tooltip, to fill with its {measure} title."""
    if measure in CHANCE_CORRECTED:
        return _tr("{measure}: chance-corrected")
    return _tr("{measure}: not corrected for chance")


def _between(measure: str, a: str, b: str, value: float | None) -> str:
    text = _tr("{measure} between {a} and {b}: {value}")
    return text.format(
        measure=_tr(MEASURE_TITLES[measure]), a=shown(a), b=shown(b), value=format_value(value)
    )


def measure_title(measure: str) -> str:
    return _tr(MEASURE_TITLES[measure]) + (" *" if measure in CHANCE_CORRECTED else "")


class AgreementIndex:
    """The rows arranged for look-up: scope -> pair -> measure -> value."""

    def __init__(self, rows: Sequence[AgreementRow]) -> None:
        self.rows = list(rows)
        self.values: dict[Scope, dict[Pair, dict[str, float | None]]] = {}
        for r in rows:
            pairs = self.values.setdefault((r.document, r.label), {})
            pairs.setdefault((r.annotator_a, r.annotator_b), {})[r.measure] = r.value
        self.annotators = annotators_in(rows)
        self.documents = list(dict.fromkeys(r.document for r in rows if r.document is not None))
        self.labels = list(dict.fromkeys(r.label for r in rows if r.label is not None))

    def pairs(self, scope: Scope) -> dict[Pair, dict[str, float | None]]:
        return self.values.get(scope, {})

    def value(self, scope: Scope, a: str, b: str, measure: str) -> float | None:
        pairs = self.pairs(scope)
        found = pairs.get((a, b)) or pairs.get((b, a)) or {}
        return found.get(measure)

    def has_pair(self, scope: Scope, a: str, b: str) -> bool:
        pairs = self.pairs(scope)
        return (a, b) in pairs or (b, a) in pairs


class PairTableModel(RowTableModel):
    """One row per annotator pair, one column per measure, for one (document, label) scope."""

    COLUMNS = ("Annotator A", "Annotator B", "F1 exact", "F1 overlap", "Cohen κ *", "Krippendorff α *")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, dict[str, float | None]]] = []

    def set_pairs(self, pairs: dict[Pair, dict[str, float | None]]) -> None:
        self.beginResetModel()
        self._rows = [(a, b, values) for (a, b), values in sorted(pairs.items())]
        self.endResetModel()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.ToolTipRole and 2 <= section < len(self.COLUMNS):
            measure = MEASURES[section - 2]
            return _kind(measure).format(measure=_tr(MEASURE_TITLES[measure]))
        return super().headerData(section, orientation, role)

    def cell(self, row: tuple[str, str, dict[str, float | None]], col: int, role: int) -> object:
        a, b, values = row
        if col < 2:
            name = (a, b)[col]
            if role == Qt.ItemDataRole.DisplayRole:
                return shown(name)  # hidden characters escaped, as `factcheck agreement` writes them
            if role == SortRole:
                return name
            return None
        value = values.get(MEASURES[col - 2])
        if role == Qt.ItemDataRole.ToolTipRole:
            return _between(MEASURES[col - 2], a, b, value)
        return value_cell(value, role)


class HeatmapModel(QAbstractTableModel):
    """Annotators x annotators for one measure and scope; symmetric; the diagonal is left blank."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index = AgreementIndex([])
        self._names: list[str] = []
        self._scope: Scope = (None, None)
        self._measure = MEASURES[0]

    def set_view(self, index: AgreementIndex, scope: Scope, measure: str) -> None:
        self.beginResetModel()
        self._index, self._scope, self._measure = index, scope, measure
        # Only the annotators compared in this scope: a document shows the people who tagged it.
        names = {n for pair in index.pairs(scope) for n in pair}
        self._names = [n for n in index.annotators if n in names]
        self.endResetModel()

    def names(self) -> list[str]:
        return list(self._names)

    def value(self, row: int, column: int) -> float | None:
        if row == column:
            return None
        return self._index.value(self._scope, self._names[row], self._names[column], self._measure)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._names)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._names)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._names):
            return shown(self._names[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._names)):
            return None
        row, col = index.row(), index.column()
        diagonal = row == col
        compared = diagonal or self._index.has_pair(self._scope, self._names[row], self._names[col])
        value = self.value(row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            if diagonal:
                return ""
            return format_value(value) if compared else _tr("n/a")
        if role == ValueRole:
            return value
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor("#ffffff") if diagonal else heat_color(value)
        if role == Qt.ItemDataRole.ForegroundRole:
            return text_color(QColor("#ffffff") if diagonal else heat_color(value))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and not diagonal:
            a, b = self._names[row], self._names[col]
            if not compared:
                return _tr("{a} and {b} tagged no document in common here.").format(a=shown(a), b=shown(b))
            return _between(self._measure, a, b, value)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def rows_as_csv(rows: Sequence[AgreementRow]) -> str:
    out = io.StringIO()
    write_csv(rows, out)
    return out.getvalue()


def scores_as_csv(rows: Sequence[ScoreRow]) -> str:
    out = io.StringIO()
    write_scores_csv(rows, out)
    return out.getvalue()


class ScoreTableModel(RowTableModel):
    """One row per annotator, one column per measure against the curated set, for one scope."""

    COLUMNS = ("Annotator", *(SCORE_TITLES[m] for m in SCORE_MEASURES))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, dict[str, float | None]]] = []
        self._by_scope: dict[Scope, dict[str, dict[str, float | None]]] = {}

    def set_rows(self, rows: Sequence[ScoreRow]) -> None:
        self._by_scope = {}
        for r in rows:
            people = self._by_scope.setdefault((r.document, r.label), {})
            people.setdefault(r.annotator, {})[r.measure] = r.value
        self.set_scope((None, None))

    def set_scope(self, scope: Scope) -> None:
        self.beginResetModel()
        self._rows = sorted(self._by_scope.get(scope, {}).items())
        self.endResetModel()

    def cell(self, row: tuple[str, dict[str, float | None]], col: int, role: int) -> object:
        annotator, values = row
        if col == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return shown(annotator)
            return annotator if role == SortRole else None
        measure = SCORE_MEASURES[col - 1]
        value = values.get(measure)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = _tr("{measure} of {annotator} against the curated set: {value}")
            return text.format(
                measure=_tr(SCORE_TITLES[measure]), annotator=shown(annotator), value=format_value(value)
            )
        return value_cell(value, role)


# Translated where shown.
SCORES_EXPLANATION = (
    "Each annotator against the <b>curated set</b> (accepted tags, and tags every annotator of a document "
    "made identically; see File > Export, Curated set). <b>Precision</b>: the share of the annotator's tags "
    "that are curated; <b>recall</b>: the share of curated tags the annotator made. <b>Exact</b>: same "
    "label, start and end (and pieces, for a tag in pieces); <b>overlap</b>: same label and a shared "
    "character. An annotator is scored on the documents they tagged; a dash means undefined."
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("AgreementDialog", text)


class AgreementDialog(QDialog):
    """Agreement between each pair of annotators: heatmap + table, per document and label."""

    def __init__(
        self,
        rows: Sequence[AgreementRow],
        titles: dict[str, str],
        parent: QWidget | None = None,
        *,
        scores: Sequence[ScoreRow] = (),
        decisions: Sequence[DecisionRow] = (),
    ) -> None:
        """rows as `factcheck.services.agreement.store_agreement` gives them, followed by those of
        `factcheck.services.structure_agreement` (links and attribution) as `factcheck agreement` prints
        them (measured by the project on a worker thread); titles: the documents' titles by id; scores:
        each annotator against the curated set, as `factcheck.services.curating.scores_against_curated`
        gives them; decisions: agreement on claim cards' votes and verdicts, as
        `factcheck.services.claim_agreement.store_decision_agreement`."""
        super().__init__(parent)
        self.setWindowTitle(_tr("Agreement between annotators"))
        self.index = AgreementIndex([r for r in rows if r.measure not in STRUCTURE_MEASURES])
        self.link_page = LinkPage([r for r in rows if r.measure in STRUCTURE_MEASURES])
        self.scores = list(scores)

        explanation = QLabel(_tr(EXPLANATION))
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.RichText)

        self.document_combo = QComboBox()
        self.document_combo.addItem(_tr("All documents"), None)
        # Documents one person tagged have scores against the curated set, but no pairs.
        scored = (r.document for r in scores if r.document is not None)
        linked = (r.document for r in self.link_page.rows if r.document is not None)
        for doc_id in dict.fromkeys([*self.index.documents, *linked, *scored]):
            self.document_combo.addItem(titles.get(doc_id) or doc_id, doc_id)
        self.label_combo = QComboBox()
        self.label_combo.addItem(_tr("All labels"), None)
        for label in self.index.labels:
            self.label_combo.addItem(label, label)
        self.measure_combo = QComboBox()
        for measure in MEASURES:
            self.measure_combo.addItem(measure_title(measure), measure)
        self.measure_combo.setCurrentIndex(MEASURES.index("cohen_kappa"))

        choices = QHBoxLayout()
        form = QFormLayout()
        form.addRow(_tr("&Document:"), self.document_combo)
        choices.addLayout(form, 2)
        form = QFormLayout()
        form.addRow(_tr("&Label:"), self.label_combo)
        choices.addLayout(form, 1)
        form = QFormLayout()
        form.addRow(_tr("Heatmap &measure:"), self.measure_combo)
        choices.addLayout(form, 1)

        self.heatmap_model = HeatmapModel(self)
        self.heatmap = QTableView()
        self.heatmap.setModel(self.heatmap_model)
        self.heatmap.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.heatmap.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.heatmap.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.heatmap.setMinimumWidth(240)
        self.heatmap.horizontalHeader().setMinimumSectionSize(40)
        self.heatmap.horizontalHeader().setDefaultSectionSize(60)
        heat_box = QGroupBox(_tr("Pairs"))
        self.heat_title = QLabel()
        self.heat_title.setWordWrap(True)
        heat_layout = QVBoxLayout(heat_box)
        heat_layout.addWidget(self.heat_title)
        heat_layout.addWidget(self.heatmap)

        self.pair_model = PairTableModel(self)
        proxy = RowSortProxy(self)
        proxy.setSourceModel(self.pair_model)
        proxy.setSortRole(SortRole)
        self.pair_proxy = proxy
        self.table = setup_table(QTableView())
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table_box = QGroupBox(_tr("All measures"))
        table_layout = QVBoxLayout(table_box)
        table_layout.addWidget(self.table)

        panes = QSplitter(Qt.Orientation.Horizontal)
        panes.addWidget(heat_box)
        panes.addWidget(table_box)
        panes.setChildrenCollapsible(False)
        panes.setSizes([380, 640])

        self.score_model = ScoreTableModel(self)
        self.score_model.set_rows(scores)
        score_proxy = RowSortProxy(self)
        score_proxy.setSourceModel(self.score_model)
        score_proxy.setSortRole(SortRole)
        self.score_proxy = score_proxy
        self.score_table = setup_table(QTableView())
        self.score_table.setModel(score_proxy)
        self.score_table.setSortingEnabled(True)
        self.score_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.score_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        scores_page = QWidget()
        scores_layout = QVBoxLayout(scores_page)
        scores_note = QLabel(_tr(SCORES_EXPLANATION))
        scores_note.setWordWrap(True)
        scores_note.setTextFormat(Qt.TextFormat.RichText)
        scores_layout.addWidget(scores_note)
        scores_layout.addWidget(self.score_table, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(panes, _tr("&Between annotators"))
        self.tabs.addTab(scores_page, _tr("Against the c&urated set"))  # Alt+C copies
        self.decision_page = DecisionPage(decisions)
        self.tabs.addTab(self.decision_page, _tr("D&ecisions"))
        self.tabs.addTab(self.link_page, _tr("Lin&ks and attribution"))

        self.empty_note = QLabel(
            _tr(
                "No agreement to show yet: it needs two annotators who tagged the same document. "
                "Import a teammate's work (File > Import), then open this again."
            )
        )
        self.empty_note.setWordWrap(True)
        self.empty_note.setStyleSheet("color: #a04000; font-weight: bold;")
        self.empty_note.setVisible(not self.index.rows and not decisions)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(_tr("&Copy as CSV"))
        self.copy_button.setToolTip(
            _tr("Copy the figures of the tab shown (a row per pair or annotator, scope, measure)")
        )
        self.copy_button.setEnabled(bool(self.index.rows))
        self.tabs.currentChanged.connect(self._tab_changed)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_csv)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.empty_note)
        layout.addLayout(choices)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

        for combo in (self.document_combo, self.label_combo, self.measure_combo):
            combo.currentIndexChanged.connect(self._refresh)
        for view in (self.heatmap, self.table, self.score_table):
            view.setTabKeyNavigation(False)  # arrows move between cells; Tab goes on to the next control
        self.resize(self.sizeHint())
        self._refresh()

    def sizeHint(self) -> QSize:
        # As large as an 800x600 screen allows: the tables scroll, the wrapped texts reflow.
        return QSize(780, 560).expandedTo(self.minimumSizeHint())

    # -- state -----------------------------------------------------------------------------------
    def scope(self) -> Scope:
        return self.document_combo.currentData(), self.label_combo.currentData()

    def measure(self) -> str:
        return str(self.measure_combo.currentData())

    def set_scope(self, document_id: str | None, label: str | None, measure: str | None = None) -> None:
        """Choose what the heatmap and table show (as the combo boxes do)."""
        self.document_combo.setCurrentIndex(max(0, self.document_combo.findData(document_id)))
        self.label_combo.setCurrentIndex(max(0, self.label_combo.findData(label)))
        if measure is not None:
            self.measure_combo.setCurrentIndex(MEASURES.index(measure))

    def _refresh(self) -> None:
        scope, measure = self.scope(), self.measure()
        self.heatmap_model.set_view(self.index, scope, measure)
        self.pair_model.set_pairs(self.index.pairs(scope))
        self.score_model.set_scope(scope)
        self.link_page.set_document(scope[0])  # per link type and attribution: the label does not apply
        title = (
            _tr("{measure} (chance-corrected); pale = low, dark = high, orange < 0")
            if measure in CHANCE_CORRECTED
            else _tr("{measure} (not corrected for chance); pale = low, dark = high, orange < 0")
        )
        self.heat_title.setText(title.format(measure=_tr(MEASURE_TITLES[measure])))

    def _tab_changed(self, tab: int) -> None:
        figures = (self.index.rows, self.scores, self.decision_page.rows, self.link_page.rows)[tab]
        self.copy_button.setEnabled(bool(figures))
        # The decisions are over all documents and labels: the choices do not apply to them; links and
        # attribution are per document, by link type rather than label.
        page = self.tabs.currentWidget()
        self.document_combo.setEnabled(page is not self.decision_page)
        for combo in (self.label_combo, self.measure_combo):
            combo.setEnabled(page not in (self.decision_page, self.link_page))

    def copy_csv(self) -> None:
        """Copy the figures of the tab shown: the pairs', the scores against the curated set, the
        decisions', or the links' and attribution's (the command line's CSV rows of those measures)."""
        if self.tabs.currentIndex() == 1:
            QGuiApplication.clipboard().setText(scores_as_csv(self.scores))
        elif self.tabs.currentIndex() == 2:
            QGuiApplication.clipboard().setText(decisions_as_csv(self.decision_page.rows))
        elif self.tabs.currentIndex() == 3:
            QGuiApplication.clipboard().setText(rows_as_csv(self.link_page.rows))
        else:
            QGuiApplication.clipboard().setText(rows_as_csv(self.index.rows))
