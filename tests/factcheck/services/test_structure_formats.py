"""Links, speakers, attribution and discontinuous tags through JSON (version 2) and JSONL, both ways;
version 1 files still import; hostile structure is refused whole, naming the place."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from db import Store, links, speakers
from factcheck.core.errors import ImportRefused
from factcheck.core.fragments import pieces
from factcheck.core.model import FORMAT_VERSION
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.structure import Seed, at, seed

SCHEMA = Path(__file__).parents[3] / "resources" / "factcheck.schema.json"
Data = dict[str, Any]


@pytest.fixture
def seeded(store: Store) -> Seed:
    return seed(store)


def _everything(store: Store) -> tuple[Any, ...]:
    return (
        {a.id: a for a in store.annotations(include_deleted=True)},
        {lk.id: lk for lk in links.links(store, include_deleted=True)},
        {s.id: s for s in speakers.speakers(store, include_deleted=True)},
        links.link_types(store),
    )


def test_json_round_trip_keeps_links_speakers_attribution_and_pieces(seeded: Seed, tmp_path: Path) -> None:
    links.delete_link(seeded.store, seeded.characterizes.id)  # a tombstone travels too
    links.add_link_type(seeded.store, "supports")
    out = tmp_path / "project.json"
    export(seeded.store, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["version"] == FORMAT_VERSION == 2
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    doc = data["documents"][0]
    economy = next(a for a in doc["annotations"] if a["id"] == seeded.economy.id)
    text = doc["text"]
    assert [text[s:e] for s, e in economy["fragments"]] == ["The economy,", "is booming"]
    claim = next(a for a in doc["annotations"] if a["id"] == seeded.claim.id)
    assert (claim["source"], claim["cue"], claim["quotation"]) == (
        seeded.lavrov.id,
        seeded.said.id,
        "indirect",
    )
    assert {lk["type"]: (lk["from"], lk["to"]) for lk in doc["links"]} == {
        "denies": (seeded.denial.id, seeded.claim.id),
        "characterizes": (seeded.robust.id, seeded.denial.id),
    }
    assert data["speakers"][0]["same_as"] == ["https://www.wikidata.org/wiki/Q155294"]
    # Every span after an emoji: offsets count code points, not UTF-16 units.
    for ann in doc["annotations"]:
        assert text[ann["start"] : ann["end"]] == ann["quote"]
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        report = import_paths(fresh, [out])
        assert report.structure == {
            "links types added": 1,  # "supports"
            "speakers added": 1,
            "links added": 1,
            "links tombstones kept": 1,
        }
        assert _everything(fresh) == _everything(seeded.store)
        again = Store.open(tmp_path / "again.db")
        out2 = tmp_path / "again.json"
        export(fresh, "json", out2)
        assert json.loads(out2.read_text(encoding="utf-8")) == data  # byte-for-byte the same content
        again.close()
        # Importing the same file twice changes nothing.
        second = import_paths(fresh, [out])
        assert not second.changed and second.structure == {"speakers unchanged": 1, "links unchanged": 2}
    finally:
        fresh.close()


def test_jsonl_round_trip_into_a_project_with_the_articles(seeded: Seed, tmp_path: Path) -> None:
    out = tmp_path / "tags.jsonl"
    export(seeded.store, "jsonl", out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line.get("record") for line in lines[-3:]] == ["speaker", "link", "link"]
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        fresh.add_document(seeded.doc)
        import_paths(fresh, [out])
        assert _everything(fresh) == _everything(seeded.store)
        economy = fresh.annotation(seeded.economy.id)
        assert economy is not None and pieces(economy) == (
            at(seeded.doc, "The economy,"),
            at(seeded.doc, "is booming"),
        )
    finally:
        fresh.close()


def test_a_version_1_file_still_imports(seeded: Seed, tmp_path: Path) -> None:
    out = tmp_path / "project.json"
    export(seeded.store, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["version"] = 1
    for key in ("link_types", "speakers"):
        del data[key]
    for label in data["labels"]:
        del label["role"]
    for doc in data["documents"]:
        del doc["links"]
        doc["annotations"] = [a for a in doc["annotations"] if not a["fragments"]]
        for ann in doc["annotations"]:
            for key in ("fragments", "speaker", "source", "cue", "quotation"):
                del ann[key]
    old = tmp_path / "v1.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        report = import_paths(fresh, [old])
        assert report.added == len(seeded.store.annotations()) - 1
        assert links.links(fresh) == [] and all(a.source is None for a in fresh.annotations())
    finally:
        fresh.close()


def _doc(data: Data) -> Data:
    doc: Data = data["documents"][0]
    return doc


def _tag(data: Data, tag_id: str) -> Data:
    found: Data = next(a for a in _doc(data)["annotations"] if a["id"] == tag_id)
    return found


Mutation = Callable[[Data, Seed], object]

HOSTILE: dict[str, tuple[Mutation, str]] = {
    "overlapping pieces": (
        lambda d, s: _tag(d, s.economy.id).update(fragments=[[s.economy.start, s.economy.start + 5]] * 2),
        "comes before the piece before it: pieces are sorted and apart (at documents[0].annotations[",
    ),
    "a piece outside the text": (
        lambda d, s: _tag(d, s.economy.id)["fragments"].__setitem__(1, [10, 99_999]),
        "lies outside the text",
    ),
    "pieces not the envelope": (
        lambda d, s: _tag(d, s.economy.id)["fragments"].__setitem__(
            1, [s.economy.end - 4, s.economy.end - 1]
        ),
        "start and end must be the first piece's start and the last piece's end",
    ),
    "a single piece": (
        lambda d, s: _tag(d, s.economy.id).update(fragments=[[s.economy.start, s.economy.end]]),
        "at least two pieces",
    ),
    "pieces of text": (
        lambda d, s: _tag(d, s.economy.id).update(fragments="1-2"),
        '"fragments" must be a list',
    ),
    "a bad quotation": (lambda d, s: _tag(d, s.claim.id).update(quotation="verbatim"), '"quotation" must be'),
    "a numeric source": (lambda d, s: _tag(d, s.claim.id).update(source=3), '"source" must be an id'),
    "a source with a source": (
        lambda d, s: _tag(d, s.tillerson.id).update(source=s.lavrov.id),
        "cannot have a source, cue or quotation",
    ),
    "a claim with a speaker": (
        lambda d, s: _tag(d, s.claim.id).update(speaker=s.speaker.id),
        "only source tags do",
    ),
    "an unknown speaker": (
        lambda d, s: _tag(d, s.lavrov.id).update(speaker="nobody"),
        "its speaker 'nobody' is in neither the file nor the project",
    ),
    "a link to nothing": (
        lambda d, s: _doc(d)["links"][0].update(to="nothing"),
        "its to end 'nothing' is no tag of the file or the project (at documents[0].links[0])",
    ),
    "a link to itself": (
        lambda d, s: _doc(d)["links"][0].update(to=_doc(d)["links"][0]["from"]),
        "joins the tag",
    ),
    "a link of an unknown type": (
        lambda d, s: _doc(d)["links"][0].update(type="refutes"),
        "the link type 'refutes' is neither listed",
    ),
    "a link without annotator": (lambda d, s: _doc(d)["links"][0].pop("annotator"), '"annotator" is missing'),
    "a link from the future": (
        lambda d, s: _doc(d)["links"][0].update(updated_at="2999-01-01T00:00:00.000000Z"),
        "more than a day in the future",
    ),
    "a speaker of no kind": (lambda d, s: d["speakers"][0].update(kind="robot"), '"kind" must be'),
    "a speaker merged into nobody": (
        lambda d, s: d["speakers"][0].update(merged_into="nobody"),
        "it is merged into 'nobody', no speaker (at speakers[0])",
    ),
    "speakers twice": (lambda d, s: d["speakers"].append(dict(d["speakers"][0])), "listed twice"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_structure_is_refused_whole_naming_the_place(seeded: Seed, tmp_path: Path, name: str) -> None:
    out = tmp_path / "project.json"
    export(seeded.store, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    mutate, message = HOSTILE[name]
    mutate(data, seeded)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        with pytest.raises(ImportRefused) as refused:
            import_paths(fresh, [bad])
        assert message in str(refused.value) and "nothing was imported" in str(refused.value)
        assert fresh.documents() == [] and links.links(fresh, include_deleted=True) == []
        assert speakers.speakers(fresh, include_deleted=True) == []
    finally:
        fresh.close()


def test_a_link_between_tags_of_two_documents_is_refused(seeded: Seed, tmp_path: Path) -> None:
    other = seed(
        seeded.store,
        text="😀 Sergei Lavrov said that Trump accepted Putin's assertions. 😀 Tillerson said "
        "it was not clear. The economy, he said, is booming. He described the exchanges as “robust”.",
    )
    out = tmp_path / "project.json"
    export(seeded.store, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    first = next(d for d in data["documents"] if d["id"] == seeded.doc.id)
    first["links"][0]["to"] = other.claim.id
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        with pytest.raises(ImportRefused, match="is a tag of another document"):
            import_paths(fresh, [bad])
        assert fresh.documents() == []
    finally:
        fresh.close()


def test_an_export_of_one_annotator_keeps_attribution_to_a_teammates_source(
    store: Store, tmp_path: Path
) -> None:
    """alice attributes her claim to bob's source tag; an export of alice's tags only names a tag the file
    does not hold: it imports, the pointer kept (the tag may come later), and links to bob's tags stay out."""
    from db import attribution
    from factcheck.core.links import new_link
    from factcheck.core.spans import new_annotation

    s = seed(store, annotator="alice")
    start, end = at(s.doc, "Tillerson")
    bobs_source = store.add_annotation(new_annotation(s.doc, start, end, "source", "bob"), s.doc.text)
    attribution.set_attribution(store, s.denial.id, source=bobs_source.id)
    links.add_link(store, new_link(s.doc.id, "same_claim", s.claim.id, bobs_source.id, "alice"))
    out = tmp_path / "alice.json"
    export(store, "json", out, annotator="alice")
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        import_paths(fresh, [out])
        denial = fresh.annotation(s.denial.id)
        assert (
            denial is not None
            and denial.source == bobs_source.id
            and fresh.annotation(bobs_source.id) is None
        )
        assert {lk.type for lk in links.links(fresh)} == {"denies", "characterizes"}
        # bob's work arrives later: the attribution then reads whole.
        bob_out = tmp_path / "bob.json"
        export(store, "json", bob_out, annotator="bob")
        import_paths(fresh, [bob_out])
        assert fresh.annotation(bobs_source.id) is not None
    finally:
        fresh.close()
