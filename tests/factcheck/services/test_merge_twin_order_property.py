"""For random small projects and random files made from them (teammates' edits, identical tags under two
ids: our tag dropped by their sync for a copy, copies made twice, a copy of a tag live here, a copy under
the id of one of our tags on another document, which they do not hold), merging the file gives the same
project whatever the order of its rows, the size of the batches they are read and merged in, and how many
parts its documents come in (the merged projects' exports are the same bytes); nothing live is lost (every
tag that either side holds live, and the other does not delete by a newer act, is live after, itself or
through its identical twin; a copy under the id of a tag of another document is listed as a conflict, our
tag kept); merging the file again changes nothing."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from db import Store
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services import merge
from factcheck.services.exporting import export
from factcheck.services.formats import project_json
from factcheck.services.importing import import_paths
from tests.helpers.random_edits import TEXT, random_edit, random_span

Shape = tuple[str, int, int, str, str, Any]
OTHER = "The budget was balanced last year, the treasurer said.\n"


def _shape(tag: dict[str, Any] | Annotation, document_id: str) -> Shape:
    if isinstance(tag, Annotation):
        return (document_id, tag.start, tag.end, tag.label, tag.annotator, tuple(tag.fragments or ()))
    pieces = tuple(tuple(p) if isinstance(p, list) else p for p in tag.get("fragments") or ())
    return (document_id, tag["start"], tag["end"], tag["label"], tag["annotator"], pieces)


def _stamp(rng: random.Random) -> str:
    return f"2026-0{rng.randrange(1, 10)}-1{rng.randrange(10)}T0{rng.randrange(10)}:00:00.000000Z"


def _twins(theirs: Store, doc: Document, rng: random.Random, taken: list[str]) -> set[str]:
    """Identical tags under two ids, as another tool, a second laptop or a sync makes them. taken: ids of
    our tags on a document they do not hold, which a copy may come under (a hostile or broken file): those
    it did, to be listed as conflicts."""
    used: set[str] = set()
    for _ in range(rng.randrange(1, 4)):
        live = [t for t in theirs.annotations(doc.id) if t.annotator == "alice" and not t.fragments]
        how = rng.choice(["dropped", "copies", "copy", "elsewhere"])
        if how == "elsewhere" and live and taken:  # a copy (maybe of a tag they dropped) under such an id
            tag = rng.choice(live)
            if rng.random() < 0.7:
                theirs.delete_annotation(tag.id)
            copies = [
                new_annotation(doc, tag.start, tag.end, tag.label, "alice")
                for _ in range(rng.randrange(1, 3))
            ]
            copies[0] = replace(copies[0], id=taken.pop())
            used.add(copies[0].id)
            theirs.put_annotations([replace(c, created_at=_stamp(rng), note="elsewhere") for c in copies])
        elif how == "dropped" and live:  # their sync dropped our tag for an identical copy made elsewhere
            tag = rng.choice(live)
            theirs.delete_annotation(tag.id)
            copy = new_annotation(doc, tag.start, tag.end, tag.label, "alice")
            copy = replace(copy, created_at=_stamp(rng), note=rng.choice(["", "seen in the minutes"]))
            theirs.put_annotations([copy])
        elif how == "copy" and live:  # the same words tagged again on another machine
            tag = rng.choice(live)
            copy = new_annotation(doc, tag.start, tag.end, tag.label, "alice")
            theirs.put_annotations([replace(copy, created_at=_stamp(rng), note="again")])
        else:  # new words tagged two or three times (another tool let them)
            start, end = random_span(TEXT, rng)
            label = rng.choice(["claim", "denial"])
            copies = [new_annotation(doc, start, end, label, "alice") for _ in range(rng.randrange(2, 4))]
            theirs.put_annotations(
                [replace(c, created_at=_stamp(rng), note=rng.choice(["", "a", "b"])) for c in copies]
            )
    return used


def _variant(source: Path, out: Path, rng: random.Random) -> Path:
    """source with each document's tags shuffled and cut into parts listed apart (links on the last)."""
    data = json.loads(source.read_text(encoding="utf-8"))
    documents = []
    for document in data["documents"]:
        tags = list(document["annotations"])
        rng.shuffle(tags)
        cuts = sorted(rng.sample(range(1, len(tags)), min(rng.randrange(3), len(tags) - 1))) if tags else []
        pieces = [tags[a:b] for a, b in zip([0, *cuts], [*cuts, len(tags)], strict=True)] or [[]]
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            documents.append({**document, "annotations": piece, "links": document["links"] if last else []})
    rng.shuffle(documents)
    data["documents"] = documents
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def _live_expected(ours: Path, theirs: Path) -> set[Shape]:
    """The shapes of the tags that must be live after the merge: per id, the newer row (ours on a tie;
    ours when theirs is on another document: a conflict)."""
    rows: dict[str, tuple[dict[str, Any], str]] = {}
    for path in (theirs, ours):  # ours last: it wins a tie
        for document in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            for tag in document["annotations"]:
                held = rows.get(tag["id"])
                if (
                    held is None
                    or tag["updated_at"] >= held[0]["updated_at"]
                    or held[1] != document["sha256"]
                ):
                    rows[tag["id"]] = (tag, document["sha256"])
    return {_shape(tag, sha) for tag, sha in rows.values() if tag["deleted_at"] is None}


@pytest.mark.parametrize("seed", range(20))
def test_a_file_with_twins_merges_the_same_whatever_the_order_of_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    with Store.open(tmp_path / "ours.db") as ours, Store.open(tmp_path / "theirs.db") as theirs:
        doc, _ = ours.add_document(Document.create(TEXT, title="Ridership", source="ridership.txt"))
        for _ in range(10):
            random_edit(ours, "alice", doc, rng, reviewer=False)
        export(ours, "json", tmp_path / "start.json")
        import_paths(theirs, [tmp_path / "start.json"])
        for _ in range(10):
            random_edit(ours, "alice", doc, rng, reviewer=False)
            random_edit(theirs, "alice", doc, rng, reviewer=False)
            random_edit(theirs, "bob", doc, rng)
        other, _ = ours.add_document(Document.create(OTHER, title="Budget", source="budget.txt"))
        words = ("budget", "balanced", "treasurer")
        taken = [
            ours.add_annotation(
                new_annotation(other, OTHER.index(w), OTHER.index(w) + len(w), "claim", "alice"), OTHER
            ).id
            for w in words
        ]
        held = list(taken)
        used = _twins(theirs, doc, rng, taken)
        export(theirs, "json", tmp_path / "theirs.json")
        export(ours, "json", tmp_path / "ours.json")
        ours.backup(tmp_path / "before.db")
    expected = _live_expected(tmp_path / "ours.json", tmp_path / "theirs.json")

    results: dict[str, bytes] = {}
    files = [tmp_path / "theirs.json", tmp_path / "theirs.db"]
    files += [_variant(tmp_path / "theirs.json", tmp_path / f"variant{i}.json", rng) for i in range(4)]
    for n, path in enumerate(files):
        batch = rng.choice([1, 2, 3, 20_000])
        monkeypatch.setattr(project_json, "BATCH", batch)
        monkeypatch.setattr(merge, "MERGE_ROWS", rng.choice([1, batch, 20_000]))
        project = tmp_path / f"merged{n}.db"
        project.write_bytes((tmp_path / "before.db").read_bytes())
        with Store.open(project) as merged:
            report = import_paths(merged, [path])
            assert {c.annotation_id for c in report.conflicts} == used, (path.name, report.summary())
            assert len(report.conflicts) == len(used), (path.name, report.summary())
            live = {_shape(t, d.sha256) for d in (doc, other) for t in merged.annotations(d.id)}
            assert expected <= live, (path.name, batch, expected - live)
            tags = [*merged.annotations(doc.id), *merged.annotations(other.id)]
            assert [t.id for t in merged.annotations(other.id)] == held, path.name  # ours, untouched
            assert len(live) == len(tags), ("two live tags of one shape", path.name, batch)
            export(merged, "json", tmp_path / f"merged{n}.json")
            again = import_paths(merged, [path])
            # (a twin's id is never stored: it is read as its tag again, "already here")
            assert (again.added, again.updated, again.deleted) == (0, 0, 0), path.name
            export(merged, "json", tmp_path / f"again{n}.json")
        results[f"{path.name} batch {batch}"] = (tmp_path / f"merged{n}.json").read_bytes()
        assert (tmp_path / f"again{n}.json").read_bytes() == results[f"{path.name} batch {batch}"]
    first = next(iter(results.values()))
    assert all(value == first for value in results.values()), [k for k, v in results.items() if v != first]
