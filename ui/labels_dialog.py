"""Project > Labels…: the project's labels (its annotation scheme). Add, rename, recolour, set a key,
reorder and remove; each change is saved at once as an undoable command on the window's undo stack
(`ui.scheme_commands`), and every view follows (`ProjectModel.labelsChanged`). Removing a label that tags
have asks first, saying how many.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QIcon, QUndoStack
from PySide6.QtWidgets import (
    QColorDialog,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from factcheck.core.model import Label
from ui import commands, dialogs, team_alias, team_rename, typed_text
from ui.colors import swatch
from ui.name_list_dialog import NameListDialog
from ui.project import ProjectModel
from ui.scheme_commands import (
    AddLabel,
    RecolorLabel,
    RemoveLabel,
    RenameLabel,
    ReorderLabels,
    SchemeCommand,
    SetLabelKey,
)

T = TypeVar("T")
NAME, COLOR, KEY, TAGS = range(4)


def _tr(text: str) -> str:
    return QCoreApplication.translate("LabelsDialog", text)


def ask_text(parent: QWidget, title: str, prompt: str, text: str = "") -> str | None:
    return typed_text.ask_text(parent, title, prompt, text)  # Esc with a name typed asks first


def ask_color(parent: QWidget, current: str) -> str | None:
    color = QColorDialog.getColor(QColor(current), parent, _tr("Label colour"))
    return color.name().upper() if color.isValid() else None


def _reach_text(links: int, cards: int) -> str:
    """What else loses a tag with them (undo brings it back too), or "" (nothing)."""
    parts = [_tr("1 link") if links == 1 else _tr("{n} links").format(n=links)] if links else []
    parts += [_tr("1 card") if cards == 1 else _tr("{n} cards").format(n=cards)] if cards else []
    if not parts:
        return ""
    if len(parts) == 2:
        return _tr("{a} and {b} lose a tag with them.").format(a=parts[0], b=parts[1])
    one = (links or cards) == 1
    return (_tr("{a} loses a tag with them.") if one else _tr("{a} lose a tag with them.")).format(a=parts[0])


def confirm_removal(
    parent: QWidget, name: str, live: int, total: int, reach: tuple[int, int] = (0, 0)
) -> bool:
    if total > live:
        who = (
            _tr("1 tag (and {deleted} deleted ones) have the label “{name}”, whoever made them.")
            if live == 1
            else _tr("{n} tags (and {deleted} deleted ones) have the label “{name}”, whoever made them.")
        )
    else:
        who = (
            _tr("1 tag has the label “{name}”, whoever made it.")
            if live == 1
            else _tr("{n} tags have the label “{name}”, whoever made them.")
        )
    what = (
        _tr("Removing the label removes it too; Undo (Ctrl+Z) brings both back.")
        if total == 1
        else _tr("Removing the label removes them too; Undo (Ctrl+Z) brings them all back.")
    )
    message = who.format(n=live, deleted=total - live, name=name)
    if lose := _reach_text(*reach):
        message += " " + lose
    message += "\n\n" + what
    return dialogs.offer_or_cancel(
        parent,
        QMessageBox.Icon.Warning,
        _tr("Remove label"),
        message,
        _tr("&Remove label"),  # short: the counts (tags, links, cards) are in the question
        QMessageBox.ButtonRole.DestructiveRole,
    )


class LabelsDialog(NameListDialog):
    """stack: the window's undo stack, which each change goes onto (the parent's when not given)."""

    def __init__(
        self, project: ProjectModel, parent: QWidget | None = None, stack: QUndoStack | None = None
    ) -> None:
        headers = [_tr("Label"), _tr("Colour"), _tr("Key"), _tr("Tags")]
        super().__init__(_tr("Labels"), "labelsTable", _tr("Project labels"), headers, parent)
        self.project = project
        found = stack or getattr(parent, "undo_stack", None)
        if isinstance(found, QUndoStack):
            self.stack = found
        self.table.doubleClicked.connect(lambda index: self._edit_cell(index.column()))
        self.add_row_keys(self.rename, self.remove)
        self.add_buttons(
            [
                ("add", _tr("&Add…"), self.add, ""),
                ("rename", _tr("Re&name…"), self.rename, ""),
                ("color", _tr("&Colour…"), self.recolor, ""),
                ("key", _tr("&Key…"), self.set_key, ""),
                ("up", _tr("Move &up"), lambda: self.move_label(-1), ""),
                ("down", _tr("Move &down"), lambda: self.move_label(1), ""),
                ("remove", _tr("&Remove…"), self.remove, ""),
            ]
        )
        note = _tr(
            "Changes are saved at once; Undo (Ctrl+Z, here or in Edit) takes each back. Renaming a label "
            "renames it on every tag that has it, whoever made the tag. F2 renames, Delete removes. Keys are "
            "digits: press one with text selected to tag it."
        )
        self.finish(note, "labelsStatus", 560, 380)
        self.reload()

    # -- showing ---------------------------------------------------------------------------------
    def labels(self) -> list[Label]:
        return self.project.labels()

    def reload(self, select: str | None = None) -> None:
        labels = self.labels()
        usage = self.project.label_usage()
        current = select or self.current()
        self.table.setRowCount(len(labels))
        for r, lab in enumerate(labels):
            live, _ = usage.get(lab.name, (0, 0))
            name = QTableWidgetItem(QIcon(swatch(lab.color)), lab.name)
            cells = (name, QTableWidgetItem(lab.color), QTableWidgetItem(lab.shortcut or "—"),
                     QTableWidgetItem(str(live)))  # fmt: skip
            for c, item in enumerate(cells):
                if c == TAGS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
            if lab.name == current:
                self.table.selectRow(r)
        if self.current() is None and labels:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        names = [lab.name for lab in self.labels()]
        current = self.current()
        i = names.index(current) if current in names else -1
        for key in ("rename", "color", "key", "remove"):
            self.buttons[key].setEnabled(i >= 0)
        self.buttons["up"].setEnabled(i > 0)
        self.buttons["down"].setEnabled(0 <= i < len(names) - 1)

    def _edit_cell(self, column: int) -> None:
        {NAME: self.rename, COLOR: self.recolor, KEY: self.set_key}.get(column, self.rename)()

    # -- changing --------------------------------------------------------------------------------
    def add(self) -> None:
        name = ask_text(self, _tr("Add label"), _tr("Name of the new label:"))
        if name is None:
            return
        if not name.strip():  # OK with no name: said, not a silence under the last change's message
            self.status.setText(_tr("No label added: a label needs a name; type one."))
            return
        clean = " ".join(name.split())
        if not team_alias.confirm_taken_again(self, self.project, "label", clean):
            return
        command = AddLabel(self.project, name)
        pushed = self._change(lambda: self._push(command), _tr("Added “{name}”.").format(name=clean), clean)
        lab = command.label
        if pushed is not None and lab is not None:
            self.status.setText(
                _tr("Added “{name}” (key {key}).").format(name=lab.name, key=lab.shortcut)
                if lab.shortcut
                else _tr("Added “{name}” (key none).").format(name=lab.name)
            )

    def rename(self) -> None:
        old = self.current()
        if old is None:
            return
        if team_rename.offered(self, self.project, "label", old):
            return  # a synced project: renamed for the whole team, through the server
        new = ask_text(self, _tr("Rename label"), _tr("New name for “{name}”:").format(name=old), old)
        if new is None or " ".join(new.split()) == old:
            return
        clean = " ".join(new.split())
        command = RenameLabel(self.project, old, new)
        pushed = self._change(
            lambda: self._push(command), _tr("Renamed “{old}” to “{new}”.").format(old=old, new=clean), clean
        )
        n = command.renamed
        if pushed is not None and n:
            follow = (
                _tr("Renamed “{old}” to “{new}”; its 1 tag follows.")
                if n == 1
                else _tr("Renamed “{old}” to “{new}”; its {n} tags follow.")
            )
            self.status.setText(follow.format(old=old, new=clean, n=n))

    def recolor(self) -> None:
        name = self.current()
        lab = next((lab for lab in self.labels() if lab.name == name), None)
        if lab is None:
            return
        color = ask_color(self, lab.color)
        if color is None or color == lab.color.upper():
            return
        done = _tr("“{name}” is now {color}.").format(name=lab.name, color=color)
        command = RecolorLabel(self.project, lab.name, lab.color, color)
        self._change(lambda: self._push(command), done, lab.name)

    def set_key(self) -> None:
        name = self.current()
        lab = next((lab for lab in self.labels() if lab.name == name), None)
        if lab is None:
            return
        prompt = _tr("Key for “{name}” (one digit, or empty for none):").format(name=lab.name)
        key = ask_text(self, _tr("Label key"), prompt, lab.shortcut)
        if key is None or key.strip() == lab.shortcut:
            return
        self._change(
            lambda: self._push(SetLabelKey(self.project, lab.name, lab.shortcut, key.strip())),
            (
                _tr("“{name}” now has the key {key}.").format(name=lab.name, key=key.strip())
                if key.strip()
                else _tr("“{name}” now has the key none.").format(name=lab.name)
            ),
            lab.name,
        )  # fmt: skip

    def move_label(self, step: int) -> None:
        names = [lab.name for lab in self.labels()]
        before = list(names)
        moved = self.current() or ""
        self._moved(names, step, lambda order: self._push(ReorderLabels(self.project, moved, before, order)))

    def remove(self) -> None:
        name = self.current()
        if name is None:
            return
        live, total = self.project.label_usage().get(name, (0, 0))
        if total and not confirm_removal(self, name, live, total, self.project.label_reach(name)):
            return
        self._change(
            lambda: self._push(RemoveLabel(self.project, name, total)),
            (
                _tr("Removed “{name}”.")
                if not total
                else _tr("Removed “{name}” and 1 tag.")
                if total == 1
                else _tr("Removed “{name}” and {n} tags.")
            ).format(name=name, n=total),
        )  # fmt: skip

    def _push(self, command: SchemeCommand) -> SchemeCommand:
        """Write the change and put it on the undo stack (raises, nothing pushed, when refused)."""
        commands.push_command(self.stack, command)
        return command
