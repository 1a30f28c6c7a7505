"""The open document's tags as a table under its filters (label, annotator, the Curated view), with the
count of rows shown; the rows themselves come from `ui.annotation_table_model`.
"""

from __future__ import annotations

import re

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from factcheck.core.curation import curate_document, live_placed
from factcheck.core.model import Label
from factcheck.core.names import shown as shown_name
from factcheck.core.open_document import OpenDocument, TagChange
from ui import deferred
from ui.annotation_table_model import (
    ANNOTATOR,
    LABEL,
    NOTE,
    QUOTE,
    TIME,
    TIME_FIT_ROWS,
    AnnotationFilterProxy,
    AnnotationTableModel,
    IdRole,
)
from ui.row_table import setup_table
from ui.row_table_view import RowTableView


def _english_plural(text: str) -> str:
    """Without a translation, Qt leaves "(s)" in "%n tag(s)": the English plural, then."""
    return re.sub(r"\b1 ([A-Za-z ]*?)\(s\)", r"1 \1", text).replace("(s)", "s")


class _ColumnTitles(QHeaderView):
    """The table's column titles. Its sections are not highlighted by the selection, so selecting a row
    leaves them as they are: Qt would repaint every title a row covers, at every key press that tags
    (the new tag's row is selected)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # as Qt's own table header: a click sorts
        self.setHighlightSections(False)

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self.highlightSections():
            super().selectionChanged(selected, deselected)


class AnnotationTable(QWidget):
    """The table with its two filter combo boxes. Emits the id of the row the user selects."""

    currentAnnotationChanged = Signal(object)  # str | None
    activated = Signal(str)  # Enter / double click on a row: edit its note

    ALL = "All"

    def __init__(self, parent: QWidget | None = None, open_document: OpenDocument | None = None) -> None:
        super().__init__(parent)
        self.model = AnnotationTableModel(open_document, self)
        self.open_document = self.model.open_document
        self.proxy = AnnotationFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._syncing = False

        self.label_filter = QComboBox()
        self.label_filter.setAccessibleName(self.tr("Filter by label"))
        self.annotator_filter = QComboBox()
        self.annotator_filter.setAccessibleName(self.tr("Filter by annotator"))
        for combo in (self.label_filter, self.annotator_filter):  # a narrow pane keeps every column
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(1)
        self.label_filter.currentIndexChanged.connect(self._label_filter_changed)
        self.annotator_filter.currentIndexChanged.connect(self._annotator_filter_changed)
        self.curated_toggle = QCheckBox(self.tr("Curated"))
        self.curated_toggle.setAccessibleName(self.tr("Show the curated set"))
        self.curated_toggle.setToolTip(
            self.tr(
                "Show the curated set: one tag per label and span, exactly what 'Export > Curated set' "
                "writes (accepted tags, and tags every annotator of the article made identically)"
            )
        )
        self.curated_toggle.toggled.connect(self._curated_toggled)
        self.count_label = QLabel()
        self.count_label.setObjectName("tableCount")
        self.count_label.setWordWrap(True)  # its hint never sets the pane's minimum width

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(QLabel(self.tr("Label")))
        filters.addWidget(self.label_filter, 1)
        filters.addWidget(QLabel(self.tr("Annotator")))
        filters.addWidget(self.annotator_filter, 1)

        view = RowTableView()  # an inserted or removed row repaints the rows from it down, not all
        view.setHorizontalHeader(_ColumnTitles(view))
        self.view = setup_table(view)
        self.view.setObjectName("annotationTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(QUOTE, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QUOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TIME, QHeaderView.ResizeMode.ResizeToContents)
        # Fitted to the rows on screen and a few around them, not to 1000 rows of 8 roles each (a Python
        # call apiece: a long article's list stalled the window for that, again at every edit).
        header.setResizeContentsPrecision(TIME_FIT_ROWS)
        # Fixed starting widths (the user can drag them): the quote, stretched, is what matters most.
        for col, width in ((LABEL, 112), (ANNOTATOR, 84), (NOTE, 72)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.doubleClicked.connect(self._double_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()  # the toggle sits by the count it changes, leaving the filters room
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.curated_toggle)
        layout.addLayout(bottom)

        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_count)
        self.model.layoutChanged.connect(self._update_count)
        events = self.open_document.tags.events
        unsubscribe = [
            self.open_document.events.opened.connect(self._refill_annotators),
            events.reset.connect(self._refill_annotators),
            events.changed.connect(self._on_changed),
            self.open_document.events.opened.connect(lambda _doc: self._curated_stale()),
            events.reset.connect(lambda _: self._curated_stale()),
            events.changed.connect(lambda _change: self._curated_stale()),
        ]
        self._curated_pending = False
        self.destroyed.connect(lambda *_: [off() for off in unsubscribe])
        self.set_labels([])

    # -- feeding ---------------------------------------------------------------------------------
    def set_labels(self, labels: list[Label]) -> None:
        self.model.set_labels(labels)
        self._refill(self.label_filter, [lab.name for lab in labels])
        if labels:  # the label column fits the longest name, its swatch and a review mark: never elided
            longest = max(self.view.fontMetrics().horizontalAdvance(f"{lab.name} ✓") for lab in labels)
            self.view.horizontalHeader().resizeSection(LABEL, longest + 36)

    def _on_changed(self, change: TagChange) -> None:
        if change.after is not None and change.after.annotator not in self._combo_items(
            self.annotator_filter
        ):
            self._refill_annotators()

    def _refill_annotators(self, *_: object) -> None:
        # One pass over a long article's tags, without indexing them (its rows come later).
        self._refill(self.annotator_filter, self.open_document.tags.annotators())

    def _refill(self, combo: QComboBox, items: list[str]) -> None:
        """Offer items (each shown with its hidden characters escaped, as `factcheck list` writes a name:
        "bob" and "bob" with a zero-width space differ on screen too), keeping the one chosen if still
        there."""
        current = self._chosen(combo)
        text = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All"))  # item 0, whatever its (translated) text
        for item in items:
            combo.addItem(shown_name(item), item)
        combo.setCurrentIndex(items.index(current) + 1 if current in items else 0)
        combo.blockSignals(False)
        if combo.currentText() != text or self._chosen(combo) != current:
            # The filtered value disappeared: show everything again.
            self._label_filter_changed() if combo is self.label_filter else self._annotator_filter_changed()

    @staticmethod
    def _chosen(combo: QComboBox) -> str | None:
        """The name chosen, as stored (None: All)."""
        data = combo.currentData() if combo.currentIndex() > 0 else None
        return data if isinstance(data, str) else None

    @staticmethod
    def _combo_items(combo: QComboBox) -> list[str]:
        return [str(combo.itemData(i)) for i in range(1, combo.count())]

    def _label_filter_changed(self, *_: object) -> None:
        self.proxy.set_label_filter(self._chosen(self.label_filter))
        self._update_count()

    def _annotator_filter_changed(self, *_: object) -> None:
        self.proxy.set_annotator_filter(self._chosen(self.annotator_filter))
        self._update_count()

    # -- the Curated view ------------------------------------------------------------------------
    def curated_view(self) -> bool:
        return self.curated_toggle.isChecked()

    def set_curated_view(self, on: bool) -> None:
        self.curated_toggle.setChecked(on)

    def _curated_toggled(self, on: bool) -> None:
        # Curated tags have one annotator, `curated`: the annotator filter has nothing to choose then.
        self.annotator_filter.setEnabled(not on)
        self._recompute_curated()

    def _curated_stale(self) -> None:
        """Tags changed: curate again, once, after the change (a burst of changes costs one pass)."""
        if self.curated_view() and not self._curated_pending:
            self._curated_pending = True
            deferred.soon(self, self._recompute_curated)

    def _recompute_curated(self) -> None:
        self._curated_pending = False
        if not self.curated_view():
            self.model.set_curated(None)
        else:
            tags = self.open_document.tags
            tags.complete()
            curated = curate_document(live_placed(tags))
            self.model.set_curated({c.sources[0][0]: c for c in curated})
        self._update_count()

    def _update_count(self, *_: object) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        if self.model.listing():
            text = self.tr("Listing %n tag(s)…", "", total)
        elif self.curated_view() and total:
            text = self.tr("%n curated tag(s) (from {total} tags)", "", shown).format(total=total)
        elif total == 0:
            text = self.tr("No tags yet: select text in the article and press 1, 2 or 3.")
        elif shown == total:
            text = self.tr("%n tag(s)", "", total)
        else:
            text = self.tr("{shown} of %n tag(s) shown", "", total).format(shown=shown)
        self.count_label.setText(_english_plural(text))

    # -- selection -------------------------------------------------------------------------------
    def current_annotation(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def select_annotation(self, annotation_id: str | None) -> None:
        """Select (and scroll to) the row of annotation_id without emitting currentAnnotationChanged."""
        self._syncing = True
        try:
            selection = self.view.selectionModel()
            row = self.model.row_of(annotation_id) if annotation_id else None
            proxy_index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else None
            if proxy_index is None or not proxy_index.isValid():
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
                return
            selection.setCurrentIndex(
                proxy_index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(proxy_index)
        finally:
            self._syncing = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing:
            self.currentAnnotationChanged.emit(current.data(IdRole) if current.isValid() else None)

    def _double_clicked(self, index: QModelIndex) -> None:
        ann_id = index.data(IdRole)
        if ann_id:
            self.activated.emit(ann_id)
