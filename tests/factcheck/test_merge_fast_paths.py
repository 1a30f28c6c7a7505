"""The bulk merge's fast paths give exactly what the general ones give."""

from __future__ import annotations

from dataclasses import replace

from db import Store
from db.merging import annotation_rows_by_id, put_annotation_rows
from db.store import annotation_row
from factcheck.model import Annotation, Document
from factcheck.spans import new_annotation

TEXT = "Minister Jane Roe said on Monday 😀 that crime fell by 20%. Critics called the claim misleading.\n"
T0, T1 = "2024-05-01T10:00:00.000000Z", "2024-05-02T10:00:00.000000Z"


def _variants(doc: Document) -> list[Annotation]:
    """Tags with every mix of NULL / set sparse columns and orphaned, in several groups, interleaved."""
    base = replace(new_annotation(doc, 0, 8, "claim", "alice"), created_at=T0, updated_at=T0)
    out = []
    for i in range(40):
        out.append(
            replace(
                base,
                id=f"tag-{i:02d}",
                start=i % 5,
                deleted_at=T1 if i % 2 else None,
                status=("accepted", "rejected", None)[i % 3],
                reviewer="rita" if i % 3 != 2 else None,
                reason="" if i % 4 == 0 else (None if i % 4 == 1 else "too vague"),
                reviewed_at=T1 if i % 3 != 2 else None,
                orphaned=i % 7 == 0,
                quote=TEXT[i % 5 : 8],
                prefix=TEXT[: i % 5],
            )
        )
    return out


def test_rows_grouped_by_null_shape_are_stored_exactly(store: Store) -> None:
    doc, _ = store.add_document(Document.create(TEXT, title="Roe", source="roe.txt"))
    anns = [replace(a, document_id=doc.id) for a in _variants(doc)]
    rows = [annotation_row(a) for a in anns]
    with store.atomic():
        assert put_annotation_rows(store, rows[:30], []) == {}
        # Replacing with other shapes (a tombstone revived by nothing, a review withdrawn): exact too.
        changed = [annotation_row(replace(a, status=None, reviewer=None, updated_at=T1)) for a in anns[:10]]
        assert put_annotation_rows(store, rows[30:], changed) == {}
    expected = {a.id: a for a in anns} | {
        a.id: replace(a, status=None, reviewer=None, updated_at=T1) for a in anns[:10]
    }
    stored = {a.id: a for a in store.annotations(include_deleted=True)}
    assert stored == expected
    assert [stored[a.id].reason for a in anns[:4]] == ["", None, "too vague", "too vague"]  # "" is not NULL
    assert {a.orphaned for a in stored.values()} == {True, False}


def test_one_shape_rows_and_a_clash(store: Store) -> None:
    doc, _ = store.add_document(Document.create(TEXT, title="Roe", source="roe.txt"))
    plain = replace(new_annotation(doc, 0, 8, "claim", "alice"), created_at=T0, updated_at=T0)
    rows = [annotation_row(replace(plain, id=f"p{i}")) for i in range(5)]
    with store.atomic():
        assert put_annotation_rows(store, rows) == {}
        # An id already stored: nothing of the batch is written and the stored row comes back.
        again = put_annotation_rows(store, [annotation_row(replace(plain, id="new")), rows[2]])
    assert again == {"p2": tuple(annotation_rows_by_id(store, ["p2"])["p2"])}
    assert sorted(a.id for a in store.annotations()) == [f"p{i}" for i in range(5)]
