"""A teammate's copy of our tag under another id (services.merge_twins) carries its attribution (source,
cue, quotation, speaker) onto our tag when ours has none, by the team sync's rule (`takes_attribution`); a
different one stays ours and theirs is listed. Merging the file again changes nothing, and two projects
merging the same files make the same rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import Store, attribution
from db import speakers as speaker_store
from factcheck.core.errors import ImportRefused
from factcheck.core.model import Annotation, Document, Quotation
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import new_speaker
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.dbfiles import content_digest

TEXT = "Mayor Helena Marsh said ridership had more than doubled. The agency has never published any number.\n"
FORMATS = ["json", "jsonl", "database"]


def _tag(store: Store, doc: Document, words: str, label: str) -> Annotation:
    start = doc.text.index(words)
    return store.add_annotation(new_annotation(doc, start, start + len(words), label, "alice"), doc.text)


def alices_tags(store: Store) -> dict[str, Annotation]:
    """alice's source, cue and claim on the article, unattributed (each store its own ids)."""
    doc, _ = store.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
    return {
        "source": _tag(store, doc, "Mayor Helena Marsh", "source"),
        "cue": _tag(store, doc, "said", "cue"),
        "claim": _tag(store, doc, "ridership had more than doubled", "claim"),
    }


def laptop_file(
    tmp_path: Path, fmt: str, *, quotation: Quotation = "indirect"
) -> tuple[Path, dict[str, str]]:
    """alice's same tags tagged on her laptop (other ids), there attributed: the claim to the source and
    the cue, the source to the speaker Helena Marsh."""
    db = tmp_path / "laptop.db"
    with Store.open(db) as laptop:
        hers = alices_tags(laptop)
        marsh = speaker_store.add_speaker(laptop, new_speaker("Helena Marsh"))
        attribution.set_speaker(laptop, hers["source"].id, marsh.id)
        attribution.set_attribution(
            laptop, hers["claim"].id, source=hers["source"].id, cue=hers["cue"].id, quotation=quotation
        )
        ids = {name: tag.id for name, tag in hers.items()} | {"speaker": marsh.id}
        if fmt == "database":
            return db, ids
        export(laptop, fmt, tmp_path / f"laptop.{fmt}")
    return tmp_path / f"laptop.{fmt}", ids


def _now(store: Store, tag_id: str) -> Annotation:
    tag = store.annotation(tag_id)
    assert tag is not None
    return tag


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_twins_attribution_goes_onto_our_tag_that_lacks_it(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    ours = alices_tags(store)
    path, theirs = laptop_file(tmp_path, fmt)
    report = import_paths(store, [path], annotator="alice")
    assert report.already_here == 3
    assert all(store.annotation(theirs[k]) is None for k in ("source", "cue", "claim"))
    claim = _now(store, ours["claim"].id)
    # The pointers name our tags (their twins are read as ours), never the laptop's ids.
    assert (claim.source, claim.cue, claim.quotation) == (ours["source"].id, ours["cue"].id, "indirect")
    assert _now(store, ours["source"].id).speaker == theirs["speaker"]
    assert speaker_store.speaker(store, theirs["speaker"]) is not None
    assert "Carried onto our tags from their identical copies: 2 attributions." in report.summary()
    assert store.path is not None
    before, digest = store.annotations(include_deleted=True), content_digest(store.path)
    again = import_paths(store, [path], annotator="alice")
    assert store.annotations(include_deleted=True) == before
    assert "Carried" not in again.summary() and not again.changed, again.summary()
    assert content_digest(store.path) == digest


def test_two_projects_merging_the_same_files_make_the_same_rows(tmp_path: Path) -> None:
    path, _ = laptop_file(tmp_path, "json")
    with Store.open(tmp_path / "one.db") as one:
        ours = alices_tags(one)
        export(one, "json", tmp_path / "desktop.json")
        import_paths(one, [path], annotator="alice")
        with Store.open(tmp_path / "two.db") as two:
            import_paths(two, [tmp_path / "desktop.json"], annotator="alice")
            import_paths(two, [path], annotator="alice")
            for tag in ours.values():
                assert two.annotation(tag.id) == one.annotation(tag.id)
            assert _now(two, ours["claim"].id).source == ours["source"].id


@pytest.mark.parametrize("fmt", ["json", "database"])
def test_a_different_attribution_stays_ours_and_theirs_is_listed(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    ours = alices_tags(store)
    attribution.set_attribution(store, ours["claim"].id, quotation="direct")
    path, theirs = laptop_file(tmp_path, fmt, quotation="indirect")
    report = import_paths(store, [path], annotator="alice")
    claim = _now(store, ours["claim"].id)
    # What ours lacked comes; what ours holds stays.
    assert (claim.source, claim.cue, claim.quotation) == (ours["source"].id, ours["cue"].id, "direct")
    summary = report.summary()
    listed = f"Tag {ours['claim'].id} kept its quotation; its identical copy {theirs['claim']} had indirect."
    assert listed in summary


def test_a_twins_speaker_in_neither_file_nor_project_refuses_the_file(store: Store, tmp_path: Path) -> None:
    """The twin's pointers come from the file: checked like any tag's, though the twin itself is not
    stored (before, a hostile twin was dropped unchecked; now what it carries is checked)."""
    alices_tags(store)
    path, _ = laptop_file(tmp_path, "json")
    text = path.read_text(encoding="utf-8")
    # The speaker record left out of the file, the source tag still naming it.
    data = json.loads(text)
    data["speakers"] = []
    path.write_text(json.dumps(data), encoding="utf-8")
    before = store.annotations(include_deleted=True)
    with pytest.raises(ImportRefused, match="neither the file nor the project"):
        import_paths(store, [path], annotator="alice")
    assert store.annotations(include_deleted=True) == before
