"""The curated set: the tags a team agreed on, one per (document, label, span), with where each came from.

The rule, per document (see docs/curation.md for a worked example). Tags with the same label and the
same pieces (`factcheck.core.fragments.pieces`: start and end for a continuous tag, every piece for a
discontinuous one, never just its envelope) are *identical copies* of one span; for each such group:

1. If a reviewer accepted at least one copy, the span is curated (an accepted tag always goes in, even
   when another copy of it was rejected).
2. Otherwise rejected copies do not count, and the span is curated when at least ``min_agree``
   different annotators made an undecided copy of it. ``min_agree`` None (the default) means every
   annotator who tagged the document (any label, any decision): unanimity; 1 means the union.
3. Never otherwise: a span whose copies were all rejected has no copy left to count.

A curated tag has annotator ``curated``, the span's label, offsets, pieces, quote and context, the
distinct notes of its sources (one per line), and its sources: the ids and annotators of the copies it
came from (accepted ones, else the undecided ones). Its id is derived from (document, label, start, end)
and, for a discontinuous tag only, its pieces: exporting twice gives the same ids, importing a curated
export twice adds nothing, and the ids of continuous curated tags are those earlier versions gave.

Only live, placed tags take part: the caller leaves deleted and orphaned tags out (``live_placed``).
Memory holds one document's tags at a time (``curate`` streams per document).

In two steps for a store: `decide_document` applies the rule to tags of which it reads every field but
`WIDE_FIELDS` (a query may leave those None), and `curated_tag` makes each curated tag, reading the wide
fields only of the sources `wide_sources` names (the quote and context of one, the decision of accepted
ones): an export reads them for those few tags only. `curate_document` does both over whole tags.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any, Final, NamedTuple

from factcheck.core.disagreements import find_disagreements
from factcheck.core.model import Annotation, Fragments, parse_fragments_json
from factcheck.core.open_count import count_open

#: The annotator name every curated tag carries.
CURATED = "curated"

#: Fixed namespace for curated tag ids (uuid5 over document, label, start, end).
_ID_NAMESPACE = uuid.UUID("6f1c1d2e-3b7a-5c52-9a40-0c6b1f6f2e11")


class CurationTag(NamedTuple):
    """A tag as curation reads it: the columns of `TAG_FIELDS`, in order. Curation reads it by index, so
    a plain row of those columns (as the store's query returns it) serves as well, unconverted.

    The rule reads the first `KEY_FIELDS` only; the `WIDE_FIELDS` after them are read of a few sources
    (`wide_sources`), so that a row of the key fields alone serves the rule (what follows them in such
    a row is the caller's, e.g. the store's row id)."""

    id: str
    document_id: str
    label: str
    start: int
    end: int
    annotator: str
    note: str
    created_at: str
    updated_at: str
    status: str | None
    #: The pieces of a discontinuous tag as stored (JSON text), None for a continuous one.
    fragments: str | None = None
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    reviewer: str | None = None
    reason: str | None = None
    reviewed_at: str | None = None


#: The annotation fields a CurationTag holds, in order.
TAG_FIELDS: tuple[str, ...] = CurationTag._fields


#: Where a curated tag came from: (tag id, annotator). A plain pair: tens of thousands are made per export.
Source = tuple[str, str]


class CuratedTag(NamedTuple):
    """One tag of the curated set. Field names are the annotation's, plus ``sources``; ``fragments`` (last,
    so that the other fields keep their positions) the pieces of a discontinuous tag, () otherwise."""

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
    fragments: Fragments = ()

    def source_dicts(self) -> list[dict[str, str]]:
        """The sources as JSON objects ``{"id", "annotator"}``."""
        return [{"id": tag_id, "annotator": annotator} for tag_id, annotator in self.sources]


def curated_id(document_id: str, label: str, start: int, end: int, fragments: Fragments = ()) -> str:
    """uuid5 over the span, formatted here: `uuid.uuid5` costs a third of a 100k-tag curation. The pieces
    of a discontinuous tag are part of the name (two tags with one envelope are two tags); a continuous
    tag's name is what it always was, so that its id does not change."""
    name = f"{document_id}\x00{label}\x00{start}\x00{end}".encode()
    if fragments:
        name += ("\x00" + ",".join(f"{s}-{e}" for s, e in fragments)).encode()
    h = hashlib.sha1(_ID_NAMESPACE.bytes + name).hexdigest()
    variant = "89ab"[int(h[16], 16) & 3]
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}"


def check_min_agree(min_agree: int | None) -> None:
    if min_agree is not None and (type(min_agree) is not int or min_agree < 1):
        raise ValueError(f"min_agree must be a whole number of at least 1, not {min_agree!r}")


class Decision(NamedTuple):
    """One curated tag as the rule decides it: its span, label and pieces (the set's order), whether a
    reviewer accepted it, and its sources (the accepted copies, else the undecided ones) in source order
    (annotator, created, id), as the tags were given (their wide fields possibly None)."""

    start: int
    end: int
    label: str
    fragments: Fragments
    accepted: bool
    sources: list[CurationTag]


#: The fields `decide_document` reads (`curated_tag` too, of every source), first in a CurationTag.
KEY_FIELDS: tuple[str, ...] = TAG_FIELDS[:11]
#: The fields `decide_document` never reads; `curated_tag` reads them of `wide_sources` only.
WIDE_FIELDS: tuple[str, ...] = TAG_FIELDS[11:]


def decide_document(
    tags: Iterable[CurationTag], min_agree: int | None = None, *, in_span_order: bool = False
) -> list[Decision]:
    """One document's curated tags as decisions, ordered by start, end, label, pieces. tags: its live,
    placed tags (only their KEY_FIELDS are read); in_span_order: they already come ordered by start and
    end (as the store reads them)."""
    check_min_agree(min_agree)
    # Indexes, not attribute names, in these loops: they run once per tag of the project. In span order
    # the copies of one span are neighbours, so that grouping them is done in C.
    ordered = list(tags) if in_span_order else sorted(tags, key=_SPAN)
    needed = len({t[5] for t in ordered}) if min_agree is None else min_agree
    out: list[Decision] = []
    for _, run in groupby(ordered, key=_SPAN):
        copies = list(run)
        if len(copies) == 1:  # a span one person tagged: the most common case after unanimity
            tag = copies[0]
            status = tag[9]
            if status == "accepted" or (status is None and needed <= 1):
                stored = tag[_FRAGMENTS]  # inline, not _pieces(): this runs once per tag
                pieces = () if stored is None else parse_fragments_json(stored)
                out.append(_new(Decision, (tag[3], tag[4], tag[2], pieces, status == "accepted", copies)))
            continue
        # Same envelope; copies also need the same label and the same pieces (mostly: none at all).
        # (map and set: C loops, no Python frame per copy)
        if len(set(map(_LABEL_PIECES, copies))) == 1:
            _decide(copies, needed, out, _pieces(copies[0]))
        else:
            groups: dict[tuple[str, Fragments], list[CurationTag]] = {}
            for t in copies:
                groups.setdefault((t[2], _pieces(t)), []).append(t)
            for (_, pieces), group in groups.items():
                _decide(group, needed, out, pieces)
    out.sort(key=_ORDER)
    return out


def wide_sources(decision: Decision) -> list[CurationTag]:
    """The sources whose WIDE_FIELDS `curated_tag` reads: the first (its quote and context) and, for an
    accepted tag, every source (the latest decision is the curated tag's)."""
    return decision.sources if decision.accepted else decision.sources[:1]


def curated_tag(
    decision: Decision, first: Sequence[Any], accepted: Sequence[Sequence[Any]] | None = None
) -> CuratedTag:
    """The curated tag of a decision. first: the `WIDE_FIELDS` of its first source; accepted (an accepted
    tag's only): those of every source, in order (`wide_sources`)."""
    # Indexes (a plain row in TAG_FIELDS order is accepted as a CurationTag), positional construction,
    # and no min/max for a single source: this runs once per curated tag.
    sources = decision.sources
    head = sources[0]
    if len(sources) == 1:
        created, updated, note = head[_CREATED], head[_UPDATED], head[_NOTE]
    else:
        created = min(map(_created, sources))
        updated = max(map(_updated, sources))
        notes = list(filter(None, map(_note, sources)))
        note = notes[0] if len(notes) == 1 else "\n".join(dict.fromkeys(notes))
    quote, prefix, suffix = first[:3]
    reviewer, reason, reviewed_at = _UNDECIDED_REVIEW
    if decision.accepted:  # the latest decision (of the first source alone if not given every one)
        reviewer, reason, reviewed_at = max(accepted or (first,), key=_reviewed_at)[3:6]
    doc_id, label, start, end = head[1:5]
    return _new(
        CuratedTag,
        (
            curated_id(doc_id, label, start, end, decision.fragments),
            doc_id,
            label,
            start,
            end,
            quote,
            prefix,
            suffix,
            CURATED,
            note,
            created,
            updated,
            None,
            "accepted" if decision.accepted else None,
            reviewer,
            reason,
            reviewed_at,
            0,
            tuple(zip(map(_id, sources), map(_annotator, sources), strict=True)),
            decision.fragments,
        ),
    )


def curate_document(
    tags: Iterable[CurationTag], min_agree: int | None = None, *, in_span_order: bool = False
) -> list[CuratedTag]:
    """One document's curated tags, ordered by start, end, label. tags: its live, placed tags, whole;
    in_span_order: they already come ordered by start and end (as the store reads them)."""
    return [
        curated_tag(d, _wide(d.sources[0]), list(map(_wide, wide_sources(d))) if d.accepted else None)
        for d in decide_document(tags, min_agree, in_span_order=in_span_order)
    ]


_SPAN = itemgetter(3, 4)
_LABEL_PIECES = itemgetter(2, 10)
_status, _note = itemgetter(9), itemgetter(6)
_UNDECIDED = {None}
_UNDECIDED_REVIEW = (None, None, None)
#: A named tuple made from a plain one in C (its own __new__ is a Python function: a call per tag).
_new = tuple.__new__
_wide = itemgetter(*(TAG_FIELDS.index(name) for name in WIDE_FIELDS))
_id, _annotator, _created, _updated = itemgetter(0), itemgetter(5), itemgetter(7), itemgetter(8)
_ORDER = itemgetter(0, 1, 2, 3)  # start, end, label, pieces (two tags may share an envelope)


def _pieces(tag: CurationTag) -> Fragments:
    """tag's pieces, () for a continuous tag (parsed: equal pieces may be stored as different text)."""
    stored = tag[_FRAGMENTS]
    return () if stored is None else parse_fragments_json(stored)


def _decide(group: list[CurationTag], needed: int, out: list[Decision], fragments: Fragments) -> None:
    """The rule for the identical copies of one span (same label and pieces)."""
    first = group[0]
    if set(map(_status, group)) == _UNDECIDED:
        # the count of copies bounds the count of annotators: most groups stop at the first test
        if len(group) >= needed and len(set(map(_annotator, group))) >= needed:
            group.sort(key=_source_order)
            out.append(_new(Decision, (first[3], first[4], first[2], fragments, False, group)))
        return
    accepted = [t for t in group if t[9] == "accepted"]
    if accepted:
        accepted.sort(key=_source_order)
        out.append(_new(Decision, (first[3], first[4], first[2], fragments, True, accepted)))
        return
    undecided = [t for t in group if t[9] is None]
    if undecided and len(set(map(_annotator, undecided))) >= needed:
        undecided.sort(key=_source_order)
        out.append(_new(Decision, (first[3], first[4], first[2], fragments, False, undecided)))


# Positions in CurationTag (Final: mypy then knows each field's type at its index).
_ANNOTATOR: Final = 5
_NOTE: Final = 6
_CREATED: Final = 7
_UPDATED: Final = 8
_FRAGMENTS: Final = 10


def _reviewed_at(wide: Sequence[Any]) -> str:
    return wide[5] or ""


_source_order = itemgetter(5, 7, 0)  # annotator, created_at, id


def curate(
    documents: Iterable[tuple[str, Iterable[CurationTag]]],
    min_agree: int | None = None,
    *,
    in_span_order: bool = False,
) -> Iterator[CuratedTag]:
    """The curated tags of each (document id, its live placed tags), document after document."""
    check_min_agree(min_agree)
    for _, tags in documents:
        yield from curate_document(tags, min_agree, in_span_order=in_span_order)


def live_placed(annotations: Iterable[Annotation]) -> list[CurationTag]:
    """Annotations held in memory (the open document) as curation's input: deleted and orphaned left out."""
    return [
        CurationTag(*(getattr(a, _ATTRIBUTES.get(name, name)) for name in TAG_FIELDS))
        for a in annotations
        if not a.deleted and not a.orphaned
    ]


#: The Annotation attribute each CurationTag field is read from, where the names differ.
_ATTRIBUTES = {"fragments": "fragments_json"}


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
        fragments=tag.fragments,
        extra={"sources": tag.source_dicts()},
    )


# -- where a document stands -------------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentState:
    """``not_reviewed`` (no decision on any tag), ``in_review`` (some decisions; ``open`` disagreements
    not every tag of which is decided) or ``curated`` (a reviewer marked it so; ``open``: the disagreements
    still open then, which the mark does not close)."""

    kind: str
    open: int = 0

    def describe(self) -> str:
        if self.kind == "curated":
            if self.open:
                return f"curated, {self.open} open disagreement{'s' if self.open != 1 else ''}"
            return "curated"
        if self.kind == "in_review":
            return f"in review, {self.open} open disagreement{'s' if self.open != 1 else ''}"
        return "not reviewed"


STATE_KINDS = ("not_reviewed", "in_review", "curated")


def state_from(curated: bool, reviewed: bool, open_count: int) -> DocumentState:
    """The state of a document marked curated or not, with a decided tag or not, and its open count."""
    if curated:
        return DocumentState("curated", open_count if reviewed else 0)
    return DocumentState("in_review", open_count) if reviewed else DocumentState("not_reviewed")


def document_state(annotations: Iterable[Annotation], curated: bool) -> DocumentState:
    """Where one document's review stands, from its tags (deleted ones are ignored). The open document's
    is kept up to date tag by tag instead (``core.open_count``, by the same rule)."""
    live = [a for a in annotations if not a.deleted]
    if not any(a.status for a in live):
        return DocumentState("curated") if curated else DocumentState("not_reviewed")
    by_id = {a.id: a for a in live}
    return DocumentState(
        "curated" if curated else "in_review", count_open(find_disagreements(live), by_id.get)
    )
