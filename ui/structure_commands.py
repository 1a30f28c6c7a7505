"""Undoable edits of the structure: attribution, links, speakers, pieces of a discontinuous tag.

Each is a ``StoreCommand`` (ui/commands.py): written through the project before the undo stack moves, one
transaction each. Attribution, a source tag's speaker and a tag's pieces are fields of the tag, so they are
``EditAnnotation``s (only the fields that differ are written, onto the row as stored). Links and speakers
are rows of their own, written through the project's structure methods (ui/project_structure.py).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from factcheck.core.links import Link
from factcheck.core.model import Annotation
from factcheck.core.names import shown
from factcheck.core.speakers import Speaker
from ui import twin_steps
from ui.commands import EditAnnotation, StoreCommand
from ui.project import ProjectModel
from ui.tag_text import quotable


def _tr(text: str) -> str:
    return QCoreApplication.translate("StructureCommands", text)


def _short(text: str) -> str:
    return quotable(text, 30)


def set_attribution(
    project: ProjectModel, before: Annotation, after: Annotation, text: str | None, what: str
) -> EditAnnotation:
    """A content tag's source, cue or quotation changed (``what`` says which, for the Undo menu)."""
    return EditAnnotation(
        project,
        before,
        after,
        text,
        description=_tr("{what} of “{quote}”").format(what=what, quote=_short(before.quote)),
    )


def set_speaker(
    project: ProjectModel, before: Annotation, speaker: Speaker | None, text: str | None
) -> EditAnnotation:
    after = replace(before, speaker=speaker.id if speaker is not None else None)
    if speaker is not None:
        what = _tr("Speaker {name} for “{quote}”").format(
            name=shown(speaker.name), quote=_short(before.quote)
        )
    else:
        what = _tr("No speaker for “{quote}”").format(quote=_short(before.quote))
    return EditAnnotation(project, before, after, text, description=what)


def set_pieces(project: ProjectModel, before: Annotation, after: Annotation, text: str) -> EditAnnotation:
    """A piece added to (or taken from) a discontinuous tag: its fragments, envelope and quote change."""
    return EditAnnotation(
        project,
        before,
        after,
        text,
        description=_tr("Add a piece to “{quote}”").format(quote=_short(before.quote)),
    )


class AddLink(StoreCommand):
    """A new link. Undo tombstones it; redo restores it (same id, fresh updated_at).

    ``annotation`` is the tag it starts from: the window opens its document to show what an undo does."""

    def __init__(self, project: ProjectModel, link: Link, start: Annotation, target: Annotation) -> None:
        super().__init__(
            project,
            _tr("Link “{quote}” {type} “{target}”").format(
                quote=_short(start.quote), type=link.type, target=_short(target.quote)
            ),
        )
        self.annotation = start
        self.link = link
        self._stored = False

    def _do_redo(self) -> None:
        if not self._stored:
            self.link = self.project.add_link(self.link)
            self._stored = True
        else:  # onto the tag kept when a sync or merge dropped an end as identical to another
            self.link, why = twin_steps.put_link_back(self.project, self.link, self.link.annotator)
            if why != "":
                self.wrote_nothing(why)

    def _do_undo(self) -> None:
        self.link = _take_away(self, self.link.annotator)


class DeleteLink(StoreCommand):
    """Tombstone a link; undo restores it."""

    def __init__(
        self, project: ProjectModel, link: Link, start: Annotation, target: Annotation, by: str
    ) -> None:
        super().__init__(
            project,
            _tr("Delete link “{quote}” {type} “{target}”").format(
                quote=_short(start.quote), type=link.type, target=_short(target.quote)
            ),
        )
        self.annotation = start  # as AddLink's
        self.link = link
        self.by = by

    def _do_redo(self) -> None:
        self.link = _take_away(self, self.by)

    def _do_undo(self) -> None:  # onto the tag kept when a sync or merge dropped an end (ui.twin_steps)
        self.link, why = twin_steps.put_link_back(self.project, self.link, self.by)
        if why != "":
            self.wrote_nothing(why)


def _take_away(command: AddLink | DeleteLink, by: str) -> Link:
    """Tombstone the step's link, or the one a sync moved onto the tag kept; nothing when it went with its
    document (removed meanwhile by another program: no row left), which the step then says."""
    if command.project.stored_link(command.link.id) is None:
        command.wrote_nothing()
        return command.link
    moved = twin_steps.link_in_place_of(command.project, command.link)  # onto the tag kept by a sync
    return command.project.delete_link((moved or command.link).id, by=by)


class PutSpeaker(StoreCommand):
    """Add a speaker (``before`` None) or change one (name, kind, description, same_as, merge); undo puts
    back the version before (a new speaker is tombstoned)."""

    def __init__(self, project: ProjectModel, before: Speaker | None, after: Speaker, text: str = "") -> None:
        default = (_tr("Add speaker {name}") if before is None else _tr("Edit speaker {name}")).format(
            name=shown(after.name)
        )
        super().__init__(project, text or default)
        # Not `before`/`after`: the window reads those names as tags (to show what an undo changes).
        self.previous = before
        self.speaker = after
        self._stored = False

    def _do_redo(self) -> None:
        if self.previous is None and not self._stored:
            self.speaker = self.project.add_speaker(self.speaker)  # checked: a new one
            self._stored = True
        else:
            kept = self.previous.name if self.previous is not None else None
            self.speaker = self.project.put_speaker(self.speaker, kept, self.previous)

    def _do_undo(self) -> None:
        if self.previous is None:
            self.project.remove_speaker(self.speaker.id)
        else:
            self.previous = self.project.put_speaker(self.previous, self.previous.name, self.previous)


class MergeSpeakers(StoreCommand):
    """B merged into A: B's tags count as A's from now on (no tag is rewritten); undo puts B back as it
    was."""

    def __init__(self, project: ProjectModel, b: Speaker, into: Speaker) -> None:
        super().__init__(
            project, _tr("Merge speaker {name} into {into}").format(name=shown(b.name), into=shown(into.name))
        )
        self.previous = b
        self.into = into

    def _do_redo(self) -> None:
        self.project.merge_speaker(self.previous.id, self.into.id)

    def _do_undo(self) -> None:
        self.previous = self.project.put_speaker(self.previous, self.previous.name, self.previous)


class AssignNewSpeaker(StoreCommand):
    """A new speaker, made from the source tag's keyboard completer, and assigned to the tag: one step."""

    def __init__(self, project: ProjectModel, speaker: Speaker, tag: Annotation, text: str | None) -> None:
        super().__init__(
            project,
            _tr("New speaker {name} for “{quote}”").format(name=shown(speaker.name), quote=_short(tag.quote)),
        )
        self.annotation = tag
        self._speaker = PutSpeaker(project, None, speaker)
        self._assign = set_speaker(project, tag, speaker, text)

    def _do_redo(self) -> None:
        self._speaker._do_redo()
        self._assign._do_redo()
        self.annotation = self._assign.after

    def _do_undo(self) -> None:
        self._assign._do_undo()
        self._speaker._do_undo()
        self.annotation = self._assign.before
