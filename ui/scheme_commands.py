"""Undoable changes of the project's labels (Project › Labels…) and link types (Project › Link types…),
driven like the tag edits by ui.commands'
push_command / undo / redo: each is one transaction through `ProjectModel.change_labels` (or
`change_link_types`), and every view follows `labelsChanged` (`linkTypesChanged`, `linksReset`).

A rename or an add changes the memory of former names (`db.renames`); each command copies that memory
before and after its change, so that an undo leaves it exactly as before and a redo exactly as after.
A removal copies the label with its tags (`db.scheme_undo`); the undo puts them back, same ids and times.
A link type's removal tombstones its links; the undo brings those links back (fresh updated_at).

While one of these commands writes, `applying()` is true: the window then keeps its undo stack, whose
commands may name a label this one renamed (undoing in order renames it back first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QCoreApplication

from db import labels as db_labels
from db import link_types as db_link_types
from db import scheme_undo
from db.renames import RenameTable
from db.store import Store
from factcheck.core.model import Label
from factcheck.services import labels as labels_service
from factcheck.services import link_types as link_types_service
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
            if self.table == "link_type_renames":
                return self.project.change_link_types(write)
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
    """A new label; undo removes it, redo adds it back with the same colour and key. Tags made with it and
    undone since are tombstones that still name it: the undo takes them with the label and the redo puts
    them back, so that redoing those tags finds them. Live tags with it refuse the undo (say why)."""

    def __init__(self, project: ProjectModel, name: str) -> None:
        self.name = " ".join(name.split())
        super().__init__(project, _tr("Add label “{name}”").format(name=self.name))
        self.label: Label | None = None
        self.removed: scheme_undo.RemovedLabel | None = None

    def _change(self, store: Store) -> None:
        if self.removed is not None:
            scheme_undo.restore_label(store, self.removed)
        elif self.label is None:
            self.label = db_labels.add_label(store, self.name)
        else:
            db_labels.add_label(store, self.label.name, self.label.color, self.label.shortcut)

    def _revert(self, store: Store) -> None:
        name = self.label.name if self.label else self.name
        live, _ = db_labels.usage(store).get(name, (0, 0))
        if live:
            labels_service.remove_label(store, name)  # refused, saying how many tags have it
        self.removed = scheme_undo.remove_label(store, name, force=True, remove=labels_service.remove_label)


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


# -- link types ------------------------------------------------------------------------------------
class AddLinkType(SchemeCommand):
    """A new link type; undo removes it (refused while links have it), redo adds it again."""

    table: RenameTable = "link_type_renames"

    def __init__(self, project: ProjectModel, name: str, symmetric: bool) -> None:
        self.name = " ".join(name.split())
        super().__init__(project, _tr("Add link type “{name}”").format(name=self.name))
        self.symmetric = symmetric

    def _change(self, store: Store) -> None:
        self.name = db_link_types.add_link_type(store, self.name, symmetric=self.symmetric).name

    def _revert(self, store: Store) -> None:
        link_types_service.remove_link_type(store, self.name)


class RenameLinkType(SchemeCommand):
    """Rename a link type (every link with it follows); undo renames it back."""

    table: RenameTable = "link_type_renames"

    def __init__(self, project: ProjectModel, old: str, new: str) -> None:
        self.old = old
        self.new = " ".join(new.split())
        super().__init__(project, _tr("Rename link type “{old}” to “{new}”").format(old=old, new=self.new))
        self.renamed = 0  # links renamed by the last redo

    def _change(self, store: Store) -> None:
        self.renamed = link_types_service.rename_link_type(store, self.old, self.new)

    def _revert(self, store: Store) -> None:
        link_types_service.rename_link_type(store, self.new, self.old)


class SetLinkTypeSymmetric(SchemeCommand):
    table: RenameTable = "link_type_renames"

    def __init__(self, project: ProjectModel, name: str, symmetric: bool) -> None:
        text = (
            _tr("Make link type “{name}” symmetric") if symmetric else _tr("Make link type “{name}” directed")
        )
        super().__init__(project, text.format(name=name))
        self.name, self.symmetric = name, symmetric

    def _change(self, store: Store) -> None:
        db_link_types.set_symmetric(store, self.name, self.symmetric)

    def _revert(self, store: Store) -> None:
        db_link_types.set_symmetric(store, self.name, not self.symmetric)


class ReorderLinkTypes(SchemeCommand):
    table: RenameTable = "link_type_renames"

    def __init__(
        self, project: ProjectModel, moved: str, before: Sequence[str], after: Sequence[str]
    ) -> None:
        up = after.index(moved) < before.index(moved)
        text = _tr("Move link type “{name}” up") if up else _tr("Move link type “{name}” down")
        super().__init__(project, text.format(name=moved))
        self.order_before, self.order_after = list(before), list(after)

    def _change(self, store: Store) -> None:
        db_link_types.reorder(store, self.order_after)

    def _revert(self, store: Store) -> None:
        db_link_types.reorder(store, self.order_before)


class RemoveLinkType(SchemeCommand):
    """Remove a link type (with live links: tombstoning them); undo brings back the type, its former
    names and the links this removal deleted."""

    table: RenameTable = "link_type_renames"

    def __init__(self, project: ProjectModel, name: str, links: int) -> None:
        text = (
            _tr("Remove link type “{name}”")
            if not links
            else _tr("Remove link type “{name}” and 1 link")
            if links == 1
            else _tr("Remove link type “{name}” and {n} links")
        )
        super().__init__(project, text.format(name=name, n=links))
        self.name = name
        self.force = bool(links)
        self.removed: scheme_undo.RemovedLinkType | None = None

    def _change(self, store: Store) -> None:
        self.removed = scheme_undo.remove_link_type(
            store, self.name, force=self.force, remove=link_types_service.remove_link_type
        )

    def _revert(self, store: Store) -> None:
        if self.removed is not None:
            scheme_undo.restore_link_type(store, self.removed)
