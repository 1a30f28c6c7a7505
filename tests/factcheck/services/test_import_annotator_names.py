"""Imported annotators' names hold no control characters, whatever file they came from (a teammate's JSON or
JSONL export, their database): each is cleaned as an imported title is (format characters dropped, escapes
made spaces), on tags (annotator and reviewer) and links; the import goes through. A tag is named by its id,
so the same file imported again finds every tag unchanged, not a conflict about its annotator."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from db import links as link_store
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
