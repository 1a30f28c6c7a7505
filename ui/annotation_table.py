"""The open document's tags as a sortable, filterable table, updated row by row from the OpenDocument.

Thousands of tags stay fast: an upsert is one `dataChanged` or one `beginInsertRows`, a delete one
`beginRemoveRows`; only a document switch or a bulk change (import, another process) resets the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from factcheck.core.curation import CuratedTag, as_annotation, curate_document, live_placed
from factcheck.core.model import Annotation, Label
from factcheck.core.open_document import OpenDocument, TagChange, TagFilter, TagLayer
from ui import deferred
from ui.colors import swatch
from ui.dates import short_time
from ui.row_table import Index, RowTableModel, setup_table
from ui.tag_text import TagNotes, no_notes, one_line, tag_tooltip, words

COLUMNS = ("Label", "Quote", "Annotator", "Note", "Time")
LABEL, QUOTE, ANNOTATOR, NOTE, TIME = range(len(COLUMNS))
AnnotationRole = Qt.ItemDataRole.UserRole + 1  # the Annotation of a row
IdRole = Qt.ItemDataRole.UserRole + 2  # its id
SortRole = Qt.ItemDataRole.UserRole + 3  # what a column sorts by (the quote column: position)
_QUOTE_CHARS = 120


def _english_plural(text: str) -> str:
    """Without a translation, Qt leaves "(s)" in "%n tag(s)": the English plural, then."""
    return re.sub(r"\b1 ([A-Za-z ]*?)\(s\)", r"1 \1", text).replace("(s)", "s")


class AnnotationTableModel(RowTableModel):
    """A view of an OpenDocument's tags: one row per tag. The rows are the tags' ids, in the order they
    arrived (the proxy sorts); every cell is read from the OpenDocument, which holds the tags."""

    COLUMNS = COLUMNS

    def __init__(self, open_document: OpenDocument | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_document = open_document if open_document is not None else OpenDocument()
        self._tags = self.open_document.tags
        self._rows: list[str] = list(self._tags.by_id)
        self._row_of: dict[str, int] = {tag_id: i for i, tag_id in enumerate(self._rows)}
        self._labels: dict[str, Label] = {}
        self._swatches: dict[str, QPixmap] = {}
        self.tag_notes: TagNotes = no_notes  # more tooltip lines per tag (the window's corrections)
        # A removed tag, while its row goes: the OpenDocument has dropped it already, but Qt's views read
        # the row until endRemoveRows.
        self._leaving: dict[str, Annotation] = {}
        # The Curated view: each curated tag shown on the row of its first source (None: view off).
        self._curated: dict[str, Annotation] | None = None
        unsubscribe = [
            self.open_document.events.opened.connect(lambda _doc: self._reset()),
            self._tags.events.reset.connect(lambda _: self._reset()),
            self._tags.events.changed.connect(self._on_changed),
        ]
        self.destroyed.connect(lambda *_: [off() for off in unsubscribe])

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = {lab.name: lab for lab in labels}
        self._swatches = {lab.name: swatch(lab.color) for lab in labels}
        if self._rows:
            self.dataChanged.emit(self.index(0, LABEL), self.index(len(self._rows) - 1, LABEL))

    # -- following the OpenDocument: one row at a time, a reset only for a new document or bulk change --
    def _reset(self) -> None:
        self.beginResetModel()
        if self._tags.pending:
            # A long article was just opened: the rows follow in the next turn of the event loop, after
            # the article's first paint (listing them needs every tag indexed).
            self._rows = []
            deferred.soon(self, self._complete_and_reset)
        else:
            self._rows = list(self._tags.by_id)
        self._row_of = {tag_id: i for i, tag_id in enumerate(self._rows)}
        self.endResetModel()

    def _complete_and_reset(self) -> None:
        self._tags.complete()
        self._reset()

    def _on_changed(self, change: TagChange) -> None:
        tag_id = change.tag_id
        row = self._row_of.get(tag_id)
        if change.after is None:
            if row is not None and change.before is not None:
                self._leaving = {tag_id: change.before}
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                del self._row_of[tag_id]
                for i in range(row, len(self._rows)):  # later rows move up by one
                    self._row_of[self._rows[i]] = i
                self.endRemoveRows()
                self._leaving = {}
        elif row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        else:
            row = len(self._rows)  # appended; the proxy puts it in order
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.append(tag_id)
            self._row_of[tag_id] = row
            self.endInsertRows()

    # -- reading ---------------------------------------------------------------------------------
    def annotation(self, annotation_id: str) -> Annotation | None:
        return self._tags.get(annotation_id)

    def annotations(self) -> list[Annotation]:
        """The tags in row order."""
        return [self._tags[tag_id] for tag_id in self._rows]

    def row_of(self, annotation_id: str) -> int | None:
        return self._row_of.get(annotation_id)

    def set_curated(self, curated: dict[str, CuratedTag] | None) -> None:
        """Show curated tags on their first source's row (id -> curated tag), or the tags as they are."""
        self._curated = None if curated is None else {i: as_annotation(c) for i, c in curated.items()}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def curated_ids(self) -> frozenset[str] | None:
        """The rows the Curated view shows (None: the view is off)."""
        return None if self._curated is None else frozenset(self._curated)

    # -- RowTableModel ---------------------------------------------------------------------------
    def cell(self, tag_id: str, col: int, role: int) -> object:
        ann = self._tags.get(tag_id) or self._leaving.get(tag_id)
        if ann is None:  # only between a bulk change and the reset that follows it
            return None
        shown = ann if self._curated is None else self._curated.get(tag_id, ann)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(shown, col)
        if role == Qt.ItemDataRole.DecorationRole and col == LABEL:
            return self._swatches.get(ann.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            if shown is not ann:
                sources = shown.extra.get("sources", [])
                assert isinstance(sources, list)  # the curated set's (tag id, annotator) dicts
                names = ", ".join(str(s["annotator"]) for s in sources)
                return (
                    tag_tooltip(shown)
                    + "\n"
                    + self.tr("Curated from the tags of: {names}").format(names=names)
                )
            return tag_tooltip(ann, self.tag_notes(ann))
        if role == SortRole:
            return self._sort_key(ann, col)
        if role == AnnotationRole:
            return ann
        if role == IdRole:
            return ann.id
        if role == Qt.ItemDataRole.ForegroundRole and ann.status == "rejected":
            return QColor("#888888")
        return None

    @staticmethod
    def _display(ann: Annotation, col: int) -> str:
        if col == LABEL:
            mark = {"accepted": " ✓", "rejected": " ✗"}.get(ann.status or "", "")
            return ann.label + mark
        if col == QUOTE:
            return one_line(words(ann), _QUOTE_CHARS)
        if col == ANNOTATOR:
            return ann.annotator
        if col == NOTE:
            return one_line(ann.note, 80)
        if col == TIME:
            return short_time(ann.updated_at or ann.created_at)
        return ""

    @staticmethod
    def _sort_key(ann: Annotation, col: int) -> object:
        if col == QUOTE:
            # Sorting the quote column means reading order: zero-padded so strings compare as numbers.
            return f"{ann.start:012d}{ann.end:012d}"
        if col == LABEL:
            return f"{ann.label}\0{ann.start:012d}"
        if col == ANNOTATOR:
            return f"{ann.annotator.casefold()}\0{ann.start:012d}"
        if col == NOTE:
            return ann.note.casefold()
        return ann.updated_at or ann.created_at


class AnnotationFilterProxy(QSortFilterProxyModel):
    """Sorts by SortRole; keeps the rows passing the OpenDocument's list filter (one label and/or one
    annotator, None = all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def _layer(self) -> TagLayer | None:
        model = self.sourceModel()
        return model.open_document.tags if isinstance(model, AnnotationTableModel) else None

    def set_label_filter(self, label: str | None) -> None:
        labels = frozenset({label}) if label is not None else None
        self._set(lambda f: replace(f, labels=labels))

    def set_annotator_filter(self, annotator: str | None) -> None:
        annotators = frozenset({annotator}) if annotator is not None else None
        self._set(lambda f: replace(f, annotators=annotators))

    def _set(self, change: Callable[[TagFilter], TagFilter]) -> None:
        layer = self._layer()
        if layer is not None:
            self.refilter(lambda: layer.set_filter("list", change(layer.list_filter)))

    def refilter(self, change: Callable[[], None] = lambda: None) -> None:
        # Qt 6.10 deprecates invalidateFilter() for begin/endFilterChange(); older Qt has only the former.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        layer = self._layer()
        model = self.sourceModel()
        ann = model.data(model.index(source_row, 0, source_parent), AnnotationRole)
        if ann is None:
            return False
        only = model.curated_ids() if isinstance(model, AnnotationTableModel) else None
        if only is not None:  # the Curated view: its rows, and the label filter still applies
            return ann.id in only and (layer is None or layer.list_filter.labels is None
                                       or ann.label in layer.list_filter.labels)  # fmt: skip
        return layer is None or layer.list_filter.accepts(ann)


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

        self.view = setup_table(QTableView())
        self.view.setObjectName("annotationTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(QUOTE, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QUOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TIME, QHeaderView.ResizeMode.ResizeToContents)
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
        self.proxy.layoutChanged.connect(self._update_count)
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
        if self.open_document.tags.pending:  # after the article's first paint, as the rows
            deferred.soon(self, self._complete_and_refill)
            return
        self._refill(self.annotator_filter, self.open_document.tags.annotators())

    def _complete_and_refill(self) -> None:
        self.open_document.tags.complete()
        self._refill_annotators()

    def _refill(self, combo: QComboBox, items: list[str]) -> None:
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All"))  # item 0, whatever its (translated) text
        combo.addItems(items)
        combo.setCurrentIndex(max(0, combo.findText(current)))
        combo.blockSignals(False)
        if combo.currentText() != current:
            # The filtered value disappeared: show everything again.
            self._label_filter_changed() if combo is self.label_filter else self._annotator_filter_changed()

    @staticmethod
    def _combo_items(combo: QComboBox) -> list[str]:
        return [combo.itemText(i) for i in range(combo.count())]

    def _label_filter_changed(self, *_: object) -> None:
        text = self.label_filter.currentText()
        self.proxy.set_label_filter(None if self.label_filter.currentIndex() <= 0 else text)
        self._update_count()

    def _annotator_filter_changed(self, *_: object) -> None:
        text = self.annotator_filter.currentText()
        self.proxy.set_annotator_filter(None if self.annotator_filter.currentIndex() <= 0 else text)
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
            self.proxy.refilter(lambda: self.model.set_curated(None))
        else:
            tags = self.open_document.tags
            tags.complete()
            curated = curate_document(live_placed(tags))
            by_row = {c.sources[0][0]: c for c in curated}
            self.proxy.refilter(lambda: self.model.set_curated(by_row))
        self._update_count()

    def _update_count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if self.curated_view() and total:
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
