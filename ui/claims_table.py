"""The Claims pane's list: one row per card, sortable and filtered, fed row by row by the ClaimsModel.

The table holds the ids of the cards passing its filter (document, speaker, status, verdict,
check-worthiness, words), in the chosen order; every cell is read from the ClaimsModel's summaries
(`CardRow`). A changed card is one dataChanged, insert, move or remove; only a bulk change resets it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QPixmap

from db.claim_listing import by_newest
from factcheck.core.card_members import NO_CLAIM_TAG
from factcheck.core.names import shown
from ui.claims_model import CardRow, ClaimsModel
from ui.colors import swatch
from ui.dates import short_date
from ui.row_table import RowTableModel
from ui.tag_text import one_line


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClaimsTable", text)


COLUMNS = ("Claim", "Speaker", "Status", "Tags", "Check-worthy", "Verdict", "Said", "Created")
TEXT, SPEAKER, STATUS, TAGS, WORTHY, VERDICT, SAID, CREATED = range(len(COLUMNS))
IdRole = Qt.ItemDataRole.UserRole + 1  # the card's id
RowRole = Qt.ItemDataRole.UserRole + 2  # the CardRow

_TEXT_CHARS = 140
_PENDING = QColor("#808080")


def _votes(row: CardRow) -> tuple[int, int, int]:
    return row.votes.get("yes", 0), row.votes.get("no", 0), row.votes.get("unsure", 0)


def votes_text(row: CardRow) -> str:
    yes, no, unsure = _votes(row)
    if not (yes or no or unsure):
        return ""
    if unsure:
        return _tr("{yes} yes · {no} no · {unsure} ?").format(yes=yes, no=no, unsure=unsure)
    return _tr("{yes} yes · {no} no").format(yes=yes, no=no)


class _Desc:
    """A sort key compared the other way round (a descending order with bisect)."""

    __slots__ = ("key",)

    def __init__(self, key: tuple[Any, ...]) -> None:
        self.key = key

    def __lt__(self, other: _Desc) -> bool:
        return other.key < self.key


class ClaimsTableModel(RowTableModel):
    """The cards passing the filter, in the chosen order. Sorting and filtering happen here, on plain
    Python keys (a sort proxy would call data() a few hundred thousand times for 10,000 cards)."""

    COLUMNS = COLUMNS

    def __init__(self, claims: ClaimsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.claims = claims
        self.filter = CardFilter()
        self.sort_column = TAGS
        self.sort_order = Qt.SortOrder.DescendingOrder
        self._rows: list[str] = []
        self._row_of: dict[str, int] = {}
        self._swatches: dict[str, QPixmap] = {}
        self._values: dict[str, int] = {}
        self.active = False  # empty, and deaf to the ClaimsModel, until the pane is first shown
        claims.reset.connect(self._reset)
        claims.cardChanged.connect(self._card_changed)
        claims.scaleChanged.connect(self._scale_changed)

    def activate(self) -> None:
        """Load the cards (the pane was shown); from now on follow the ClaimsModel."""
        if not self.active:
            self.active = True
            self._scale_changed()
            self._reset()

    # -- order and filter --------------------------------------------------------------------------
    def _key(self, row: CardRow) -> Any:
        key = (self._key_function(self.sort_column)(row), row.created_at, row.id)
        return _Desc(key) if self.sort_order == Qt.SortOrder.DescendingOrder else key

    def _ordered(self) -> list[str]:
        every = self.filter == CardFilter()
        rows = [r for r in self.claims.rows() if every or self.filter.accepts(r)]
        # Two stable sorts, reversed by sort() itself, give the order of (key, created_at, id): the first
        # by a C-level key, the second with one Python call a row (a _Desc per row would cost one per
        # comparison).
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        rows = by_newest(rows, reverse=descending)
        rows.sort(key=self._key_function(self.sort_column), reverse=descending)
        return [r.id for r in rows]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column, self.sort_order = column, order
        if not self.active:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self.card_id(i.row()) for i in old]
        self._set_rows(self._ordered())
        new = [self.index(self._row_of[c], i.column()) if c in self._row_of else QModelIndex()
               for c, i in zip(ids, old, strict=True)]  # fmt: skip
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def set_filter(self, card_filter: CardFilter) -> None:
        if card_filter != self.filter:
            self.filter = card_filter
            self._reset()  # (nothing while inactive: activate() applies it)

    def _set_rows(self, rows: list[str]) -> None:
        self._rows = rows
        self._row_of = {card_id: i for i, card_id in enumerate(rows)}

    # -- following the ClaimsModel -----------------------------------------------------------------
    def _reset(self) -> None:
        if not self.active:
            return
        self.beginResetModel()
        self._set_rows(self._ordered())
        self.endResetModel()

    def _remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._row_of[self._rows.pop(row)]
        for i in range(row, len(self._rows)):  # later rows move up by one
            self._row_of[self._rows[i]] = i
        self.endRemoveRows()

    def _card_changed(self, card_id: str) -> None:
        if not self.active:
            return
        card = self.claims.row(card_id)
        row = self._row_of.get(card_id)
        wanted = card is not None and self.filter.accepts(card)
        if row is not None and not wanted:
            self._remove(row)
            return
        if card is None or not wanted:
            return
        rows = self.claims_rows_of(exclude=card_id)
        target = bisect.bisect(rows, self._key(card), key=self._key_of_id)
        if row is None:
            self.beginInsertRows(QModelIndex(), target, target)
            self._rows.insert(target, card_id)
            self._set_rows(self._rows)
            self.endInsertRows()
        elif target == row:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        else:  # its place in the order moved
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + (target > row))
            self._rows.pop(row)
            self._rows.insert(target, card_id)
            self._set_rows(self._rows)
            self.endMoveRows()
            self.dataChanged.emit(self.index(target, 0), self.index(target, len(COLUMNS) - 1))

    def claims_rows_of(self, exclude: str) -> list[str]:
        return [card_id for card_id in self._rows if card_id != exclude]

    def _key_of_id(self, card_id: str) -> Any:
        card = self.claims.row(card_id)
        assert card is not None  # the rows are live cards
        return self._key(card)

    def _scale_changed(self) -> None:
        if not self.active:
            return
        entries = self.claims.scale().entries
        self._swatches = {step.name: swatch(step.color) for step in entries}
        self._values = {step.name: step.value for step in entries}
        if self._rows:
            self.dataChanged.emit(self.index(0, VERDICT), self.index(len(self._rows) - 1, VERDICT))

    # -- reading ---------------------------------------------------------------------------------
    def card_id(self, row: int) -> str | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, card_id: str) -> int | None:
        return self._row_of.get(card_id)

    def cell(self, card_id: str, col: int, role: int) -> object:
        row = self.claims.row(card_id)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == IdRole:
            return card_id
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.DecorationRole and col == VERDICT and row.final_verdict:
            return self._swatches.get(row.final_verdict)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == VERDICT and not row.final_verdict:
            return _PENDING
        if role == Qt.ItemDataRole.ForegroundRole and col in (TEXT, TAGS) and row.no_claim_tag:
            return _PENDING
        if role == Qt.ItemDataRole.TextAlignmentRole and col == TAGS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(row: CardRow, col: int) -> str:
        if col == TEXT:  # its tags all relabelled since: said first, where the eye reads the list
            text = one_line(row.text, _TEXT_CHARS)
            return (
                _tr("({warning}) {text}").format(warning=_tr(NO_CLAIM_TAG), text=text)
                if row.no_claim_tag
                else text
            )
        if col == SPEAKER:
            return shown(row.speaker_name)
        if col == STATUS:
            return _tr(row.status)  # stored: only its shown name
        if col == TAGS:
            return str(row.tag_count)
        if col == WORTHY:
            return votes_text(row)
        if col == VERDICT:
            if row.final_verdict:
                return row.final_verdict
            given = sorted(set(row.verdicts.values()))
            return ("≠ " if row.disputed else "") + " / ".join(given) if given else ""
        if col == SAID:
            return row.claim_date or ""
        if col == CREATED:
            return short_date(row.created_at)
        return ""

    def _key_function(self, col: int) -> Callable[[CardRow], Any]:
        """What a column sorts by, chosen once per sort (10,000 cards: one cheap call each)."""
        values = self._values
        if col == TAGS:
            return lambda r: r.tag_count
        if col == WORTHY:  # most "yes" first when descending; fewer "no" breaks ties
            return lambda r: r.votes.get("yes", 0) * 10_000 - r.votes.get("no", 0)
        if col == STATUS:
            return lambda r: STATUS_ORDER.get(r.status, 9)
        if col == VERDICT:
            return lambda r: values.get(r.final_verdict or "", -1_000_000)
        if col == CREATED:
            return lambda r: r.created_at
        if col == SAID:
            return lambda r: r.claim_date or ""
        if col == SPEAKER:
            return lambda r: r.speaker_name.casefold()
        return lambda r: r.text.casefold()

    @staticmethod
    def _tooltip(row: CardRow, col: int) -> str:
        if col == VERDICT and row.verdicts:
            lines = [f"{who}: {verdict}" for who, verdict in sorted(row.verdicts.items())]
            head = (
                _tr("Final: {verdict} (by {who})").format(verdict=row.final_verdict, who=row.final_by)
                if row.final_verdict
                else _tr("No final verdict yet")
            )
            return "\n".join([head, *lines])
        if col in (TEXT, TAGS) and row.gone_ids and not row.tag_count:
            return _tr(
                "{n} tag(s) on the card went with a removed document or label: it has no claim tag now, and "
                "is not published or exported as a review (undo the removal, or put a claim tag on it again)"
            ).format(n=len(row.gone_ids))
        if col in (TEXT, TAGS) and row.dormant_ids:
            return _tr(
                "{n} tag(s) on the card relabelled since: not its claim tags now (relabel back, or undo, to "
                "bring them back)"
            ).format(n=len(row.dormant_ids))
        return row.text


#: The verdict filter's "annotators' verdicts differ".
DIFFER = "\0differ"

STATUS_ORDER = {"new": 0, "checking": 1, "rated": 2, "published": 3}


@dataclass(frozen=True)
class CardFilter:
    """The pane's filters; None = any."""

    document: str | None = None  # document id: a card with a tag in it
    speaker: frozenset[str] | None = None  # the ids of one speaker (its own and those merged into it)
    status: str | None = None
    verdict: str | None = None  # a scale name (the final verdict), "" = no final verdict yet, DIFFER
    worthy: str | None = None  # "yes": more yes than no votes; "no": more no than yes; "none": no votes
    text: str = ""  # words the card's text contains

    def accepts(self, row: CardRow) -> bool:
        if self.document is not None and self.document not in row.document_ids:
            return False
        if self.speaker is not None and row.speaker not in self.speaker:
            return False
        if self.status is not None and row.status != self.status:
            return False
        if self.verdict == DIFFER:
            if not row.disputed:
                return False
        elif self.verdict is not None and (row.final_verdict or "") != self.verdict:
            return False
        if self.worthy is not None:
            yes, no, unsure = _votes(row)
            if self.worthy == "yes" and not yes > no:
                return False
            if self.worthy == "no" and not no > yes:
                return False
            if self.worthy == "none" and (yes or no or unsure):
                return False
        if self.text:
            folded = row.text.casefold()
            return all(word in folded for word in self.text.casefold().split())
        return True
