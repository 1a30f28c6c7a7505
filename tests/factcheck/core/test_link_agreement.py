"""Link F1 per link type and attribution F1, and the structure disagreements the reviewer lists."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db import Store, attribution, links
from factcheck.core.fragments import pieces
from factcheck.core.link_agreement import (
    ATTRIBUTION,
    DocumentStructure,
    StructureTally,
    one_to_one,
    tags_match,
)
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import annotation_at
from factcheck.core.structure_disagreements import disagreements
from factcheck.services.structure_agreement import structure_agreement, structure_disagreements
from tests.helpers.two_readers import TwoReaders, two_readers


@pytest.fixture
def readers(store: Store) -> TwoReaders:
    return two_readers(store)


def _values(rows: list, document: str | None = None) -> dict[tuple[str, str], float | None]:  # type: ignore[type-arg]
    return {(r.label, r.measure): r.value for r in rows if r.document == document}


def test_link_and_attribution_f1_over_all_documents_and_per_document(
    store: Store, readers: TwoReaders
) -> None:
    rows = structure_agreement(store)
    assert {(r.annotator_a, r.annotator_b) for r in rows} == {("alice", "bob")}
    overall = _values(rows)
    assert overall == {
        ("denies", "link_f1_exact"): 0.0,  # bob's denial denies another claim
        ("denies", "link_f1_overlap"): 0.0,
        ("same_claim", "link_f1_exact"): 1.0,  # symmetric: either way round is the same link
        ("same_claim", "link_f1_overlap"): 1.0,
        (ATTRIBUTION, "attribution_f1_exact"): 0.5,  # the talks agree, the claim has another source
        (ATTRIBUTION, "attribution_f1_overlap"): 0.5,
    }
    assert _values(rows, readers.doc.id) == overall
    assert structure_agreement(store, readers.doc.id) == [r for r in rows if r.document is not None]


def test_a_link_matches_when_type_and_both_ends_match(store: Store, readers: TwoReaders) -> None:
    a, b = readers.tags["alice"], readers.tags["bob"]
    # bob now also links his denial to his own copy of the claim alice's denial denies: one match of two.
    links.add_link(store, new_link(readers.doc.id, "denies", b["denial"].id, b["claim"].id, "bob"))
    values = _values(structure_agreement(store))
    assert values[("denies", "link_f1_exact")] == pytest.approx(2 / 3)
    # A link of another type between the same tags does not match.
    links.add_link(store, new_link(readers.doc.id, "characterizes", a["denial"].id, a["claim"].id, "alice"))
    values = _values(structure_agreement(store))
    assert values[("characterizes", "link_f1_exact")] == 0.0


def test_exact_and_overlap_differ_when_an_end_is_shifted(store: Store, readers: TwoReaders) -> None:
    b = readers.tags["bob"]
    # bob's claim starts one word later: it overlaps alice's claim, but is not the same span.
    shorter = store.update_annotation(b["claim"].id, span=(b["claim"].start + len("Trump "), b["claim"].end))
    doc = DocumentStructure.of(store.annotations(readers.doc.id), links.links(store, readers.doc.id))
    a_claim = readers.tags["alice"]["claim"]
    assert not tags_match("exact")(a_claim, shorter) and tags_match("overlap")(a_claim, shorter)
    tally = StructureTally({"same_claim": True})
    tally.add(readers.doc.id, doc)
    values = _values(tally.rows(over_documents=False), readers.doc.id)
    # same_claim links join alice's claim and bob's claim in both: the same tags, so they match either way.
    assert values[("same_claim", "link_f1_exact")] == 1.0
    assert pieces(shorter) == ((shorter.start, shorter.end),)


def test_deleted_links_and_links_to_deleted_tags_do_not_count(store: Store, readers: TwoReaders) -> None:
    store.delete_annotation(readers.tags["bob"]["denial"].id)  # tombstones bob's denies link
    values = _values(structure_agreement(store))
    assert values[("denies", "link_f1_exact")] == 0.0  # alice's only: 0, not undefined
    for link in links.links(store):
        if link.type == "denies":
            links.delete_link(store, link.id)
    assert ("denies", "link_f1_exact") not in _values(structure_agreement(store))


def test_the_reviewer_sees_who_linked_elsewhere_and_who_attributed_to_another_source(
    store: Store, readers: TwoReaders
) -> None:
    found = structure_disagreements(store, readers.doc.id)
    described = sorted(d.description for d in found)
    assert described == [
        "alice attributed “Trump accepted Putin's assertions” to “Sergei Lavrov”; bob to another source, "
        "“A Kremlin aide”",
        "alice linked “it was not clear” (denies) to “Trump accepted Putin's assertions”; bob to "
        "“the talks went well”",
        "bob attributed “Trump accepted Putin's assertions” to “A Kremlin aide”; alice to another source, "
        "“Sergei Lavrov”",
        "bob linked “it was not clear” (denies) to “the talks went well”; alice to "
        "“Trump accepted Putin's assertions”",
    ]
    link_records = [d for d in found if d.kind == "link"]
    assert {d.annotators for d in link_records} == {("alice", "bob"), ("bob", "alice")}
    assert all(d.link_id and d.other_link_id for d in link_records)
    a = readers.tags["alice"]
    only = disagreements(
        readers.doc.id,
        DocumentStructure.of(
            [t for t in store.annotations(readers.doc.id) if t.id != readers.tags["bob"]["claim"].id],
            links.links(store, readers.doc.id),
        ),
        {"same_claim": True},
    )
    assert any(
        d.description.endswith("bob did not tag it") and d.annotation_ids == (a["claim"].id,) for d in only
    )


def test_attribution_without_a_cue_matches_only_attribution_without_one(
    store: Store, readers: TwoReaders
) -> None:
    a = readers.tags["alice"]
    doc = DocumentStructure.of(store.annotations(readers.doc.id), links.links(store, readers.doc.id))
    tags = dict(doc.tags)
    tags[a["talks"].id] = replace(a["talks"], cue=a["said"].id)
    changed = DocumentStructure(tags, doc.links)
    tally = StructureTally()
    tally.add(readers.doc.id, changed)
    values = _values(tally.rows(over_documents=False), readers.doc.id)
    assert values[(ATTRIBUTION, "attribution_f1_exact")] == 0.0


def _tag(store: Store, doc: Document, start: int, end: int, label: str, who: str) -> Annotation:
    return store.add_annotation(annotation_at(doc, start, end, label, who), doc.text)


def test_overlap_matching_counts_the_most_one_to_one_matches_not_a_greedy_pass(store: Store) -> None:
    # alice's denial d1 (5-15) overlaps both of bob's, e1 (0-10) and e2 (10-20); her d2 (0-4) only e1.
    # Each links their denial to their own copy of the claim (25-35). Taken in the order they were made, a
    # greedy pass pairs d1 with e1 and leaves d2 nothing: 1 match, F1 2 * 1 / 4 = 0.5. One to one, d1-e2
    # and d2-e1 both match: F1 2 * 2 / 4 = 1.0, whatever the order.
    doc, _ = store.add_document(Document.create("abcdefghij" * 4, title="Greedy", source="greedy.txt"))
    d1, d2 = _tag(store, doc, 5, 15, "denial", "alice"), _tag(store, doc, 0, 4, "denial", "alice")
    e1, e2 = _tag(store, doc, 0, 10, "denial", "bob"), _tag(store, doc, 10, 20, "denial", "bob")
    c_alice, c_bob = _tag(store, doc, 25, 35, "claim", "alice"), _tag(store, doc, 25, 35, "claim", "bob")
    for denial, claim, who in (
        (d1, c_alice, "alice"),
        (d2, c_alice, "alice"),
        (e1, c_bob, "bob"),
        (e2, c_bob, "bob"),
    ):
        links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, who))
    values = _values(structure_agreement(store))
    assert values[("denies", "link_f1_overlap")] == 1.0
    assert values[("denies", "link_f1_exact")] == 0.0  # no denial has the other's span


def test_attribution_overlap_counts_the_most_one_to_one_matches(store: Store) -> None:
    # As above for attribution, in text order: alice's claims x1 (2-12) and x2 (5-8), bob's y1 (0-10) and
    # y2 (10-20), each attributed to its annotator's copy of the source (25-35). x1 overlaps y1 and y2, x2
    # only y1: a greedy pass pairs x1-y1 and leaves x2 nothing (F1 0.5); x1-y2 and x2-y1 match (F1 1.0).
    doc, _ = store.add_document(Document.create("abcdefghij" * 4, title="Greedy", source="greedy.txt"))
    x1, x2 = _tag(store, doc, 2, 12, "claim", "alice"), _tag(store, doc, 5, 8, "claim", "alice")
    y1, y2 = _tag(store, doc, 0, 10, "claim", "bob"), _tag(store, doc, 10, 20, "claim", "bob")
    s_alice, s_bob = _tag(store, doc, 25, 35, "source", "alice"), _tag(store, doc, 25, 35, "source", "bob")
    for content, source in ((x1, s_alice), (x2, s_alice), (y1, s_bob), (y2, s_bob)):
        attribution.set_attribution(store, content.id, source=source.id)
    values = _values(structure_agreement(store))
    assert values[(ATTRIBUTION, "attribution_f1_overlap")] == 1.0


def _asking(
    edges: AbstractSet[tuple[object, object]],
) -> tuple[Callable[[object, object], bool], list[tuple[object, object]]]:
    """A `same` that answers from edges and records what it was asked."""
    asked: list[tuple[object, object]] = []

    def same(x: object, y: object) -> bool:
        asked.append((x, y))
        return (x, y) in edges

    return same, asked


def test_one_to_one_asks_nothing_more_once_the_smaller_side_is_all_matched() -> None:
    # Five links of A each match all three of B: the greedy pass pairs three, one question each. No item
    # of B is left free, so no augmenting path can exist: the search for one (15 more questions) is not made.
    a, b = ["a0", "a1", "a2", "a3", "a4"], ["b0", "b1", "b2"]
    same, asked = _asking({(x, y) for x in a for y in b})
    assert one_to_one(a, b, same) == [(0, 0), (1, 1), (2, 2)]
    assert asked == [("a0", "b0"), ("a1", "b1"), ("a2", "b2")]


def test_one_to_one_skips_the_search_when_no_free_item_can_end_a_path() -> None:
    # a0 and a1 both match only b0; b1 matches nothing. The greedy pass pairs a0-b0 and finds a1 no free
    # partner; a path for a1 would have to end at b1, which nobody matches: found in 2 more questions
    # (a1-b0, a0-b1; the greedy pass had asked a1-b1), where the whole search asked 4.
    same, asked = _asking({("a0", "b0"), ("a1", "b0")})
    assert one_to_one(["a0", "a1"], ["b0", "b1"], same) == [(0, 0)]
    assert asked == [("a0", "b0"), ("a1", "b1"), ("a1", "b0"), ("a0", "b1")]


def _most_pairs(edges: set[tuple[int, int]], a: int, b: int) -> int:
    """The size of a maximum matching, by trying every choice (small graphs only)."""

    def best(i: int, used: frozenset[int]) -> int:
        if i == a:
            return 0
        return max(
            [best(i + 1, used)]
            + [1 + best(i + 1, used | {j}) for j in range(b) if (i, j) in edges and j not in used]
        )

    return best(0, frozenset())


@given(st.integers(0, 6), st.integers(0, 6), st.sets(st.tuples(st.integers(0, 5), st.integers(0, 5))))
def test_one_to_one_is_a_maximum_matching_and_asks_each_pair_once_at_most(
    a: int, b: int, edges: set[tuple[int, int]]
) -> None:
    same, asked = _asking(edges)
    pairs = one_to_one(list(range(a)), list(range(b)), same)
    assert all((i, j) in edges for i, j in pairs)
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    assert len(pairs) == _most_pairs(edges, a, b)
    assert len(asked) == len(set(asked)) <= a * b
