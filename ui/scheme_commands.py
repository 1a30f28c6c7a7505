"""Undoable changes of the project's labels (Project › Labels…) and link types (Project › Link types…),
driven like the tag edits by ui.commands' push_command / undo / redo. Each wraps an edit of
`factcheck.services.scheme_edits` (what is written, and kept to take it back exactly) and runs it as one
transaction through `ProjectModel.change_labels` (or `change_link_types`); every view follows
`labelsChanged` (`linkTypesChanged`, `linksReset`).

While one of these commands writes, `applying()` is true: the window then keeps its undo stack, whose
commands may name a label this one renamed (undoing in order renames it back first).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication

from factcheck.core.model import Label
from factcheck.services import scheme_edits as edits
from ui.commands import StoreCommand
from ui.project import ProjectModel

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
    """One scheme edit on the undo stack."""

    def __init__(self, project: ProjectModel, text: str, edit: edits.SchemeEdit) -> None:
        super().__init__(project, text)
        self.edit = edit

    def _run(self, undo: bool) -> None:
        write = self.edit.undo if undo else self.edit.redo
        with _applying():
            if self.edit.table == "link_type_renames":
                self.project.change_link_types(write)
            else:
                self.project.change_labels(write)

    def _do_redo(self) -> None:
        self._run(undo=False)

    def _do_undo(self) -> None:
        self._run(undo=True)


# -- labels ------------------------------------------------------------------------------------------
class AddLabel(SchemeCommand):
    def __init__(self, project: ProjectModel, name: str) -> None:
        self.add = edits.AddLabel(name)
        super().__init__(project, _tr("Add label “{name}”").format(name=self.add.name), self.add)

    @property
    def label(self) -> Label | None:
        """The label as added (None before the first redo)."""
        return self.add.label


class RenameLabel(SchemeCommand):
    def __init__(self, project: ProjectModel, old: str, new: str) -> None:
        self.rename = edits.RenameLabel(old, new)
        text = _tr("Rename label “{old}” to “{new}”").format(old=old, new=self.rename.new)
        super().__init__(project, text, self.rename)

    @property
    def renamed(self) -> int:
        """Tags renamed by the last redo."""
        return self.rename.renamed


class RecolorLabel(SchemeCommand):
    def __init__(self, project: ProjectModel, name: str, before: str, after: str) -> None:
        text = _tr("Colour label “{name}” {color}").format(name=name, color=after)
        super().__init__(project, text, edits.RecolorLabel(name, before, after))


class SetLabelKey(SchemeCommand):
    def __init__(self, project: ProjectModel, name: str, before: str, after: str) -> None:
        text = (
            _tr("Give label “{name}” the key {key}").format(name=name, key=after)
            if after
            else _tr("Take the key off label “{name}”").format(name=name)
        )
        super().__init__(project, text, edits.SetLabelKey(name, before, after))


class ReorderLabels(SchemeCommand):
    def __init__(
        self, project: ProjectModel, moved: str, before: Sequence[str], after: Sequence[str]
    ) -> None:
        up = after.index(moved) < before.index(moved)
        text = _tr("Move label “{name}” up") if up else _tr("Move label “{name}” down")
        super().__init__(project, text.format(name=moved), edits.ReorderLabels(before, after))


class RemoveLabel(SchemeCommand):
    """tags: how many tags (tombstones included) go with the label."""

    def __init__(self, project: ProjectModel, name: str, tags: int) -> None:
        text = (
            _tr("Remove label “{name}”")
            if not tags
            else _tr("Remove label “{name}” and 1 tag")
            if tags == 1
            else _tr("Remove label “{name}” and {n} tags")
        )
        super().__init__(project, text.format(name=name, n=tags), edits.RemoveLabel(name, force=bool(tags)))


# -- link types --------------------------------------------------------------------------------------
class AddLinkType(SchemeCommand):
    def __init__(self, project: ProjectModel, name: str, symmetric: bool) -> None:
        edit = edits.AddLinkType(name, symmetric)
        super().__init__(project, _tr("Add link type “{name}”").format(name=edit.name), edit)


class RenameLinkType(SchemeCommand):
    def __init__(self, project: ProjectModel, old: str, new: str) -> None:
        self.rename = edits.RenameLinkType(old, new)
        text = _tr("Rename link type “{old}” to “{new}”").format(old=old, new=self.rename.new)
        super().__init__(project, text, self.rename)

    @property
    def renamed(self) -> int:
        """Links renamed by the last redo."""
        return self.rename.renamed


class SetLinkTypeSymmetric(SchemeCommand):
    def __init__(self, project: ProjectModel, name: str, symmetric: bool) -> None:
        text = (
            _tr("Make link type “{name}” symmetric") if symmetric else _tr("Make link type “{name}” directed")
        )
        super().__init__(project, text.format(name=name), edits.SetLinkTypeSymmetric(name, symmetric))


class ReorderLinkTypes(SchemeCommand):
    def __init__(
        self, project: ProjectModel, moved: str, before: Sequence[str], after: Sequence[str]
    ) -> None:
        up = after.index(moved) < before.index(moved)
        text = _tr("Move link type “{name}” up") if up else _tr("Move link type “{name}” down")
        super().__init__(project, text.format(name=moved), edits.ReorderLinkTypes(before, after))


class RemoveLinkType(SchemeCommand):
    """links: how many live links the removal deletes."""

    def __init__(self, project: ProjectModel, name: str, links: int) -> None:
        text = (
            _tr("Remove link type “{name}”")
            if not links
            else _tr("Remove link type “{name}” and 1 link")
            if links == 1
            else _tr("Remove link type “{name}” and {n} links")
        )
        edit = edits.RemoveLinkType(name, force=bool(links))
        super().__init__(project, text.format(name=name, n=links), edit)
