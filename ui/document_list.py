"""The documents of the open database: title, source, tag counts per label and review state, with a
filter box (on titles and sources).

Each row has four lines: the title, where the article came from (its file or address), a coloured dot and
count per label, and where its review stands. F2 edits the title in place, Delete removes the document
(both through the window's undoable commands: the list only asks for them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from db.store import DocumentSummary
from factcheck.core.curation import DocumentState
from factcheck.core.model import Label
from factcheck.core.names import shown
from ui import modal
from ui.row_table import RoleSlots, RowSortProxy, answer_roles
from ui.typed_text import esc_clears


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentList", text)


Index = QModelIndex | QPersistentModelIndex
SummaryRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
StateRole = Qt.ItemDataRole.UserRole + 3
FilterRole = Qt.ItemDataRole.UserRole + 4  # what the filter box matches: title and source


def mark_text(curator: str, curated_at: str, sender: str | None) -> str:
    """A document's curated mark as its tooltip says it: who marked it and when (the day, UTC), and the
    login that sent it through the team server when that is not the curator."""
    text = _tr("Curated by {curator} on {day}").format(curator=shown(curator), day=curated_at[:10])
    if sender is not None:
        text += " " + _tr("(sent by {sender})").format(sender=shown(sender))
    return text


def state_text(state: DocumentState) -> str:
    """How a review state reads on a document's third line."""
    if state.kind == "curated":
        if state.open:  # the mark closes none: still shown (short, to fit the list's width)
            return _tr("✓ Curated · {n} open").format(n=state.open)
        return _tr("✓ Curated")
    if state.kind == "in_review":
        if state.open == 1:
            return _tr("In review · 1 open disagreement")
        return _tr("In review · {n} open disagreements").format(n=state.open)
    return _tr("Not reviewed")


class DocumentListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentSummary] = []
        self.labels: list[Label] = []
        self._states: dict[str, DocumentState] = {}
        #: A curated document's mark as its tooltip tells it (`mark_text`), asked when shown: the window's.
        self.mark_of: Callable[[str], str | None] = lambda _doc_id: None

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

    def update_document(self, summary: DocumentSummary, state: DocumentState) -> bool:
        """One document's line after an edit on it (its counts and state, read from its rows only): one
        dataChanged if anything differs. False when the list does not hold it (the caller refreshes all)."""
        row = self.row_of(summary.id)
        if row is None:
            return False
        if self._rows[row] != summary or self._states.get(summary.id) != state:
            self._rows[row] = summary
            self._states[summary.id] = state
            self.dataChanged.emit(self.index(row), self.index(row))
        return True

    def summaries(self) -> list[DocumentSummary]:
        return self._rows

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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return summary.title or _tr("Untitled")
        if role == FilterRole:
            return f"{summary.title}\n{summary.source}"
        if role == Qt.ItemDataRole.ToolTipRole:
            counts = ", ".join(f"{n} {label}" for label, n in sorted(summary.by_label.items())) or _tr(
                "no tags"
            )
            people = ", ".join(f"{who} ({n})" for who, n in sorted(summary.by_annotator.items()))
            size = _tr("{n} characters · {counts}").format(n=f"{summary.length:,}", counts=counts)
            lines = [summary.title, size]
            if people:
                lines.append(_tr("Annotators: {people}").format(people=people))
            if summary.source:
                lines.append(_tr("Source: {source}").format(source=summary.source))
            state = self._states.get(summary.id)
            if state is not None:
                lines.append(_tr("Review: {state}").format(state=state.describe()))
                if state.kind == "curated" and (mark := self.mark_of(summary.id)) is not None:
                    lines.append(mark)
            return "\n".join(lines)
        if role == SummaryRole:
            return summary
        if role == IdRole:
            return summary.id
        if role == StateRole:
            return self._states.get(summary.id)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            where = (
                _tr("Source: {source}").format(source=summary.source) if summary.source else _tr("No source")
            )
            # The counts under the title are told by their dots' colours: said in words too.
            counts = ", ".join(f"{n} {label}" for label, n in sorted(summary.by_label.items()) if n)
            return _tr("{where}; tags: {counts}").format(where=where, counts=counts) if counts else where
        return None

    def multiData(self, index: Index, roleDataSpan: RoleSlots) -> None:
        answer_roles(self, index, roleDataSpan)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable if index.isValid() else super().flags(index)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A title typed in place: asked of the window (renameRequested), which stores it undoably."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not isinstance(value, str):
            return False
        summary = self._rows[index.row()]
        if value.strip() and " ".join(value.split()) != summary.title:
            self.renameRequested.emit(summary.id, value)
        return False  # the list refreshes from the store once renamed

    renameRequested = Signal(str, str)


def _state_color(state: DocumentState, palette: QPalette) -> QColor:
    """Green once curated, amber while disagreements are open (curated or not), else the quiet colour of
    a hint."""
    if state.kind == "curated" and not state.open:
        return QColor("#2e7d32")
    if state.open:
        return QColor("#9a5b00")
    return palette.placeholderText().color()


def _short_source(source: str) -> str:
    """A source as the list shows it: a file's path with the home folder as ~, an address without
    its scheme."""
    home = str(Path.home())
    if source.startswith(home + "/"):
        return "~" + source[len(home) :]
    for scheme in ("https://", "http://", "file://"):
        if source.startswith(scheme):
            return source[len(scheme) :]
    return source


class DocumentDelegate(QStyledItemDelegate):
    """Two lines: the title, then a coloured dot and count per label."""

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Every row's (uniform sizes): the title; the source; the counts per label, on as many lines as
        the widest counts of the list take at the list's width; the review state."""
        metrics = QFontMetrics(option.font)
        height = metrics.height()
        widest = str(max((s.total for s in self._model.summaries()), default=0))
        lines = len(self._count_lines(metrics, self._width(option), lambda _label: widest))
        return QSize(100, (3 + lines) * height + 2 * (lines - 1) + 18)

    @staticmethod
    def _width(option: QStyleOptionViewItem) -> int:
        """The width the row's text has (its rect less the margins of paint)."""
        widget = option.widget
        if isinstance(widget, QAbstractItemView):
            return widget.viewport().width() - 16
        return option.rect.width() - 16

    def _count_lines(
        self, metrics: QFontMetrics, width: int, count: Callable[[str], str]
    ) -> list[list[tuple[Label, str]]]:
        """The labels' dots and counts, as many to a line as fit in width (at least one): a narrow list
        (a small screen, a large font) shows them all on more lines rather than cutting the last ones."""
        lines: list[list[tuple[Label, str]]] = [[]]
        x = 0
        for label in self._model.labels:
            text = count(label.name)
            step = metrics.height() - 6 + 4 + metrics.horizontalAdvance(text)
            if lines[-1] and x + step > width:
                lines.append([])
                x = 0
            lines[-1].append((label, text))
            x += step + 12
        return lines

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        """The title is edited on the title's line."""
        height = QFontMetrics(option.font).height() + 8
        editor.setGeometry(option.rect.x() + 4, option.rect.y() + 2, option.rect.width() - 8, height)

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
        title = metrics.elidedText(
            summary.title or _tr("Untitled"), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(rect.x(), rect.y() + metrics.ascent(), title)
        small = QFont(opt.font)
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        y = rect.y() + metrics.height() + 2
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.setPen(text_color if selected else opt.palette.placeholderText().color())
        source = _short_source(summary.source) or _tr("no source")
        # The end of a path or an address says most (the file's or the page's name): elided in the middle.
        shown = small_metrics.elidedText(source, Qt.TextElideMode.ElideMiddle, rect.width())
        painter.drawText(rect.x(), y + small_metrics.ascent(), shown)
        y += small_metrics.height() + 2
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lines = self._count_lines(
            small_metrics, rect.width(), lambda name: str(summary.by_label.get(name, 0))
        )
        for i, line in enumerate(lines):
            if i:
                y += small_metrics.height() + 2
            x = rect.x()
            for label, count in line:
                dot = small_metrics.height() - 6
                painter.setBrush(QColor(label.color))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(x, y + 3, dot, dot)
                x += dot + 4
                painter.setPen(text_color)
                painter.drawText(x, y + small_metrics.ascent(), count)
                x += small_metrics.horizontalAdvance(count) + 12
        total = summary.total
        extra = total - sum(summary.by_label.get(lab.name, 0) for lab in self._model.labels)
        if extra:  # tags with labels this window does not know (should not happen; never hide them)
            painter.drawText(x, y + small_metrics.ascent(), f"+{extra}")
        state: DocumentState | None = index.data(StateRole)
        if state is not None:  # its own line: a narrow list elides it rather than leave it out
            painter.setPen(text_color if selected else _state_color(state, opt.palette))
            text = small_metrics.elidedText(state_text(state), Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect.x(), y + small_metrics.height() + 2 + small_metrics.ascent(), text)
        painter.restore()


class _ListView(QListView):
    """Delete asks to remove the current document; F2 (the view's edit key) edits its title."""

    def __init__(self, owner: DocumentList) -> None:
        super().__init__()
        self._owner = owner

    def dataChanged(self, topLeft: Index, bottomRight: Index, /, roles: Sequence[int] = ()) -> None:
        """Only the changed rows are painted again. QListView's own answer lays every item out again
        (on the next turn) and paints the whole list, for sizes that cannot change here: every row has
        the same height (uniform sizes, ``DocumentDelegate.sizeHint``) and titles are elided."""
        QAbstractItemView.dataChanged(self, topLeft, bottomRight, roles)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            doc_id = self._owner.current_document()
            if doc_id is not None:
                self._owner.removeRequested.emit(doc_id)
            return
        super().keyPressEvent(event)


class DocumentList(QWidget):
    documentActivated = Signal(str)
    renameRequested = Signal(str, str)  # document id, the new title typed
    removeRequested = Signal(str)  # document id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(self)
        self.proxy = RowSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(FilterRole)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_tr("Filter by title or source…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(_tr("Filter documents"))
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        esc_clears(self.filter)  # a filter, not work: Esc clears it, nothing to ask
        self.view = _ListView(self)
        self.view.setObjectName("documentList")
        self.view.setAccessibleName(_tr("Documents"))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.model.renameRequested.connect(self.renameRequested)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(DocumentDelegate(self.model, self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)  # rows as high as the counts' lines at the width
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

    def edit_title(self, document_id: str) -> None:
        """Edit the document's title in place (F2); Enter asks the window to rename it."""
        self.select_document(document_id)
        index = self.view.currentIndex()
        if index.isValid():
            self.view.setFocus()
            self.view.edit(index)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        doc_id = index.data(IdRole)
        menu = QMenu(self)
        menu.addAction(_tr("Re&name…") + "\tF2", lambda: self.edit_title(doc_id))
        menu.addAction(_tr("&Remove…") + "\tDelete", lambda: self.removeRequested.emit(doc_id))
        modal.popup(menu, self.view.viewport().mapToGlobal(pos))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing and current.isValid():
            self.documentActivated.emit(current.data(IdRole))
