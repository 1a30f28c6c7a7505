"""The find bar under the article (Ctrl+F). It finds as one types (the first match from where the
current one starts, so adding a letter keeps the same match when it still fits), says "3 of 12" or
"No match"; Enter finds the next match, Shift+Enter the previous one, Esc closes it.

The count's lowercased copy of the article (20 MB for the 5 MB article: 4 bytes a code point once it holds
an emoji) is kept while the bar is open on one text only: let go of when the bar closes or another text
is shown. It held the text it was made from too, so an article opened again (a new copy from the store)
kept two copies of the old one until the next find: 40 MB nobody used."""

from __future__ import annotations

import re
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("FindBar", text)


class FindTarget(Protocol):
    """What the bar searches: the article view (its stored text, selection and find)."""

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


def match_spans(text: str, needle: str, case_sensitive: bool) -> list[tuple[int, int]]:
    """Every match of needle in text, as code point spans (non-overlapping, in order)."""
    if not needle:
        return []
    pattern = re.compile(re.escape(needle), 0 if case_sensitive else re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


#: The common letter of a class whose lowest code point is the rarer one (the micro sign, a final sigma).
_COMMON = {"\u00b5": "\u03bc", "\u03c2": "\u03c3"}


def _case_classes() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The regex's extra case classes: letters Python's `re.IGNORECASE` matches as one though their
    lowercase forms differ (σ and ς, s and ſ, i and ı, µ and μ, θ and ϑ…), as each member -> (the class's
    common letter, its other letters). A lowercased text counts what the regex, and so Find next, finds
    once each of those is written as the common one. None when this Python keeps the classes elsewhere:
    every count then goes the regex way."""
    try:
        from re import _casefix  # type: ignore[attr-defined]  # sre's IGNORECASE classes (Python 3.11+)
    except ImportError:  # pragma: no cover - another Python's layout
        return {}
    classes: dict[str, tuple[str, tuple[str, ...]]] = {}
    for code, others in _casefix._EXTRA_CASES.items():
        members = sorted(chr(c) for c in (code, *others))
        common = _COMMON.get(members[0], members[0])
        rare = tuple(m for m in members if m != common)
        classes.update(dict.fromkeys(members, (common, rare)))
    return classes


_CASE_CLASSES = _case_classes()
_AS_COMMON = {ord(m): common for m, (common, _) in _CASE_CLASSES.items()}


class MatchCounter:
    """How many matches a text has and which one starts where: with str.count on a lowercased copy
    kept per text (a 5 MB article answers in milliseconds, as one types), each of the regex's extra case
    classes the needle meets written as one letter (`_case_classes`: σ and ς are one to Find next); by
    regex when lowercasing changes the length (a dotted capital I), so that positions stay code points."""

    def __init__(self) -> None:
        self._text: str | None = None
        self._lowered = ""
        self._folded: set[str] = set()  # the rare case-class letters written as their common one

    def forget(self) -> None:
        """Hold no text (the bar closed, another text shown): made again at the next count."""
        self._text, self._lowered, self._folded = None, "", set()

    def holds(self) -> bool:
        """Whether a text and its lowercased copy are held (for tests)."""
        return self._text is not None

    def _haystack(self, text: str, needle: str, case_sensitive: bool) -> tuple[str, str] | None:
        if case_sensitive:
            return text, needle
        if not _CASE_CLASSES:
            return None
        if self._text is not text:
            self._text, self._lowered, self._folded = text, text.lower(), set()
        lowered = needle.lower()
        if len(self._lowered) != len(text) or len(lowered) != len(needle):
            return None
        # The rare letters of the needle's case classes written as their common one in the copy, each
        # once per text (a whole-text translation costs a second on a 5 MB article).
        for letter in set(lowered).intersection(_CASE_CLASSES):
            common, rare = _CASE_CLASSES[letter]
            for other in rare:
                if other not in self._folded and other in self._lowered:
                    self._lowered = self._lowered.replace(other, common)
                self._folded.add(other)
        return self._lowered, lowered.translate(_AS_COMMON)

    def count(self, text: str, needle: str, case_sensitive: bool, at: int) -> tuple[int, int]:
        """(matches in all, the number of the one starting at `at`, 1-based; 0 when none starts there)."""
        pair = self._haystack(text, needle, case_sensitive)
        if pair is None:
            spans = match_spans(text, needle, case_sensitive)
            starts = [s for s, _ in spans]
            return len(spans), starts.index(at) + 1 if at in starts else 0
        hay, pin = pair
        total = hay.count(pin)
        here = hay.count(pin, 0, at) + 1 if hay.startswith(pin, at) else 0
        return total, here


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, target: FindTarget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._target = target
        self._counter = MatchCounter()
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
        if isinstance(target, QPlainTextEdit):  # another text shown (the article is read-only otherwise)
            target.document().contentsChange.connect(self._text_changed)

    def _text_changed(self, _position: int, removed: int, added: int) -> None:
        if removed or added:
            self._counter.forget()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        if self.edit.text():
            self.find_incremental()

    def close_bar(self) -> None:
        self.hide()
        self._counter.forget()
        self.closed.emit()

    def find_incremental(self) -> bool:
        """As one types: the first match at or after where the current one starts."""
        if not self.edit.text():
            self._show("", found=True)
            return False
        span = self._target.selected_span()
        if span is not None:
            self._target.select_span(span[0], span[0])  # search from the match's start, not past it
        return self.find_text()

    def find_text(self, backward: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            self.open_bar()
            return False
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
        self.edit.setProperty("notFound", not found)
        # Re-polish so the style sheet's [notFound="true"] rule applies.
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)
