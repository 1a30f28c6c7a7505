"""The ownership rules, as the window, merges and the command line read them."""

from __future__ import annotations

import pytest

from factcheck.core.model import Document
from factcheck.core.ownership import correction, identity_changes, may_change, owns, refusal
from factcheck.core.spans import new_annotation

TEXT = "The minister said crime fell by 10 percent."


@pytest.fixture
def doc() -> Document:
    return Document.create(TEXT, title="t")


def test_only_the_annotator_owns_a_tag(doc: Document) -> None:
    ann = new_annotation(doc, 18, 28, "claim", "bob")
    assert owns(ann, "bob") and not owns(ann, "alice")
    assert not may_change(ann, "alice", {"label"})
    assert not may_change(ann, "alice", {"deleted_at"})
    assert may_change(ann, "alice", {"status", "reviewer", "reason", "reviewed_at"})
    assert "belongs to bob" in refusal(ann, "alice", "relabel")


def test_a_correction_is_a_new_tag_and_the_original_rejected(doc: Document) -> None:
    original = new_annotation(doc, 18, 28, "claim", "bob")
    new, rejected = correction(original, doc, "alice", "denial")
    assert (new.annotator, new.label, new.start, new.end) == ("alice", "denial", 18, 28)
    assert new.id != original.id
    assert (rejected.status, rejected.reviewer, rejected.reason) == (
        "rejected",
        "alice",
        "corrected by alice",
    )
    assert rejected.label == original.label  # the original's content is not touched
    with pytest.raises(ValueError):
        correction(original, doc, "bob", "denial")


def test_identity_changes_name_what_a_copy_moved() -> None:
    assert identity_changes(("d1", "bob"), ("d1", "bob")) == []
    moved = identity_changes(("d1", "bob"), ("d2", "mallory"))
    assert moved == [
        "their copy is on document d2, ours on d1",
        "their copy names annotator 'mallory', ours 'bob'",
    ]
