"""Table models of the review panel: the disagreements of a document, and the tags of one of them."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPixmap
from PySide6.QtWidgets import QWidget

from factcheck.core.disagreements import KIND_TITLES, Disagreement, sort_key
from factcheck.core.model import Annotation
from factcheck.core.names import shown
from factcheck.core.open_document import TagLayer
from factcheck.core.review_incremental import Splice
from factcheck.core.review_session import ReviewSession
from factcheck.core.sentences import sentence_around
from ui.colors import swatch
from ui.row_table import RowTableModel
from ui.tag_text import TagNotes, decision_text, no_notes, one_line, tag_tooltip, where, words

_QUOTE_CHARS = 60
_SENTENCE_CHARS = 90
_SETTLED = QColor("#808080")


class DisagreementModel(RowTableModel):
    """The disagreements of a ReviewSession, in text order, with how far their review has gone."""

    COLUMNS = ("Kind", "Sentence", "Decided", "Annotators", "What")

    def __init__(
        self, session: ReviewSession, parent: QWidget | None = None, text: Callable[[], str] = str
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._text = text  # the open document's text: the Sentence column quotes it
        self._rows: list[Disagreement] = []
        self._sentences: dict[tuple[int, int], str] = {}

    def refresh(self) -> None:
        """The session's disagreements were recomputed."""
        self.beginResetModel()
        self._rows = list(self.session.disagreements)
        self._sentences = {}
        self.endResetModel()

    def splice(self, splice: Splice) -> None:
        """The session updated the disagreements around one tag: move only the rows that went or came."""
        for row in splice.removed:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
        for row, d in splice.inserted:
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, d)
            self.endInsertRows()
        # The rows kept around the change may show a new decision count (rows sorted as find_disagreements).
        inserted = {d for _, d in splice.inserted}
        last = len(self.COLUMNS) - 1
        for d in splice.came:
            if d not in inserted:
                row = bisect_left(self._rows, sort_key(d), key=sort_key)
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def tags_changed(self) -> None:
        """Review fields changed (not spans or labels): refresh the cells, the rows stay."""
        if self._rows:
            last = len(self.COLUMNS) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    def items(self) -> list[Disagreement]:
        return list(self._rows)

    def item(self, row: int) -> Disagreement | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def cell(self, d: Disagreement, col: int, role: int) -> object:
        session = self.session
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return KIND_TITLES[d.kind]
            if col == 1:
                return self._sentence(d)
            if col == 3:
                return ", ".join(shown(a) for a in d.annotators)
            if col == 4:
                return d.description
            done, total = session.decided(d)
            return "✓ all" if session.settled(d) else f"{done} of {total}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [self._sentence(d), d.description] if col == 1 else [d.description]
            for tag_id in d.annotation_ids:
                tag = session.tags.get(tag_id)
                if tag is not None:
                    lines.append(
                        f"{shown(tag.annotator)} · {tag.label} · {tag.start}–{tag.end}: {decision_text(tag)}"
                    )
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and session.settled(d):
            return _SETTLED
        return None

    def _sentence(self, d: Disagreement) -> str:
        """The sentence around the disagreement, its words in [brackets] (computed once per refresh)."""
        key = (d.start, d.end)
        if key not in self._sentences:
            self._sentences[key] = sentence_around(self._text(), d.start, d.end, _SENTENCE_CHARS)
        return self._sentences[key]


class TagModel(RowTableModel):
    """The tags of the current disagreement (or one annotator's share of them): their ids as rows, every
    cell read from the open document's tags."""

    COLUMNS = ("Annotator", "Label", "Where", "Decision", "Quote")

    def __init__(self, tags: TagLayer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tags = tags
        self._rows: list[str] = []
        self._swatches: dict[str, QPixmap] = {}
        self.tag_notes: TagNotes = no_notes  # more tooltip lines per tag (the window's corrections)

    def set_label_colors(self, colors: dict[str, str]) -> None:
        self._swatches = {name: swatch(color) for name, color in colors.items()}
        if self._rows:  # the rows shown take their new swatches at once
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 1))

    def set_tags(self, tag_ids: list[str]) -> None:
        self.beginResetModel()
        self._rows = list(tag_ids)
        self.endResetModel()

    def tags(self) -> list[Annotation]:
        return [t for i in self._rows if (t := self._tags.get(i)) is not None]

    def row_of(self, annotation_id: str | None) -> int | None:
        return self._rows.index(annotation_id) if annotation_id in self._rows else None

    def cell(self, tag_id: str, col: int, role: int) -> object:
        tag = self._tags.get(tag_id)
        if tag is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                shown(tag.annotator),
                tag.label,
                where(tag),  # a discontinuous tag by its pieces: they may be all that differs
                decision_text(tag),
                one_line(words(tag), _QUOTE_CHARS),
            )[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return self._swatches.get(tag.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tag_tooltip(tag, self.tag_notes(tag))
        if role == Qt.ItemDataRole.ForegroundRole and tag.status == "rejected":
            return _SETTLED
        if role == Qt.ItemDataRole.ForegroundRole and tag.status == "accepted" and col == 3:
            return QColor("#00734d")
        if role == Qt.ItemDataRole.FontRole and tag.status == "rejected" and col in (1, 4):
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None
