"""Undoable changes of the project's labels (Project › Labels…), driven like the tag edits by ui.commands'
push_command / undo / redo: each is one transaction through `ProjectModel.change_labels`, and every view
follows `labelsChanged`.

A rename or an add changes the memory of former names (`db.renames`); each command copies that memory
before and after its change, so that an undo leaves it exactly as before and a redo exactly as after.
A removal copies the label with its tags (`db.scheme_undo`); the undo puts them back, same ids and times.

While one of these commands writes, `applying()` is true: the window then keeps its undo stack, whose
commands may name a label this one renamed (undoing in order renames it back first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QCoreApplication

from db import labels as db_labels
from db import scheme_undo
from db.renames import RenameTable
from db.store import Store
from factcheck.core.model import Label
from factcheck.services import labels as labels_service
from ui.commands import StoreCommand
from ui.project import ProjectModel

T = TypeVar("T")
_depth = 0


def _tr(text: str) -> str:
    return QCoreApplication.translate("SchemeCommands", text)


def applying() -> bool:
    """Whether a scheme command is writing now (its labelsChanged is the stack's own)."""
    return _depth > 0


@contextmanager
def _applying() -> Iterator[None]:
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1


class SchemeCommand(StoreCommand):
    """A change of the scheme: `_change(store)` / `_revert(store)` write inside one transaction, with the
    former-names memory put back as it was before (undo) or after (redo) the change."""

    table: RenameTable = "label_renames"

    def __init__(self, project: ProjectModel, text: str) -> None:
        super().__init__(project, text)
        self._memory_before: scheme_undo.Memory | None = None
        self._memory_after: scheme_undo.Memory | None = None

    def _change(self, store: Store) -> None:
        raise NotImplementedError

    def _revert(self, store: Store) -> None:
        raise NotImplementedError

    def _write(self, write: Callable[[Store], T]) -> T:
        with _applying():
            return self.project.change_labels(write)

    def _do_redo(self) -> None:
        def write(store: Store) -> None:
            with store.atomic():
                if self._memory_before is None:
                    self._memory_before = scheme_undo.memory(store, self.table)
                self._change(store)
                if self._memory_after is None:
                    self._memory_after = scheme_undo.memory(store, self.table)
                else:
                    scheme_undo.put_memory(store, self.table, self._memory_after)

        self._write(write)

    def _do_undo(self) -> None:
        def write(store: Store) -> None:
            with store.atomic():
                self._revert(store)
                if self._memory_before is not None:
                    scheme_undo.put_memory(store, self.table, self._memory_before)

        self._write(write)


class AddLabel(SchemeCommand):
    """A new label; undo removes it (refused while tags have it); redo adds it, same colour and key."""

    def __init__(self, project: ProjectModel, name: str) -> None:
        self.name = " ".join(name.split())
        super().__init__(project, _tr("Add label “{name}”").format(name=self.name))
        self.label: Label | None = None

    def _change(self, store: Store) -> None:
        lab = self.label
        if lab is None:
            self.label = db_labels.add_label(store, self.name)
        else:
            db_labels.add_label(store, lab.name, lab.color, lab.shortcut)

    def _revert(self, store: Store) -> None:
        labels_service.remove_label(store, self.label.name if self.label else self.name)


class RenameLabel(SchemeCommand):
    """Rename a label (every tag with it follows); undo renames it back."""

    def __init__(self, project: ProjectModel, old: str, new: str) -> None:
        self.old = old
        self.new = " ".join(new.split())
        super().__init__(project, _tr("Rename label “{old}” to “{new}”").format(old=old, new=self.new))
        self.renamed = 0  # tags renamed by the last redo

    def _change(self, store: Store) -> None:
        self.renamed = labels_service.rename_label(store, self.old, self.new)

    def _revert(self, store: Store) -> None:
        labels_service.rename_label(store, self.new, self.old)


class RecolorLabel(SchemeCommand):
    def __init__(self, project: ProjectModel, name: str, before: str, after: str) -> None:
        text = _tr("Colour label “{name}” {color}").format(name=name, color=after)
        super().__init__(project, text)
        self.name, self.color_before, self.color_after = name, before, after

    def _change(self, store: Store) -> None:
        db_labels.set_color(store, self.name, self.color_after)

    def _revert(self, store: Store) -> None:
        db_labels.set_color(store, self.name, self.color_before)


class SetLabelKey(SchemeCommand):
    def __init__(self, project: ProjectModel, name: str, before: str, after: str) -> None:
        text = (
            _tr("Give label “{name}” the key {key}").format(name=name, key=after)
            if after
            else _tr("Take the key off label “{name}”").format(name=name)
        )
        super().__init__(project, text)
        self.name, self.key_before, self.key_after = name, before, after

    def _change(self, store: Store) -> None:
        db_labels.set_key(store, self.name, self.key_after)

    def _revert(self, store: Store) -> None:
        db_labels.set_key(store, self.name, self.key_before)


class ReorderLabels(SchemeCommand):
    def __init__(
        self, project: ProjectModel, moved: str, before: Sequence[str], after: Sequence[str]
    ) -> None:
        up = after.index(moved) < before.index(moved)
        text = _tr("Move label “{name}” up") if up else _tr("Move label “{name}” down")
        super().__init__(project, text.format(name=moved))
        self.order_before, self.order_after = list(before), list(after)

    def _change(self, store: Store) -> None:
        db_labels.reorder(store, self.order_after)

    def _revert(self, store: Store) -> None:
        db_labels.reorder(store, self.order_before)


class RemoveLabel(SchemeCommand):
    """Remove a label (force: with its tags, tombstones included); undo puts back the label, its tags and
    the former names that meant it, exactly as they were."""

    def __init__(self, project: ProjectModel, name: str, tags: int) -> None:
        text = (
            _tr("Remove label “{name}”")
            if not tags
            else _tr("Remove label “{name}” and 1 tag")
            if tags == 1
            else _tr("Remove label “{name}” and {n} tags")
        )
        super().__init__(project, text.format(name=name, n=tags))
        self.name = name
        self.force = bool(tags)
        self.removed: scheme_undo.RemovedLabel | None = None

    def _change(self, store: Store) -> None:
        self.removed = scheme_undo.remove_label(
            store, self.name, force=self.force, remove=labels_service.remove_label
        )

    def _revert(self, store: Store) -> None:
        if self.removed is not None:
            scheme_undo.restore_label(store, self.removed)
