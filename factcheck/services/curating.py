"""Curation over a stored project: each document's review state, and annotators scored against the
curated set. Reads one document's tags at a time (memory stays flat however many tags there are)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from db import Store
from db.document_counts import document_fingerprint, is_curated, is_reviewed
from db.exports import Selection, curation_rows, document_lengths, reviewed_document_ids, snapshot
from factcheck.core.curation import (
    WIDE_FIELDS,
    CurationTag,
    DocumentState,
    decide_document,
    document_state,
    state_from,
)
from factcheck.core.curation_scores import CurationScoreTally, ScoreRow

#: A document's state with the fingerprint of its tags it was computed from (see `document_states`).
StateCache = dict[str, tuple[tuple[int, str], DocumentState]]


def document_states(
    store: Store, cache: StateCache | None = None, skip: str | None = None
) -> dict[str, DocumentState]:
    """Every document's state (not reviewed, in review with its open disagreements, curated with them).

    Only a document with a decision (in review, or curated after one) needs its tags read (to find its
    disagreements); with a cache (kept by the caller between calls) that happens only when its tags
    changed since: the window asks after every burst of tagging, and one document changed. ``skip``: such
    a document whose tags changed is left out instead (the window's open document: it follows its tags
    itself)."""
    cache = {} if cache is None else cache
    with snapshot(store):
        curated = store.curated_documents()
        reviewed = reviewed_document_ids(store)
        fingerprints = store.annotation_fingerprints()
        states: dict[str, DocumentState] = {}
        kept: StateCache = {}
        for doc_id in store.document_ids():
            if doc_id not in reviewed:
                states[doc_id] = state_from(doc_id in curated, False, 0)
            else:
                fingerprint = fingerprints.get(doc_id, (0, ""))
                known = cache.get(doc_id)
                if (known is None or known[0] != fingerprint) and doc_id == skip:
                    continue
                if known is None or known[0] != fingerprint:
                    known = (fingerprint, document_state(store.annotations(doc_id), False))
                kept[doc_id] = known
                # A curated document keeps its open count: the mark closes no disagreement.
                states[doc_id] = state_from(doc_id in curated, True, known[1].open)
        cache.clear()  # only documents in review now: the others need no tags read
        cache.update(kept)
        return states


def document_state_of(store: Store, document_id: str, cache: StateCache | None = None) -> DocumentState:
    """One document's state, as `document_states` gives it, from that document's rows only: what the
    window asks after an edit on it (the cache is the same one, kept by the caller)."""
    cache = {} if cache is None else cache
    with snapshot(store):
        curated = is_curated(store, document_id)
        if not is_reviewed(store, document_id):
            cache.pop(document_id, None)
            return state_from(curated, False, 0)
        fingerprint = document_fingerprint(store, document_id)
        known = cache.get(document_id)
        if known is None or known[0] != fingerprint:
            known = (fingerprint, document_state(store.annotations(document_id), False))
            cache[document_id] = known
        return state_from(curated, True, known[1].open)


_NO_WIDE = (None,) * len(WIDE_FIELDS)
#: What scoring reads of a tag (``decide_document``'s rule and ``CurationScoreTally``), in this order.
_SCORE_FIELDS = ("document_id", "label", "start", "end", "annotator", "status", "fragments")


def _score_rows(rows: Iterable[Sequence[Any]]) -> Iterator[CurationTag]:
    """Rows of ``_SCORE_FIELDS`` as CurationTags, the fields scoring never reads empty (the id, note and
    times "", the wide fields None) and the repeated values shared: one tuple and its offsets per tag."""
    seen: dict[object, Any] = {}
    keep = seen.setdefault
    for document_id, label, start, end, annotator, status, fragments in rows:
        yield CurationTag._make((
            "", keep(document_id, document_id), keep(label, label), start, end,
            keep(annotator, annotator), "", "", "", keep(status, status), fragments, *_NO_WIDE,
        ))  # fmt: skip


def scores_against_curated(
    store: Store, document_id: str | None = None, min_agree: int | None = None
) -> list[ScoreRow]:
    """Each annotator's precision, recall and F1 against the curated set; with document_id, only that
    document's rows. Raises StoreError for an unknown document id."""
    labels = [lab.name for lab in store.labels()]
    tally = CurationScoreTally()
    with snapshot(store):
        if document_id is not None:
            store.document(document_id)
            order = [document_id]
        else:
            order = list(document_lengths(store))
        sel = Selection(None if document_id is None else (document_id,))
        # The fields the rule decides with only, and its decisions as the reference (their spans, labels
        # and pieces are the curated tags'): no quote, context or curated tag made per tag, nor a tag's
        # id, note and times (they only order a decision's sources and make its curated tag, which
        # scoring never reads). A 50k-tag document's scoring held 60 MB at once with every field, 29 MB
        # with the key fields, 14 MB so: what a measure makes at once, Python's arenas keep for the rest
        # of the session, pinned by what the window makes meanwhile (bench/soak.py).
        rows = _score_rows(curation_rows(store, _SCORE_FIELDS, sel))
        for doc_id, group in groupby(rows, key=itemgetter(1)):
            tags = list(group)
            tally.add(doc_id, tags, decide_document(tags, min_agree, in_span_order=True))
    rows_out = tally.rows(labels, order=order)
    if document_id is not None:
        rows_out = [r for r in rows_out if r.document is not None]
    return rows_out
