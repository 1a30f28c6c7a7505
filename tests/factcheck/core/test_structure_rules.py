"""The pure rules of structure: pieces of a discontinuous tag, who may change attribution and links,
speakers followed through merges, attribution targets."""

from __future__ import annotations

from dataclasses import replace

import pytest

from factcheck.core import fragments
from factcheck.core.attribution import attached, content_problem, live_attribution, roles, target_problem
from factcheck.core.errors import InvalidSpan
from factcheck.core.links import new_link, same_link
from factcheck.core.model import DEFAULT_LABELS, Document
from factcheck.core.ownership import NotOwner, check_link_owner, check_tag_owner, may_change
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import Speaker, merged, resolve

TEXT = "The economy, he said, is booming."
DOC = Document.create(TEXT)


def test_pieces_of_continuous_and_discontinuous_tags() -> None:
    ann = new_annotation(DOC, 0, 32, "claim", "alice")
    assert fragments.pieces(ann) == ((0, 32),) and fragments.covered(ann) == 32
    split = replace(ann, fragments=((0, 12), (22, 32)))
    assert fragments.pieces(split) == ((0, 12), (22, 32)) and fragments.covered(split) == 22
    assert fragments.covered_text(split, TEXT) == "The economy, … is booming"
    assert fragments.overlap(split, new_annotation(DOC, 10, 24, "claim", "bob")) == 2 + 2  # "y," and "is"
    assert fragments.matches_envelope(split) and not fragments.matches_envelope(replace(split, end=30))


@pytest.mark.parametrize(
    ("parts", "why"),
    [
        ([(0, 12)], "at least two pieces"),
        ([(0, 12), (12, 20)], "touches"),
        ([(0, 12), (5, 20)], "overlaps or comes before"),
        ([(22, 32), (0, 12)], "overlaps or comes before"),
        ([(0, 12), (20, 99)], "outside the text"),
        ([(0, 12), (15, 15)], "outside the text (0-33) or is empty"),
        ([(0, 12), (12 + 1, 13 + 1)], None),
        ([(0, 12), (3.0, 5)], "whole numbers"),
        ([(0, 12), (15, 16)], "only whitespace"),
    ],
)
def test_what_makes_pieces_wrong(parts: list[tuple[int, int]], why: str | None) -> None:
    found = fragments.problem(parts, len(TEXT), TEXT)
    assert (found is None) if why is None else (found is not None and why in found)
    if why is not None:
        with pytest.raises(InvalidSpan):
            fragments.check(parts, TEXT)


def test_a_selection_of_several_ranges_is_normalized() -> None:
    assert fragments.normalized([(22, 32), (0, 12)]) == ((0, 12), (22, 32))
    assert fragments.normalized([(0, 12), (10, 20)]) == ()  # one piece left: continuous
    assert fragments.normalized([(0, 5), (5, 9), (20, 25)]) == ((0, 9), (20, 25))


def test_attribution_and_pieces_belong_to_the_tags_annotator_links_to_theirs() -> None:
    ann = new_annotation(DOC, 0, 12, "claim", "alice")
    for field in ("source", "cue", "quotation", "fragments", "speaker"):
        assert may_change(ann, "alice", {field}) and not may_change(ann, "bob", {field})
    assert may_change(ann, "bob", {"status", "reviewer"})  # review is anyone's
    with pytest.raises(NotOwner, match="belongs to alice"):
        check_tag_owner(ann, "bob", "attribute")
    check_tag_owner(ann, None, "attribute")  # merges state rows as they are
    link = new_link(DOC.id, "denies", "a", "b", "alice")
    with pytest.raises(NotOwner, match="denies link belongs to alice; bob cannot delete"):
        check_link_owner(link, "bob", "delete")
    check_link_owner(link, "alice", "delete")


def test_symmetric_links_are_the_same_either_way_round() -> None:
    ab, ba = new_link("d", "same_claim", "a", "b", "x"), new_link("d", "same_claim", "b", "a", "y")
    assert same_link(ab, ba, symmetric=True) and not same_link(ab, ba, symmetric=False)
    assert not same_link(ab, replace(ba, type="denies"), symmetric=True)


def test_resolve_follows_merges_and_stops_on_a_cycle() -> None:
    a = Speaker("a", "Rex Tillerson", "person", "", (), "t", "t")
    b = merged(Speaker("b", "the secretary of state", "person", "", (), "t", "t"), "a")
    c = merged(Speaker("c", "Tillerson", "person", "", (), "t", "t"), "b")
    everyone = {s.id: s for s in (a, b, c)}
    assert resolve("c", everyone) == "a" and resolve("a", everyone) == "a" and resolve("zz", everyone) == "zz"
    looped = {**everyone, "a": merged(a, "c")}  # only a hand-edited file could make this
    assert resolve("c", looped) in {"a", "b", "c"}
    with pytest.raises(ValueError):
        merged(a, "a")


def test_attribution_targets_and_roles() -> None:
    label_roles = roles(list(DEFAULT_LABELS))
    claim = new_annotation(DOC, 0, 12, "claim", "alice")
    source = new_annotation(DOC, 13, 15, "source", "alice")
    cue = new_annotation(DOC, 16, 20, "cue", "alice")
    assert target_problem(claim, "source", source, source.id, label_roles) is None
    assert "not a source tag" in str(target_problem(claim, "source", cue, cue.id, label_roles))
    assert "no tag" in str(target_problem(claim, "cue", None, "x", label_roles))
    other = replace(cue, document_id="elsewhere")
    assert "another document" in str(target_problem(claim, "cue", other, other.id, label_roles))
    assert content_problem(replace(cue, quotation="direct"), label_roles) is not None
    assert content_problem(replace(source, speaker="s1"), label_roles) is None
    attributed = replace(claim, source=source.id, cue=cue.id)
    tags = {t.id: t for t in (claim, source, replace(cue, deleted_at="t"))}
    assert live_attribution(attributed, tags, label_roles) == (source, None)  # a deleted cue reads as none
    relabelled = {**tags, cue.id: replace(cue, label="denial"), source.id: replace(source, label="cue")}
    assert live_attribution(attributed, relabelled, label_roles) == (None, None)  # dormant: wrong roles
    assert attached(cue.id, "cue", {cue.id: cue}, label_roles) == cue
    assert attached(None, "cue", tags, label_roles) is None
