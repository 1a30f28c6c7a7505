"""Curation over a stored project: each document's review state, and annotators scored against the
curated set. Reads one document's tags at a time (memory stays flat however many tags there are)."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from db import Store
from db.exports import Selection, curation_rows, document_lengths, snapshot
from factcheck.core.curation import TAG_FIELDS, CurationTag, DocumentState, curate_document, document_state
from factcheck.core.curation_scores import CurationScoreTally, ScoreRow


def document_states(store: Store) -> dict[str, DocumentState]:
    """Every document's state (not reviewed, in review with its open disagreements, curated)."""
    with snapshot(store):
        curated = store.curated_documents()
        by_document = {
            doc_id: list(anns) for doc_id, anns in groupby(store.annotations(), key=lambda a: a.document_id)
        }
        return {
            doc_id: document_state(by_document.get(doc_id, ()), doc_id in curated)
            for doc_id in store.document_ids()
        }


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
        rows = map(CurationTag._make, curation_rows(store, TAG_FIELDS, sel))
        for doc_id, group in groupby(rows, key=itemgetter(1)):
            tags = list(group)
            tally.add(doc_id, tags, curate_document(tags, min_agree, in_span_order=True))
    rows_out = tally.rows(labels, order=order)
    if document_id is not None:
        rows_out = [r for r in rows_out if r.document is not None]
    return rows_out
