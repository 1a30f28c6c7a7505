"""How a tag reads in one line of text: elided quotes, review decisions and the tooltip of a tag's row."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from factcheck.core.model import Annotation

#: More lines about a tag for its tooltips (e.g. "corrected by alice → …": ui/corrections_view.py).
TagNotes = Callable[[Annotation], list[str]]


def no_notes(_ann: Annotation) -> list[str]:
    return []


def one_line(text: str, limit: int) -> str:
    """Whitespace (line breaks included) collapsed to single spaces, elided with "…" beyond limit."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decision_text(ann: Annotation) -> str:
    if ann.status == "accepted":
        return f"✓ accepted by {ann.reviewer or '?'}"
    if ann.status == "rejected":
        return f"✗ rejected by {ann.reviewer or '?'}" + (f": {ann.reason}" if ann.reason else "")
    return "undecided"


def tag_tooltip(ann: Annotation, notes: Sequence[str] = ()) -> str:
    """Plain-text tooltip of a tag's row (the tag table, the review panel); notes follow its review."""
    lines = [f"{ann.label} · {ann.annotator} · {ann.start}–{ann.end}", one_line(ann.quote, 300)]
    if ann.note:
        lines.append(f"Note: {ann.note}")
    review = f"Review: {decision_text(ann)}"
    lines.append(review + (f" ({ann.reviewed_at[:16]})" if ann.status and ann.reviewed_at else ""))
    lines += notes
    if ann.orphaned:
        lines.append("Orphaned: could not be placed on this version of the text")
    lines.append(f"Updated {ann.updated_at}")
    return "\n".join(lines)
