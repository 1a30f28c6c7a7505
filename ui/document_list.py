"""The documents of the open database: title, tag counts per label and review state, with a filter box.

Each row has three lines: the title, a coloured dot and count per label, and where its review stands."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from db.store import DocumentSummary
from factcheck.core.curation import DocumentState
from factcheck.core.model import Label

Index = QModelIndex | QPersistentModelIndex
SummaryRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
StateRole = Qt.ItemDataRole.UserRole + 3


def state_text(state: DocumentState) -> str:
    """How a review state reads on a document's third line."""
    if state.kind == "curated":
        return "✓ Curated"
    if state.kind == "in_review":
        return f"In review · {state.open} open disagreement{'s' if state.open != 1 else ''}"
    return "Not reviewed"


class DocumentListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentSummary] = []
        self.labels: list[Label] = []
        self._states: dict[str, DocumentState] = {}

    def set_states(self, states: dict[str, DocumentState]) -> None:
        """Each document's review state (not reviewed, in review with open disagreements, curated)."""
        changed = [row for row, s in enumerate(self._rows) if states.get(s.id) != self._states.get(s.id)]
        self._states = dict(states)
        for row in changed:
            self.dataChanged.emit(self.index(row), self.index(row))

    def state(self, document_id: str) -> DocumentState | None:
        return self._states.get(document_id)

    def set_summaries(self, summaries: list[DocumentSummary]) -> None:
        """Refresh: counts change in place (dataChanged); a different set of documents resets."""
        if [s.id for s in summaries] == [s.id for s in self._rows]:
            for row, (old, new) in enumerate(zip(self._rows, summaries, strict=True)):
                if old != new:
                    self._rows[row] = new
                    self.dataChanged.emit(self.index(row), self.index(row))
            return
        self.beginResetModel()
        self._rows = list(summaries)
        self.endResetModel()

    def summary(self, row: int) -> DocumentSummary:
        return self._rows[row]

    def row_of(self, document_id: str) -> int | None:
        return next((i for i, s in enumerate(self._rows) if s.id == document_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.title or "Untitled"
        if role == Qt.ItemDataRole.ToolTipRole:
            counts = ", ".join(f"{n} {label}" for label, n in sorted(summary.by_label.items())) or "no tags"
            people = ", ".join(f"{who} ({n})" for who, n in sorted(summary.by_annotator.items()))
            lines = [summary.title, f"{summary.length:,} characters · {counts}"]
            if people:
                lines.append(f"Annotators: {people}")
            if summary.source:
                lines.append(f"Source: {summary.source}")
            state = self._states.get(summary.id)
            if state is not None:
                lines.append(f"Review: {state.describe()}")
            return "\n".join(lines)
        if role == SummaryRole:
            return summary
        if role == IdRole:
            return summary.id
        if role == StateRole:
            return self._states.get(summary.id)
        return None


def _state_color(state: DocumentState, palette: QPalette) -> QColor:
    """Green once curated, amber while disagreements are open, else the quiet colour of a hint."""
    if state.kind == "curated":
        return QColor("#2e7d32")
    if state.kind == "in_review" and state.open:
        return QColor("#9a5b00")
    return palette.placeholderText().color()


class DocumentDelegate(QStyledItemDelegate):
    """Two lines: the title, then a coloured dot and count per label."""

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        height = QFontMetrics(option.font).height()
        return QSize(100, 3 * height + 16)  # title; counts per label; review state

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        summary: DocumentSummary | None = index.data(SummaryRole)
        if summary is None:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect: QRect = opt.rect.adjusted(8, 5, -8, -5)
        # The style sheet gives selected rows a light background, so the normal text colour reads best.
        text_color = opt.palette.text().color()
        painter.save()
        font = QFont(opt.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text_color)
        metrics = QFontMetrics(font)
        title = metrics.elidedText(summary.title or "Untitled", Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect.x(), rect.y() + metrics.ascent(), title)
        small = QFont(opt.font)
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        y = rect.y() + metrics.height() + 4
        x = rect.x()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for label in self._model.labels:
            n = summary.by_label.get(label.name, 0)
            dot = small_metrics.height() - 6
            painter.setBrush(QColor(label.color))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(x, y + 3, dot, dot)
            x += dot + 4
            painter.setPen(text_color)
            count = str(n)
            painter.drawText(x, y + small_metrics.ascent(), count)
            x += small_metrics.horizontalAdvance(count) + 12
        total = summary.total
        extra = total - sum(summary.by_label.get(lab.name, 0) for lab in self._model.labels)
        if extra:  # tags with labels this window does not know (should not happen; never hide them)
            painter.drawText(x, y + small_metrics.ascent(), f"+{extra}")
        state: DocumentState | None = index.data(StateRole)
        if state is not None:  # its own line: a narrow list elides it rather than leave it out
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            painter.setPen(text_color if selected else _state_color(state, opt.palette))
            text = small_metrics.elidedText(state_text(state), Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect.x(), y + small_metrics.height() + 2 + small_metrics.ascent(), text)
        painter.restore()


class DocumentList(QWidget):
    documentActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter documents…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter documents")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QListView()
        self.view.setObjectName("documentList")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(DocumentDelegate(self.model, self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # titles are elided
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        self._syncing = False

    def set_labels(self, labels: list[Label]) -> None:
        self.model.labels = list(labels)
        self.view.viewport().update()

    def set_states(self, states: dict[str, DocumentState]) -> None:
        self.model.set_states(states)

    def set_summaries(self, summaries: list[DocumentSummary]) -> None:
        current = self.current_document()
        self.model.set_summaries(summaries)
        if current:
            self.select_document(current)

    def current_document(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def select_document(self, document_id: str | None) -> None:
        self._syncing = True
        try:
            row = self.model.row_of(document_id) if document_id else None
            index = self.proxy.mapFromSource(self.model.index(row)) if row is not None else QModelIndex()
            if index.isValid():
                self.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                self.view.scrollTo(index)
            else:
                self.view.selectionModel().clearSelection()
        finally:
            self._syncing = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing and current.isValid():
            self.documentActivated.emit(current.data(IdRole))
