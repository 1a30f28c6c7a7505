"""How a tag reads in one line of text: elided quotes, review decisions and the tooltip of a tag's row."""

from __future__ import annotations

from factcheck.core.model import Annotation


def one_line(text: str, limit: int) -> str:
    """Whitespace (line breaks included) collapsed to single spaces, elided with "…" beyond limit."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def words(ann: Annotation) -> str:
    """The words a tag covers: its quote, or a discontinuous tag's pieces joined by " … " (cut from its
    envelope quote, so no document text is needed)."""
    if not ann.fragments:
        return ann.quote
    return " … ".join(ann.quote[s - ann.start : e - ann.start] for s, e in ann.fragments)


def decision_text(ann: Annotation) -> str:
    if ann.status == "accepted":
        return f"✓ accepted by {ann.reviewer or '?'}"
    if ann.status == "rejected":
        return f"✗ rejected by {ann.reviewer or '?'}" + (f": {ann.reason}" if ann.reason else "")
    return "undecided"


def tag_tooltip(ann: Annotation) -> str:
    """Plain-text tooltip of a tag's row (the tag table, the review panel)."""
    lines = [f"{ann.label} · {ann.annotator} · {ann.start}–{ann.end}", one_line(ann.quote, 300)]
    if ann.note:
        lines.append(f"Note: {ann.note}")
    review = f"Review: {decision_text(ann)}"
    lines.append(review + (f" ({ann.reviewed_at[:16]})" if ann.status and ann.reviewed_at else ""))
    if ann.orphaned:
        lines.append("Orphaned: could not be placed on this version of the text")
    lines.append(f"Updated {ann.updated_at}")
    return "\n".join(lines)
