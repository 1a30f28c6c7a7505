"""The curated set: the tags a team agreed on, one per (document, label, span), with where each came from.

The rule, per document (see docs/curation.md for a worked example). Tags with the same label, start and
end are *identical copies* of one span; for each such group:

1. If a reviewer accepted at least one copy, the span is curated (an accepted tag always goes in, even
   when another copy of it was rejected).
2. Otherwise rejected copies do not count, and the span is curated when at least ``min_agree``
   different annotators made an undecided copy of it. ``min_agree`` None (the default) means every
   annotator who tagged the document (any label, any decision): unanimity; 1 means the union.
3. Never otherwise: a span whose copies were all rejected has no copy left to count.

A curated tag has annotator ``curated``, the span's label, offsets, quote and context, the distinct
notes of its sources (one per line), and its sources: the ids and annotators of the copies it came from
(accepted ones, else the undecided ones). Its id is derived from (document, label, start, end), so that
exporting twice gives the same ids and importing a curated export twice adds nothing.

Only live, placed tags take part: the caller leaves deleted and orphaned tags out (``live_placed``).
Memory holds one document's tags at a time (``curate`` streams per document).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from factcheck.core.disagreements import find_disagreements
from factcheck.core.model import Annotation

#: The annotator name every curated tag carries.
CURATED = "curated"

#: Fixed namespace for curated tag ids (uuid5 over document, label, start, end).
_ID_NAMESPACE = uuid.UUID("6f1c1d2e-3b7a-5c52-9a40-0c6b1f6f2e11")


class CurationTag(NamedTuple):
    """A tag as curation reads it: the columns of `TAG_FIELDS`, in order (a store row fits as is)."""

    id: str
    document_id: str
    label: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    annotator: str
    note: str
    created_at: str
    updated_at: str
    status: str | None
    reviewer: str | None
    reason: str | None
    reviewed_at: str | None


#: The annotation fields a CurationTag holds, in order.
TAG_FIELDS: tuple[str, ...] = CurationTag._fields


class Source(NamedTuple):
    id: str
    annotator: str


class CuratedTag(NamedTuple):
    """One tag of the curated set. Field names are the annotation's, plus ``sources``."""

    id: str
    document_id: str
    label: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    annotator: str
    note: str
    created_at: str
    updated_at: str
    deleted_at: None
    status: str | None
    reviewer: str | None
    reason: str | None
    reviewed_at: str | None
    orphaned: int
    sources: tuple[Source, ...]

    def source_dicts(self) -> list[dict[str, str]]:
        """The sources as JSON objects ``{"id", "annotator"}``."""
        return [{"id": s.id, "annotator": s.annotator} for s in self.sources]


def curated_id(document_id: str, label: str, start: int, end: int) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, f"{document_id}\x00{label}\x00{start}\x00{end}"))


def check_min_agree(min_agree: int | None) -> None:
    if min_agree is not None and (type(min_agree) is not int or min_agree < 1):
        raise ValueError(f"min_agree must be a whole number of at least 1, not {min_agree!r}")


def curate_document(tags: Iterable[CurationTag], min_agree: int | None = None) -> list[CuratedTag]:
    """One document's curated tags, ordered by start, end, label. tags: its live, placed tags."""
    check_min_agree(min_agree)
    groups: dict[tuple[str, int, int], list[CurationTag]] = {}
    annotators: set[str] = set()
    for tag in tags:
        annotators.add(tag.annotator)
        key = (tag.label, tag.start, tag.end)
        group = groups.get(key)
        if group is None:
            groups[key] = [tag]
        else:
            group.append(tag)
    needed = len(annotators) if min_agree is None else min_agree
    out: list[CuratedTag] = []
    for group in groups.values():
        accepted = [t for t in group if t.status == "accepted"]
        if accepted:
            sources = accepted
        else:
            undecided = [t for t in group if t.status is None]
            if len({t.annotator for t in undecided}) < needed:
                continue
            sources = undecided
        out.append(_curated(sources, bool(accepted)))
    out.sort(key=lambda c: (c.start, c.end, c.label))
    return out


def _curated(sources: list[CurationTag], accepted: bool) -> CuratedTag:
    sources = sorted(sources, key=lambda t: (t.annotator, t.created_at, t.id))
    first = sources[0]
    notes = dict.fromkeys(t.note for t in sources if t.note)
    decision = max(sources, key=lambda t: t.reviewed_at or "") if accepted else None
    return CuratedTag(
        id=curated_id(first.document_id, first.label, first.start, first.end),
        document_id=first.document_id,
        label=first.label,
        start=first.start,
        end=first.end,
        quote=first.quote,
        prefix=first.prefix,
        suffix=first.suffix,
        annotator=CURATED,
        note="\n".join(notes),
        created_at=min(t.created_at for t in sources),
        updated_at=max(t.updated_at for t in sources),
        deleted_at=None,
        status="accepted" if decision else None,
        reviewer=decision.reviewer if decision else None,
        reason=decision.reason if decision else None,
        reviewed_at=decision.reviewed_at if decision else None,
        orphaned=0,
        sources=tuple(Source(t.id, t.annotator) for t in sources),
    )


def curate(
    documents: Iterable[tuple[str, Iterable[CurationTag]]], min_agree: int | None = None
) -> Iterator[CuratedTag]:
    """The curated tags of each (document id, its live placed tags), document after document."""
    check_min_agree(min_agree)
    for _, tags in documents:
        yield from curate_document(tags, min_agree)


def live_placed(annotations: Iterable[Annotation]) -> list[CurationTag]:
    """Annotations held in memory (the open document) as curation's input: deleted and orphaned left out."""
    return [
        CurationTag(*(getattr(a, name) for name in TAG_FIELDS))
        for a in annotations
        if not a.deleted and not a.orphaned
    ]


def as_annotation(tag: CuratedTag) -> Annotation:
    """A curated tag as an Annotation (a view shows it like any other tag; its sources go in ``extra``)."""
    return Annotation(
        id=tag.id,
        document_id=tag.document_id,
        label=tag.label,
        start=tag.start,
        end=tag.end,
        quote=tag.quote,
        prefix=tag.prefix,
        suffix=tag.suffix,
        annotator=tag.annotator,
        note=tag.note,
        created_at=tag.created_at,
        updated_at=tag.updated_at,
        status="accepted" if tag.status == "accepted" else None,
        reviewer=tag.reviewer,
        reason=tag.reason,
        reviewed_at=tag.reviewed_at,
        extra={"sources": tag.source_dicts()},
    )


# -- where a document stands -------------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentState:
    """``not_reviewed`` (no decision on any tag), ``in_review`` (some decisions; ``open`` disagreements
    not every tag of which is decided) or ``curated`` (a reviewer marked it so)."""

    kind: str
    open: int = 0

    def describe(self) -> str:
        if self.kind == "curated":
            return "curated"
        if self.kind == "in_review":
            return f"in review, {self.open} open disagreement{'s' if self.open != 1 else ''}"
        return "not reviewed"


STATE_KINDS = ("not_reviewed", "in_review", "curated")


def document_state(annotations: Iterable[Annotation], curated: bool) -> DocumentState:
    """Where one document's review stands, from its tags (deleted ones are ignored)."""
    if curated:
        return DocumentState("curated")
    live = [a for a in annotations if not a.deleted]
    if not any(a.status for a in live):
        return DocumentState("not_reviewed")
    by_id = {a.id: a for a in live}
    open_count = 0
    for d in find_disagreements(live):
        tags = [by_id[i] for i in d.annotation_ids if i in by_id]
        if not tags or not all(t.status for t in tags):
            open_count += 1
    return DocumentState("in_review", open_count)
