"""The review list's column widths: stable as the reviewer scrolls or edits, without measuring 25k rows.

Sized to their contents, a long article's list either measured every row on each edit (a second) or
only the rows on screen (a column changed width as rows scrolled by). Here:
- Kind and Decided fit what they can say (every kind's title; "✓ all", a two-digit count), whatever the
  rows;
- Annotators fits the widest of a bounded sample: the first ``SAMPLE`` rows when the list is filled, then
  each row as it comes (an edit brings a few), and only grows while the same document is open: a column
  never narrows under the reader, and never moves as rows scroll by; at most ``WIDEST`` characters wide
  (a longer list of names is elided, whole in its tooltip);
- Sentence and What share the rest (stretched, their text elided);
- never narrower than the header; another document starts again from the headers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from factcheck.core.disagreements import KIND_TITLES
from ui.review_models import DisagreementModel

SAMPLE = 200  # rows measured when the list is filled, and at most per insertion
WIDEST = 28  # characters, at most, for Annotators
KIND, DECIDED, ANNOTATORS = 0, 2, 3
#: What the columns sized without the rows can say.
_SAYS = {KIND: list(KIND_TITLES.values()), DECIDED: ["✓ all", "88 of 88"]}


class ColumnWidths(QObject):
    def __init__(
        self, view: QTableView, model: DisagreementModel, document: Callable[[], str | None]
    ) -> None:
        super().__init__(view)
        self.view, self.model, self.document = view, model, document
        self._document: str | None = None
        self.widths: dict[int, int] = {}
        header = view.horizontalHeader()
        for col in (KIND, DECIDED, ANNOTATORS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        model.modelReset.connect(self._filled)
        model.rowsInserted.connect(self._inserted)
        self._start()

    def _text_width(self, text: str) -> int:
        margin = self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view)
        return self.view.fontMetrics().horizontalAdvance(text) + 2 * (margin + 1) + 8

    def _start(self) -> None:
        """From the headers and what the fixed columns can say (another document, or the first)."""
        self._document = self.document()
        header = self.view.horizontalHeader()
        self.widths = {col: header.sectionSizeHint(col) for col in (KIND, DECIDED, ANNOTATORS)}
        for col, texts in _SAYS.items():
            self.widths[col] = max([self.widths[col], *map(self._text_width, texts)])
        for col, width in self.widths.items():
            header.resizeSection(col, width)

    def _filled(self) -> None:
        if self.document() != self._document:
            self._start()
        self._measure(range(min(SAMPLE, self.model.rowCount())))

    def _inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._measure(range(first, last + 1))

    def _measure(self, rows: Iterable[int]) -> None:
        """Grow Annotators to fit these rows (at most SAMPLE of them)."""
        widest = self.widths[ANNOTATORS]
        for n, row in enumerate(rows):
            if n >= SAMPLE:
                break
            text = self.model.index(row, ANNOTATORS, QModelIndex()).data(Qt.ItemDataRole.DisplayRole)
            if isinstance(text, str):
                widest = max(widest, self._text_width(text))
        widest = min(
            widest, max(self.widths[ANNOTATORS], self.view.fontMetrics().averageCharWidth() * WIDEST)
        )
        if widest > self.widths[ANNOTATORS]:
            self.widths[ANNOTATORS] = widest
            self.view.horizontalHeader().resizeSection(ANNOTATORS, widest)
