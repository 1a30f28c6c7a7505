"""The find bar under the article (Ctrl+F). It finds as one types (the first match from where the
current one starts, so adding a letter keeps the same match when it still fits), says "3 of 12" or
"No match"; Enter finds the next match, Shift+Enter the previous one, Esc closes it. It matches as Search
all documents compares words (`factcheck.core.text_find`): accents, quotes, dashes and runs of
whitespace folded, case too unless Match case.

The article's fold (20 MB for the 5 MB article: 4 bytes a code point once it holds an emoji; and a copy
of it a byte a code point, 5 MB, which the count counts in 2-3 times faster), which the view finds in
and the count counts in, is kept while the bar is open on one text only: let go of when the
bar closes or another text is shown. It held the text it was made from too, so an article opened again (a
new copy from the store) kept two copies of the old one until the next find: 40 MB nobody used.

A long article is folded a slice at a time between the window's turns once the bar opens (`FOLD_SLICE_CHARS`,
a few ms each: folding the 5 MB article at once held the window 100-300 ms); what is typed, Enter or F3
meanwhile waits for the fold ("Searching…") and is answered once it is done. Another text shown, the other
case setting or the bar closed starts it anew or lets go of it."""

from __future__ import annotations

from typing import Literal, Protocol

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QWidget

from factcheck.core.text_find import SLICE_CHARS, TextFolds


def _tr(text: str) -> str:
    return QCoreApplication.translate("FindBar", text)


#: A text longer than this is folded in slices of this many characters (`text_find.FoldJob`), one per turn
#: of the event loop; a shorter one at once.
FOLD_SLICE_CHARS = SLICE_CHARS

#: A find asked for while the fold is not ready: as typed, Enter (next) or Shift+Enter (previous).
Wanted = Literal["typed", "next", "previous"]


class FindTarget(Protocol):
    """What the bar searches: the article view (its stored text, selection and find)."""

    #: The target's text folded for find, which the bar counts in too and lets go of when closed.
    find_folds: TextFolds

    def find(self, needle: str, backward: bool = False, case_sensitive: bool = False) -> bool: ...
    def document_text(self) -> str: ...
    def selected_span(self) -> tuple[int, int] | None: ...
    def select_span(self, start: int, end: int) -> None: ...


def _button(text: str, tip: str, name: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(name)
    button.setAutoRaise(True)
    return button


class _FindEdit(QLineEdit):
    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self._bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._bar.find_text(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return
        if event.key() == Qt.Key.Key_Escape:
            self._bar.close_bar()
            return
        super().keyPressEvent(event)


class MatchCounter:
    """How many matches a text has and which one starts where: counted in the fold the view finds in
    (`text_find`, shared with it: one fold per text, so the count is of what Find next visits), with
    str.count (a 5 MB article answers in milliseconds, as one types)."""

    def __init__(self, folds: TextFolds | None = None) -> None:
        self._folds = folds if folds is not None else TextFolds()

    def forget(self) -> None:
        """Hold no fold (the bar closed, another text shown): made again at the next find."""
        self._folds.forget()

    def holds(self) -> bool:
        """Whether a fold is held (for tests)."""
        return self._folds.holds() is not None

    def count(self, text: str, needle: str, case_sensitive: bool, at: int) -> tuple[int, int]:
        """(matches in all, the number of the one starting at `at`, 1-based; 0 when none starts there)."""
        return self._folds.get(text, case_sensitive).count(needle, at)


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, target: FindTarget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._target = target
        self._counter = MatchCounter(target.find_folds)
        self.edit = _FindEdit(self)
        self.edit.setPlaceholderText(_tr("Find in article"))
        self.edit.setAccessibleName(_tr("Find in article"))
        self.edit.setClearButtonEnabled(True)
        self.case = QCheckBox(_tr("Match case"))
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        self.status.setAccessibleName(_tr("Find result"))
        previous = _button("▲", _tr("Previous match (Shift+Enter, Shift+F3)"), _tr("Previous match"))
        following = _button("▼", _tr("Next match (Enter, F3)"), _tr("Next match"))
        close = _button("✕", _tr("Close (Esc)"), _tr("Close find bar"))
        previous.clicked.connect(lambda: self.find_text(backward=True))
        following.clicked.connect(lambda: self.find_text())
        close.clicked.connect(self.close_bar)
        self.edit.textChanged.connect(lambda _: self.find_incremental())
        self.case.toggled.connect(lambda _: self.find_incremental())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel(_tr("Find:")))
        layout.addWidget(self.edit, 1)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(self.case)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.hide()
        # The fold's slices, one per turn of the event loop, while the bar is open or a find waits.
        self._slices = QTimer(self)
        self._slices.setInterval(0)
        self._slices.timeout.connect(self._fold_slice)
        self._wanted: list[Wanted] = []  # in the order asked for
        if isinstance(target, QPlainTextEdit):  # another text shown (the article is read-only otherwise)
            target.document().contentsChange.connect(self._text_changed)

    def _text_changed(self, _position: int, removed: int, added: int) -> None:
        folds = self._target.find_folds
        held, folding = folds.holds(), folds.folding()
        shown = self._target.document_text()
        # (A tag drawn changes formats only, the text kept: its fold and its slices too.)
        if (removed or added) and (
            (held is not None and held.text is not shown) or (folding is not None and folding is not shown)
        ):
            self._counter.forget()
            if self.isVisible() or self._wanted:
                self._slices.start()  # the text shown now, from its start

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        if self.edit.text():
            self.find_incremental()
        else:
            # The article folded once the bar is on screen, before the first key (the first letter found
            # as fast as the next), a long one in slices between the window's turns.
            self._slices.start()

    def _ready(self) -> bool:
        """Whether the shown text's fold is held (made at once for a short text); else its slices go on,
        one per turn of the event loop."""
        text, case = self._target.document_text(), self.case.isChecked()
        folds = self._target.find_folds
        if folds.ready(text, case):
            return True
        if len(text) <= FOLD_SLICE_CHARS:
            folds.get(text, case)
            return True
        self._slices.start()
        return False

    def _fold_slice(self) -> None:
        text, case = self._target.document_text(), self.case.isChecked()
        if not self.isVisible() and not self._wanted:  # closed meanwhile
            self._slices.stop()
            return
        folds = self._target.find_folds
        if not folds.ready(text, case):
            if len(text) <= FOLD_SLICE_CHARS:
                folds.get(text, case)
            else:
                # The finds asked for meanwhile at the next turn (the fold grows in place: no last join).
                folds.fold_slice(text, case, FOLD_SLICE_CHARS)
                return
        self._slices.stop()
        wanted, self._wanted = self._wanted, []
        for asked in wanted:
            if asked == "typed":
                self.find_incremental()
            else:
                self.find_text(backward=asked == "previous")

    def _wait(self, wanted: Wanted) -> bool:
        """Answer wanted once the fold is done (letters typed meanwhile: once, with all of them); meanwhile
        say so."""
        if wanted != "typed" or self._wanted[-1:] != ["typed"]:
            self._wanted.append(wanted)
        self._show(_tr("Searching…"), found=True)
        return False

    def close_bar(self) -> None:
        self.hide()
        self._slices.stop()
        self._wanted = []
        self._counter.forget()
        self.closed.emit()

    def find_incremental(self) -> bool:
        """As one types: the first match at or after where the current one starts."""
        if not self.edit.text():
            self._wanted = []
            self._show("", found=True)
            return False
        if not self._ready():
            return self._wait("typed")
        span = self._target.selected_span()
        if span is not None:
            self._target.select_span(span[0], span[0])  # search from the match's start, not past it
        return self.find_text()

    def find_text(self, backward: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            self.open_bar()
            return False
        if not self._ready():
            return self._wait("previous" if backward else "next")
        case = self.case.isChecked()
        found = self._target.find(needle, backward=backward, case_sensitive=case)
        if not found:
            self._show(_tr("No match"), found=False)
            return False
        current = self._target.selected_span()
        at = current[0] if current is not None else -1
        total, position = self._counter.count(self._target.document_text(), needle, case, at)
        shown = (
            _tr("{position} of {total}").format(position=f"{position:,}", total=f"{total:,}")
            if position
            else _tr("{total} matches").format(total=f"{total:,}")
        )
        self._show(shown, found=True)
        return True

    def _show(self, text: str, *, found: bool) -> None:
        self.status.setText(text)
        if self.edit.property("notFound") is (not found):
            return
        self.edit.setProperty("notFound", not found)
        # Re-polish so the style sheet's [notFound="true"] rule applies.
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)
