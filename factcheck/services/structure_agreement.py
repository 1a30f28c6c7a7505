"""Agreement and disagreements on structure (links, attribution) over a stored project, a document at a
time: the reviewer, the CLI and the agreement report read them from here."""

from __future__ import annotations

from db import Store
from db import links as link_store
from db.exports import snapshot
from factcheck.core.agreement import AgreementRow
from factcheck.core.link_agreement import DocumentStructure, StructureTally
from factcheck.core.structure_disagreements import StructureDisagreement, disagreements


def _symmetric(store: Store) -> dict[str, bool]:
    return {t.name: t.symmetric for t in link_store.link_types(store)}


def _document(store: Store, document_id: str) -> DocumentStructure:
    return DocumentStructure.of(store.annotations(document_id), link_store.links(store, document_id))


def structure_agreement(store: Store, document_id: str | None = None) -> list[AgreementRow]:
    """Link F1 per link type and attribution F1 (exact and overlap) for every pair of annotators, over
    all documents then per document; with document_id, only that document's rows."""
    tally = StructureTally(_symmetric(store))
    with snapshot(store):
        order = [document_id] if document_id is not None else store.document_ids()
        for doc_id in order:
            tally.add(doc_id, _document(store, doc_id))
    return tally.rows(order, over_documents=document_id is None)


def structure_disagreements(
    store: Store, document_id: str, mode: str = "overlap"
) -> list[StructureDisagreement]:
    """The link and attribution disagreements of one document (the review panel lists them)."""
    with snapshot(store):
        return disagreements(document_id, _document(store, document_id), _symmetric(store), mode)
