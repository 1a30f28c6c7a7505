"""Table models of the review panel: the disagreements of a document, and the tags of one of them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPixmap
from PySide6.QtWidgets import QWidget

from factcheck.disagreements import KIND_TITLES, Disagreement
from factcheck.model import Annotation
from ui.annotation_table import swatch

Index = QModelIndex | QPersistentModelIndex
_QUOTE_CHARS = 60
_SETTLED = QColor("#808080")


def one_line(text: str, limit: int = _QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decision_text(ann: Annotation) -> str:
    if ann.status == "accepted":
        return f"✓ accepted by {ann.reviewer or '?'}"
    if ann.status == "rejected":
        return f"✗ rejected by {ann.reviewer or '?'}" + (f": {ann.reason}" if ann.reason else "")
    return "undecided"


class DisagreementModel(QAbstractTableModel):
    """The disagreements of one document, in text order, with how far their review has gone."""

    COLUMNS = ("Kind", "Where", "Decided", "Annotators", "What")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[Disagreement] = []
        self._tags: dict[str, Annotation] = {}

    def set_items(self, items: list[Disagreement], tags: dict[str, Annotation]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._tags = tags
        self.endResetModel()

    def tags_changed(self, tags: dict[str, Annotation]) -> None:
        """Review fields changed (not spans or labels): refresh the decision column only."""
        self._tags = tags
        if self._items:
            last = len(self.COLUMNS) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, last))

    def items(self) -> list[Disagreement]:
        return list(self._items)

    def item(self, row: int) -> Disagreement | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def decided(self, d: Disagreement) -> tuple[int, int]:
        tags = [self._tags[i] for i in d.annotation_ids if i in self._tags]
        return sum(1 for t in tags if t.status), len(tags)

    def settled(self, d: Disagreement) -> bool:
        done, total = self.decided(d)
        return total > 0 and done == total

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        d = self._items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return KIND_TITLES[d.kind]
            if col == 1:
                return f"{d.start}–{d.end}"
            if col == 3:
                return ", ".join(d.annotators)
            if col == 4:
                return d.description
            done, total = self.decided(d)
            return "✓ all" if self.settled(d) else f"{done} of {total}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [d.description]
            for tag_id in d.annotation_ids:
                tag = self._tags.get(tag_id)
                if tag is not None:
                    lines.append(
                        f"{tag.annotator} · {tag.label} · {tag.start}–{tag.end}: {decision_text(tag)}"
                    )
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and self.settled(d):
            return _SETTLED
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TagModel(QAbstractTableModel):
    """The tags of the current disagreement (or one annotator's share of them)."""

    COLUMNS = ("Annotator", "Label", "Where", "Decision", "Quote")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tags: list[Annotation] = []
        self._swatches: dict[str, QPixmap] = {}

    def set_label_colors(self, colors: dict[str, str]) -> None:
        self._swatches = {name: swatch(color) for name, color in colors.items()}

    def set_tags(self, tags: list[Annotation]) -> None:
        self.beginResetModel()
        self._tags = list(tags)
        self.endResetModel()

    def tags(self) -> list[Annotation]:
        return list(self._tags)

    def row_of(self, annotation_id: str | None) -> int | None:
        return next((i for i, t in enumerate(self._tags) if t.id == annotation_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tags)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not (0 <= index.row() < len(self._tags)):
            return None
        tag = self._tags[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                tag.annotator,
                tag.label,
                f"{tag.start}–{tag.end}",
                decision_text(tag),
                one_line(tag.quote),
            )[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return self._swatches.get(tag.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{tag.label} · {tag.annotator} · {tag.start}–{tag.end}", one_line(tag.quote, 300)]
            if tag.note:
                lines.append(f"Note: {tag.note}")
            lines.append(
                f"Review: {decision_text(tag)}" + (f" ({tag.reviewed_at[:16]})" if tag.reviewed_at else "")
            )
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and tag.status == "rejected":
            return _SETTLED
        if role == Qt.ItemDataRole.ForegroundRole and tag.status == "accepted" and col == 3:
            return QColor("#00734d")
        if role == Qt.ItemDataRole.FontRole and tag.status == "rejected" and col in (1, 4):
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
