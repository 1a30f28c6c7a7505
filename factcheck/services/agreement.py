"""Agreement over a stored project: reads the store one document at a time and tallies the core measures.

Memory stays flat however many tags the project holds: only one document's tags are in memory at once.
"""

from __future__ import annotations

from db import Store
from db.exports import document_lengths, live_tags_by_document, snapshot
from factcheck.core.agreement import AgreementRow, AgreementTally


def store_agreement(store: Store, document_id: str | None = None) -> list[AgreementRow]:
    """Agreement over a project; with document_id, only that document's rows.

    Raises StoreError (a FactcheckError) for an unknown document id.
    """
    labels = [lab.name for lab in store.labels()]
    tally = AgreementTally()
    with snapshot(store):  # lengths and tags from one state of the project, even while others save
        if document_id is not None:
            lengths = {document_id: len(store.document(document_id).text)}
        else:
            lengths = document_lengths(store)
        for doc_id, tags in live_tags_by_document(store, document_id):
            if doc_id in lengths:
                tally.add(doc_id, lengths[doc_id], tags)
    return tally.rows(labels, order=lengths, over_documents=document_id is None)
