"""Curation compares discontinuous tags by their pieces, never by their envelope, and keeps the pieces."""

from __future__ import annotations

from dataclasses import replace

from factcheck.core.curation import (
    CurationTag,
    as_annotation,
    curate_document,
    curated_id,
    live_placed,
)
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.factcheck.core.test_curation import tag

# "The economy, he said, is booming." : the pieces leave " he said," out.
TEXT = "The economy, he said, is booming."
PIECES = "[[0,11],[21,32]]"


def pieces_tag(annotator: str, stored: str | None, status: str | None = None) -> CurationTag:
    return tag(annotator, "claim", 0, 32, status)._replace(fragments=stored)


def test_same_envelope_different_pieces_are_two_tags_not_copies() -> None:
    alice = pieces_tag("alice", PIECES)
    bob = pieces_tag("bob", "[[0,3],[21,32]]")
    carol = tag("carol", "claim", 0, 32)  # the envelope itself, continuous
    # unanimity: nobody else tagged exactly what alice tagged
    assert curate_document([alice, bob, carol]) == []
    union = curate_document([alice, bob, carol], min_agree=1)
    assert len(union) == 3
    assert {c.fragments for c in union} == {((0, 11), (21, 32)), ((0, 3), (21, 32)), ()}
    assert len({c.id for c in union}) == 3
    by_pieces = {c.fragments: c for c in union}
    assert by_pieces[((0, 11), (21, 32))].sources == ((alice.id, "alice"),)
    assert by_pieces[()].sources == ((carol.id, "carol"),)


def test_same_pieces_are_copies_and_the_curated_tag_keeps_them() -> None:
    alice = pieces_tag("alice", PIECES)
    bob = pieces_tag("bob", "[[0, 11], [21, 32]]")  # the same pieces, written differently
    (out,) = curate_document([alice, bob])
    assert out.fragments == ((0, 11), (21, 32))
    assert (out.start, out.end) == (0, 32)
    assert {s[1] for s in out.sources} == {"alice", "bob"}
    assert out.id == curated_id("d1", "claim", 0, 32, ((0, 11), (21, 32)))
    assert out.id != curated_id("d1", "claim", 0, 32)


def test_an_accepted_copy_decides_only_for_its_own_pieces() -> None:
    accepted = pieces_tag("alice", PIECES, "accepted")
    other = pieces_tag("bob", "[[0,3],[21,32]]", "rejected")
    undecided = tag("carol", "claim", 0, 32)
    (out,) = curate_document([accepted, other, undecided])
    assert out.fragments == ((0, 11), (21, 32)) and out.status == "accepted"
    assert out.sources == ((accepted.id, "alice"),)


def test_continuous_ids_do_not_change() -> None:
    # the id earlier versions gave this span: published curated ids stay valid
    assert curated_id("d1", "claim", 0, 5) == "2b17a01e-4f36-5c65-8a87-99e613df14da"
    (out,) = curate_document([tag("alice", "claim", 0, 5), tag("bob", "claim", 0, 5)])
    assert out.id == "2b17a01e-4f36-5c65-8a87-99e613df14da" and out.fragments == ()


def test_open_document_tags_keep_their_pieces_through_the_curated_view() -> None:
    doc = Document.create(TEXT)
    parts = ((0, 11), (21, 32))
    anns = [replace(new_annotation(doc, 0, 32, "claim", who), fragments=parts) for who in ("alice", "bob")]
    continuous = new_annotation(doc, 0, 32, "claim", "carol")
    curated = curate_document(live_placed([*anns, continuous]), min_agree=2)
    (out,) = curated
    shown = as_annotation(out)
    assert shown.fragments == parts and shown.quote == TEXT[:32]
    assert [s[1] for s in out.sources] == ["alice", "bob"]
    assert shown.extra["sources"] == out.source_dicts()
