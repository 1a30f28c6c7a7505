"""How a tag reads in one line of text: elided quotes, review decisions and the tooltip of a tag's row."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication

from factcheck.core.fragments import unquoted
from factcheck.core.model import Annotation
from factcheck.core.names import shown
from ui.dates import full_time


def _tr(text: str) -> str:
    return QCoreApplication.translate("TagText", text)


#: More lines about a tag for its tooltips (e.g. "corrected by alice → …": ui/corrections_view.py).
TagNotes = Callable[[Annotation], list[str]]


def no_notes(_ann: Annotation) -> list[str]:
    return []


def one_line(text: str, limit: int) -> str:
    """Whitespace (line breaks included) collapsed to single spaces, elided with "…" beyond limit."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quotable(text: str, limit: int) -> str:
    """The words to put between “ ” in a message: one_line, without the pair of quotation marks that
    already surrounds them (a tag of a whole quotation), so the message does not show ““…””
    (`core.fragments.unquoted`, which the core's own messages use)."""
    return unquoted(text, limit)


def words(ann: Annotation) -> str:
    """The words a tag covers: its quote, or a discontinuous tag's pieces joined by " … " (cut from its
    envelope quote, so no document text is needed)."""
    if not ann.fragments:
        return ann.quote
    return " … ".join(ann.quote[s - ann.start : e - ann.start] for s, e in ann.fragments)


def where(ann: Annotation) -> str:
    """Where a tag lies: "12–30", or a discontinuous tag's pieces "12–18, 24–30"."""
    return ", ".join(f"{s}–{e}" for s, e in (ann.fragments or ((ann.start, ann.end),)))


def decision_text(ann: Annotation) -> str:
    if ann.status == "accepted":
        return _tr("✓ accepted by {reviewer}").format(reviewer=shown(ann.reviewer) if ann.reviewer else "?")
    if ann.status == "rejected":
        text = _tr("✗ rejected by {reviewer}").format(reviewer=shown(ann.reviewer) if ann.reviewer else "?")
        return text + (f": {ann.reason}" if ann.reason else "")
    return _tr("undecided")


def tag_tooltip(ann: Annotation, notes: Sequence[str] = ()) -> str:
    """Plain-text tooltip of a tag's row (the tag table, the review panel); notes follow its review."""
    lines = [f"{ann.label} · {shown(ann.annotator)} · {ann.start}–{ann.end}", one_line(ann.quote, 300)]
    if ann.note:
        lines.append(_tr("Note: {note}").format(note=ann.note))
    review = _tr("Review: {decision}").format(decision=decision_text(ann))
    lines.append(review + (f" ({full_time(ann.reviewed_at)})" if ann.status and ann.reviewed_at else ""))
    lines += notes
    if ann.orphaned:
        lines.append(_tr("Orphaned: could not be placed on this version of the text"))
    lines.append(_tr("Updated {when}").format(when=full_time(ann.updated_at)))
    return "\n".join(lines)


def already_tagged(existing: Annotation | None, refusal: Exception | None) -> str:
    """The status line when a new tag would repeat a live one: that one is made current instead."""
    if existing is None:
        return str(refusal or "That tag exists already; no second tag was made.")
    return (
        f"Already tagged: “{quotable(existing.quote, 40)}” is {shown(existing.annotator)}'s "
        f"{existing.label} tag "
        "(now the current tag); no second tag was made."
    )
