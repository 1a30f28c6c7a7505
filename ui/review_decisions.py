"""A reviewer's decision on a tag, as the review panel records it: the reason a rejection asks for, the
decision's wording on the undo stack, and the warning when it could not be saved."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from factcheck.core.decisions import decided
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Annotation, ReviewStatus
from ui.commands import EditAnnotation, push_command
from ui.project import ProjectModel
from ui.tag_text import quotable
from ui.typed_text import ask_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewPanel", text)


def ask_reject_reason(parent: QWidget, ann: Annotation) -> str | None:
    """Why reject ann, asked of the reviewer (their last reason offered); None: cancelled."""
    return ask_text(  # Esc with a reason typed asks before dropping it
        parent,
        _tr("Reject tag"),
        _tr(
            "Why reject {annotator}'s {label} tag “{quote}”?\n"
            "The reason is kept with the decision and exported with the tag."
        ).format(annotator=ann.annotator, label=ann.label, quote=quotable(ann.quote, 50)),
        ann.reason or "",
        name="rejectReason",
    )


def record_decision(
    parent: QWidget,
    project: ProjectModel,
    undo_stack: QUndoStack,
    ann: Annotation,
    decision: tuple[ReviewStatus, str, str | None],
) -> bool:
    """The reviewer's decision (status, reviewer, reason) on ann as one undoable edit; False, after a
    warning, when it could not be saved."""
    status, reviewer, reason = decision
    after = decided(ann, status, reviewer, reason)
    what = (
        _tr("Accept {annotator}'s {label} “{quote}”")
        if status == "accepted"
        else _tr("Reject {annotator}'s {label} “{quote}”")
    )
    text = what.format(annotator=ann.annotator, label=ann.label, quote=quotable(ann.quote, 30))
    try:
        document_text = project.document(ann.document_id).text
        push_command(undo_stack, EditAnnotation(project, ann, after, document_text, description=text))
    except FactcheckError as exc:
        QMessageBox.warning(
            parent, _tr("Decision not saved"), f"{exc}\n\n" + _tr("The decision was not recorded.")
        )
        return False
    return True
