"""Changes of the project's scheme (labels, link types) that can be taken back: each edit's `redo(store)`
makes the change and `undo(store)` reverts it, each in one transaction (ui.scheme_commands puts them on the
window's undo stack, through the project's write path).

A rename or an add changes the memory of former names (`db.renames`); each edit copies that memory before
and after its change, so that an undo leaves it exactly as before and a redo exactly as after. A label's
removal copies the label with its tags (`db.scheme_undo`); the undo puts them back, same ids and times. A
link type's removal tombstones its links; the undo brings those links back (fresh updated_at).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from db import labels as db_labels
from db import link_types as db_link_types
from db import scheme_undo
from db.renames import RenameTable
from db.store import Store
from factcheck.core.model import Label
from factcheck.services import labels as labels_service
from factcheck.services import link_types as link_types_service

V = TypeVar("V")


class SchemeEdit:
    """`_change(store)` / `_revert(store)` write; `redo` / `undo` wrap them in one transaction with the
    former-names memory put back as it was after (redo) or before (undo) the change."""

    table: RenameTable = "label_renames"

    def __init__(self) -> None:
        self._memory_before: scheme_undo.Memory | None = None
        self._memory_after: scheme_undo.Memory | None = None

    def _change(self, store: Store) -> None:
        raise NotImplementedError

    def _revert(self, store: Store) -> None:
        raise NotImplementedError

    #: Whether the change may touch the former-names memory (a setting of colour, key, order or
    #: symmetry never does: no copies of it are made).
    names_memory = True

    def redo(self, store: Store) -> None:
        with store.atomic():
            if not self.names_memory:
                self._change(store)
                return
            if self._memory_before is None:
                self._memory_before = scheme_undo.memory(store, self.table)
            self._change(store)
            if self._memory_after is None:
                self._memory_after = scheme_undo.memory(store, self.table)
            else:
                scheme_undo.put_memory(store, self.table, self._memory_after)

    def undo(self, store: Store) -> None:
        with store.atomic():
            self._revert(store)
            if self._memory_before is not None:
                scheme_undo.put_memory(store, self.table, self._memory_before)


class _Setting(SchemeEdit, Generic[V]):
    """One value of the scheme set by `_set(store, value)`: after on redo, before on undo."""

    names_memory = False

    def __init__(self, before: V, after: V) -> None:
        super().__init__()
        self.before, self.after = before, after

    def _set(self, store: Store, value: V) -> None:
        raise NotImplementedError

    def _change(self, store: Store) -> None:
        self._set(store, self.after)

    def _revert(self, store: Store) -> None:
        self._set(store, self.before)


# -- labels ------------------------------------------------------------------------------------------
class AddLabel(SchemeEdit):
    """A new label; undo removes it, redo adds it back with the same colour and key. Tags made with it and
    undone since are tombstones that still name it: the undo takes them with the label and the redo puts
    them back, so that redoing those tags finds them. Live tags with it refuse the undo (saying why)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = " ".join(name.split())
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


class RenameLabel(SchemeEdit):
    """Rename a label (every tag with it follows); undo renames it back."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old = old
        self.new = " ".join(new.split())
        self.renamed = 0  # tags renamed by the last redo

    def _change(self, store: Store) -> None:
        self.renamed = labels_service.rename_label(store, self.old, self.new)

    def _revert(self, store: Store) -> None:
        labels_service.rename_label(store, self.new, self.old)


class RecolorLabel(_Setting[str]):
    def __init__(self, name: str, before: str, after: str) -> None:
        super().__init__(before, after)
        self.name = name

    def _set(self, store: Store, value: str) -> None:
        db_labels.set_color(store, self.name, value)


class SetLabelKey(_Setting[str]):
    def __init__(self, name: str, before: str, after: str) -> None:
        super().__init__(before, after)
        self.name = name

    def _set(self, store: Store, value: str) -> None:
        db_labels.set_key(store, self.name, value)


class ReorderLabels(_Setting[list[str]]):
    def __init__(self, before: Sequence[str], after: Sequence[str]) -> None:
        super().__init__(list(before), list(after))

    def _set(self, store: Store, value: list[str]) -> None:
        db_labels.reorder(store, value)


class RemoveLabel(SchemeEdit):
    """Remove a label (force: with its tags, tombstones included); undo puts back the label, its tags and
    the former names that meant it, exactly as they were."""

    def __init__(self, name: str, *, force: bool) -> None:
        super().__init__()
        self.name = name
        self.force = force
        self.removed: scheme_undo.RemovedLabel | None = None

    def _change(self, store: Store) -> None:
        self.removed = scheme_undo.remove_label(
            store, self.name, force=self.force, remove=labels_service.remove_label
        )

    def _revert(self, store: Store) -> None:
        if self.removed is not None:
            scheme_undo.restore_label(store, self.removed)


# -- link types --------------------------------------------------------------------------------------
class AddLinkType(SchemeEdit):
    """A new link type; undo removes it (refused while live links have it), redo adds it again."""

    table: RenameTable = "link_type_renames"

    def __init__(self, name: str, symmetric: bool) -> None:
        super().__init__()
        self.name = " ".join(name.split())
        self.symmetric = symmetric

    def _change(self, store: Store) -> None:
        self.name = db_link_types.add_link_type(store, self.name, symmetric=self.symmetric).name

    def _revert(self, store: Store) -> None:
        link_types_service.remove_link_type(store, self.name)


class RenameLinkType(SchemeEdit):
    """Rename a link type (every link with it follows); undo renames it back."""

    table: RenameTable = "link_type_renames"

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old = old
        self.new = " ".join(new.split())
        self.renamed = 0  # links renamed by the last redo

    def _change(self, store: Store) -> None:
        self.renamed = link_types_service.rename_link_type(store, self.old, self.new)

    def _revert(self, store: Store) -> None:
        link_types_service.rename_link_type(store, self.new, self.old)


class SetLinkTypeSymmetric(_Setting[bool]):
    def __init__(self, name: str, symmetric: bool) -> None:
        super().__init__(not symmetric, symmetric)
        self.name = name

    def _set(self, store: Store, value: bool) -> None:
        db_link_types.set_symmetric(store, self.name, value)


class ReorderLinkTypes(_Setting[list[str]]):
    def __init__(self, before: Sequence[str], after: Sequence[str]) -> None:
        super().__init__(list(before), list(after))

    def _set(self, store: Store, value: list[str]) -> None:
        db_link_types.reorder(store, value)


class RemoveLinkType(SchemeEdit):
    """Remove a link type (force: tombstoning its live links); undo brings back the type, its former names
    and the links this removal deleted."""

    table: RenameTable = "link_type_renames"

    def __init__(self, name: str, *, force: bool) -> None:
        super().__init__()
        self.name = name
        self.force = force
        self.removed: scheme_undo.RemovedLinkType | None = None

    def _change(self, store: Store) -> None:
        self.removed = scheme_undo.remove_link_type(
            store, self.name, force=self.force, remove=link_types_service.remove_link_type
        )

    def _revert(self, store: Store) -> None:
        if self.removed is not None:
            scheme_undo.restore_link_type(store, self.removed)
