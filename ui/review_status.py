"""The review panel's status line: what the list holds and which tag A, R and E act on."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from factcheck.core.names import shown
from factcheck.core.open_document import OpenDocument
from factcheck.core.review_session import ReviewSession
from ui.tag_text import decision_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewPanel", text)


def summary(session: ReviewSession, open_document: OpenDocument) -> str:
    """What the list holds (or why it is empty)."""
    if session.pending is not None:
        return _tr("Finding disagreements…")
    if open_document.document is None:
        return _tr("Open a document to review its disagreements.")
    names = session.tags.annotators()
    if len(names) < 2:
        if names:
            who = _tr("Only {name} tagged this document").format(name=shown(names[0]))
        else:
            who = _tr("Nobody has tagged this document yet")
        return _tr("{who}: nothing to compare. Import a teammate's work to review it.").format(who=who)
    chosen = session.chosen_annotators()
    if chosen is not None and len(chosen) < 2:
        return _tr("Choose two different annotators to compare.")
    items = session.disagreements
    if not items:
        return _tr("No disagreements: the annotators shown agree on every tag.")
    return _tr("{n} disagreements, {open} still open.").format(n=len(items), open=session.open_count())


def status_line(session: ReviewSession, open_document: OpenDocument) -> str:
    """The summary, then the current tag (the article's too): the one A, R and E act on."""
    text = summary(session, open_document)
    ann = session.current_annotation()
    if ann is not None:
        text += " " + _tr("Current: {annotator}'s {label} ({decision}).").format(
            annotator=shown(ann.annotator), label=ann.label, decision=decision_text(ann)
        )
        if session.current_disagreement() is None:
            text += " " + _tr("It is in no disagreement listed; N and P go on from it.")
    elif session.disagreements and session.pending is None:
        text += " " + _tr("No current tag: press N or P, or make a tag current in the article.")
    return text
