"""The Claims pane (dock content): the project's claim cards, filtered and sorted, and the opened card.

Keyboard: type in the search box or Tab to the list; Up/Down walk the cards (the card below follows);
Enter opens the card's tags, where Enter jumps to a tag in its document. On a card: E edits it, Y / N / U
vote check-worthy yes / no / unsure (with a reason), V gives your verdict, F the final verdict (the
reviewer's), S moves its status on (new → checking → rated → published), Shift+S back, Delete deletes the
card (in the tag list: takes the tag off the card). Every change is an undoable command on the window's
undo stack. The pane follows the ClaimsModel's signals and keeps nothing of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.claim_card import CardView
from ui.claim_flows import CardActions
from ui.claims_model import STATUSES, CardRow, ClaimsModel
from ui.claims_table import (
    COLUMNS,
    CREATED,
    DIFFER,
    SAID,
    SPEAKER,
    STATUS,
    TAGS,
    TEXT,
    VERDICT,
    WORTHY,
    CardFilter,
    ClaimsTableModel,
)
from ui.row_table import setup_table
from ui.speaker_claims import SpeakerClaimsWindow
from ui.typed_text import esc_clears

#: The orders the Sort box offers: (title, column, order).
SORTS = (
    ("Most tagged", TAGS, Qt.SortOrder.DescendingOrder),
    ("Most check-worthy votes", WORTHY, Qt.SortOrder.DescendingOrder),
    ("Newest", CREATED, Qt.SortOrder.DescendingOrder),
    ("Oldest", CREATED, Qt.SortOrder.AscendingOrder),
    ("Claim A–Z", TEXT, Qt.SortOrder.AscendingOrder),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClaimsPane", text)


WORTHY_FILTERS = (("Any", None), ("Mostly yes", "yes"), ("Mostly no", "no"), ("No votes yet", "none"))
ANY = "Any"


def _combo(name: str, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(tip)
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(5)  # the row fits a narrow dock; the open list shows names whole
    return combo


class ClaimsPane(QWidget):
    jumpTo = Signal(str, str)  # annotation id, document id: the window opens the document at the tag
    speakerChosen = Signal(object)  # the speaker filter's speaker id, or None

    def __init__(self, claims: ClaimsModel, actions: CardActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClaimsPane")
        self.claims = claims
        self.actions_ = actions
        self._opened: str | None = None

        # -- filters ---------------------------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setObjectName("claimSearch")
        self.search.setPlaceholderText(_tr("Find cards (words of the claim)"))
        self.search.setAccessibleName(_tr("Find cards"))  # a screen reader does not say a placeholder
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
        esc_clears(self.search)  # a filter, not work: Esc clears it, nothing to ask
        self.document_filter = _combo("documentFilter", _tr("Cards with a tag in this document"))
        self.speaker_filter = _combo("speakerFilter", _tr("Cards of this speaker"))
        self.status_filter = _combo("statusFilter", _tr("Cards in this status"))
        self.verdict_filter = _combo("verdictFilter", _tr("Cards with this final verdict"))
        self.worthy_filter = _combo("worthyFilter", _tr("Cards by their check-worthiness votes"))
        self.sort_box = _combo("sortBox", _tr("The order of the cards"))
        for title, _column, _order in SORTS:
            self.sort_box.addItem(_tr(title))
        self.status_filter.addItem(_tr(ANY), None)
        for status in STATUSES:
            self.status_filter.addItem(_tr(status), status)  # stored: only its shown name
        for title, value in WORTHY_FILTERS:
            self.worthy_filter.addItem(_tr(title), value)
        self.count = QLabel()
        self.count.setObjectName("claimCount")
        # The search and the filters in two rows of three: one row of seven made the dock, and so the
        # window, over 1000 pixels wide, past an 800x600 screen.
        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setVerticalSpacing(2)
        filters.addWidget(self.search, 0, 0, 2, 1)
        filters.setColumnStretch(0, 3)
        named = (("&Document", self.document_filter), ("Spea&ker", self.speaker_filter),
                 ("S&ort", self.sort_box), ("Stat&us", self.status_filter),
                 ("Verd&ict", self.verdict_filter), ("Worth&y", self.worthy_filter))  # fmt: skip
        # Letters no menu has (Alt+V is View's): on one letter, Alt+V opened neither at the first press
        for i, (text, combo) in enumerate(named):
            label = QLabel(_tr(text))
            label.setBuddy(combo)
            row, column = divmod(i, 3)
            filters.addWidget(label, row, 1 + 2 * column)
            filters.addWidget(combo, row, 2 + 2 * column)
            filters.setColumnStretch(2 + 2 * column, 1)
        self.tally = QLabel()
        self.tally.setObjectName("speakerTally")
        self.speaker_button = QToolButton()
        self.speaker_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.tally_row = QWidget()
        tally_layout = QHBoxLayout(self.tally_row)
        tally_layout.setContentsMargins(0, 0, 0, 0)
        tally_layout.addWidget(self.tally)
        tally_layout.addWidget(self.speaker_button)
        tally_layout.addStretch(1)
        self.tally_row.hide()
        self.speaker_window: SpeakerClaimsWindow | None = None

        # -- the list and the card -------------------------------------------------------------------
        self.model = ClaimsTableModel(claims, self)
        self.view = setup_table(QTableView())
        self.view.setObjectName("claimsList")
        self.view.setAccessibleName(_tr("Claim cards"))
        self.view.setAccessibleDescription(
            _tr("One row per card; the card beside follows the current row, Enter goes to its tags.")
        )
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(TAGS, Qt.SortOrder.DescendingOrder)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().horizontalAdvance
        samples = {SPEAKER: "Anna Smith", STATUS: "checking", TAGS: "Tags", WORTHY: "12 yes · 3 no · 1 ?",
                   VERDICT: "Mostly false ••", SAID: "2024-05-06", CREATED: "2024-05-06"}  # fmt: skip
        for column, sample in samples.items():
            header.resizeSection(column, max(width(sample), width(COLUMNS[column])) + 20)
        self.view.setColumnHidden(CREATED, True)  # the claim needs the room; "Newest" sorts by it
        self.card = CardView()
        # The card scrolls in a short dock rather than holding the window taller than a small screen.
        card_area = QScrollArea()
        card_area.setObjectName("cardArea")
        card_area.setAccessibleName(_tr("Opened card"))
        card_area.setWidgetResizable(True)
        card_area.setFrameShape(QFrame.Shape.NoFrame)
        card_area.setWidget(self.card)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(card_area)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([700, 460])
        self.splitter = split

        # -- actions (while the pane has focus) ------------------------------------------------------
        def action(text: str, keys: str | list[str], tip: str, slot: Callable[[], object],
                   on: QWidget | None = None) -> QAction:  # fmt: skip
            act = QAction(_tr(text), self)
            act.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
            context = (
                Qt.ShortcutContext.WidgetShortcut if on else Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            act.setShortcutContext(context)
            key = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(_tr("{tip} ({key})").format(tip=_tr(tip), key=key))
            act.setStatusTip(_tr(tip))
            act.triggered.connect(lambda _checked=False: slot())
            (on or self).addAction(act)
            return act

        self.edit_action = action("&Edit card…", "E", "Edit the card's claim, speaker, date and URLs",
                                  self.edit_card)  # fmt: skip
        self.yes_action = action("Check-worthy: &yes…", "Y", "Vote: worth checking", lambda: self.vote("yes"))
        self.no_action = action(
            "Check-worthy: &no…", "N", "Vote: not worth checking", lambda: self.vote("no")
        )
        self.unsure_action = action(
            "Check-worthy: &unsure…", "U", "Vote: unsure", lambda: self.vote("unsure")
        )
        self.verdict_action = action(
            "Your &verdict…", "V", "Give your verdict on the card", self.give_verdict
        )
        self.final_action = action("&Final verdict…", "F", "Set the final verdict (as reviewer)",
                                   lambda: self.give_verdict(final=True))  # fmt: skip
        self.status_action = action("Next &status", "S", "Move the card's status on (new → published)",
                                    lambda: self.step_status(1))  # fmt: skip
        self.status_back_action = action("&Previous status", "Shift+S", "Move the card's status back",
                                         lambda: self.step_status(-1))  # fmt: skip
        self.delete_action = action("&Delete card", "Delete", "Delete the card (its tags stay)",
                                    self.delete_card, on=self.view)  # fmt: skip
        self.remove_tag_action = action("&Take tag off the card", "Delete", "Take the tag off the card",
                                        self.remove_tag, on=self.card.tags_view)  # fmt: skip
        self.speaker_action = action("Speaker's cards and &tally…", "Ctrl+T",
                                     "The chosen speaker's cards and verdicts, in a window",
                                     self.show_speaker)  # fmt: skip
        self.speaker_button.setDefaultAction(self.speaker_action)
        self.back_action = QAction(_tr("Back to the list"), self)  # Esc in the card's tables
        self.back_action.setShortcut(QKeySequence("Esc"))
        self.back_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.back_action.triggered.connect(lambda _checked=False: self.view.setFocus())
        for table in (self.card.tags_view, self.card.verdicts_view):
            table.addAction(self.back_action)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        # A tool bar: in a narrow pane the buttons that do not fit go behind its » menu (a row of them
        # held the window over 800 pixels wide); their keys work either way.
        bar = QToolBar()
        bar.setObjectName("cardButtons")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setFloatable(False)
        bar.setMovable(False)
        bar.addActions([self.edit_action, self.yes_action, self.no_action, self.unsure_action,
                        self.verdict_action, self.final_action, self.status_action])  # fmt: skip
        buttons.addWidget(bar, 1)
        buttons.addWidget(self.count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(self.tally_row)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self._filter_timer = QTimer(self, singleShot=True, interval=150)  # typing: filter once per pause
        self._filter_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _text: self._filter_timer.start())
        for combo in (self.document_filter, self.speaker_filter, self.status_filter, self.verdict_filter,
                      self.worthy_filter):  # fmt: skip
            combo.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.sort_box.currentIndexChanged.connect(self._sort_chosen)
        self.view.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self._update_count())
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.activated.connect(lambda _index: self.card.tags_view.setFocus())
        self.card.jumpTo.connect(self.jumpTo)
        self.model.modelReset.connect(self._after_reset)
        self.model.rowsInserted.connect(lambda *_: self._update_count())
        self.model.rowsRemoved.connect(lambda *_: self._after_remove())
        claims.cardChanged.connect(self._card_changed)
        claims.reset.connect(self._fill_filters)
        claims.scaleChanged.connect(self._fill_filters)
        self._enable()

    def activate(self) -> None:
        """Load and show the cards (the dock calls it when first shown: until then the pane costs
        nothing)."""
        if self.model.active:
            return
        self.model.activate()
        self._fill_filters()
        self._update_count()

    # -- public ----------------------------------------------------------------------------------
    def current_card_id(self) -> str | None:
        return self.model.card_id(self.view.currentIndex().row())

    def open_card(self, card_id: str, *, focus_tags: bool = False) -> bool:
        """Make the card current (clearing the filters when they hide it); False if it is no live card."""
        self.activate()
        if self.claims.row(card_id) is None:
            return False
        if self.model.row_of(card_id) is None:
            self.clear_filters()
        row = self.model.row_of(card_id)
        if row is None:
            return False
        self.view.setCurrentIndex(self.model.index(row, TEXT))
        self.view.scrollTo(self.model.index(row, TEXT))
        self._show(card_id)
        if focus_tags:
            self.card.tags_view.setFocus()
        return True

    def clear_filters(self) -> None:
        with QSignalBlocker(self.search):
            self.search.clear()
        for combo in (self.document_filter, self.speaker_filter, self.status_filter, self.verdict_filter,
                      self.worthy_filter):  # fmt: skip
            with QSignalBlocker(combo):
                combo.setCurrentIndex(0)
        self._apply_filter()

    def set_speaker_filter(self, speaker_id: str | None) -> None:
        index = self.speaker_filter.findData(speaker_id)
        self.speaker_filter.setCurrentIndex(max(index, 0))

    def show_speaker(self) -> SpeakerClaimsWindow | None:
        """The speaker of the speaker filter: their cards and tally in a window (Enter opens a card here)."""
        speaker = self.speaker_filter.currentData()
        if speaker is None:
            return None
        window = SpeakerClaimsWindow(self.claims, speaker, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.widget.openCard.connect(lambda card_id: self.open_card(card_id))
        window.destroyed.connect(self._speaker_window_closed)
        self.speaker_window = window
        window.show()
        return window

    def _speaker_window_closed(self) -> None:
        self.speaker_window = None

    def set_document_filter(self, document_id: str | None) -> None:
        index = self.document_filter.findData(document_id)
        self.document_filter.setCurrentIndex(max(index, 0))

    # -- filters ---------------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        if not self.model.active:
            return

        def refill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
            chosen = combo.currentData()
            with QSignalBlocker(combo):
                combo.clear()
                for text, data in items:
                    combo.addItem(text, data)
                combo.setCurrentIndex(max(combo.findData(chosen), 0))

        refill(self.document_filter, [(_tr(ANY), None), *((t, i) for i, t in self.claims.documents())])
        refill(self.speaker_filter, [(_tr(ANY), None), *((n, i) for i, n in self.claims.card_speakers())])
        scale = [(s.name, s.name) for s in self.claims.scale().entries]
        refill(self.verdict_filter, [(_tr(ANY), None), (_tr("No final verdict yet"), ""),
                                     (_tr("Annotators' verdicts differ"), DIFFER), *scale])  # fmt: skip
        self._apply_filter()

    def _filter(self) -> CardFilter:
        speaker = self.speaker_filter.currentData()
        return CardFilter(
            document=self.document_filter.currentData(),
            speaker=self.claims.speaker_ids(speaker) if speaker is not None else None,
            status=self.status_filter.currentData(),
            verdict=self.verdict_filter.currentData(),
            worthy=self.worthy_filter.currentData(),
            text=self.search.text().strip(),
        )

    def _apply_filter(self) -> None:
        keep = self._opened
        self.model.set_filter(self._filter())
        if keep is not None and self.model.row_of(keep) is not None:
            row = self.model.row_of(keep)
            assert row is not None
            with QSignalBlocker(self.view.selectionModel()):
                self.view.setCurrentIndex(self.model.index(row, TEXT))
        self._update_tally()
        self._update_count()

    def _update_tally(self) -> None:
        speaker = self.speaker_filter.currentData()
        self.speakerChosen.emit(speaker)
        if speaker is None:
            self.tally_row.hide()
            return
        self.tally.setText(self.claims.tally_text(speaker))
        self.tally_row.show()

    def _sort_chosen(self, index: int) -> None:
        if 0 <= index < len(SORTS):
            _title, column, order = SORTS[index]
            self.view.sortByColumn(column, order)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.claims.card_ids())
        if shown != total:
            text = _tr("{shown} of {total} card") if total == 1 else _tr("{shown} of {total} cards")
        else:
            text = _tr("{total} card") if total == 1 else _tr("{total} cards")
        self.count.setText(text.format(shown=shown, total=total))

    # -- the opened card -------------------------------------------------------------------------
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.model.card_id(current.row()))

    def _show(self, card_id: str | None) -> None:
        self._opened = card_id
        detail = self.claims.detail(card_id) if card_id is not None else None
        self.card.show_card(detail, self.claims.scale())
        self._enable()

    def _card_changed(self, card_id: str) -> None:
        if not self.model.active:
            return
        if card_id == self._opened:
            self._show(card_id if self.claims.row(card_id) is not None else None)
        row = self.claims.row(card_id)
        if row is not None and self._new_choice(row):
            self._fill_filters()  # a speaker or document the filters do not offer yet
        if self.speaker_filter.currentData() is not None:
            self._update_tally()
        self._update_count()

    def _new_choice(self, row: CardRow) -> bool:
        speaker = self.claims.resolve_speaker(row.speaker) if row.speaker else None
        if speaker is not None and self.speaker_filter.findData(speaker) < 0:
            return True
        return any(self.document_filter.findData(d) < 0 for d in row.document_ids)

    def _after_reset(self) -> None:
        self._update_count()
        if self._opened is None and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, TEXT))  # a card open from the start
            return
        if self._opened is not None and self.model.row_of(self._opened) is not None:
            row = self.model.row_of(self._opened)
            assert row is not None
            with QSignalBlocker(self.view.selectionModel()):
                self.view.setCurrentIndex(self.model.index(row, TEXT))
            self._show(self._opened)
        elif self._opened is not None and self.claims.row(self._opened) is None:
            self._show(None)

    def _after_remove(self) -> None:
        self._update_count()
        self._show(self.current_card_id())

    def _enable(self) -> None:
        has = self._opened is not None
        for act in (self.edit_action, self.yes_action, self.no_action, self.unsure_action,
                    self.verdict_action, self.final_action, self.status_action, self.status_back_action,
                    self.delete_action, self.remove_tag_action):  # fmt: skip
            act.setEnabled(has)

    # -- commands (each asks, checks and pushes through CardActions) --------------------------------
    def _current(self) -> str | None:
        if self._opened is None:
            self.actions_.status(_tr("Choose a card first."))
        return self._opened

    def edit_card(self) -> bool:
        card_id = self._current()
        return card_id is not None and self.actions_.edit_card(card_id)

    def vote(self, value: str) -> bool:
        card_id = self._current()
        return card_id is not None and self.actions_.vote(card_id, value)

    def give_verdict(self, final: bool = False) -> bool:
        card_id = self._current()
        return card_id is not None and self.actions_.give_verdict(card_id, final)

    def step_status(self, delta: int) -> bool:
        card_id = self._current()
        return card_id is not None and self.actions_.step_status(card_id, delta)

    def delete_card(self) -> bool:
        card_id = self._current()
        return card_id is not None and self.actions_.delete_card(card_id)

    def remove_tag(self) -> bool:
        card_id = self._current()
        tag = self.card.current_tag()
        if card_id is None or tag is None or tag.relation != "claim":
            return False
        return self.actions_.detach(card_id, tag.annotation_id)
