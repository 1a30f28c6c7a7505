"""Add a claim tag to an existing card: the cards most like the tag first, type-ahead to narrow them.

Similarity is rapidfuzz's WRatio between the card's text and the tag's quote (or what was typed), so the
same claim said in other words in another article is near the top. Up/Down move in the list while the
cursor stays in the box; Enter takes the current card.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from rapidfuzz import fuzz, process, utils

from ui import modal
from ui.tag_text import one_line, quotable


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClaimPicker", text)


SHOWN = 200  # the best matches listed; a project may have many thousands of cards

#: A card as the picker lists it: (id, text, what else tells it apart: speaker, tags, status).
Choice = tuple[str, str, str]

_OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel


def ranked(query: str, choices: Sequence[Choice], limit: int = SHOWN) -> list[Choice]:
    """The choices most like query first (all of them, in their order, for an empty query)."""
    if not query.strip():
        return list(choices[:limit])
    texts = [text for _id, text, _more in choices]
    best = process.extract(query, texts, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit)
    return [choices[index] for _text, _score, index in best]


class ClaimPicker(QDialog):
    def __init__(self, parent: QWidget | None, quote: str, choices: Sequence[Choice]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Add the tag to a card"))
        self.resize(620, 440)
        self._quote = quote
        self._choices = list(choices)
        self.search = QLineEdit()
        self.search.setObjectName("cardSearch")
        self.search.setPlaceholderText(_tr("Type to find a card (empty: the cards most like the tag)"))
        self.search.installEventFilter(self)
        self.list = QListWidget()
        self.list.setObjectName("cardList")
        self.search.setAccessibleName(_tr("Find a card"))
        self.list.setAccessibleName(_tr("Cards"))
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        tag = QLabel(_tr("Tag: “{quote}”").format(quote=quotable(quote, 140)))
        tag.setWordWrap(True)
        layout.addWidget(tag)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._refill)
        self._refill()
        self.search.setFocus()

    def _refill(self) -> None:
        self.list.clear()
        for card_id, text, more in ranked(self.search.text() or self._quote, self._choices):
            item = QListWidgetItem(f"{one_line(text, 90)}\n    {more}" if more else one_line(text, 90))
            item.setData(Qt.ItemDataRole.UserRole, card_id)
            item.setToolTip(text)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}
            delta = step.get(Qt.Key(event.key()))
            if delta is not None and self.list.count():
                row = min(max(self.list.currentRow() + delta, 0), self.list.count() - 1)
                self.list.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def accept(self) -> None:
        if self.chosen() is not None:
            super().accept()


def pick_card(parent: QWidget | None, quote: str, choices: Sequence[Choice]) -> str | None:
    """The chosen card's id, or None if cancelled (a function: tests replace it)."""
    dialog = ClaimPicker(parent, quote, choices)
    return dialog.chosen() if modal.accepted(dialog) else None
