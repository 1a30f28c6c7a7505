"""Search all documents (Ctrl+Shift+F): a pane listing the documents whose text holds the words typed,
each with the words in context; Enter or a click opens the document with the match selected (the one the
snippet shows and marks first).

Searches as one types (after a short pause), through the project's full-text index (`db.search`).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from db.search import DEFAULT_LIMIT as SEARCH_LIMIT
from db.search import HIT_END, HIT_START, SearchHit, terms
from factcheck.core.errors import FactcheckError
from ui.project import ProjectModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("SearchPane", text)


Index = QModelIndex | QPersistentModelIndex
HitRole = Qt.ItemDataRole.UserRole + 1
#: Pause after the last key before searching (ms): one search per burst of typing.
TYPING_PAUSE_MS = 150


def hit_html(hit: SearchHit) -> str:
    """The title in bold, then the snippet with the matched words in bold."""
    snippet = html.escape(" ".join(hit.snippet.split()))
    snippet = snippet.replace(HIT_START, "<b>").replace(HIT_END, "</b>")
    return f"<b>{html.escape(hit.title or _tr('Untitled'))}</b><br><span>{snippet}</span>"


class _HitDelegate(QStyledItemDelegate):
    """Rich text rows: the title, then the words in context."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(Qt.ItemDataRole.DisplayRole) or "")
        doc.setTextWidth(max(80, option.rect.width() - 8))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        painter.save()
        painter.translate(opt.rect.left() + 4, opt.rect.top() + 2)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.text().color())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 6)


class _SearchEdit(QLineEdit):
    """Down moves into the results; Enter opens the first (or the chosen) one; Esc closes the pane."""

    def __init__(self, pane: SearchPane) -> None:
        super().__init__()
        self._pane = pane

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self._pane.results.count():
            self._pane.results.setFocus()
            self._pane.results.setCurrentRow(0)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._pane.search_now()
            self._pane.activate_row(max(0, self._pane.results.currentRow()))
            return
        if event.key() == Qt.Key.Key_Escape:
            self._pane.hide()
            self._pane.closed.emit()
            return
        super().keyPressEvent(event)


class SearchPane(QDockWidget):
    #: (document id, the words searched) when a result is chosen.
    resultActivated = Signal(str, list)
    closed = Signal()  # by Esc: the window gives the article the focus back

    def __init__(self, project: ProjectModel, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Search all documents"), parent)
        self.setObjectName("searchPane")
        self.project = project
        body = QWidget()
        self.edit = _SearchEdit(self)
        self.edit.setPlaceholderText(_tr("Words in any document…"))
        self.edit.setAccessibleName(_tr("Search all documents"))
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setAccessibleName(_tr("Search results count"))
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName(_tr("Documents found"))
        self.results.setItemDelegate(_HitDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.itemActivated.connect(lambda item: self.activate_row(self.results.row(item)))
        self.results.itemClicked.connect(lambda item: self.activate_row(self.results.row(item)))
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.setWidget(body)
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.search_now)
        self.edit.textChanged.connect(lambda _: self._timer.start())
        project.documentsChanged.connect(self._refresh_if_shown)
        self._searched: str | None = None

    def open_pane(self, text: str = "") -> None:
        self.show()
        self.raise_()
        if text:
            self.edit.setText(text)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.search_now()

    def search_now(self) -> None:
        self._timer.stop()
        query = self.edit.text()
        self._searched = query
        self.results.clear()
        if not terms(query):
            self.status.setText(_tr("Type words to find in every document's text."))
            return
        try:
            hits = self.project.search(query)
        except FactcheckError as exc:
            self.status.setText(str(exc))
            return
        for hit in hits:
            item = QListWidgetItem(hit_html(hit))
            item.setData(HitRole, hit)
            item.setToolTip(hit.title)
            self.results.addItem(item)
        n = len(hits)
        found = _tr("1 document") if n == 1 else _tr("{n} documents").format(n=n)
        if n == SEARCH_LIMIT and (total := self.project.search_count(query)) > n:
            # The list holds the best only: saying "200 documents" of 1,500 would mislead.
            found = _tr("The best {n} of {total} documents; add words to narrow the search.").format(
                n=n, total=f"{total:,}"
            )
        self.status.setText(_tr("No match") if not n else found)

    def _refresh_if_shown(self) -> None:
        if self.isVisible() and self._searched:
            self.search_now()

    def hit(self, row: int) -> Any:
        item = self.results.item(row)
        return item.data(HitRole) if item is not None else None

    def activate_row(self, row: int) -> None:
        hit = self.hit(row)
        if isinstance(hit, SearchHit):
            self.resultActivated.emit(hit.document_id, terms(self._searched or ""))
