"""Help > Keyboard shortcuts: generated from the window's own actions, so it never goes stale.

The groups follow the menu bar (File, Edit, View, Review, Help, in its order), after the label keys;
actions that are in no menu (F2 for a note, the review panel's keys) join the row of the same command or
an "Other keys" group. Keys are shown in the platform's native text, and only keys one can type: the
extra keys some standard shortcuts bring (Undo's F14 and "Undo" key on X11, Help's key) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.typed_text import esc_clears


def _tr(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


#: The property an action may carry with its name for Help, when its text changes (Undo "Tag …").
HELP_NAME = "helpName"


def _widget_keys() -> tuple[tuple[str, str], ...]:
    """Keys handled by widgets rather than actions: (what, keys)."""
    return (
        (_tr("Select text"), _tr("Mouse drag, double-click a word, Shift+arrows")),
        (_tr("Find bar: next / previous match"), _tr("Enter / Shift+Enter")),
        (_tr("Find bar: close"), _tr("Esc")),
        (_tr("Filter fields: clear what was typed"), _tr("Esc")),
        (_tr("Tags table, document list: move between rows"), _tr("Up / Down")),
        (_tr("Note editor: save / cancel"), _tr("Ctrl+Enter / Esc")),
    )


_K = Qt.Key
_NAMED_KEYS = {
    _K.Key_Tab, _K.Key_Backtab, _K.Key_Return, _K.Key_Enter, _K.Key_Delete, _K.Key_Backspace,
    _K.Key_Escape, _K.Key_Insert, _K.Key_Home, _K.Key_End, _K.Key_PageUp, _K.Key_PageDown,
    _K.Key_Left, _K.Key_Right, _K.Key_Up, _K.Key_Down, _K.Key_Space,
}  # fmt: skip
_FUNCTION_KEYS = range(_K.Key_F1.value, _K.Key_F12.value + 1)
_KEY_HINT = re.compile(r"\s*\(([^)]*)\)\s*$")


@dataclass
class Row:
    what: str
    keys: list[str] = field(default_factory=list)


@dataclass
class Group:
    title: str
    rows: list[Row] = field(default_factory=list)


def _typeable(seq: QKeySequence) -> bool:
    """A sequence of one key one can find on a keyboard (no F13+, no media or "Undo" keys)."""
    if seq.count() != 1:
        return seq.count() > 1
    key = cast(Any, seq)[0].key()  # QKeySequence[i] is a QKeyCombination (missing from the stubs)
    return key.value < 0x01000000 or key in _NAMED_KEYS or key.value in _FUNCTION_KEYS


def key_texts(action: QAction) -> list[str]:
    """The action's keys as the platform writes them, typeable ones only, each once (Return = Enter)."""
    texts: list[str] = []
    for seq in action.shortcuts():
        if not _typeable(seq):
            continue
        text = seq.toString(QKeySequence.SequenceFormat.NativeText).replace("Return", "Enter")
        if text and text not in texts:
            texts.append(text)
    return texts


def action_name(action: QAction) -> str:
    name = action.property(HELP_NAME)
    text = name if isinstance(name, str) and name else action.text()
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    hint = _KEY_HINT.search(text)
    if hint and hint.group(1) in key_texts(action):  # "Next (N)": the key has its own column
        text = text[: hint.start()]
    return text.rstrip("…").strip()


def _add(group: Group, name: str, keys: list[str]) -> None:
    for row in group.rows:
        if row.what == name:
            row.keys += [k for k in keys if k not in row.keys]
            return
    group.rows.append(Row(name, list(keys)))


def _menu_actions(menu: QMenu) -> Iterable[QAction]:
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            yield from _menu_actions(sub)
        elif not action.isSeparator():
            yield action


def shortcut_groups(
    window: QMainWindow, label_actions: Mapping[str, QAction], others: Iterable[QAction] = ()
) -> list[Group]:
    """The label keys, then one group per menu of the window's menu bar, then the keys of actions in no
    menu (window-wide or on a widget; given in others or added to the window), then the widgets' own."""
    tagging = Group(_tr("Tagging"))
    for name, action in label_actions.items():
        keys = key_texts(action)
        if keys:
            what = _tr("Tag the selection as {label}, or relabel the current tag").format(label=name)
            tagging.rows.append(Row(what, keys))
    groups = [tagging]
    seen: set[int] = {id(a) for a in label_actions.values()}
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        group = Group(action_name(top))
        for action in _menu_actions(menu):
            seen.add(id(action))
            keys = key_texts(action)
            if keys:
                _add(group, action_name(action), keys)
        groups.append(group)
    rest = Group(_tr("Other keys"))
    for action in [*others, *window.actions()]:
        if id(action) in seen:
            continue
        seen.add(id(action))
        keys = key_texts(action)
        if not keys:
            continue
        name = action_name(action)
        home = next((g for g in groups if any(r.what == name for r in g.rows)), rest)
        _add(home, name, keys)
    for what, widget_keys in _widget_keys():
        rest.rows.append(Row(what, [widget_keys]))
    groups.append(rest)
    return [g for g in groups if g.rows]


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None, groups: list[Group]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Keyboard shortcuts"))
        self.resize(680, 560)  # fits an 800x600 screen
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_tr("Filter: type a command or a key"))
        self.filter.setAccessibleName(_tr("Filter shortcuts"))
        self.filter.setClearButtonEnabled(True)
        esc_clears(self.filter)  # Esc clears the filter first; a second Esc closes the dialog
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_tr("Keyboard shortcuts"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([_tr("Command"), _tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for group in groups:
            head = QTreeWidgetItem(self.tree, [group.title, ""])
            head.setFont(0, bold)
            head.setFirstColumnSpanned(True)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for row in group.rows:
                QTreeWidgetItem(head, [row.what, ", ".join(row.keys)])
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.filter.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def _items(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        heads = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [(h, [c for j in range(h.childCount()) if (c := h.child(j))]) for h in heads if h]

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, command, keys) of every row shown."""
        return [(h.text(0), c.text(0), c.text(1)) for h, cs in self._items() for c in cs if not c.isHidden()]

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for head, children in self._items():
            shown = 0
            for item in children:
                hit = not needle or needle in item.text(0).lower() or needle in item.text(1).lower()
                item.setHidden(not hit)
                shown += hit
            head.setHidden(shown == 0)
