"""Span rules: trimming, validation and W3C quote context. Offsets are code points, end exclusive."""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.core.errors import InvalidSpan, UnknownLabel
from factcheck.core.model import CONTEXT_CHARS, Annotation, Document, Label, new_id, utc_now


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace; raise InvalidSpan if nothing is left."""
    check_bounds(text, start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise InvalidSpan("The selection holds only whitespace; select some text to tag.")
    return start, end


def check_bounds(text: str, start: int, end: int) -> None:
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        raise InvalidSpan(f"Offsets must be whole numbers, got {start!r} and {end!r}.")
    if not 0 <= start < end <= len(text):
        raise InvalidSpan(f"The span {start}-{end} lies outside the text (0-{len(text)}) or is empty.")


def validate(text: str, start: int, end: int) -> None:
    """A stored span: inside the text, non-empty, not only whitespace."""
    check_bounds(text, start, end)
    if not text[start:end].strip():
        raise InvalidSpan(f"The span {start}-{end} holds only whitespace.")


def context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(prefix, quote, suffix) as a W3C TextQuoteSelector would carry them."""
    return (
        text[max(0, start - CONTEXT_CHARS) : start],
        text[start:end],
        text[end : end + CONTEXT_CHARS],
    )


def check_label(label: str, labels: Iterable[Label]) -> None:
    names = [lab.name for lab in labels]
    if label not in names:
        raise UnknownLabel(f"Unknown label {label!r}; this project's labels are {', '.join(names)}.")


def new_annotation(
    document: Document,
    start: int,
    end: int,
    label: str,
    annotator: str,
    note: str = "",
    *,
    trim_whitespace: bool = True,
) -> Annotation:
    """A fresh annotation on document; the selection is trimmed of surrounding whitespace."""
    if trim_whitespace:
        start, end = trim(document.text, start, end)
    validate(document.text, start, end)
    return annotation_at(document, start, end, label, annotator, note=note)


def annotation_at(
    document: Document,
    start: int,
    end: int,
    label: str,
    annotator: str,
    *,
    note: str = "",
    id: str | None = None,
    now: str | None = None,
) -> Annotation:
    """An annotation of document.text[start:end] exactly as given (neither trimmed nor checked), with
    its quote and context; created and updated now (or at `now`), with a new id unless one is given."""
    prefix, quote, suffix = context(document.text, start, end)
    now = now or utc_now()
    return Annotation(
        id=id or new_id(),
        document_id=document.id,
        label=label,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        annotator=annotator,
        note=note,
        created_at=now,
        updated_at=now,
    )
