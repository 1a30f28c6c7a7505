"""Imported annotators' names hold no control characters, whatever file they came from (a teammate's JSON or
JSONL export, their database): each is cleaned as an imported title is (format characters dropped, escapes
made spaces), on tags (annotator and reviewer) and links; the import goes through. A tag is named by its id,
so the same file imported again finds every tag unchanged, not a conflict about its annotator."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from db import Store, claims
from db import links as link_store
from factcheck.core.claims import claim_tag_id, verdict_id, vote_id
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths

BAD = "b\u202een\x1b[2J"  # a direction override (dropped) and an escape sequence (made a space)
CLEANED = "ben [2J"
TEXT = "The minister said crime fell by 5%. We never said that, said the mayor."


def _teammate(path: Path) -> None:
    with Store.open(path) as theirs:
        doc, _ = theirs.add_document(Document.create(TEXT, title="Roe"))
        claim = theirs.add_annotation(new_annotation(doc, 18, 34, "claim", BAD))
        denial = theirs.add_annotation(new_annotation(doc, 36, 54, "denial", BAD))
        theirs.patch_annotation(
            claim.id, {"status": "accepted", "reviewer": BAD, "reviewed_at": claim.created_at}
        )
        link_store.add_link(theirs, new_link(doc.id, "denies", denial.id, claim.id, BAD))


def _names(store: Store) -> set[str]:
    tags = store.annotations()
    reviewers = {t.reviewer for t in tags if t.reviewer is not None}
    return {t.annotator for t in tags} | reviewers | {lk.annotator for lk in link_store.links(store)}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "database"])
def test_names_are_cleaned_and_a_second_import_changes_nothing(
    tmp_path: Path, db_path: Path, fmt: str
) -> None:
    sender = tmp_path / "sender.db"
    _teammate(sender)
    if fmt == "database":
        sent = sender
    else:
        sent = tmp_path / f"roe.{fmt}"
        with Store.open(sender) as theirs:
            export(theirs, fmt, sent)
        assert "\\u001b[2J" in sent.read_text(encoding="utf-8")  # the names as sent
    with Store.open(db_path) as ours:
        if fmt == "jsonl":  # its tags land on the article, imported first
            ours.add_document(Document.create(TEXT, title="Roe"))
        first = import_paths(ours, [sent])
        assert first.added == 2 and first.conflicts == []
        assert _names(ours) == {CLEANED}
        again = import_paths(ours, [sent])
        assert again.conflicts == [] and again.added == 0 and again.unchanged == 2
        assert again.structure.get("links unchanged") == 1
        assert _names(ours) == {CLEANED}


@pytest.mark.parametrize("fmt", ["json", "database"])
def test_names_on_cards_are_cleaned_with_the_rows_they_name(tmp_path: Path, db_path: Path, fmt: str) -> None:
    # A vote or verdict is named by its card and annotator: cleaned, it is named by the cleaned name, so
    # the same file imported again meets it, and a vote cast here under that name replaces it.
    sender = tmp_path / "sender.db"
    _teammate(sender)
    with Store.open(sender) as theirs:
        claim = next(t for t in theirs.annotations() if t.label == "claim")
        card, _ = claims.create_card(theirs, [claim.id], BAD, text="Crime fell by 5%.")
        claims.vote(theirs, card.id, BAD, "yes", "a number")
        claims.give_verdict(theirs, card.id, BAD, "False", "It rose.")
        sent = sender
        if fmt == "json":
            sent = tmp_path / "roe.json"
            export(theirs, "json", sent)
    with Store.open(db_path) as ours:
        import_paths(ours, [sent])
        ((mine, _, votes, verdicts),) = claims.export_rows(ours)
        tags = claims.claim_tags(ours, card.id)
        names = {mine.annotator} | {t.annotator for t in tags} | {v.annotator for v in votes}
        assert names | {v.annotator for v in verdicts} == {CLEANED}
        assert [v.id for v in votes] == [vote_id(card.id, CLEANED)]
        assert [v.id for v in verdicts] == [verdict_id(card.id, CLEANED, False)]
        assert [t.id for t in tags] == [claim_tag_id(card.id, claim.id, CLEANED)]
        again = import_paths(ours, [sent])
        assert again.conflicts == [] and claims.export_rows(ours) == [(mine, [claim.id], votes, verdicts)]
        claims.vote(ours, card.id, CLEANED, "no", "")  # the same person's vote, changed here
        ((_, _, (vote,), _),) = claims.export_rows(ours)
        assert (vote.id, vote.value) == (vote_id(card.id, CLEANED), "no")


def test_a_tag_pulled_with_its_owners_exact_name_keeps_it_when_a_file_brings_a_newer_copy(
    tmp_path: Path, db_path: Path
) -> None:
    # A team server's row keeps its owner's exact name (the server's, whom a push of it must name); a
    # teammate's file of that tag, newer, names the owner cleaned: the same owner, and the exact name stays.
    sender = tmp_path / "sender.db"
    _teammate(sender)
    sent = tmp_path / "roe.json"
    with Store.open(sender) as theirs:
        export(theirs, "json", sent)
    with Store.open(db_path) as ours:
        ours.add_document(Document.create(TEXT, title="Roe"))
        with Store.open(sender) as theirs:
            (doc,) = ours.documents()
            old = [
                replace(t, document_id=doc.id, note="", updated_at=t.created_at) for t in theirs.annotations()
            ]
            pulled_links = link_store.links(theirs)
        with ours.atomic():
            ours.put_annotations(old)
        link_store.put_links(ours, [replace(lk, document_id=doc.id) for lk in pulled_links])
        with Store.open(sender) as theirs:  # the teammate then re-notes their tags and exports again
            for t in theirs.annotations():
                theirs.patch_annotation(t.id, {"note": "newer"})
            export(theirs, "json", sent)
        report = import_paths(ours, [sent])
        assert report.conflicts == [] and report.updated == 2
        assert {(t.annotator, t.note) for t in ours.annotations()} == {(BAD, "newer")}
        assert {lk.annotator for lk in link_store.links(ours)} == {BAD}
