"""Agreement over a stored project: reads the store and hands the tags to the core measures."""

from __future__ import annotations

from db import Store
from factcheck.core.agreement import AgreementRow, compute_agreement


def store_agreement(store: Store, document_id: str | None = None) -> list[AgreementRow]:
    """Agreement over a project; with document_id, only that document's rows.

    Raises StoreError (a FactcheckError) for an unknown document id.
    """
    labels = [lab.name for lab in store.labels()]
    if document_id is not None:
        doc = store.document(document_id)
        return compute_agreement(
            {doc.id: len(doc.text)},
            store.annotations(document_id),
            labels,
            over_documents=False,
        )
    lengths = {s.id: s.length for s in store.document_summaries()}
    return compute_agreement(lengths, store.annotations(), labels)
