"""One document's line of the list, read from its rows only, is the whole-project read's line for it."""

from __future__ import annotations

from db import Store
from db.document_counts import curated_mark, document_fingerprint, document_summary
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.curating import StateCache, document_state_of, document_states
from tests.helpers.review import set_review


def _project(store: Store) -> list[Document]:
    docs = []
    for i in range(4):
        doc, _ = store.add_document(Document.create(f"Article number {i}. " * 20, title=f"A{i}"))
        docs.append(doc)
    a, b, c, _empty = docs
    for who in ("ana", "bo"):
        store.add_annotation(new_annotation(a, 0, 7, "claim", who))
    gone = store.add_annotation(new_annotation(a, 20, 30, "denial", "ana"))
    store.delete_annotation(gone.id)  # a tombstone: counted by the fingerprint, not the counts
    lone = store.add_annotation(new_annotation(b, 0, 7, "claim", "ana"))
    store.add_annotation(new_annotation(b, 20, 30, "denial", "bo"))
    set_review(store, lone.id, "accepted", "rita")  # b in review
    store.add_annotation(new_annotation(c, 0, 7, "claim", "bo"))
    store.set_curated(c.id, ("rita", "2026-01-02T03:04:05Z"))
    return docs


def test_each_documents_line_is_the_whole_reads_line(store: Store) -> None:
    docs = _project(store)
    whole = {s.id: s for s in store.document_summaries()}
    fingerprints = store.annotation_fingerprints()
    states = document_states(store)
    cache: StateCache = {}
    for doc in docs:
        assert document_summary(store, doc.id) == whole[doc.id]
        assert document_fingerprint(store, doc.id) == fingerprints.get(doc.id, (0, ""))
        assert document_state_of(store, doc.id, cache) == states[doc.id]
        assert curated_mark(store, doc.id) == store.curated_documents().get(doc.id)
    assert [s.kind for s in states.values()] == ["not_reviewed", "in_review", "curated", "not_reviewed"]
    assert set(cache) == {docs[1].id}, "only a document in review keeps its state"
    assert document_summary(store, "no-such-document") is None


def test_a_state_is_read_again_only_when_its_documents_tags_changed(store: Store) -> None:
    docs = _project(store)
    b = docs[1]
    cache: StateCache = {}
    first = document_state_of(store, b.id, cache)
    assert first.kind == "in_review" and first.open == 1
    cache[b.id] = (cache[b.id][0], first.__class__("in_review", 99))  # what a read again would replace
    assert document_state_of(store, b.id, cache).open == 99, "same tags: the cached state"
    other = next(a for a in store.annotations(b.id) if a.status is None)
    set_review(store, other.id, "rejected", "rita", "no")
    assert document_state_of(store, b.id, cache).open == 0
