"""The open document's tags as a sortable, filterable table, updated row by row from the OpenDocument.

Thousands of tags stay fast: the model itself filters and sorts, over one precomputed key per row
(ui/annotation_table_order.py), so no Qt sort proxy asks Python for cells per comparison (50k rows took
seconds so). An upsert is one `dataChanged`, one `beginMoveRows` or one `beginInsertRows` at its place
found by binary search, a delete one `beginRemoveRows`; a sort or a filter is one layout change (the
selection kept); only a document switch or a bulk change (import, another process) resets the model.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import (
    QIdentityProxyModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QWidget,
)

from factcheck.core.curation import CuratedTag, as_annotation
from factcheck.core.model import Annotation, Label
from factcheck.core.open_document import OpenDocument, TagChange, TagFilter
from factcheck.services.collector import collector_paused, made_old
from ui import deferred, row_numbers
from ui.annotation_table_order import Keying, SortKey, key_function, ordered, position
from ui.colors import swatch
from ui.dates import short_time
from ui.row_table import Index, RoleSlots, RowTableModel, forward_roles
from ui.tag_indexing import index_in_slices
from ui.tag_text import TagNotes, no_notes, one_line, tag_tooltip, words

COLUMNS = ("Label", "Quote", "Annotator", "Note", "Time")
LABEL, QUOTE, ANNOTATOR, NOTE, TIME = range(len(COLUMNS))
AnnotationRole = Qt.ItemDataRole.UserRole + 1  # the Annotation of a row
IdRole = Qt.ItemDataRole.UserRole + 2  # its id
SortRole = Qt.ItemDataRole.UserRole + 3  # what a column sorts by (the quote column: position)
_QUOTE_CHARS = 120
# The roles a cell answers, as plain ints: compared once per role of every cell a paint asks for.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ANSWERED = frozenset({_DISPLAY, _DECORATION, _TOOLTIP, _FOREGROUND, SortRole, AnnotationRole, IdRole})
KEY_SLICE = 8_000  # a long article's rows are keyed this many per turn of the event loop (5-15 ms)
LISTING_AFTER_MS = 15  # a long article's rows are listed this long after its tags are indexed (its own turn)
TIME_FIT_ROWS = 100  # rows the time column's width is fitted to (Qt's default: 1000)
TEXTS_HOURS = 1  # a row's texts are made again at least this often (its time says "today" by the clock)
TEXTS_KEPT = 2_000  # rows whose texts are kept (screens of ~20 rows): scrolling 50k rows keeps no 50k


def _texts_until() -> float:
    """Until when (epoch seconds) the rows' texts made now hold: the next local midnight, when a time
    stops being today's, or sooner (a clock or time zone change is seen within the hour)."""
    now = datetime.now().astimezone()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return min(midnight.timestamp(), now.timestamp() + TEXTS_HOURS * 3600)


class AnnotationTableModel(RowTableModel):
    """The open document's tags that pass the list filter (or the Curated view), one row per tag, in the
    order the user chose. Every cell is read from the OpenDocument, which holds the tags; the model holds
    only the ids in order and their sort keys (ui/annotation_table_order.py): sorting and filtering are one
    pass in C over precomputed keys, an edit moves one row (found by binary search), no per-row Python
    comparison ever runs."""

    COLUMNS = COLUMNS

    def __init__(self, open_document: OpenDocument | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_document = open_document if open_document is not None else OpenDocument()
        self._tags = self.open_document.tags
        self._rows: list[str] = []
        self._keys: list[SortKey] = []  # the rows' sort keys, in row order
        self._row_of: dict[str, int] = {}
        self._column, self._order = QUOTE, Qt.SortOrder.AscendingOrder
        self._labels: dict[str, Label] = {}
        self._swatches: dict[str, QPixmap] = {}
        self.tag_notes: TagNotes = no_notes  # more tooltip lines per tag (the window's corrections)
        # A removed tag, while its row goes: the OpenDocument has dropped it already, but Qt's views read
        # the row until endRemoveRows.
        self._leaving: dict[str, Annotation] = {}
        # The Curated view: each curated tag shown on the row of its first source (None: view off).
        self._curated: dict[str, Annotation] | None = None
        # A long article just opened: its rows are listed in later turns of the event loop (see _reset).
        self._listing = False  # True from a long article's open until its rows are listed
        self._keying: Keying | None = None  # its rows' keys so far, computed in slices
        # The cells' texts of the rows painted so far, by tag id, with the tag (or curated tag) they were
        # made from: each key press repaints the table, which would otherwise cut every row's quote and
        # format its time again. Stale once the tag is another object (tags are immutable).
        self._texts: dict[str, tuple[Annotation, tuple[str, ...]]] = {}
        self._texts_until = 0.0  # epoch seconds: made again after (see _texts_until)
        self._fill(list(self._tags.by_id.values()) if not self._tags.pending else [])
        unsubscribe = [
            self.open_document.events.opened.connect(lambda _doc: self._reset()),
            self._tags.events.reset.connect(lambda _: self._reset()),
            self._tags.events.changed.connect(self._on_changed),
            self._tags.events.indexed.connect(lambda _: self._on_indexed()),
        ]
        self.destroyed.connect(lambda *_: [off() for off in unsubscribe])

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = {lab.name: lab for lab in labels}
        self._swatches = {lab.name: swatch(lab.color) for lab in labels}
        if self._rows:
            self.dataChanged.emit(self.index(0, LABEL), self.index(len(self._rows) - 1, LABEL))

    # -- the rows: the tags passing the filter, in order -------------------------------------------------
    def _accepts(self, ann: Annotation) -> bool:
        tag_filter = self._tags.list_filter
        if self._curated is not None:  # the Curated view: its rows, and the label filter still applies
            return ann.id in self._curated and (tag_filter.labels is None or ann.label in tag_filter.labels)
        return tag_filter.accepts(ann)

    def _passing(self) -> list[Annotation]:
        tags = list(self._tags.by_id.values())
        if self._curated is None and self._tags.list_filter.everything:
            return tags
        return [a for a in tags if self._accepts(a)]

    def _fill(self, tags: list[Annotation]) -> None:
        self._keys, self._rows = ordered(tags, self._column, self._order)
        self._row_of = row_numbers.row_map(self._rows)

    def _reset(self) -> None:
        self._keying = None
        self._texts = {}
        self.beginResetModel()
        if self._tags.pending:
            # A long article was just opened: its rows follow after the article's first paint, once its
            # tags are indexed in slices (ui/tag_indexing.py), then keyed in slices, then listed.
            self._fill([])
            self._listing = True
            index_in_slices(self._tags, self)
        else:
            self._listing = False
            self._fill(self._passing())
        self.endResetModel()

    def _on_indexed(self) -> None:
        if self._listing:  # a turn of its own for the listing: the events waiting are handled in between
            deferred.soon(self, self._complete_and_reset, LISTING_AFTER_MS)

    def _complete_and_reset(self) -> None:
        if not self._listing:  # listed meanwhile (a filter, an edit needed the tags), or another document
            return
        if self._tags.pending:  # another long article opened meanwhile: listed once it is indexed
            index_in_slices(self._tags, self)
            return
        # Tens of thousands of new containers, none in a cycle: the collector would walk them all for nothing.
        with collector_paused():
            keying = self._keying
            if keying is None or keying.column != self._column:
                keying = self._keying = Keying(self._passing(), self._column)
            done = keying.step(KEY_SLICE)
            made_old()
            if not done:  # the next slice in the next turn: the events waiting go first
                deferred.soon(self, self._complete_and_reset)
                return
            self._keying = None
            self._listing = False
            self.beginResetModel()
            self._keys, self._rows = keying.ordered(self._order)
            self._row_of = row_numbers.row_map(self._rows)
            made_old()
            self.endResetModel()

    def listing(self) -> bool:
        """True while the rows of a document just opened are still to come."""
        return self._listing

    def refilter(self, change: Callable[[], None] = lambda: None) -> None:
        """Apply `change` (to the list filter or the Curated view) and show the rows passing now: one
        layout change, the selection kept on the rows that stay."""
        self._relayout(change, self._column, self._order)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:  # "unsorted": the rows keep an order all the same, by position
            column = QUOTE
        if (column, order) != (self._column, self._order):
            self._relayout(lambda: None, column, order)

    def sort_column(self) -> int:
        return self._column

    def sort_order(self) -> Qt.SortOrder:
        return self._order

    def _relayout(self, change: Callable[[], None], column: int, order: Qt.SortOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old_rows = self._rows
        change()
        self._column, self._order = column, order
        if self._listing:
            self._keying = None  # other rows or another column: keyed again
            self._fill([])
        else:
            self._fill(self._passing())
        moved_from = self.persistentIndexList()
        moved_to = []
        for index in moved_from:
            row = self._row_of.get(old_rows[index.row()]) if 0 <= index.row() < len(old_rows) else None
            moved_to.append(self.index(row, index.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    # -- following the OpenDocument: one row at a time ----------------------------------------------------
    def _renumber(self, first: int, last: int) -> None:
        row_numbers.renumber(self._rows, self._row_of, first, last)  # no new int per row

    def _on_changed(self, change: TagChange) -> None:
        if self._listing:  # the listing to come reads the tags as they will be then
            self._keying = None  # the keys so far may miss this change: keyed again
            return
        tag_id = change.tag_id
        row = self._row_of.get(tag_id)
        shown = change.after is not None and self._accepts(change.after)
        if row is not None and not shown:
            self._remove(row, change.before)
        elif row is None and shown:
            assert change.after is not None
            self._insert(change.after)
        elif row is not None and change.after is not None:
            self._update(row, change.after)
        self._texts.pop(tag_id, None)  # a removed tag's texts go with it

    def _remove(self, row: int, before: Annotation | None) -> None:
        tag_id = self._rows[row]
        if before is not None:
            self._leaving = {tag_id: before}
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row], self._keys[row], self._row_of[tag_id]
        self._renumber(row, len(self._rows) - 1)  # later rows move up by one
        self.endRemoveRows()
        self._leaving = {}

    def _insert(self, ann: Annotation) -> None:
        key = key_function(self._column)(ann)
        row = position(self._keys, key, self._order)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, ann.id)
        self._keys.insert(row, key)
        self._renumber(row, len(self._rows) - 1)
        self.endInsertRows()

    def _update(self, row: int, ann: Annotation) -> None:
        key = key_function(self._column)(ann)
        if key != self._keys[row]:
            old_key = self._keys.pop(row)
            to = position(self._keys, key, self._order)
            self._keys.insert(row, old_key)
            if to != row:  # the row moves (its selection with it); Qt counts the target before the move
                self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), to + 1 if to > row else to)
                del self._rows[row], self._keys[row]
                self._rows.insert(to, ann.id)
                self._keys.insert(to, key)
                self._renumber(min(row, to), max(row, to))
                self.endMoveRows()
                row = to
            else:
                self._keys[row] = key
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # -- reading ---------------------------------------------------------------------------------
    def annotation(self, annotation_id: str) -> Annotation | None:
        return self._tags.get(annotation_id)

    def annotations(self) -> list[Annotation]:
        """The tags shown, in row order."""
        return [self._tags[tag_id] for tag_id in self._rows]

    def row_of(self, annotation_id: str) -> int | None:
        return self._row_of.get(annotation_id)

    def total(self) -> int:
        """Every tag of the document, shown or not (a long article's not indexed for it)."""
        return self._tags.size()

    def set_curated(self, curated: dict[str, CuratedTag] | None) -> None:
        """Show curated tags on their first source's row (id -> curated tag), or the tags as they are."""
        shown = None if curated is None else {i: as_annotation(c) for i, c in curated.items()}
        self.refilter(lambda: setattr(self, "_curated", shown))
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def curated_ids(self) -> frozenset[str] | None:
        """The rows the Curated view shows (None: the view is off)."""
        return None if self._curated is None else frozenset(self._curated)

    # -- RowTableModel ---------------------------------------------------------------------------
    def multiData(self, index: Index, roleDataSpan: RoleSlots) -> None:
        """Every role a paint asks of a cell (~7) from one look-up of its tag, most answered "none" at
        once: a paint of the table on each key press would otherwise look the tag up for every role."""
        row = index.row()
        ann = None
        if index.isValid() and 0 <= row < len(self._rows):
            tag_id = self._rows[row]
            ann = self._tags.get(tag_id) or self._leaving.get(tag_id)
        col = index.column()
        for slot in roleDataSpan:  # type: ignore[union-attr]
            role = slot.role()
            value = None if ann is None or role not in _ANSWERED else self._answer(ann, col, role)
            if value is None:
                slot.clearData()
            else:
                slot.setData(value)

    def cell(self, tag_id: str, col: int, role: int) -> object:
        ann = self._tags.get(tag_id) or self._leaving.get(tag_id)
        if ann is None:  # only between a bulk change and the reset that follows it
            return None
        return self._answer(ann, col, role)

    def _answer(self, ann: Annotation, col: int, role: int) -> object:
        """The cell's value for one role (None: nothing), of the tag ``ann`` in column ``col``."""
        shown = ann if self._curated is None else self._curated.get(ann.id, ann)
        if role == _DISPLAY:
            return self._text(ann.id, shown, col)
        if role == _DECORATION and col == LABEL:
            return self._swatches.get(ann.label)
        if role == _TOOLTIP:
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
            return key_function(col)(ann)
        if role == AnnotationRole:
            return ann
        if role == IdRole:
            return ann.id
        if role == _FOREGROUND and ann.status == "rejected":
            return QColor("#888888")
        return None

    def _text(self, tag_id: str, shown: Annotation, col: int) -> str:
        """The text of column ``col`` on the row of tag ``tag_id`` showing ``shown`` (the tag, or its
        curated tag), made once for all the row's columns."""
        made = self._texts.get(tag_id)
        if made is None or made[0] is not shown or time.time() >= self._texts_until:
            if time.time() >= self._texts_until or len(self._texts) >= TEXTS_KEPT:
                self._texts = {}
                self._texts_until = _texts_until()
            made = self._texts[tag_id] = (shown, tuple(self._display(shown, c) for c in range(len(COLUMNS))))
        return made[1][col]

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


class AnnotationFilterProxy(QIdentityProxyModel):
    """What the table view shows: the model's rows as they are (the model sorts and filters them; a sort
    asked of the proxy, as a header click does, goes to the model), with the list filter's setters."""

    def _model(self) -> AnnotationTableModel | None:
        model = self.sourceModel()
        return model if isinstance(model, AnnotationTableModel) else None

    def multiData(self, index: Index, roleDataSpan: RoleSlots) -> None:
        forward_roles(self, index, roleDataSpan)

    def set_label_filter(self, label: str | None) -> None:
        labels = frozenset({label}) if label is not None else None
        self._set(lambda f: replace(f, labels=labels))

    def set_annotator_filter(self, annotator: str | None) -> None:
        annotators = frozenset({annotator}) if annotator is not None else None
        self._set(lambda f: replace(f, annotators=annotators))

    def _set(self, change: Callable[[TagFilter], TagFilter]) -> None:
        model = self._model()
        if model is not None:
            layer = model.open_document.tags
            model.refilter(lambda: layer.set_filter("list", change(layer.list_filter)))

    def refilter(self, change: Callable[[], None] = lambda: None) -> None:
        model = self._model()
        if model is not None:
            model.refilter(change)
        else:
            change()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self._model()
        if model is not None:
            model.sort(column, order)
