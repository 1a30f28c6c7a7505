"""Corrections in the window: which tag corrects which, said in the tags' tooltips, and a key to go from
one to the other.

A correction (another's tag, a label key or E; `factcheck.core.ownership`) is the corrector's new tag, the
original rejected as corrected, and a `corrects` link from the new tag to the original. Here:
- the original's tooltip (article, tag table, review panel) says "Corrected by alice → denial “…”", the
  correction's "Corrects bob's claim “…”";
- **J** (View › Go to correction / corrected tag) jumps from a correction to the tag it corrects and
  from a corrected tag to its correction (the newest, when several corrected it); J again comes back.

The links are read from the project for the open document when first needed after a change (a tag
written, a document opened, a merge), never on every key press.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStatusBar, QWidget

from factcheck.core import ownership
from factcheck.core.links import Link
from factcheck.core.model import Annotation
from factcheck.core.open_document import OpenDocument
from ui.annotation_table import AnnotationTable
from ui.article_view import ArticleView
from ui.commands import DeleteCorrection
from ui.menus import find_menu
from ui.project import ProjectModel
from ui.review_dock import Review
from ui.tag_text import quotable

JUMP_KEY = "J"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Corrections", text)


_QUOTE = 40


class Host(Protocol):
    """What this needs of the main window (which sits above this module)."""

    project: ProjectModel
    open_doc: OpenDocument
    view: ArticleView
    table: AnnotationTable
    review: Review

    def statusBar(self) -> QStatusBar: ...


class Corrections(QObject):
    """See the module docstring."""

    def __init__(self, main: QMainWindow, window: Host) -> None:
        super().__init__(main)
        self.window = window
        self.project = window.project
        self.open_doc = window.open_doc
        self._loaded_for: str | None = None
        self._dirty = True
        self._corrects: dict[str, Link] = {}  # the correction's id -> its link
        self._corrected_by: dict[str, list[Link]] = {}  # the original's id -> its links, oldest first

        for signal in (self.project.annotationUpserted, self.project.annotationRemoved):
            signal.connect(self._tag_written)
        self.project.annotationsReset.connect(lambda _doc_id: self._forget())
        self.project.storeReplaced.connect(self._forget)
        self.open_doc.events.opened.connect(lambda _doc: self._forget())

        window.view.tag_notes = self.notes
        window.table.model.tag_notes = self.notes
        for model in window.review.panel.tag_models:
            model.tag_notes = self.notes

        self.jump_action = QAction(_tr("Go to corr&ection / corrected tag"), main)
        self.jump_action.setShortcut(QKeySequence(JUMP_KEY))
        self.jump_action.setStatusTip(_tr("From a correction to the tag it corrects, and back"))
        self.jump_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.jump_action.triggered.connect(lambda _=False: self.jump())
        local: list[QWidget] = [window.view, window.table.view]
        for widget in local:
            widget.addAction(self.jump_action)
        # By name, not by title: the title is translated.
        view_menu = find_menu(main.menuBar(), "&View")
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addAction(self.jump_action)

    # -- the open document's corrects links ---------------------------------------------------------
    def _tag_written(self, ann: Annotation) -> None:
        if ann.document_id == self.open_doc.id:
            self._dirty = True

    def _forget(self) -> None:
        self._dirty = True

    def _load(self) -> None:
        doc_id = self.open_doc.id
        if not self._dirty and doc_id == self._loaded_for:
            return
        self._corrects, self._corrected_by = {}, {}
        for link in self.project.correction_links(doc_id) if doc_id is not None else []:
            self._corrects[link.from_id] = link
            self._corrected_by.setdefault(link.to_id, []).append(link)
        self._loaded_for, self._dirty = doc_id, False

    def correction_of(self, tag_id: str) -> Link | None:
        """The link saying which tag this correction corrects (None: it corrects none)."""
        self._load()
        return self._corrects.get(tag_id)

    def corrections_of(self, tag_id: str) -> list[Link]:
        """The links from the corrections of this tag, oldest first."""
        self._load()
        return list(self._corrected_by.get(tag_id, []))

    # -- what the tooltips say ---------------------------------------------------------------------
    def _quoted(self, tag_id: str) -> str:
        tag = self.open_doc.tags.get(tag_id)
        if tag is None:
            return _tr("a tag not shown")
        return _tr("{label} “{quote}”").format(label=tag.label, quote=quotable(tag.quote, _QUOTE))

    def notes(self, ann: Annotation) -> list[str]:
        """Tooltip lines: what ann corrects, and who corrected it into what."""
        lines = []
        if (link := self.correction_of(ann.id)) is not None:
            original = self.open_doc.tags.get(link.to_id)
            line = (
                _tr("Corrects {annotator}'s {tag} ({key} goes there)")
                if original is not None
                else _tr("Corrects {tag} ({key} goes there)")
            )
            annotator = original.annotator if original is not None else ""
            lines.append(line.format(annotator=annotator, tag=self._quoted(link.to_id), key=JUMP_KEY))
        for link in self.corrections_of(ann.id):
            lines.append(
                _tr("Corrected by {annotator} → {tag} ({key} goes there)").format(
                    annotator=link.annotator, tag=self._quoted(link.from_id), key=JUMP_KEY
                )
            )
        return lines

    # -- deleting a correction -----------------------------------------------------------------------
    def delete_command(self, ann: Annotation) -> DeleteCorrection | None:
        """The command deleting ann when it is a correction whose original is still rejected by it (the
        rejection goes with it); None: an ordinary delete (its links go with it all the same)."""
        link = self.correction_of(ann.id)
        original = self.open_doc.tags.get(link.to_id) if link is not None else None
        if link is None or original is None or not ownership.rejected_as_corrected(original, ann.annotator):
            return None
        return DeleteCorrection(self.project, ann, original, link)

    # -- J -----------------------------------------------------------------------------------------
    def partner(self, tag_id: str) -> str | None:
        """The tag J goes to from tag_id: what it corrects, else its newest correction."""
        if (link := self.correction_of(tag_id)) is not None:
            return link.to_id
        found = self.corrections_of(tag_id)
        return found[-1].from_id if found else None

    def jump(self) -> str | None:
        """Make the partner of the current tag current; the tag jumped to."""
        status = self.window.statusBar()
        current = self.window.view.current_annotation() or self.window.table.current_annotation()
        tag = self.open_doc.tags.get(current)
        if tag is None:
            status.showMessage(_tr("Select a tag first (click it, or Tab to it)."), 4000)
            return None
        other_id = self.partner(tag.id)
        if other_id is None:
            status.showMessage(
                _tr("“{quote}” is no correction and was not corrected.").format(
                    quote=quotable(tag.quote, _QUOTE)
                ),
                4000,
            )
            return None
        if not self.open_doc.tags.drawn(other_id):
            status.showMessage(
                _tr(
                    "The other tag of this correction is not shown: "
                    "the review panel's annotator pair hides it."
                ),
                6000,
            )
            return None
        self.window.view.set_current(other_id, scroll=True)
        self.window.table.select_annotation(other_id)
        other = self.open_doc.tags.get(other_id)
        at = (
            _tr("At {annotator}'s {tag} ({key} goes back).")
            if other is not None
            else _tr("At {tag} ({key} goes back).")
        )
        annotator = other.annotator if other is not None else ""
        status.showMessage(at.format(annotator=annotator, tag=self._quoted(other_id), key=JUMP_KEY), 4000)
        return other_id


def install_corrections(main: QMainWindow, window: Host) -> Corrections:
    return Corrections(main, window)
