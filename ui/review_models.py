"""Table models of the review panel: the disagreements of a document, and the tags of one of them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPixmap
from PySide6.QtWidgets import QWidget

from factcheck.core.disagreements import KIND_TITLES, Disagreement
from factcheck.core.model import Annotation
from ui.colors import swatch
from ui.row_table import RowTableModel
from ui.tag_text import decision_text, one_line, tag_tooltip

_QUOTE_CHARS = 60
_SETTLED = QColor("#808080")


class DisagreementModel(RowTableModel):
    """The disagreements of one document, in text order, with how far their review has gone."""

    COLUMNS = ("Kind", "Where", "Decided", "Annotators", "What")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Disagreement] = []
        self._tags: dict[str, Annotation] = {}

    def set_items(self, items: list[Disagreement], tags: dict[str, Annotation]) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self._tags = tags
        self.endResetModel()

    def tags_changed(self, tags: dict[str, Annotation]) -> None:
        """Review fields changed (not spans or labels): refresh the decision column only."""
        self._tags = tags
        if self._rows:
            last = len(self.COLUMNS) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    def items(self) -> list[Disagreement]:
        return list(self._rows)

    def item(self, row: int) -> Disagreement | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def decided(self, d: Disagreement) -> tuple[int, int]:
        tags = [self._tags[i] for i in d.annotation_ids if i in self._tags]
        return sum(1 for t in tags if t.status), len(tags)

    def settled(self, d: Disagreement) -> bool:
        done, total = self.decided(d)
        return total > 0 and done == total

    def cell(self, d: Disagreement, col: int, role: int) -> object:
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


class TagModel(RowTableModel):
    """The tags of the current disagreement (or one annotator's share of them)."""

    COLUMNS = ("Annotator", "Label", "Where", "Decision", "Quote")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Annotation] = []
        self._swatches: dict[str, QPixmap] = {}

    def set_label_colors(self, colors: dict[str, str]) -> None:
        self._swatches = {name: swatch(color) for name, color in colors.items()}

    def set_tags(self, tags: list[Annotation]) -> None:
        self.beginResetModel()
        self._rows = list(tags)
        self.endResetModel()

    def tags(self) -> list[Annotation]:
        return list(self._rows)

    def row_of(self, annotation_id: str | None) -> int | None:
        return next((i for i, t in enumerate(self._rows) if t.id == annotation_id), None)

    def cell(self, tag: Annotation, col: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                tag.annotator,
                tag.label,
                f"{tag.start}–{tag.end}",
                decision_text(tag),
                one_line(tag.quote, _QUOTE_CHARS),
            )[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return self._swatches.get(tag.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tag_tooltip(tag)
        if role == Qt.ItemDataRole.ForegroundRole and tag.status == "rejected":
            return _SETTLED
        if role == Qt.ItemDataRole.ForegroundRole and tag.status == "accepted" and col == 3:
            return QColor("#00734d")
        if role == Qt.ItemDataRole.FontRole and tag.status == "rejected" and col in (1, 4):
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None
