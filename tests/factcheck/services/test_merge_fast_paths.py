"""The bulk merge's fast paths give exactly what the general ones give."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, fields, replace
from pathlib import Path
from typing import Any

import pytest

from db import Store
from db.annotation_rows import annotation_row
from db.merging import annotation_rows_by_id, put_annotation_rows
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.formats.validate import (
    ROW_FIELDS,
    Refusal,
    SeenIds,
    expect_object,
    parse_annotation,
    parse_annotations,
)
from factcheck.services.formats.validate_columns import fast_rows
from tests.helpers.dbfiles import integrity, query

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


def _one_by_one(items: list[Any], doc: Document) -> list[tuple[object, ...]] | str:
    """The reference path, written out: every annotation through parse_annotation and SeenIds.check."""
    seen = SeenIds()
    rows = []
    try:
        for j, raw in enumerate(items):
            at = f"d.annotations[{j}]"
            ann = parse_annotation(expect_object(raw, at), at, doc, LABELS)
            row = annotation_row(ann)  # fragments in their stored form
            if seen.check(row, at):
                rows.append(row)
    except Refusal as exc:
        return str(exc)
    return rows


def _columns(items: list[Any], doc: Document) -> list[tuple[object, ...]] | str:
    try:
        return parse_annotations(items, "d", doc, LABELS, SeenIds()).rows
    except Refusal as exc:
        return str(exc)


LABELS = {"claim": None, "denial": None}


def _exported(doc: Document) -> list[dict[str, object]]:
    anns = [replace(a, document_id=doc.id) for a in _variants(doc)]
    return [{f: getattr(a, f) for f in ROW_FIELDS if f != "document_id"} | {"deleted_at": None} for a in anns]


BREAKERS: dict[str, Callable[[dict[str, object]], object]] = {
    "none": lambda d: None,
    "bad prefix": lambda d: d.update(prefix="nothing like it"),
    "bad suffix": lambda d: d.update(suffix="zzz"),
    "no prefix": lambda d: d.pop("prefix"),
    "null suffix": lambda d: d.update(suffix=None),
    "bool start": lambda d: d.update(start=True),
    "float end": lambda d: d.update(end=8.0),
    "bad quote": lambda d: d.update(quote="Xinister"),
    "blank quote": lambda d: d.update(start=8, end=9, quote=" ", prefix="", suffix=""),
    "outside": lambda d: d.update(end=10_000),
    "empty span": lambda d: d.update(end=d["start"]),
    "unknown label": lambda d: d.update(label="opinion"),
    "bad status": lambda d: d.update(status="maybe"),
    "bad stamp": lambda d: d.update(updated_at="yesterday"),
    "bad deleted stamp": lambda d: d.update(deleted_at="soon"),
    "future stamp": lambda d: d.update(updated_at="2999-01-01T00:00:00.000000Z"),
    "future reviewed": lambda d: d.update(reviewed_at="2999-01-01T00:00:00.000000Z"),
    "future offset stamp": lambda d: d.update(created_at="2999-01-01T02:00:00+02:00"),
    "blank id": lambda d: d.update(id="  "),
    "int note": lambda d: d.update(note=3),
    "null orphaned": lambda d: d.update(orphaned=None),
    "no note": lambda d: d.pop("note"),
    "repeat same": lambda d: d.update(id="tag-01"),
    "missing label": lambda d: d.pop("label"),
    "zero fragments": lambda d: d.update(fragments=0),
    "false fragments": lambda d: d.update(fragments=False),
    "pieces": lambda d: d.update(fragments=[[0, 2], [4, 8]]),
    "no structure keys": lambda d: [d.pop(k) for k in ("fragments", "speaker", "source", "cue", "quotation")],
    "bad quotation": lambda d: d.update(quotation="verbatim"),
    "direct quotation": lambda d: d.update(quotation="direct"),
    "blank source": lambda d: d.update(source=" "),
    "numeric cue": lambda d: d.update(cue=3),
    "speaker id": lambda d: d.update(speaker="sp-1"),
}
#: Changes that leave the item as the readers accept it (a version 1 tag; who said it and how: whether
#: the ids name the right tags is checked when the tags land).
STILL_VALID = ("no structure keys", "direct quotation", "speaker id")


@pytest.fixture(params=["in memory", "spilled"])
def seen_storage(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """SeenIds keeps ids in a dict, then (past SEEN_IN_MEMORY) in a scratch table: both must agree."""
    import factcheck.services.formats.validate_seen as validate_seen

    if request.param == "spilled":
        monkeypatch.setattr(validate_seen, "SEEN_IN_MEMORY", 2)
    return str(request.param)


@pytest.mark.parametrize("breaker", BREAKERS)
def test_column_checks_give_what_one_by_one_gives(breaker: str, seen_storage: str) -> None:
    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    items = _exported(doc)
    assert fast_rows(items, doc, LABELS) is not None  # all fine: the fast path is taken
    assert _columns(items, doc) == _one_by_one(items, doc)
    for position in (0, 7, len(items) - 1):
        changed = [dict(item) for item in items]
        BREAKERS[breaker](changed[position])
        assert _columns(changed, doc) == _one_by_one(changed, doc), (breaker, position)
        fast = fast_rows(changed, doc, LABELS)
        if fast is not None:  # rows only when they are the reference's (repeated ids: the caller's check)
            assert breaker in ("none", "repeat same", *STILL_VALID), breaker
            if len({row[0] for row in fast}) == len(fast):
                assert fast == _one_by_one(changed, doc)


def test_repeated_id_with_other_content_is_refused_on_both_paths(seen_storage: str) -> None:
    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    items = _exported(doc)
    items[5] = dict(items[3], note="other")
    got = _columns(items, doc)
    assert isinstance(got, str) and "appears twice with different content" in got
    assert got == _one_by_one(items, doc)


def test_checked_annotations_read_as_annotations() -> None:
    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    items = _exported(doc)
    checked = parse_annotations(items, "d", doc, LABELS, SeenIds())
    expected = [parse_annotation(item, "x", doc, LABELS) for item in items]
    assert list(checked) == expected and checked == expected and len(checked) == len(expected)
    assert checked[3] == expected[3] and checked[1:4] == expected[1:4]
    assert checked[0].extra == {}


def test_tags_read_are_slotted_frozen_and_whole() -> None:
    """A long article holds 50k tags: each without a __dict__ (64 to 128 bytes less), the fast path's as
    the constructor's, every field set, and its own `extra`."""
    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    checked = parse_annotations(_exported(doc), "d", doc, LABELS, SeenIds())
    made = new_annotation(doc, 0, 8, "claim", "alice")
    for ann in (checked[0], checked[1], made):
        assert not hasattr(ann, "__dict__")
        assert all(hasattr(ann, f.name) for f in fields(Annotation))
        with pytest.raises(FrozenInstanceError):
            ann.note = "changed"  # type: ignore[misc]
    assert checked[0].extra is not checked[1].extra
    assert replace(checked[0], note="x") == replace(checked[0], note="x") != checked[0]


def _index_sql(store: Store) -> list[tuple[Any, ...]]:
    assert store.path is not None
    return query(
        store.path,
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'annotations' ORDER BY name",
    )


def test_a_bulk_insert_rebuilds_the_indexes_it_dropped(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import db.merging

    monkeypatch.setattr(db.merging, "BULK_ROWS", 3)  # so that a few rows count as bulk
    doc, _ = store.add_document(Document.create(TEXT, title="Roe", source="roe.txt"))
    before = _index_sql(store)
    plain = replace(new_annotation(doc, 0, 8, "claim", "alice"), created_at=T0, updated_at=T0)
    rows = [annotation_row(replace(plain, id=f"p{i}", start=i, quote=TEXT[i:8])) for i in range(6)]
    with store.atomic():
        assert put_annotation_rows(store, rows) == {}
    assert _index_sql(store) == before
    assert store.path is not None and integrity(store.path) == "ok"
    plan = " ".join(
        str(r[3])
        for r in query(store.path, "EXPLAIN QUERY PLAN SELECT id FROM annotations WHERE label = 'claim'")
    )
    assert "idx_annotations_label" in plan
    # A clash in a bulk batch rolls back the dropped indexes together with the rows.
    clash = [annotation_row(replace(plain, id=f"q{i}")) for i in range(8)] + [rows[0]]  # 9 > 6 stored
    with store.atomic():
        assert "p0" in put_annotation_rows(store, clash)
    assert _index_sql(store) == before
    assert sorted(a.id for a in store.annotations()) == [f"p{i}" for i in range(6)]


def test_a_bulk_insert_keeps_partial_indexes_and_fills_them(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partial index (tags that name a speaker) is not dropped for a bulk insert, yet holds its rows."""
    import db.merging

    monkeypatch.setattr(db.merging, "BULK_ROWS", 3)
    doc, _ = store.add_document(Document.create(TEXT, title="Roe", source="roe.txt"))
    plain = replace(new_annotation(doc, 0, 8, "claim", "alice"), created_at=T0, updated_at=T0)
    rows = [annotation_row(replace(plain, id=f"p{i}", speaker="spk-1" if i % 2 else None)) for i in range(8)]
    assert store.path is not None
    dropped: list[str] = []
    real_indexes = db.merging._secondary_indexes

    def spy(conn: Any) -> list[tuple[str, str]]:
        found = real_indexes(conn)
        dropped.extend(name for name, _ in found)
        return found

    monkeypatch.setattr(db.merging, "_secondary_indexes", spy)
    with store.atomic():
        assert put_annotation_rows(store, rows) == {}
    assert "idx_annotations_document_start" in dropped
    assert not {"idx_annotations_speaker", "idx_annotations_source"} & set(dropped)
    assert integrity(store.path) == "ok"
    sql = "SELECT id FROM annotations INDEXED BY idx_annotations_speaker WHERE speaker = 'spk-1' ORDER BY id"
    assert [r[0] for r in query(store.path, sql)] == ["p1", "p3", "p5", "p7"]


def test_seen_ids_across_parts_in_memory_and_spilled(seen_storage: str) -> None:
    """Ids are unique across a file's parts: a repeat in a later part is skipped (same content) or
    refused (other content), wherever the earlier ids are kept."""
    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    items = _exported(doc)
    seen = SeenIds()
    first = parse_annotations(items[:20], "d", doc, LABELS, seen)
    again = parse_annotations([*items[20:], items[3], items[15]], "e", doc, LABELS, seen)
    assert len(first) == 20 and len(again) == 20  # the two repeats skipped
    assert first.rows + again.rows == _one_by_one(items, doc)
    changed = dict(items[7], note="other")
    twice = r"'tag-07' appears twice with different content \(at f.annotations\[1\]\)"
    with pytest.raises(Refusal, match=twice):
        parse_annotations([items[0], changed], "f", doc, LABELS, seen)


def test_the_fast_plan_for_new_tags_gives_what_plan_gives() -> None:
    from factcheck.services.merge import _fast_plan_all_new, _plan, _Target

    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    rows = [annotation_row(replace(a, document_id=doc.id)) for a in _variants(doc)]  # tombstones too
    for target_id in (doc.id, "our-own-id"):
        target = _Target(target_id, "", False, len(TEXT), False)
        fast = _fast_plan_all_new(target, rows, {}, "alice.json")
        assert fast is not None
        reference = _plan(target, rows, {}, "alice.json")
        assert fast[0].counts() == reference[0].counts() and fast[0].added == 20
        assert fast[1:] == reference[1:]
    target = _Target(doc.id, "", False, len(TEXT), False)
    assert _fast_plan_all_new(target, rows, {rows[3][0]: rows[3]}, "a") is None  # one is ours: _plan
    assert _fast_plan_all_new(target._replace(reanchoring=True, text=TEXT), rows, {}, "a") is None


def test_unchanged_rows_set_apart_give_what_plan_gives() -> None:
    from factcheck.services.merge import _plan, _Target, _unchanged_apart

    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    ours = [annotation_row(replace(a, document_id="our-own-id")) for a in _variants(doc)]  # tombstones too
    ours_by_id = {row[0]: row for row in ours}
    target = _Target("our-own-id", "", False, len(TEXT), False)
    # Ours again, some changed (newer, or the same stamp with other content), some new: in file order.
    newer = [(*row[:9], "a note", row[10], T1, *row[12:]) for row in ours[:6]]
    clash = [(*row[:9], "other", *row[10:]) for row in ours[6:9]]
    new = [(f"new-{i}", *row[1:]) for i, row in enumerate(ours[:3])]
    incoming = [*ours[30:], *newer, *clash, *ours[9:30], *new]
    rest, unchanged = _unchanged_apart(target, incoming, ours_by_id)
    assert rest == [*newer, *clash, *new]
    reference = _plan(target, incoming, ours_by_id, "alice.json")
    planned = _plan(target, rest, ours_by_id, "alice.json")
    assert unchanged == reference[0].unchanged == 15  # tombstones equal to ours are not counted
    assert planned[0].unchanged == 0
    assert planned[1:] == reference[1:]
    planned[0].unchanged += unchanged
    assert planned[0].counts() == reference[0].counts()
    # Re-anchored tags are compared once placed: not set apart.
    reanchoring = target._replace(reanchoring=True, text=TEXT)
    assert _unchanged_apart(reanchoring, incoming, ours_by_id) == (incoming, 0)


def test_a_file_merged_again_is_unchanged(store: Store, tmp_path: Path) -> None:
    from factcheck.services.exporting import export
    from factcheck.services.importing import import_paths

    theirs_store = Store.open(tmp_path / "alice.db")
    doc, _ = theirs_store.add_document(Document.create(TEXT, title="Roe", source="roe.txt"))
    anns = [  # every one its own span (identical tags would be read as one: merge_twins)
        replace(
            new_annotation(doc, i, i + 8, "claim", "alice"),
            id=f"tag-{i:02d}",
            created_at=T0,
            updated_at=T1 if i % 2 else T0,
            deleted_at=T1 if i % 2 else None,
            status="accepted" if i % 3 == 0 else None,
            reviewer="rita" if i % 3 == 0 else None,
            reviewed_at=T1 if i % 3 == 0 else None,
        )
        for i in range(40)
    ]
    theirs_store.put_annotations(anns)
    export(theirs_store, "json", tmp_path / "alice.json")
    theirs_store.close()
    first = import_paths(store, [tmp_path / "alice.json"])
    before = {a.id: a for a in store.annotations(include_deleted=True)}
    again = import_paths(store, [tmp_path / "alice.json"])
    assert (first.added, again.unchanged, again.added, again.updated, again.conflicting) == (20, 20, 0, 0, 0)
    assert {a.id: a for a in store.annotations(include_deleted=True)} == before
