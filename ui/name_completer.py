"""Completion and filtering over speakers' names as factcheck compares names (`factcheck.core.speakers.
name_key`): case, runs of spaces and typographic quotes aside, so that "O'B" typed on a keyboard finds
"O’Brien" as the article prints it, where the W box, the card editor and the Speakers dialog would then
take "O'Brien" as that same speaker."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QWidget

from factcheck.core.speakers import name_key

#: The role holding a name's key, which completion and filters match against.
KEY_ROLE = Qt.ItemDataRole.UserRole + 41


def typed_key(text: str) -> str:
    """What typed text matches in a name's key: the key of its words, a space kept at its end (a second
    word begun)."""
    key = name_key(text)
    return f"{key} " if key and text[-1:].isspace() else key


class NameCompleter(QCompleter):
    """A completer over names, matching anywhere in them as names compare; what it puts in the box is the
    name as written."""

    def __init__(self, names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        model = QStandardItemModel(self)
        for name in names:
            item = QStandardItem(name)
            item.setData(name_key(name), KEY_ROLE)
            model.appendRow(item)
        self.setModel(model)
        self.setCompletionRole(KEY_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)  # (keys are case-folded already)
        self.setFilterMode(Qt.MatchFlag.MatchContains)

    def splitPath(self, path: str) -> list[str]:
        return [typed_key(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")
