"""How tags and tables look, shared by every view: one-line quotes, label swatches, colour blends, review
decisions and tag tooltips, the read-only table model frame and the table view setup."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QTableView

from factcheck.core.model import Annotation

Index = QModelIndex | QPersistentModelIndex


def one_line(text: str, limit: int) -> str:
    """Whitespace (line breaks included) collapsed to single spaces, elided with "…" beyond limit."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def swatch(color: str, size: int = 12) -> QPixmap:
    """A small rounded square in a label's colour (table rows, legend buttons, menus)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(130))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return pixmap


def blend(under: QColor, over: QColor, alpha: float) -> QColor:
    """``over`` laid on ``under`` with opacity alpha (clamped to 0..1)."""
    alpha = min(1.0, max(0.0, alpha))
    return QColor(
        round(under.red() + (over.red() - under.red()) * alpha),
        round(under.green() + (over.green() - under.green()) * alpha),
        round(under.blue() + (over.blue() - under.blue()) * alpha),
    )


def decision_text(ann: Annotation) -> str:
    if ann.status == "accepted":
        return f"✓ accepted by {ann.reviewer or '?'}"
    if ann.status == "rejected":
        return f"✗ rejected by {ann.reviewer or '?'}" + (f": {ann.reason}" if ann.reason else "")
    return "undecided"


def tag_tooltip(ann: Annotation) -> str:
    """Plain-text tooltip of a tag's row (the tag table, the review panel)."""
    lines = [f"{ann.label} · {ann.annotator} · {ann.start}–{ann.end}", one_line(ann.quote, 300)]
    if ann.note:
        lines.append(f"Note: {ann.note}")
    review = f"Review: {decision_text(ann)}"
    lines.append(review + (f" ({ann.reviewed_at[:16]})" if ann.status and ann.reviewed_at else ""))
    if ann.orphaned:
        lines.append("Orphaned: could not be placed on this version of the text")
    lines.append(f"Updated {ann.updated_at}")
    return "\n".join(lines)


class RowTableModel(QAbstractTableModel):
    """A read-only, selectable table of ``self._rows`` under the headers ``COLUMNS``.

    Subclasses fill ``_rows`` and answer ``cell(row, column, role)`` for a valid index.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def cell(self, row: Any, column: int, role: int) -> Any:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def setup_table(view: QTableView) -> QTableView:
    """A list-like table: whole rows, one at a time, read-only, one line per row, no row numbers."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    return view
