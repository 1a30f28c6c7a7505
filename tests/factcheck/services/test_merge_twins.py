"""A teammate's tag identical to one of ours (or to another of theirs in the same file) under another id is
no second tag: it is read as the tag already here, and what names it follows (services.merge_twins)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from db import Store, attribution, claims, links
from factcheck.core.duplicates import shape
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.dbfiles import content_digest

TEXT = "Mayor Helena Marsh said ridership had more than doubled. The agency has never published any number.\n"
FORMATS = ["json", "jsonl", "database"]


def _tag(store: Store, doc: Document, words: str, label: str, who: str) -> Annotation:
    start = doc.text.index(words)
    return store.add_annotation(new_annotation(doc, start, start + len(words), label, who), doc.text)


def alices_tags(store: Store) -> dict[str, Annotation]:
    """alice's attributed claim and a denial linked to it, tagged in store (each store its own ids)."""
    doc, _ = store.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
    made = {
        "source": _tag(store, doc, "Mayor Helena Marsh", "source", "alice"),
        "cue": _tag(store, doc, "said", "cue", "alice"),
        "claim": _tag(store, doc, "ridership had more than doubled", "claim", "alice"),
        "denial": _tag(store, doc, "has never published any number", "denial", "alice"),
    }
    attribution.set_attribution(
        store, made["claim"].id, source=made["source"].id, cue=made["cue"].id, quotation="indirect"
    )
    links.add_link(store, new_link(doc.id, "denies", made["denial"].id, made["claim"].id, "alice"))
    return made


def teammate_file(tmp_path: Path, fmt: str) -> Path:
    """A teammate's project: alice's same tags, tagged on another machine (other ids), and bob's work on
    them: a claim attributed to alice's source and cue (it comes before her cue in the file), a link to
    her claim and a claim card of it."""
    db = tmp_path / "teammate.db"
    with Store.open(db) as theirs:
        hers = alices_tags(theirs)
        doc = theirs.documents()[0]
        bobs = _tag(theirs, doc, "Mayor Helena Marsh said ridership", "claim", "bob")
        attribution.set_attribution(theirs, bobs.id, source=hers["source"].id, cue=hers["cue"].id)
        said = _tag(theirs, doc, "The agency has never published any number", "characterization", "bob")
        links.add_link(theirs, new_link(doc.id, "characterizes", said.id, hers["claim"].id, "bob"))
        claims.create_card(theirs, [hers["claim"].id], "bob")
        if fmt == "database":
            return db
        export(theirs, fmt, tmp_path / f"teammate.{fmt}")
    return tmp_path / f"teammate.{fmt}"


def state(store: Store) -> tuple[Any, ...]:
    tags = sorted(
        (t.id, shape(t), t.source, t.cue, t.deleted) for t in store.annotations(include_deleted=True)
    )
    made = sorted((lk.id, lk.type, lk.from_id, lk.to_id) for lk in links.links(store, include_deleted=True))
    members = sorted((t.claim_id, t.annotation_id) for t in claims.claim_tags(store, include_deleted=True))
    return tags, made, members


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_teammates_twins_of_our_tags_are_ours_and_what_names_them_follows(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    ours = alices_tags(store)
    path = teammate_file(tmp_path, fmt)
    report = import_paths(store, [path], annotator="alice")
    tags = store.annotations()
    shapes = [shape(t) for t in tags]
    assert len(shapes) == len(set(shapes)) == 6, [(t.label, t.annotator, t.start) for t in tags]
    assert {t.id for t in tags if t.annotator == "alice"} == {t.id for t in ours.values()}
    assert report.added == 2 and report.already_here == 4, report.summary()
    assert "4 tags already here under another id." in report.summary()
    # bob's claim names alice's source and cue here (the cue came after it in the file)
    (bobs,) = [t for t in tags if t.annotator == "bob" and t.label == "claim"]
    assert (bobs.source, bobs.cue) == (ours["source"].id, ours["cue"].id)
    # bob's link goes to alice's claim here; her denial's link is not made twice
    made = {(lk.type, lk.annotator): lk for lk in links.links(store)}
    assert len(made) == 2 == len(links.links(store))
    assert made[("characterizes", "bob")].to_id == ours["claim"].id
    assert made[("denies", "alice")].ends() == (ours["denial"].id, ours["claim"].id)
    # bob's card holds alice's claim here
    (card,) = claims.cards(store)
    assert claims.tag_ids(store, card.id) == [ours["claim"].id]
    # and an undo of alice's deletion is not refused by the duplicate rule: there is no twin
    store.delete_annotation(ours["claim"].id)
    store.restore_annotation(ours["claim"].id)


@pytest.mark.parametrize("fmt", FORMATS)
def test_merging_the_same_file_twice_changes_nothing(store: Store, tmp_path: Path, fmt: str) -> None:
    alices_tags(store)
    path = teammate_file(tmp_path, fmt)
    import_paths(store, [path], annotator="alice")
    before, digest = state(store), content_digest(store.path) if store.path else ""
    again = import_paths(store, [path], annotator="alice")
    assert state(store) == before
    assert not again.changed and again.conflicting == 0 and again.added == 0, again.summary()
    assert again.already_here == 4 and again.unchanged == 2, again.summary()
    if store.path:
        assert content_digest(store.path) == digest


def test_an_uppercased_id_of_our_tag_is_that_tag(store: Store, tmp_path: Path) -> None:
    """Another tool's copy of our export: the same tags, each id upper-cased (pointers and links too)."""
    alices_tags(store)
    export(store, "json", tmp_path / "ours.json")
    before = state(store)
    text = (tmp_path / "ours.json").read_text(encoding="utf-8")
    data = json.loads(text)
    for ann in data["documents"][0]["annotations"]:
        ann["id"] = ann["id"].upper()
        ann["source"] = ann["source"] and ann["source"].upper()
        ann["cue"] = ann["cue"] and ann["cue"].upper()
    for link in data["documents"][0]["links"]:
        link["from"], link["to"] = link["from"].upper(), link["to"].upper()
    (tmp_path / "upper.json").write_text(json.dumps(data), encoding="utf-8")
    report = import_paths(store, [tmp_path / "upper.json"])
    assert state(store) == before
    assert report.already_here == 4 and report.added == 0 and report.conflicting == 0, report.summary()
    assert report.structure.get("links unchanged") == 1, report.structure


def test_twins_within_the_file_are_one_tag_and_a_link_between_them_is_left_out(
    store: Store, tmp_path: Path
) -> None:
    """bob tagged the same words twice (another tool let him) and linked the two: one tag, no link of a tag
    to itself; a third copy's link to another tag lands on the one kept."""
    with Store.open(tmp_path / "teammate.db") as theirs:
        doc, _ = theirs.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
        start = TEXT.index("ridership")
        twins = [new_annotation(doc, start, start + 9, "claim", "bob") for _ in range(3)]
        theirs.put_annotations(twins)  # bypasses the duplicate rule, as another tool's file would
        denial = _tag(theirs, doc, "never published", "denial", "bob")
        links.add_link(theirs, new_link(doc.id, "same_claim", twins[0].id, twins[1].id, "bob"))
        links.add_link(theirs, new_link(doc.id, "denies", denial.id, twins[2].id, "bob"))
        export(theirs, "json", tmp_path / "bob.json")
    report = import_paths(store, [tmp_path / "bob.json"])
    tags = store.annotations()
    assert len(tags) == 2 and report.added == 2 and report.already_here == 2, report.summary()
    (claim,) = [t for t in tags if t.label == "claim"]
    kept = min(twins, key=lambda t: (t.created_at, t.id)).id  # the first created, whatever the file order
    assert claim.id == kept
    assert [(lk.type, lk.ends()) for lk in links.links(store)] == [("denies", (denial.id, kept))]
    assert "2 tags already here under another id." in report.summary()
    before = state(store)
    again = import_paths(store, [tmp_path / "bob.json"])
    assert state(store) == before and not again.changed, again.summary()


def test_a_document_listed_twice_makes_its_tags_once(store: Store, tmp_path: Path) -> None:
    with Store.open(tmp_path / "teammate.db") as theirs:
        alices_tags(theirs)
        export(theirs, "json", tmp_path / "t.json")
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    copy = json.loads(json.dumps(data["documents"][0]))
    copy["id"] = "the-same-text-again"
    ids = {ann["id"]: ann["id"] + "-2" for ann in copy["annotations"]}
    for ann in copy["annotations"]:
        ann["id"] = ids[ann["id"]]
        ann["source"], ann["cue"] = ids.get(ann["source"]), ids.get(ann["cue"])
    for link in copy["links"]:
        link["id"] += "-2"
        link["from"], link["to"] = ids[link["from"]], ids[link["to"]]
    data["documents"].append(copy)
    (tmp_path / "twice.json").write_text(json.dumps(data), encoding="utf-8")
    report = import_paths(store, [tmp_path / "twice.json"])
    assert len(store.annotations()) == 4 and len(links.links(store)) == 1, report.summary()
    assert report.added == 4 and report.already_here == 4, report.summary()


def test_a_teammates_tag_that_differs_in_any_part_of_its_shape_is_stored(
    store: Store, tmp_path: Path
) -> None:
    """Only an identical tag is a twin: another annotator, label or span is a tag of its own."""
    ours = alices_tags(store)
    with Store.open(tmp_path / "teammate.db") as theirs:
        doc, _ = theirs.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
        _tag(theirs, doc, "ridership had more than doubled", "claim", "bob")
        _tag(theirs, doc, "ridership had more than doubled", "denial", "alice")
        _tag(theirs, doc, "ridership had more than", "claim", "alice")
        export(theirs, "jsonl", tmp_path / "t.jsonl")
    report = import_paths(store, [tmp_path / "t.jsonl"])
    assert report.added == 3 and report.already_here == 0, report.summary()
    assert "already here" not in report.summary()
    assert len(store.annotations()) == len(ours) + 3


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_pointer_read_before_its_twin_came_is_turned_too(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Exports are merged a part at a time: bob's claim, stored before the part that holds alice's cue
    under another id, names her cue here once that part came; merged again, his claim is unchanged (not
    a conflict with the copy that names her cue by its id here)."""
    import factcheck.services.merge as merge
    from factcheck.services.formats import jsonl_format, project_json

    monkeypatch.setattr(merge, "MERGE_ROWS", 1)
    monkeypatch.setattr(project_json, "BATCH", 1)
    monkeypatch.setattr(jsonl_format, "BATCH", 1)
    ours = alices_tags(store)
    path = teammate_file(tmp_path, fmt)
    report = import_paths(store, [path])
    (bobs,) = [t for t in store.annotations() if t.annotator == "bob" and t.label == "claim"]
    assert (bobs.source, bobs.cue) == (ours["source"].id, ours["cue"].id)
    assert report.already_here == 4 and report.added == 2, report.summary()
    before = state(store)
    again = import_paths(store, [path])
    assert state(store) == before
    assert again.conflicting == 0 and not again.changed and again.unchanged == 2, again.summary()
