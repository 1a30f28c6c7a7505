"""Project > Link types…: what a link between two tags can say. Add (directed or symmetric), rename (the
links follow), make symmetric, reorder and remove; each change is saved at once as an undoable command on
the window's undo stack (`ui.scheme_commands`), and the open document's links and the L picker follow.
Removing a type that links have asks first, saying how many. The built-in `corrects` stays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import link_types as db_link_types
from factcheck.core.links import LinkType
from factcheck.core.ownership import CORRECTS
from ui import commands, dialogs, modal, team_alias, team_rename
from ui.labels_dialog import ask_text
from ui.menus import menu_named
from ui.name_list_dialog import NameListDialog
from ui.project import ProjectModel
from ui.scheme_commands import (
    AddLinkType,
    RemoveLinkType,
    RenameLinkType,
    ReorderLinkTypes,
    SchemeCommand,
    SetLinkTypeSymmetric,
)

T = TypeVar("T")
NAME, KIND, LINKS = range(3)


def _tr(text: str) -> str:
    return QCoreApplication.translate("LinkTypesDialog", text)


def ask_new_type(parent: QWidget) -> tuple[str, bool] | None:
    """The name of a new link type and whether it is symmetric, or None (cancelled)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_tr("Add link type"))
    name = QLineEdit()
    name.setAccessibleName(_tr("Name of the new link type"))
    symmetric = QCheckBox(_tr("&Symmetric: A → B says the same as B → A"))
    symmetric.setAccessibleName(_tr("Symmetric link type"))
    form = QFormLayout()
    form.addRow(_tr("&Name:"), name)
    form.addRow(symmetric)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
    name.setFocus()
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return name.text(), symmetric.isChecked()
    finally:
        dialog.deleteLater()


def confirm_removal(parent: QWidget, name: str, live: int) -> bool:
    message = (
        _tr(
            "1 link has the type “{name}”, whoever made it.\n\n"
            "Removing the type deletes it too; Undo (Ctrl+Z) brings both back."
        )
        if live == 1
        else _tr(
            "{n} links have the type “{name}”, whoever made them.\n\n"
            "Removing the type deletes them too; Undo (Ctrl+Z) brings them all back."
        )
    ).format(n=live, name=name)
    return dialogs.offer_or_cancel(
        parent,
        QMessageBox.Icon.Warning,
        _tr("Remove link type"),
        message,
        _tr("&Remove link type"),  # short: the count is in the question
        QMessageBox.ButtonRole.DestructiveRole,
    )


class LinkTypesDialog(NameListDialog):
    """stack: the window's undo stack, which each change goes onto (the parent's when not given)."""

    def __init__(
        self, project: ProjectModel, parent: QWidget | None = None, stack: QUndoStack | None = None
    ) -> None:
        headers = [_tr("Link type"), _tr("Direction"), _tr("Links")]
        super().__init__(_tr("Link types"), "linkTypesTable", _tr("Project link types"), headers, parent)
        self.project = project
        found = stack or getattr(parent, "undo_stack", None)
        if isinstance(found, QUndoStack):
            self.stack = found
        self.table.doubleClicked.connect(lambda _index: self.rename())
        self.add_row_keys(self.rename, self.remove)
        self.add_buttons(
            [
                ("add", _tr("&Add…"), self.add, _tr("Add a link type")),
                ("rename", _tr("Re&name…"), self.rename, _tr("Rename the selected link type")),
                ("up", _tr("Move &up"), lambda: self.move_type(-1), _tr("Move the selected link type up")),
                (
                    "down",
                    _tr("Move &down"),
                    lambda: self.move_type(1),
                    _tr("Move the selected link type down"),
                ),
                ("remove", _tr("&Remove…"), self.remove, _tr("Remove the selected link type")),
            ]
        )
        self.symmetric = QCheckBox(_tr("&Symmetric"))
        self.symmetric.setAccessibleName(_tr("The selected link type is symmetric"))
        self.symmetric.setToolTip(_tr("A → B says the same as B → A (as same_claim)"))
        self.symmetric.clicked.connect(self.set_symmetric)
        self.side.insertWidget(2, self.symmetric)
        note = _tr(
            "Changes are saved at once; Undo (Ctrl+Z, here or in Edit) takes each back. Renaming a link type "
            "renames it on every link that has it, whoever made the link. F2 renames, Delete removes. "
            "“corrects” is built in: corrections make those links."
        )
        self.finish(note, "linkTypesStatus", 520, 340)
        self.reload()
        self.table.setFocus()

    # -- showing ---------------------------------------------------------------------------------
    def types(self) -> list[LinkType]:
        return self.project.link_types()

    def reload(self, select: str | None = None) -> None:
        types = self.types()
        usage = self.project.read_with(db_link_types.usage)
        current = select or self.current()
        self.table.setRowCount(len(types))
        for r, t in enumerate(types):
            live, _ = usage.get(t.name, (0, 0))
            kind = _tr("symmetric") if t.symmetric else _tr("directed")
            shown = _tr("{name}  (built in)").format(name=t.name) if t.name == CORRECTS else t.name
            cells = (QTableWidgetItem(shown),
                     QTableWidgetItem(kind), QTableWidgetItem(str(live)))  # fmt: skip
            cells[NAME].setData(Qt.ItemDataRole.UserRole, t.name)
            cells[LINKS].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for c, item in enumerate(cells):
                self.table.setItem(r, c, item)
            if t.name == current:
                self.table.selectRow(r)
        if self.current() is None and types:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        types = self.types()
        names = [t.name for t in types]
        current = self.current()
        i = names.index(current) if current in names else -1
        editable = i >= 0 and current != CORRECTS
        self.buttons["rename"].setEnabled(editable)
        self.buttons["remove"].setEnabled(editable)
        self.symmetric.setEnabled(editable)
        self.symmetric.setChecked(i >= 0 and types[i].symmetric)
        self.buttons["up"].setEnabled(i > 0)
        self.buttons["down"].setEnabled(0 <= i < len(names) - 1)

    # -- changing --------------------------------------------------------------------------------
    def add(self) -> None:
        answer = ask_new_type(self)
        if answer is None:
            return
        if not answer[0].strip():  # OK with no name: said, not a silence under the last change's message
            self.status.setText(_tr("No link type added: a link type needs a name; type one."))
            return
        name, symmetric = answer
        clean = " ".join(name.split())
        if not team_alias.confirm_taken_again(self, self.project, "link_type", clean):
            return
        command = AddLinkType(self.project, name, symmetric)
        self._change(
            lambda: self._push(command),
            (_tr("Added “{name}” (symmetric).") if symmetric else _tr("Added “{name}” (directed).")).format(
                name=clean
            ),
            clean,
        )  # fmt: skip

    def rename(self) -> None:
        old = self.current()
        if old is None or old == CORRECTS:
            return
        if team_rename.offered(self, self.project, "link_type", old):
            return  # a synced project: renamed for the whole team, through the server
        new = ask_text(self, _tr("Rename link type"), _tr("New name for “{name}”:").format(name=old), old)
        if new is None or " ".join(new.split()) == old:
            return
        clean = " ".join(new.split())
        command = RenameLinkType(self.project, old, new)
        pushed = self._change(
            lambda: self._push(command), _tr("Renamed “{old}” to “{new}”.").format(old=old, new=clean), clean
        )
        if pushed is None:
            return
        n = command.renamed
        follow = (
            _tr("Renamed “{old}” to “{new}”.")
            if not n
            else _tr("Renamed “{old}” to “{new}”; its 1 link follows.")
            if n == 1
            else _tr("Renamed “{old}” to “{new}”; its {n} links follow.")
        )
        # The old name is remembered (db.link_types): say what a teammate's older work will do.
        later = _tr("Teammates' “{old}” links merged later arrive as “{new}”.")
        self.status.setText(follow.format(old=old, new=clean, n=n) + " " + later.format(old=old, new=clean))

    def set_symmetric(self, checked: bool) -> None:
        name = self.current()
        if name is None:
            return
        self._change(
            lambda: self._push(SetLinkTypeSymmetric(self.project, name, checked)),
            (_tr("“{name}” is now symmetric.") if checked else _tr("“{name}” is now directed.")).format(
                name=name
            ),
            name,
        )  # fmt: skip

    def move_type(self, step: int) -> None:
        names = [t.name for t in self.types()]
        before = list(names)
        moved = self.current() or ""
        self._moved(
            names, step, lambda order: self._push(ReorderLinkTypes(self.project, moved, before, order))
        )

    def remove(self) -> None:
        name = self.current()
        if name is None or name == CORRECTS:
            return
        live, _ = self.project.read_with(db_link_types.usage).get(name, (0, 0))
        if live and not confirm_removal(self, name, live):
            return
        self._change(
            lambda: self._push(RemoveLinkType(self.project, name, live)),
            (
                _tr("Removed “{name}”.")
                if not live
                else _tr("Removed “{name}” and deleted 1 link.")
                if live == 1
                else _tr("Removed “{name}” and deleted {n} links.")
            ).format(name=name, n=live),
        )  # fmt: skip

    def _push(self, command: SchemeCommand) -> SchemeCommand:
        """Write the change and put it on the undo stack (raises, nothing pushed, when refused)."""
        commands.push_command(self.stack, command)
        return command


def install_link_types(main: QMainWindow, project: Callable[[], ProjectModel]) -> QAction:
    """Project > Link types…; project: the window's current project (another database may be opened)."""
    action = QAction(_tr("Lin&k types…"), main)
    action.setObjectName("linkTypesAction")
    action.setStatusTip(_tr("Add, rename, order or remove the types of links between tags"))
    action.triggered.connect(lambda _=False: modal.run(LinkTypesDialog(project(), main)))
    menu_named(main, "&Project").addAction(action)
    return action
