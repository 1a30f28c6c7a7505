"""A teammate's copy of our tag under another id (services.merge_twins) is not stored, but what it held that
our tag lacks is not lost: its note and its review decision go onto our tag; a different one is kept
ours and theirs is listed in the report. Merging the file again changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from factcheck.core.decisions import decided
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.dbfiles import content_digest

TEXT = "Mayor Helena Marsh said ridership had more than doubled. The agency has never published any number.\n"
WORDS = "ridership had more than doubled"
FORMATS = ["json", "jsonl", "database"]


def alices_claim(store: Store, note: str = "") -> str:
    doc, _ = store.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
    start = doc.text.index(WORDS)
    made = store.add_annotation(new_annotation(doc, start, start + len(WORDS), "claim", "alice"), doc.text)
    if note:
        store.update_annotation(made.id, note=note)
    return made.id


def teammate_file(tmp_path: Path, fmt: str, *, note: str, status: str | None) -> tuple[Path, str]:
    """A teammate's project holding alice's same claim (another id), with a note and rita's decision."""
    db = tmp_path / "teammate.db"
    with Store.open(db) as theirs:
        twin = alices_claim(theirs, note)
        if status is not None:
            ann = theirs.annotation(twin)
            assert ann is not None
            theirs.put_annotation(decided(ann, status, "rita", "in the ridership report"))  # type: ignore[arg-type]
        if fmt == "database":
            return db, twin
        export(theirs, fmt, tmp_path / f"teammate.{fmt}")
    return tmp_path / f"teammate.{fmt}", twin


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_twins_note_and_decision_go_onto_our_tag_that_lacks_them(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    ours = alices_claim(store)
    path, twin = teammate_file(tmp_path, fmt, note="the 2019 base year", status="accepted")
    report = import_paths(store, [path], annotator="alice")
    assert report.already_here == 1 and store.annotation(twin) is None
    tag = store.annotation(ours)
    assert tag is not None
    assert (tag.note, tag.status, tag.reviewer, tag.reason) == (
        "the 2019 base year", "accepted", "rita", "in the ridership report"
    )  # fmt: skip
    assert (
        "Carried onto our tags from their identical copies: 1 note and 1 review decision." in report.summary()
    )
    before, digest = tag, content_digest(store.path) if store.path else ""
    again = import_paths(store, [path], annotator="alice")
    assert store.annotation(ours) == before
    assert "Carried" not in again.summary() and not again.changed, again.summary()
    if store.path:
        assert content_digest(store.path) == digest


def test_two_projects_merging_the_same_copy_make_the_same_row(tmp_path: Path) -> None:
    path, _ = teammate_file(tmp_path, "json", note="the 2019 base year", status="rejected")
    with Store.open(tmp_path / "one.db") as one:
        ours = alices_claim(one)
        export(one, "json", tmp_path / "ours.json")
        import_paths(one, [path], annotator="alice")
        with Store.open(tmp_path / "two.db") as two:
            import_paths(two, [tmp_path / "ours.json"], annotator="alice")
            import_paths(two, [path], annotator="alice")
            assert two.annotation(ours) == one.annotation(ours)


@pytest.mark.parametrize("fmt", ["json", "database"])
def test_a_different_note_or_decision_stays_ours_and_theirs_is_listed(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    ours = alices_claim(store, note="ask the agency")
    ann = store.annotation(ours)
    assert ann is not None
    store.put_annotation(decided(ann, "rejected", "vera", "no such number"))
    path, twin = teammate_file(tmp_path, fmt, note="the 2019 base year", status="accepted")
    before = store.annotation(ours)
    report = import_paths(store, [path], annotator="alice")
    assert store.annotation(ours) == before
    summary = report.summary()
    assert f"Tag {ours} kept its note; its identical copy {twin} had “the 2019 base year”." in summary
    assert (
        f"Tag {ours} kept vera's decision (rejected); its identical copy {twin} had rita's "
        "(accepted: in the ridership report)." in summary
    )
    assert "Carried" not in summary


def test_a_clearing_after_their_decision_stands(store: Store, tmp_path: Path) -> None:
    """Our reviewer cleared the decision after the teammate's copy was decided: newer wins, nothing comes."""
    path, _ = teammate_file(tmp_path, "json", note="", status="accepted")
    ours = alices_claim(store)
    ann = store.annotation(ours)
    assert ann is not None
    store.put_annotation(decided(ann, None, "vera"))
    report = import_paths(store, [path], annotator="alice")
    tag = store.annotation(ours)
    assert tag is not None and tag.status is None
    assert "Carried" not in report.summary() and "kept" not in report.summary()
