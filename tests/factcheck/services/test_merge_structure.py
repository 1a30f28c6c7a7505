"""Links and speakers merge like tags: ids, newer updated_at wins, tombstones, conflicts listed, a link
belongs to its annotator; attribution merges with its tag. Teammates' databases carry them too."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from db import NotAFactcheckDatabase, Store, links, speakers
from db.teammate import read_teammate_db
from factcheck.core.bundle import Bundle
from factcheck.core.links import Link
from factcheck.core.model import Annotation, Document, utc_now
from factcheck.core.speakers import Speaker
from factcheck.services.importing import import_paths
from factcheck.services.merge import merge_bundle
from tests.helpers.structure import Seed, seed

T1, T2, T3 = "2026-01-01T10:00:00.000000Z", "2026-01-02T10:00:00.000000Z", "2026-01-03T10:00:00.000000Z"


@pytest.fixture
def ours(store: Store) -> Seed:
    return seed(store)


def their_copy(
    s: Seed,
    *,
    tags: list[Annotation] | None = None,
    link_rows: list[Link] | None = None,
    speaker_rows: list[Speaker] | None = None,
) -> Bundle:
    anns = tags if tags is not None else s.store.annotations(s.doc.id, include_deleted=True)
    return Bundle(
        labels=s.store.labels(),
        documents=[(s.doc, anns)],
        source="bob.db",
        links={s.doc.id: link_rows if link_rows is not None else links.links(s.store, s.doc.id)},
        speakers=speaker_rows if speaker_rows is not None else speakers.speakers(s.store),
    )


def test_a_newer_link_wins_an_older_one_is_skipped_and_a_tie_is_a_listed_conflict(ours: Seed) -> None:
    store, mine = ours.store, ours.denies
    links.put_links(store, [replace(mine, updated_at=T2)])
    older = replace(mine, type="characterizes", updated_at=T1)
    report = merge_bundle(store, their_copy(ours, link_rows=[older]))
    assert report.structure == {"links older": 1, "speakers unchanged": 1}
    assert links.link(store, mine.id) == replace(mine, updated_at=T2)
    tie = replace(mine, type="characterizes", updated_at=T2)
    report = merge_bundle(store, their_copy(ours, link_rows=[tie]))
    assert report.conflicting == 1 and report.conflicts[0].kind == "link"
    assert "conflict link " + mine.id in report.details()[0]
    newer = replace(mine, type="characterizes", updated_at=T3)
    report = merge_bundle(store, their_copy(ours, link_rows=[newer]))
    assert report.structure["links updated"] == 1 and report.changed
    assert links.link(store, mine.id) == newer


def test_a_newer_tombstone_deletes_our_link_and_an_older_live_copy_never_brings_it_back(ours: Seed) -> None:
    store, mine = ours.store, ours.denies
    links.put_links(store, [replace(mine, updated_at=T1)])
    gone = replace(mine, deleted_at=T2, updated_at=T2)
    assert merge_bundle(store, their_copy(ours, link_rows=[gone])).structure["links deleted"] == 1
    assert links.links_of(store, ours.denial.id) == [ours.characterizes]
    merge_bundle(store, their_copy(ours, link_rows=[replace(mine, updated_at=T1)]))
    assert links.link(store, mine.id) == gone


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: dict(annotator="bob"), "names annotator 'bob'"),
        (lambda s: dict(to_id=s.economy.id), "joins other tags"),
        (lambda s: dict(from_id=s.robust.id), "joins other tags"),
    ],
)
def test_an_incoming_link_that_changes_its_annotator_or_ends_is_a_conflict_not_applied(
    ours: Seed, change: object, problem: str
) -> None:
    store, mine = ours.store, ours.denies
    theirs = replace(mine, updated_at=T3, **change(ours))  # type: ignore[operator]
    report = merge_bundle(store, their_copy(ours, link_rows=[theirs]))
    assert report.conflicting == 1 and problem in report.conflicts[0].problem
    assert "never change" in report.conflicts[0].problem
    assert links.link(store, mine.id) == mine


def test_bob_cannot_take_alices_link_even_by_a_newer_copy(ours: Seed, tmp_path: Path) -> None:
    """The ownership rule holds across files: bob's file saying alice's link is his changes nothing."""
    store = ours.store
    stolen = replace(ours.denies, annotator="bob", updated_at=T3, deleted_at=T3)
    report = merge_bundle(store, their_copy(ours, link_rows=[stolen]))
    assert report.conflicting == 1
    assert links.link(store, ours.denies.id) == ours.denies


def test_speakers_merge_newer_wins_and_merged_into_travels(ours: Seed) -> None:
    store, lavrov = ours.store, ours.speaker
    other = Speaker("sp-2", "Sergey Lavrov", "person", "", (), T1, T1)
    speakers.put_speakers(store, [replace(lavrov, updated_at=T1)])
    theirs = [replace(lavrov, description="Russian foreign minister", updated_at=T2),
              replace(other, merged_into=lavrov.id, updated_at=T2)]  # fmt: skip
    report = merge_bundle(store, their_copy(ours, speaker_rows=theirs))
    assert report.structure == {"speakers updated": 1, "speakers added": 1, "links unchanged": 2}
    assert speakers.speaker(store, lavrov.id).description == "Russian foreign minister"  # type: ignore[union-attr]
    assert speakers.speaker(store, "sp-2").merged_into == lavrov.id  # type: ignore[union-attr]
    tie = [replace(lavrov, name="S. Lavrov", updated_at=T2)]
    report = merge_bundle(store, their_copy(ours, speaker_rows=tie))
    kept = speakers.speaker(store, lavrov.id)
    assert report.conflicts[0].kind == "speaker" and kept is not None and kept.name == "Sergei Lavrov"


def test_attribution_merges_with_its_tag(ours: Seed) -> None:
    store, claim = ours.store, ours.claim
    theirs = replace(claim, source=ours.tillerson.id, cue=None, quotation="direct", updated_at=utc_now())
    tags = [theirs if a.id == claim.id else a for a in store.annotations(ours.doc.id, include_deleted=True)]
    report = merge_bundle(store, their_copy(ours, tags=tags))
    assert report.updated == 1
    stored = store.annotation(claim.id)
    assert stored is not None and (stored.source, stored.cue, stored.quotation) == (
        ours.tillerson.id,
        None,
        "direct",
    )


def _teammate(path: Path) -> Seed:
    teammate = Store.open(path)
    return seed(teammate, annotator="bob")


def test_a_teammates_database_brings_its_links_and_speakers(tmp_path: Path, store: Store) -> None:
    bob = _teammate(tmp_path / "bob.db")
    bob.store.close()
    report = import_paths(store, [tmp_path / "bob.db"])
    assert report.structure == {"speakers added": 1, "links added": 2}
    assert {lk.annotator for lk in links.links(store)} == {"bob"}
    claim = store.annotation(bob.claim.id)
    assert claim is not None and claim.source == bob.lavrov.id


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("UPDATE annotations SET fragments = '[[1, \"x\"]]' WHERE fragments IS NOT NULL", "fragments is"),
        ("UPDATE annotations SET fragments = 'not json' WHERE fragments IS NOT NULL", "fragments is"),
        ("UPDATE annotations SET quotation = 'verbatim' WHERE quotation IS NOT NULL", "quotation is"),
        ("UPDATE annotations SET source = X'41' WHERE source IS NOT NULL", "source is"),
        ("UPDATE links SET document_id = 'elsewhere'", "links row 1: document_id"),
        ("UPDATE speakers SET kind = 'robot'", "speakers row 1: kind"),
        ("UPDATE speakers SET same_as = '[1]'", "speakers row 1: same_as"),
        ("UPDATE labels SET role = 'boss' WHERE name = 'source'", "role is"),
    ],
)
def test_a_teammates_database_with_values_we_never_write_is_refused(
    tmp_path: Path, sql: str, problem: str
) -> None:
    path = tmp_path / "bob.db"
    _teammate(path).store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(sql)
    conn.commit()
    conn.close()
    with pytest.raises(NotAFactcheckDatabase, match="holds values factcheck never writes") as refused:
        read_teammate_db(path)
    assert problem in str(refused.value)


def test_a_teammates_link_to_a_tag_of_another_document_is_refused(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "bob.db"
    bob = _teammate(path)
    other, _ = bob.store.add_document(Document.create("Another text 😀 about Tillerson.", title="other"))
    from factcheck.core.spans import new_annotation

    elsewhere = bob.store.add_annotation(new_annotation(other, 0, 7, "claim", "bob"))
    bob.store.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE links SET to_id = ? WHERE type = 'denies'", [elsewhere.id])
    conn.commit()
    conn.close()
    from factcheck.core.errors import ImportRefused

    with pytest.raises(ImportRefused, match="is a tag of another document"):
        import_paths(store, [path])
    assert store.documents() == []
