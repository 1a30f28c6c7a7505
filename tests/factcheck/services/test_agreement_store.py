"""Agreement over a stored project, read one document at a time, gives the rows of the in-memory tally."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from db import Store
from db.exports import document_lengths, live_tags_by_document, snapshot
from factcheck.core.agreement import AgreementTally, compute_agreement
from factcheck.core.model import Annotation, Document, utc_now
from factcheck.core.spans import annotation_at
from factcheck.services.agreement import store_agreement
from tests.factcheck.services.long_article import long_article, peak_of

LABELS = ("claim", "denial", "characterization")


def random_project(store: Store, seed: int) -> list[Document]:
    """Documents whose ids sort unlike their import order; 0-4 annotators each; deleted and orphaned
    tags."""
    rng = random.Random(seed)
    docs = []
    for i in range(12):
        text = "".join(rng.choice("ab cd\nef😀") for _ in range(rng.randint(0, 200))) + f" {i}"
        doc = replace(Document.create(text, title=f"t{i}"), id=f"d{rng.randrange(100):02d}-{i}")
        docs.append(store.add_document(doc)[0])
    now = utc_now()
    anns: list[Annotation] = []
    for doc in docs:
        who = rng.sample(["ana", "ben", "cy", "dee"], rng.randint(0, 4))
        for k in range(rng.randint(0, 25) if who else 0):
            s = rng.randrange(len(doc.text))
            label = rng.choice(LABELS)
            a = annotation_at(doc, s, min(len(doc.text), s + rng.randint(1, 15)), label, rng.choice(who),
                              id=f"{doc.id}-{k}", now=now)  # fmt: skip
            roll = rng.random()
            if roll < 0.1:
                a = replace(a, deleted_at=now)
            elif roll < 0.2:
                a = replace(a, orphaned=True)
            anns.append(a)
    store.put_annotations(anns)
    return docs


@pytest.mark.parametrize("seed", range(6))
def test_streamed_rows_are_the_in_memory_rows(store: Store, seed: int) -> None:
    docs = random_project(store, seed)
    labels = [lab.name for lab in store.labels()]
    lengths = {d.id: len(d.text) for d in store.documents()}
    everything = store.annotations(include_deleted=True)
    assert store_agreement(store) == compute_agreement(lengths, everything, labels)
    for doc in docs:
        assert store_agreement(store, doc.id) == compute_agreement(
            {doc.id: len(doc.text)}, store.annotations(doc.id), labels, over_documents=False
        )


def test_a_label_seen_last_has_rows_in_every_document() -> None:
    tally = AgreementTally()
    tally.add("first", 10, [("ana", "claim", 0, 4), ("ben", "claim", 0, 4)])
    tally.add("last", 10, [("ana", "opinion", 0, 4), ("ben", "opinion", 2, 6)])
    rows = tally.rows(["claim"], order=["last", "first"])
    first = [(r.label, r.measure, r.value) for r in rows if r.document == "first"]
    assert ("opinion", "f1_exact", None) in first  # neither used it there: nothing to agree on
    assert ("opinion", "cohen_kappa", None) in first
    assert next(r.document for r in rows if r.document) == "last"  # the order asked for, not added
    assert rows == compute_agreement(
        {"last": 10, "first": 10},
        [
            Annotation(f"{d}{w}", d, lab, s, e, "", "", "", w)
            for d, w, lab, s, e in [
                ("first", "ana", "claim", 0, 4),
                ("first", "ben", "claim", 0, 4),
                ("last", "ana", "opinion", 0, 4),
                ("last", "ben", "opinion", 2, 6),
            ]
        ],
        ["claim"],
    )


def test_tags_are_read_per_document_without_deleted_or_orphaned(store: Store) -> None:
    docs = random_project(store, 3)
    with snapshot(store):
        lengths = document_lengths(store)
        groups = list(live_tags_by_document(store))
    assert list(lengths) == [d.id for d in store.documents()]
    assert lengths == {d.id: len(d.text) for d in docs}  # code points, as Python counts (emoji: 1)
    assert [d for d, _ in groups] == sorted(d for d, _ in groups)  # each document once, in id order
    live = [a for a in store.annotations() if not a.orphaned]
    assert sorted((d, *t) for d, tags in groups for t in tags) == sorted(
        (a.document_id, a.annotator, a.label, a.start, a.end) for a in live
    )
    one = docs[0].id
    assert list(live_tags_by_document(store, one)) == [g for g in groups if g[0] == one]


def test_an_unknown_document_is_refused(store: Store) -> None:
    from db import StoreError

    with pytest.raises(StoreError, match="no document"):
        store_agreement(store, "nope")


def test_a_long_article_is_measured_without_a_string_per_tag(tmp_path: Path) -> None:
    """Its tags read with the few annotators and labels shared, not a str of each per tag as SQLite makes
    them (~100 bytes a tag): what a measure holds at once is what Python's arenas keep for the rest of a
    session (bench/soak.py)."""
    tags = 5_000
    long, doc = long_article(tmp_path, tags)
    store_agreement(long)  # (the statements prepared, the labels read once)
    rows, peak = peak_of(lambda: store_agreement(long))
    lengths = {doc.id: len(doc.text)}
    assert rows == compute_agreement(lengths, long.annotations(doc.id), [lab.name for lab in long.labels()])
    assert peak / tags < 240, f"{peak / tags:.0f} bytes a tag held at once (293 with a str of each)"
    long.close()
