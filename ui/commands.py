"""Undoable edits. Each redo/undo is one transaction through the project, stored at once.

A store write can fail (disk full, database locked by another program). The undo stack must never hold a
command whose write failed, and must not move when an undo fails. So writes happen *before* the stack
moves: `push_command(stack, cmd)` applies the command and only pushes it when the write succeeded;
`undo(stack)` and `redo(stack)` write first and then move the stack (the command then skips the write
the stack triggers).
A failure raises the `FactcheckError` for the caller to show, and the stack stays where it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack

from factcheck.core import ownership
from factcheck.core.attribution import fitted_to_role, roles
from factcheck.core.decisions import decided
from factcheck.core.errors import FactcheckError
from factcheck.core.links import Link
from factcheck.core.model import ANNOTATION_FIELDS, Annotation
from ui import command_texts, twin_steps
from ui.project import ProjectModel
from ui.tag_text import quotable


def _tr(text: str) -> str:
    return QCoreApplication.translate("Commands", text)


_MAX_QUOTE = 30


def _own_copy(value: Any) -> Any:
    """A str of its own (equal, not the same object); other values as they are."""
    if type(value) is str and len(value) > 1:  # (one-character strs are shared by the interpreter)
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
    return value


def detached(ann: Annotation) -> Annotation:
    """An equal tag holding none of ann's strs. An undo step outlives its document's load: the tag as
    read, or its strs, kept by the step would keep the 1 MB arenas of Python's allocator the load's
    tags were made in (free once the article is closed) from being given back."""
    return replace(ann, **{f: _own_copy(getattr(ann, f)) for f in ANNOTATION_FIELDS})


def _short(quote: str) -> str:
    return quotable(quote, _MAX_QUOTE)


class StoreCommand(QUndoCommand):
    """Base: `apply_redo()` / `apply_undo()` write (and may raise); `redo()` / `undo()` are what the stack
    calls, and only write when the write has not just been done by `apply_*`."""

    def __init__(self, project: ProjectModel, text: str) -> None:
        super().__init__(text)
        self.project = project
        self._applied: str | None = None  # "redo" or "undo": already written, the stack call skips it
        self.notice = ""  # why the last undo or redo wrote nothing (the window's status bar says it)

    # Subclasses implement the writes.
    def _do_redo(self) -> None:
        raise NotImplementedError

    def _do_undo(self) -> None:
        raise NotImplementedError

    def apply_redo(self) -> None:
        self.notice = ""
        self._do_redo()
        self._applied = "redo"

    def apply_undo(self) -> None:
        self.notice = ""
        self._do_undo()
        self._applied = "undo"

    def redo(self) -> None:
        if self._applied == "redo":
            self._applied = None
            return
        self._guarded(self._do_redo)

    def undo(self) -> None:
        if self._applied == "undo":
            self._applied = None
            return
        self._guarded(self._do_undo)

    def _guarded(self, write: Callable[[], None]) -> None:
        # Reached only when the stack is driven directly (e.g. QUndoView); an exception must not escape
        # into Qt, and the project has already emitted errorOccurred for the status bar.
        self.notice = ""
        with contextlib.suppress(FactcheckError):
            write()

    def wrote_nothing(self, why: str | None = None) -> None:
        """The step wrote nothing: why, for the status bar (None: its tag is gone with no identical copy
        left, which its line in the undo history says too)."""
        if why is None:
            self.setText(twin_steps.gone_note(self.text()))
            why = twin_steps.gone_notice(self.text())
        self.notice = why

    def document_gone(self, document_id: str) -> bool:
        """Whether the step's document was removed meanwhile (by another program): then the step wrote
        nothing, and its line in the undo history and the status bar say why."""
        if self.project.has_document(document_id):
            return False
        suffix = _tr(" (its document was removed meanwhile)")
        if not self.text().endswith(suffix):
            self.setText(self.text() + suffix)
        step = self.text().removesuffix(suffix)
        self.notice = _tr("“{step}” changed nothing: its document was removed meanwhile.").format(step=step)
        return True


class AddAnnotation(StoreCommand):
    """A new tag. Undo tombstones it; redo restores it (same id, fresh updated_at)."""

    def __init__(self, project: ProjectModel, ann: Annotation) -> None:
        super().__init__(
            project, _tr("Tag “{quote}” as {label}").format(quote=_short(ann.quote), label=ann.label)
        )
        self.annotation = ann
        self._stored = False

    def _do_redo(self) -> None:
        if not self._stored:
            self.annotation = self.project.add(self.annotation)
            self._stored = True
        elif self.project.annotation(self.annotation.id) is None:  # gone with its document
            self.wrote_nothing()
        else:  # the tag kept in its place when a sync or merge dropped it as identical (ui.twin_steps)
            self.annotation = twin_steps.bring_back(self.project, self.annotation)

    def _do_undo(self) -> None:
        self.annotation, wrote = twin_steps.remove(self.project, self.annotation)
        if not wrote:
            self.wrote_nothing()


class DeleteAnnotation(StoreCommand):
    """Tombstone a tag (kept, so merges never bring it back); undo restores it."""

    def __init__(self, project: ProjectModel, ann: Annotation) -> None:
        super().__init__(project, _tr("Delete tag “{quote}”").format(quote=_short(ann.quote)))
        self.annotation = ann

    def _do_redo(self) -> None:
        self.annotation, wrote = twin_steps.remove(self.project, self.annotation)
        if not wrote:
            self.wrote_nothing()

    def _do_undo(self) -> None:
        if self.project.annotation(self.annotation.id) is None:  # gone with its document
            self.wrote_nothing()
            return
        self.annotation = twin_steps.bring_back(self.project, self.annotation)


class EditAnnotation(StoreCommand):
    """Change a tag's label, note, span or review decision.

    Only the fields that differ between `before` and `after` are written, onto the row as it is stored
    at that moment: an undo reverts what this edit changed and nothing that another program changed
    meanwhile. Each write gets a fresh updated_at, so a merge by "newer wins" sees an undo as the latest
    word. `text` is the document text (optional): the quote is checked against it before every write.
    """

    def __init__(
        self, project: ProjectModel, before: Annotation, after: Annotation, text: str | None = None, *,
        description: str = "",
    ) -> None:  # fmt: skip
        if before.id != after.id:
            raise ValueError("EditAnnotation needs two versions of the same annotation")
        if after.label != before.label:  # e.g. a claim relabelled a source drops its attribution
            after = fitted_to_role(after, roles(project.labels()))
        super().__init__(project, description or _describe(before, after))
        self.before = detached(before)
        self.after = after
        self._text = command_texts.shared(before.document_id, text)  # one copy for every step on it
        self.fields = [f for f in ProjectModel.PATCHABLE if getattr(before, f) != getattr(after, f)]

    def _write(self, version: Annotation) -> Annotation:
        if self.project.annotation(version.id) is None:  # gone with its document: no row to patch
            self.wrote_nothing()
            return version
        if "deleted_at" not in self.fields:
            now = twin_steps.followed(self.project, version)
            if now.deleted:  # gone with no identical copy left: a patch would only rewrite a tombstone
                self.wrote_nothing()
                return now
            if now.id != version.id:  # a sync or merge dropped the tag as identical to now: the same tag
                self.before, self.after = replace(self.before, id=now.id), replace(self.after, id=now.id)
                version = replace(version, id=now.id)
        changes = {f: self._pointer(f, getattr(version, f)) for f in self.fields}
        text = self._text.text if self._text is not None else None
        return self.project.patch(version.id, changes, text=text)

    def _pointer(self, field: str, value: object) -> object:
        """A source or cue naming a tag dropped as identical to another names the tag kept."""
        if field not in ("source", "cue") or not isinstance(value, str):
            return value
        tag = self.project.annotation(value)
        return value if tag is None else twin_steps.followed(self.project, tag).id

    def _do_redo(self) -> None:
        self.after = self._write(self.after)

    def _do_undo(self) -> None:
        self.before = self._write(self.before)


class CorrectAnnotation(StoreCommand):
    """Correct another's tag (`factcheck.core.ownership.correction`): the corrector's tag, the original
    rejected as corrected and a `corrects` link from the one to the other, in one transaction; undo
    removes all three together (one transaction too), redo brings them back."""

    def __init__(
        self, project: ProjectModel, original: Annotation, new: Annotation, rejected: Annotation
    ) -> None:
        text = _tr("Correct {annotator}'s “{quote}” as {label}").format(
            annotator=original.annotator, quote=_short(original.quote), label=new.label
        )
        super().__init__(project, text)
        self.annotation = new
        self.before = original
        self.rejected = rejected
        self.link = ownership.correction_link(new, original)

    def _do_redo(self) -> None:
        if _follow_correction(self, restoring=True):
            self.annotation = self.project.correct(self.annotation, self.rejected, self.link)

    def _do_undo(self) -> None:
        # The original's decision goes back only while it is still the correction's rejection.
        if _follow_correction(self, restoring=False):
            self.annotation, _ = self.project.uncorrect(self.annotation.id, self.before)


class DeleteCorrection(StoreCommand):
    """The corrector deletes her correction while the original is still rejected as corrected by it: the
    tag (with its `corrects` link) goes and the original is undecided again, in one transaction; undo
    brings back all three (the inverse of `CorrectAnnotation`)."""

    def __init__(
        self, project: ProjectModel, correction: Annotation, original: Annotation, link: Link
    ) -> None:
        text = _tr("Delete correction “{quote}” ({annotator}'s {label} undecided)").format(
            quote=_short(correction.quote), annotator=original.annotator, label=original.label
        )
        super().__init__(project, text)
        self.annotation = correction
        self.rejected = original
        self.link = link
        self._reverted = False  # whether the delete took the rejection back (a decision made since stays)

    def _do_redo(self) -> None:
        if not _follow_correction(self, restoring=False):
            return
        undecided = decided(self.rejected, None, None)
        self.annotation, self._reverted = self.project.uncorrect(self.annotation.id, undecided)

    def _do_undo(self) -> None:
        if not _follow_correction(self, restoring=True):
            return
        if self._reverted:
            self.annotation = self.project.correct(self.annotation, self.rejected, self.link)
        else:  # only the tag, and the links its deletion tombstoned (or the identical tag kept for it)
            self.annotation = twin_steps.bring_back(self.project, self.annotation)


def _follow_correction(command: CorrectAnnotation | DeleteCorrection, *, restoring: bool) -> bool:
    """A correction step's tags and link as they stand (ui.twin_steps.correction_now): the tag a sync or
    merge kept in place of the correction or of the original, and the `corrects` link joining them. False
    when the step has nothing to write on: the original gone with no copy left, or (taking the correction
    away) the correction gone likewise; the step then says so. Taking away a correction of an original
    gone with no copy deletes the correction tag alone (its `corrects` link with it), and says so."""
    original = command.before if isinstance(command, CorrectAnnotation) else command.rejected
    if command.project.annotation(original.id) is None:  # gone with its document: no row to write
        command.wrote_nothing()
        return False
    new, now, link = twin_steps.correction_now(command.project, command.annotation, original, command.link)
    if now.deleted and not restoring and not new.deleted:
        # Taking the correction away: the tag is the corrector's own, so it goes (with its link) even
        # though the original has no decision left to put back; kept, it would have to be found and
        # deleted by hand.
        command.annotation = command.project.delete(new.id)
        command.setText(twin_steps.gone_note(command.text()))
        command.notice = twin_steps.correction_alone_notice(command.text())
        return False
    if now.deleted or (not restoring and new.deleted):
        command.wrote_nothing()
        return False
    command.annotation, command.link = new, link
    command.rejected = replace(command.rejected, id=now.id)
    if isinstance(command, CorrectAnnotation):
        command.before = replace(command.before, id=now.id)
    return True


def _describe(before: Annotation, after: Annotation) -> str:
    quote = _short(after.quote)
    if before.label != after.label:
        return _tr("Change “{quote}” from {before} to {after}").format(
            quote=quote, before=before.label, after=after.label
        )
    if before.note != after.note:
        return _tr("Edit note on “{quote}”").format(quote=quote)
    if (before.start, before.end) != (after.start, after.end):
        return _tr("Move tag “{quote}”").format(quote=quote)
    if before.status != after.status:
        return _tr("Review “{quote}”: {status}").format(quote=quote, status=after.status or _tr("undecided"))
    return _tr("Edit tag “{quote}”").format(quote=quote)


class MarkCurated(StoreCommand):
    """Mark a document curated, or clear the mark (mark None); undo puts back the mark it had before."""

    def __init__(
        self,
        project: ProjectModel,
        document_id: str,
        title: str,
        mark: tuple[str, str] | None,
        previous: tuple[str, str] | None,
    ) -> None:
        name = _short(title or _tr("Untitled"))
        text = _tr("Mark “{name}” as curated") if mark else _tr("Mark “{name}” as not curated")
        super().__init__(project, text.format(name=name))
        self.document_id = document_id
        self.mark = mark
        self.previous = previous  # not `before`: the window reads that name as an annotation

    def _do_redo(self) -> None:
        if not self.document_gone(self.document_id):
            self.project.set_curated(self.document_id, self.mark)

    def _do_undo(self) -> None:
        if not self.document_gone(self.document_id):
            self.project.set_curated(self.document_id, self.previous)


# -- driving the stack so that it never holds a failed write ----------------------------------------
def push_command(stack: QUndoStack, command: StoreCommand) -> None:
    """Write, then push. Raises FactcheckError (nothing pushed) when the write fails."""
    command.apply_redo()
    stack.push(command)


def undo(stack: QUndoStack) -> bool:
    """Undo the last command: write first, then move the stack. False when there is nothing to undo."""
    if not stack.canUndo():
        return False
    command = stack.command(stack.index() - 1)
    if isinstance(command, StoreCommand):
        command.apply_undo()  # raises: the stack stays where it is
    stack.undo()
    return True


def redo(stack: QUndoStack) -> bool:
    """Redo the next command: write first, then move the stack."""
    if not stack.canRedo():
        return False
    command = stack.command(stack.index())
    if isinstance(command, StoreCommand):
        command.apply_redo()
    stack.redo()
    return True
