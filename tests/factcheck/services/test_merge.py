"""Merging a teammate's bundle: sha256 documents, id-matched tags, newer wins, tombstones, conflicts."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from db import Store
from factcheck.core.bundle import Bundle
from factcheck.core.errors import ImportRefused
from factcheck.core.model import DEFAULT_LABELS, Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.importing import import_paths
from factcheck.services.merge import merge_bundle
from tests.helpers.optional import present

TEXT = "Minister Jane Roe said on Monday 😀 that crime fell by 20%. Critics called the claim misleading.\n"
T0, T1, T2 = "2024-05-01T10:00:00.000000Z", "2024-05-02T10:00:00.000000Z", "2024-05-03T10:00:00.000000Z"


def tag(
    doc: Document, needle: str, label: str = "claim", annotator: str = "alice", at: str = T1
) -> Annotation:
    start = doc.text.index(needle)
    ann = new_annotation(doc, start, start + len(needle), label, annotator)
    return replace(ann, created_at=T0, updated_at=at)


def bundle(doc: Document, *anns: Annotation, source: str = "alice.json") -> Bundle:
    return Bundle(labels=list(DEFAULT_LABELS), documents=[(doc, list(anns))], source=source)


def snapshot(store: Store) -> tuple[list[Document], list[Annotation]]:
    return store.documents(), store.annotations(include_deleted=True)


@pytest.fixture
def theirs() -> Document:
    return Document.create(TEXT, title="Roe on crime", source="/home/alice/roe.txt")


def test_new_document_and_tags_are_added_then_import_twice_changes_nothing(
    store: Store, theirs: Document
) -> None:
    a, b = tag(theirs, "crime fell by 20%"), tag(theirs, "misleading", "characterization", "bob")
    report = merge_bundle(store, bundle(theirs, a, b))
    assert (report.documents_added, report.added) == (1, 2)
    assert report.document_ids == [theirs.id]
    stored = store.annotations(theirs.id)
    assert {(x.quote, x.annotator, x.updated_at) for x in stored} == {
        ("crime fell by 20%", "alice", T1),
        ("misleading", "bob", T1),
    }
    assert stored == sorted([a, b], key=lambda x: x.start)  # ids, offsets, timestamps kept exactly
    before = snapshot(store)
    again = merge_bundle(store, bundle(theirs, a, b))
    assert again.counts() == {**{k: 0 for k in again.counts()}, "documents_existing": 1, "unchanged": 2}
    assert not again.changed
    assert snapshot(store) == before
    assert "2 unchanged" in again.summary()


def test_same_text_under_another_id_is_our_document(store: Store, theirs: Document) -> None:
    ours, _ = store.add_document(Document.create(TEXT, title="Our title", source="ours.txt"))
    assert ours.id != theirs.id
    a = tag(theirs, "crime fell")
    report = merge_bundle(store, bundle(theirs, a))
    assert (report.documents_added, report.documents_existing, report.added) == (0, 1, 1)
    assert [d.id for d in store.documents()] == [ours.id]
    assert store.annotation(a.id) == replace(a, document_id=ours.id)
    assert report.document_ids == [ours.id]


def test_document_id_taken_by_another_text_gets_a_new_id(store: Store, theirs: Document) -> None:
    unrelated = Document.create("Completely different words about weather and sport.\n", title="Weather")
    store.add_document(replace(unrelated, id=theirs.id))
    a = tag(theirs, "Critics")
    report = merge_bundle(store, bundle(theirs, a))
    assert report.documents_added == 1
    new = store.document_by_sha256(theirs.sha256)
    assert new is not None and new.id != theirs.id
    assert store.annotation(a.id) == replace(a, document_id=new.id)
    assert store.annotations(theirs.id) == []


def test_newer_wins_older_is_skipped_and_a_tie_is_a_listed_conflict(store: Store, theirs: Document) -> None:
    base = [tag(theirs, "crime fell"), tag(theirs, "Critics"), tag(theirs, "misleading")]
    merge_bundle(store, bundle(theirs, *base))
    newer = replace(base[0], label="denial", note="changed my mind", updated_at=T2)
    older = replace(base[1], label="denial", updated_at=T0)
    tie = replace(base[2], note="same time, other content")
    report = merge_bundle(store, bundle(theirs, newer, older, tie))
    assert (report.updated, report.older, report.conflicting, report.added) == (1, 1, 1, 0)
    assert store.annotation(base[0].id) == newer
    assert store.annotation(base[1].id) == base[1]
    assert store.annotation(base[2].id) == base[2]  # ours kept on a tie
    (conflict,) = report.conflicts
    assert conflict.annotation_id == base[2].id and conflict.source == "alice.json"
    assert any(base[2].id in line for line in report.details())
    assert "1 conflicting" in report.summary()


def test_newer_tombstone_deletes_ours_and_older_live_copy_never_resurrects(
    store: Store, theirs: Document
) -> None:
    kept, deleted_here = tag(theirs, "crime fell"), tag(theirs, "Critics")
    merge_bundle(store, bundle(theirs, kept, deleted_here))
    store.delete_annotation(deleted_here.id)  # we delete it now (newer than T1)
    tombstone = replace(kept, deleted_at=T2, updated_at=T2)  # they deleted the other one
    report = merge_bundle(store, bundle(theirs, tombstone, deleted_here))
    assert (report.deleted, report.older) == (1, 1)
    assert store.annotations(theirs.id) == []  # both gone
    assert store.annotation(kept.id) == tombstone
    still = store.annotation(deleted_here.id)
    assert still is not None and still.deleted


def test_tombstone_of_an_unknown_tag_is_kept_so_a_later_older_copy_stays_deleted(
    store: Store, theirs: Document
) -> None:
    live = tag(theirs, "crime fell", at=T1)
    tombstone = replace(live, deleted_at=T2, updated_at=T2)
    first = merge_bundle(store, bundle(theirs, tombstone))
    assert first.added == 0 and store.annotations(theirs.id) == []
    second = merge_bundle(store, bundle(theirs, live, source="carol.json"))
    assert second.older == 1
    assert store.annotations(theirs.id) == []


def test_unknown_label_refuses_everything(store: Store, theirs: Document) -> None:
    good = tag(theirs, "crime fell")
    bad = replace(tag(theirs, "Critics"), label="opinion")
    with pytest.raises(ImportRefused, match=r"alice\.json: label 'opinion' is not one of this project"):
        merge_bundle(store, bundle(theirs, good, bad))
    assert snapshot(store) == ([], [])


@pytest.mark.parametrize(
    "spoil",
    [
        lambda a: replace(a, start=-1),
        lambda a: replace(a, end=10_000),
        lambda a: replace(a, quote="not the text"),
    ],
)
def test_bad_spans_refuse_everything(
    store: Store, theirs: Document, spoil: Callable[[Annotation], Annotation]
) -> None:
    refused = r"alice\.json: .* \(at tag .* of document .*\); nothing was imported"
    with pytest.raises(ImportRefused, match=refused):
        merge_bundle(store, bundle(theirs, tag(theirs, "crime fell"), spoil(tag(theirs, "Critics"))))
    assert snapshot(store) == ([], [])


def test_one_id_with_two_contents_is_refused(store: Store, theirs: Document) -> None:
    a = tag(theirs, "crime fell")
    with pytest.raises(ImportRefused, match="appears twice with different content"):
        merge_bundle(store, bundle(theirs, a, replace(a, note="other")))
    assert snapshot(store) == ([], [])


def _teammate_export(tmp_path: Path, theirs: Document, n: int) -> dict[str, Any]:
    """A teammate's JSON export of theirs with n tags, as JSON data."""
    from factcheck.services import exporting

    with Store.open(tmp_path / "teammate.db") as teammate:
        teammate.add_document(theirs)
        words = theirs.text.split(" ")
        # Each word once per label: n tags, no two identical (a merge reads a twin as the tag it repeats).
        labels = ("claim", "denial", "characterization")
        anns = [tag(theirs, words[i % len(words)].strip(".\n%"), labels[i // len(words)]) for i in range(n)]
        teammate.put_annotations([replace(a, id=f"tag-{i:03d}") for i, a in enumerate(anns)])
        exporting.export(teammate, "json", tmp_path / "good.json")
    data: dict[str, Any] = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_bad_tag_at_the_end_of_a_streamed_export_rolls_back_everything(
    store: Store, theirs: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Exports are stored a part at a time as they are read: parts already stored, and the files before,
    are undone when a tag near the end is refused, and the message names the place."""
    import factcheck.services.merge as merge
    from factcheck.services.formats import jsonl_format, project_json

    monkeypatch.setattr(merge, "MERGE_ROWS", 3)
    monkeypatch.setattr(project_json, "BATCH", 3)
    monkeypatch.setattr(jsonl_format, "BATCH", 3)
    article = tmp_path / "first.txt"
    article.write_text("An article imported first.\n", encoding="utf-8")
    data = _teammate_export(tmp_path, theirs, 20)
    anns = data["documents"][0]["annotations"]
    anns[-1]["label"] = "opinion"  # unknown to our project
    if fmt == "json":
        export = tmp_path / "alice.json"
        export.write_text(json.dumps(data), encoding="utf-8")
        place = "documents[0].annotations[19]"
        steps = [export]
    else:
        store.add_document(theirs)  # JSONL lines need the article
        export = tmp_path / "alice.jsonl"
        lines = [{"document_id": theirs.id, "document_sha256": theirs.sha256, **a} for a in anns]
        export.write_text("\n".join(map(json.dumps, lines)) + "\n", encoding="utf-8")
        place = "line 20"
        steps = [export]
    before = snapshot(store)
    with pytest.raises(ImportRefused) as info:
        import_paths(store, [article, *steps], annotator="me")
    assert "'opinion' is unknown" in str(info.value) and place in str(info.value), str(info.value)
    assert snapshot(store) == before
    # The control: the same file without the bad tag is imported, in parts.
    anns[-1]["label"] = "claim"
    if fmt == "json":
        export.write_text(json.dumps(data), encoding="utf-8")
    else:
        lines = [{"document_id": theirs.id, "document_sha256": theirs.sha256, **a} for a in anns]
        export.write_text("\n".join(map(json.dumps, lines)) + "\n", encoding="utf-8")
    report = import_paths(store, [article, export], annotator="me")
    assert report.added == 20 and len(store.annotations()) == 20


def test_cancelling_in_the_middle_of_a_streamed_export_rolls_back_everything(
    store: Store, theirs: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.services.importing as importing
    import factcheck.services.merge as merge
    from factcheck.services.formats import json_stream, project_json

    monkeypatch.setattr(project_json, "BATCH", 3)
    monkeypatch.setattr(merge, "MERGE_ROWS", 3)
    monkeypatch.setattr(json_stream, "CHUNK", 64)
    monkeypatch.setattr(json_stream, "HINT_WINDOW", 256)
    monkeypatch.setattr(importing, "PROGRESS_BYTES", 256)
    data = _teammate_export(tmp_path, theirs, 40)
    first = data["documents"][0]
    anns = first["annotations"]
    # The same document 8 times (allowed), so that the file goes on after the first one is stored.
    data["documents"] = [dict(first, annotations=anns[i : i + 5]) for i in range(0, 40, 5)]
    export = tmp_path / "alice.json"
    export.write_text(json.dumps(data, indent=1), encoding="utf-8")
    before = snapshot(store)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if len(store.annotations()) > 0:
            raise KeyboardInterrupt("cancelled")  # as the window's Cancel button does

    with pytest.raises(KeyboardInterrupt):
        import_paths(store, [export], annotator="me", progress=progress)
    assert snapshot(store) == before  # the parts stored before the cancel were undone
    assert len(calls) > 3 and calls[-1][0] < calls[-1][1]
    calls.clear()
    report = import_paths(store, [export], annotator="me", progress=lambda d, t: calls.append((d, t)))
    assert report.added == 40 and report.documents_added == 1
    assert calls[-1][0] == calls[-1][1] and [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_json_export_round_trip_through_import_paths(
    store: Store, document: Document, tmp_path: Path
) -> None:
    from factcheck.services import exporting

    a = store.add_annotation(new_annotation(document, 0, 8, "claim", "alice"))
    b = store.add_annotation(new_annotation(document, 9, 19, "denial", "bob", note="a note"))
    store.delete_annotation(b.id)
    out = tmp_path / "export.json"
    exporting.export(store, "json", out)
    with Store.open(tmp_path / "other.db") as other:
        report = import_paths(other, [out], annotator="carol")
        assert (report.documents_added, report.added, report.unchanged) == (1, 1, 0)
        deleted = other.annotation(b.id)
        assert deleted is not None and deleted == store.annotation(b.id) and deleted.deleted
        assert other.documents() == store.documents()
        assert other.annotation(a.id) == store.annotation(a.id)
        again = import_paths(other, [out], annotator="carol")
        assert not again.changed and again.unchanged == 1


def test_an_id_we_have_on_another_document_is_matched_not_duplicated(store: Store, theirs: Document) -> None:
    other, _ = store.add_document(Document.create("Another article entirely, on the weather.\n", title="W"))
    mine = replace(new_annotation(other, 0, 7, "claim", "alice"), created_at=T0, updated_at=T1)
    store.put_annotations([mine])
    same_id = replace(tag(theirs, "Critics"), id=mine.id)  # same id and time, another document
    fresh = tag(theirs, "crime fell")
    report = merge_bundle(store, bundle(theirs, same_id, fresh))
    assert (report.added, report.conflicting) == (1, 1)
    assert store.annotation(mine.id) == mine
    assert store.annotation(fresh.id) == fresh
    newer = replace(same_id, updated_at=T2)
    again = merge_bundle(store, bundle(theirs, newer))  # a tag never moves: newer or not, a conflict
    assert (again.updated, again.conflicting) == (0, 1)
    assert "another document" not in again.conflicts[0].problem
    assert f"their copy is on document {theirs.id}" in again.conflicts[0].problem
    assert store.annotation(mine.id) == mine


@pytest.mark.parametrize("bulk", [False, True], ids=["indexed", "bulk"])
def test_streamed_merge_matches_ids_on_any_document_in_both_modes(
    store: Store, theirs: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: bool
) -> None:
    """Our rows are read per document (indexes there) or by id (a bulk import drops them meanwhile):
    the same counts and the same project either way, including a tag we have on another document."""
    import db.merging
    import factcheck.services.merge as merge
    from factcheck.services import exporting

    if bulk:
        monkeypatch.setattr(db.merging, "BULK_ROWS", 1)
    monkeypatch.setattr(merge, "MERGE_ROWS", 2)  # several batches
    other = Document.create("Another article about crime fell.\n", title="Other", source="other.txt")
    ours_doc, _ = store.add_document(theirs)
    ours_other, _ = store.add_document(other)
    older, same = tag(theirs, "Minister", at=T0), tag(theirs, "crime fell", at=T1)
    moved = replace(tag(other, "crime fell", at=T0), id="moving")
    store.put_annotations([older, same, moved])
    with Store.open(tmp_path / "teammate.db") as teammate:
        teammate.add_document(theirs)
        third = Document.create("A third one, new to us.\n", title="Third", source="third.txt")
        teammate.add_document(third)
        teammate.put_annotations(
            [
                replace(older, updated_at=T2, note="newer"),
                same,
                replace(tag(theirs, "Critics", at=T2), id="moving"),
                tag(theirs, "misleading"),
                tag(third, "third one"),
            ]
        )
        exporting.export(teammate, "json", tmp_path / "alice.json")
    report = import_paths(store, [tmp_path / "alice.json"], annotator="me")
    counted = (report.added, report.updated, report.unchanged, report.documents_added, report.conflicting)
    assert counted == (2, 1, 1, 1, 1)
    assert [c.annotation_id for c in report.conflicts] == ["moving"]  # found on the other document
    assert store.annotation("moving") == moved  # a tag never moves to another document
    assert present(store.annotation(older.id)).note == "newer"
    assert len(store.annotations(ours_other.id)) == 1
    assert len(store.annotations(ours_doc.id)) == 3  # older, same and the new one


def test_a_teammate_database_is_held_to_the_rules_an_export_is(
    store: Store, theirs: Document, tmp_path: Path
) -> None:
    """A teammate's database goes through the same checks as an export (reading.check_bundle): a row
    edited behind factcheck's back (a quote that is not the text at its offsets) is refused by name."""
    import sqlite3

    path = tmp_path / "alice.db"
    with Store.open(path) as teammate:
        teammate.add_document(theirs)
        good, bad = tag(theirs, "Minister"), tag(theirs, "crime fell")
        teammate.put_annotations([good, bad])
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE annotations SET quote = 'crime rose' WHERE id = ?", [bad.id])
    conn.close()
    before = snapshot(store)
    with pytest.raises(ImportRefused) as info:
        import_paths(store, [path], annotator="me")
    message = str(info.value)
    assert "alice.db" in message and bad.id in message and "is not the text at" in message, message
    assert snapshot(store) == before
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE annotations SET quote = 'crime fell' WHERE id = ?", [bad.id])
    conn.close()
    assert import_paths(store, [path], annotator="me").added == 2  # the control


def test_two_versions_of_an_article_in_one_file_stay_two_documents(tmp_path: Path) -> None:
    """A teammate who holds both versions of an article (same title, most words in common) exports both;
    importing the file gives both, each with its own tags, not one merged into the other."""
    first = Document.create("The mayor said ridership doubled last year.\n", title="Bus fares")
    second = Document.create(
        "The mayor said ridership doubled last year, officials said.\n", title="Bus fares"
    )
    with Store.open(tmp_path / "bob.db") as bob:
        for doc in (first, second):
            stored, _ = bob.add_document(doc)
            bob.add_annotation(new_annotation(stored, 15, 33, "claim", "bob"))
        out = tmp_path / "bob.json"
        from factcheck.services.exporting import export

        export(bob, "json", out)
    with Store.open(tmp_path / "ours.db") as ours:
        report = import_paths(ours, [out], annotator="alice")
        assert report.documents_added == 2
        assert sorted(d.text for d in ours.documents()) == sorted((first.text, second.text))
        assert all(len(ours.annotations(d.id)) == 1 for d in ours.documents())
