"""Agreement measures: hand-computed cases, then against independent implementations (tests only)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import replace

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from db import Store
from factcheck.core.agreement import (
    MEASURES,
    AgreementRow,
    PairCounts,
    cohen_kappa_from_counts,
    compute_agreement,
    intersection_length,
    krippendorff_alpha_from_counts,
    merge_intervals,
    overlap_hits,
    pair_counts,
)
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.agreement import store_agreement

Tag = tuple[str, str, int, int]  # annotator, label, start, end


def ann(
    annotator: str, label: str, start: int, end: int, doc: str = "d", deleted: bool = False
) -> Annotation:
    return Annotation(
        id=f"{doc}-{annotator}-{label}-{start}-{end}-{random.random()}",
        document_id=doc,
        label=label,
        start=start,
        end=end,
        quote="",
        prefix="",
        suffix="",
        annotator=annotator,
        deleted_at="2024-01-01T00:00:00.000000Z" if deleted else None,
    )


def values(rows: Sequence[AgreementRow], document: str | None, label: str | None) -> dict[str, float | None]:
    found = {r.measure: r.value for r in rows if r.document == document and r.label == label}
    assert set(found) == set(MEASURES), (document, label, found)
    return found


# -- interval helpers --------------------------------------------------------------------------------
def test_merge_intervals_joins_overlapping_and_touching_spans() -> None:
    assert merge_intervals([(5, 8), (0, 3), (2, 4), (8, 9), (20, 30), (21, 22)]) == [(0, 4), (5, 9), (20, 30)]
    assert merge_intervals([]) == []


def test_intersection_and_overlap_hits() -> None:
    a = [(0, 10), (20, 30)]
    b = [(5, 25)]
    # [5,10) and [20,25): 5 + 5 characters
    assert intersection_length(a, b) == 10
    # touching is not overlapping: [10,20) shares no character with [0,10) or [20,30)
    assert overlap_hits([(10, 20), (9, 10), (29, 31), (30, 40)], a) == 2


# -- hand-computed cases -----------------------------------------------------------------------------
def test_f1_exact_counts_matches_one_to_one() -> None:
    a = [ann("ana", "claim", 0, 5), ann("ana", "claim", 10, 20), ann("ana", "denial", 30, 40)]
    b = [
        ann("ben", "claim", 0, 5),
        ann("ben", "claim", 10, 19),  # one character short: no exact match
        ann("ben", "denial", 30, 40),
        ann("ben", "denial", 30, 40),  # a duplicate matches nothing more: A has only one such tag
    ]
    rows = compute_agreement({"d": 100}, a + b, ["claim", "denial"])
    # claim: 1 match, |A| = 2, |B| = 2 -> 2*1/4 = 0.5
    assert values(rows, "d", "claim")["f1_exact"] == pytest.approx(0.5)
    # denial: 1 match, |A| = 1, |B| = 2 -> 2*1/3
    assert values(rows, "d", "denial")["f1_exact"] == pytest.approx(2 / 3)
    # all labels: 2 matches, |A| = 3, |B| = 4 -> 4/7
    assert values(rows, "d", None)["f1_exact"] == pytest.approx(4 / 7)


def test_f1_overlap_precision_recall() -> None:
    a = [ann("ana", "claim", 0, 10), ann("ana", "claim", 20, 30), ann("ana", "claim", 50, 60)]
    b = [
        ann("ben", "claim", 5, 25),  # overlaps two of A's
        ann("ben", "claim", 70, 80),  # overlaps none
        ann("ben", "denial", 50, 60),  # same span, other label: does not count for claim
    ]
    rows = compute_agreement({"d": 100}, a + b, ["claim", "denial"])
    # claim: precision = 1/2 (B's [5,25) hits), recall = 2/3 ([0,10), [20,30) hit)
    # F1 = 2 * 1/2 * 2/3 / (1/2 + 2/3) = (2/3) / (7/6) = 4/7
    assert values(rows, "d", "claim")["f1_overlap"] == pytest.approx(4 / 7)
    # denial: A has none, B has one -> 0
    assert values(rows, "d", "denial")["f1_overlap"] == 0.0
    # all labels: precision = 1/3, recall = 2/3 -> 2 * 2/9 / 1 = 4/9
    assert values(rows, "d", None)["f1_overlap"] == pytest.approx(4 / 9)


def test_kappa_and_alpha_by_hand() -> None:
    # Text of 10 characters; A covers [0,4), B covers [2,6).
    # n11 = 2 (2,3), n10 = 2 (0,1), n01 = 2 (4,5), n00 = 4.
    # kappa: po = 6/10, pA1 = pB1 = 0.4, pe = 0.4*0.4 + 0.6*0.6 = 0.52 -> (0.6-0.52)/0.48 = 1/6
    # alpha: N = 20 values; ones = 2*2+4 = 8, zeros = 2*4+4 = 12; 1 - 19*4/(8*12) = 1 - 76/96 = 20/96
    rows = compute_agreement({"d": 10}, [ann("ana", "claim", 0, 4), ann("ben", "claim", 2, 6)], ["claim"])
    v = values(rows, "d", "claim")
    assert v["cohen_kappa"] == pytest.approx(1 / 6)
    assert v["krippendorff_alpha"] == pytest.approx(20 / 96)
    assert cohen_kappa_from_counts(2, 2, 2, 4) == pytest.approx(1 / 6)
    assert krippendorff_alpha_from_counts(2, 2, 2, 4) == pytest.approx(20 / 96)


def test_all_labels_concatenates_the_per_label_sequences() -> None:
    # claim as above (n11=2, n10=2, n01=2, n00=4); denial: A covers [8,10), B nothing
    # (n11=0, n10=2, n01=0, n00=8). Concatenated: n11=2, n10=4, n01=2, n00=12, n = 20.
    # po = 14/20 = 0.7; pA1 = 6/20, pB1 = 4/20; pe = 0.3*0.2 + 0.7*0.8 = 0.62; kappa = 0.08/0.38
    # alpha: ones = 4+6 = 10, zeros = 24+6 = 30, N = 40: 1 - 39*6/300 = 0.22
    anns = [ann("ana", "claim", 0, 4), ann("ben", "claim", 2, 6), ann("ana", "denial", 8, 10)]
    rows = compute_agreement({"d": 10}, anns, ["claim", "denial"])
    v = values(rows, "d", None)
    assert v["cohen_kappa"] == pytest.approx(0.08 / 0.38)
    assert v["krippendorff_alpha"] == pytest.approx(0.22)


def test_over_all_documents_concatenates_documents() -> None:
    # d1 (10 chars): A [0,4), B [2,6): n11=2, n10=2, n01=2, n00=4
    # d2 (10 chars): A [0,5), B [0,5): n11=5, n00=5
    # together: n11=7, n10=2, n01=2, n00=9, n = 20
    # kappa: po = 16/20 = 0.8, pA1 = pB1 = 9/20 = 0.45, pe = 0.2025 + 0.3025 = 0.505 -> 0.295/0.495
    anns = [
        ann("ana", "claim", 0, 4, "d1"),
        ann("ben", "claim", 2, 6, "d1"),
        ann("ana", "claim", 0, 5, "d2"),
        ann("ben", "claim", 0, 5, "d2"),
    ]
    rows = compute_agreement({"d1": 10, "d2": 10}, anns, ["claim"])
    v = values(rows, None, "claim")
    assert v["cohen_kappa"] == pytest.approx(0.295 / 0.495)
    # f1_exact: 1 match (d2) of |A| = |B| = 2 -> 0.5; the same span in different documents is no match
    assert v["f1_exact"] == pytest.approx(0.5)
    assert values(rows, "d2", "claim")["cohen_kappa"] == pytest.approx(1.0)
    assert values(rows, "d2", "claim")["krippendorff_alpha"] == pytest.approx(1.0)


def test_edge_cases() -> None:
    # A label nobody used: nothing to compare, every measure undefined.
    rows = compute_agreement(
        {"d": 10}, [ann("ana", "claim", 0, 4), ann("ben", "claim", 0, 4)], ["claim", "denial"]
    )
    assert values(rows, "d", "denial") == dict.fromkeys(MEASURES)
    assert values(rows, "d", "claim") == dict.fromkeys(MEASURES, 1.0)
    # One side empty: F1 are 0; kappa 0 (po = pe = 8/10); alpha = 1 - 19*2/(2*18) = -1/18.
    counts = pair_counts([(0, 2)], [], 10)
    assert counts.f1_exact() == 0.0 and counts.f1_overlap() == 0.0
    assert counts.cohen_kappa() == 0.0
    assert counts.krippendorff_alpha() == pytest.approx(-1 / 18)
    # Both cover every character: identical but no variation -> undefined chance-corrected measures.
    full = pair_counts([(0, 10)], [(0, 10)], 10)
    assert full.f1_exact() == 1.0 and full.cohen_kappa() is None and full.krippendorff_alpha() is None
    # Constant and different (A everything, B nothing): kappa 0, alpha = 1 - 19*10/(10*10) = -0.9
    assert cohen_kappa_from_counts(0, 10, 0, 0) == 0.0
    assert krippendorff_alpha_from_counts(0, 10, 0, 0) == pytest.approx(-0.9)
    # An empty text.
    assert PairCounts().cohen_kappa() is None and PairCounts().krippendorff_alpha() is None
    with pytest.raises(ValueError):
        PairCounts().value("accuracy")


def test_pairs_are_compared_on_documents_both_annotated_and_deleted_tags_ignored() -> None:
    anns = [
        ann("ana", "claim", 0, 4, "d1"),
        ann("ben", "claim", 0, 4, "d1"),
        ann("ana", "claim", 0, 4, "d2"),  # ben never tagged d2: not counted against him
        ann("ben", "claim", 5, 9, "d2", deleted=True),
        ann("cy", "denial", 0, 4, "d2"),
    ]
    rows = compute_agreement({"d1": 10, "d2": 10}, anns, ["claim", "denial"])
    pairs = {(r.document, r.annotator_a, r.annotator_b) for r in rows}
    assert pairs == {
        ("d1", "ana", "ben"),
        (None, "ana", "ben"),
        ("d2", "ana", "cy"),
        (None, "ana", "cy"),
    }
    # ana and ben agree exactly on d1, the only document they share.
    ana_ben = [r for r in rows if r.annotator_b == "ben" and r.label in (None, "claim")]
    assert len(ana_ben) == 16 and all(r.value == 1.0 for r in ana_ben)
    # Over all rows come first, then each document in the given order.
    docs = [r.document for r in rows]
    assert docs == sorted(docs, key=lambda d: {None: 0, "d1": 1, "d2": 2}[d])


def test_labels_keep_project_order_then_unknown_ones() -> None:
    anns = [ann("ana", "zeta", 0, 4), ann("ben", "alpha", 0, 4)]
    rows = compute_agreement({"d": 10}, anns, ["claim"])
    assert list(dict.fromkeys(r.label for r in rows)) == ["claim", "alpha", "zeta", None]


# -- against independent implementations ------------------------------------------------------------
def random_tags(
    rng: random.Random, length: int, annotators: Sequence[str], labels: Sequence[str]
) -> list[Tag]:
    tags: list[Tag] = []
    for who in annotators:
        for _ in range(rng.randint(0, 8)):
            start = rng.randrange(length - 1)
            end = rng.randint(start + 1, min(length, start + 40))
            tags.append((who, rng.choice(labels), start, end))
    return tags


def char_sequence(tags: Sequence[Tag], who: str, label: str, length: int) -> np.ndarray:
    seq = np.zeros(length, dtype=int)
    for annotator, lab, start, end in tags:
        if annotator == who and lab == label:
            seq[start:end] = 1
    return seq


@pytest.mark.parametrize("seed", range(40))
def test_kappa_and_alpha_match_sklearn_and_krippendorff(seed: int) -> None:
    rng = random.Random(seed)
    labels = ["claim", "denial", "characterization"]
    lengths = {f"d{i}": rng.randint(20, 300) for i in range(rng.randint(1, 3))}
    tags_by_doc = {d: random_tags(rng, n, ["ana", "ben"], labels) for d, n in lengths.items()}
    # Make sure both annotated every document (the pair is compared on those only).
    for d, n in lengths.items():
        tags_by_doc[d] += [("ana", "claim", 0, min(5, n)), ("ben", "denial", n - 3, n)]
    anns = [ann(w, lab, s, e, d) for d, tags in tags_by_doc.items() for w, lab, s, e in tags]
    rows = compute_agreement(lengths, anns, labels)

    def check(document: str | None, label: str | None) -> None:
        docs = [document] if document else list(lengths)
        # Over all labels: the labels the pair used in the scope (one neither used would add only n00).
        used = {lab for d in docs for _, lab, _, _ in tags_by_doc[d]}
        labs = [label] if label else [x for x in labels if x in used]
        seq_a = np.concatenate(
            [char_sequence(tags_by_doc[d], "ana", x, lengths[d]) for d in docs for x in labs]
        )
        seq_b = np.concatenate(
            [char_sequence(tags_by_doc[d], "ben", x, lengths[d]) for d in docs for x in labs]
        )
        got = values(rows, document, label)
        if len(set(seq_a) | set(seq_b)) < 2:
            assert got["cohen_kappa"] is None and got["krippendorff_alpha"] is None
            return
        assert got["krippendorff_alpha"] == pytest.approx(
            krippendorff.alpha(reliability_data=[seq_a, seq_b], level_of_measurement="nominal"), abs=1e-9
        )
        if len(set(seq_a)) == 1 and len(set(seq_b)) == 1:
            assert got["cohen_kappa"] == 0.0  # sklearn would divide 0 by 0 here only if equal
        else:
            assert got["cohen_kappa"] == pytest.approx(cohen_kappa_score(seq_a, seq_b), abs=1e-9)

    for document, label in itertools.product([None, *lengths], [None, *labels]):
        check(document, label)


def brute_force_f1(a: list[Tag], b: list[Tag]) -> tuple[float | None, float | None]:
    """Plain definitions, quadratic, written independently of the module."""
    if not a and not b:
        return None, None
    remaining = list(b)
    matches = 0
    for t in a:
        for u in remaining:
            if (t[1], t[2], t[3]) == (u[1], u[2], u[3]):
                remaining.remove(u)
                matches += 1
                break
    exact = 2 * matches / (len(a) + len(b))
    if not a or not b:
        return exact, 0.0

    def hits(xs: list[Tag], ys: list[Tag]) -> int:
        return sum(any(x[1] == y[1] and x[2] < y[3] and y[2] < x[3] for y in ys) for x in xs)

    recall = hits(a, b) / len(a)
    precision = hits(b, a) / len(b)
    overlap = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return exact, overlap


tag_lists = st.lists(
    st.tuples(st.sampled_from(["claim", "denial"]), st.integers(0, 30), st.integers(1, 8)), max_size=8
)


@settings(max_examples=200, deadline=None)
@given(tag_lists, tag_lists)
def test_f1_matches_brute_force(raw_a: list[tuple[str, int, int]], raw_b: list[tuple[str, int, int]]) -> None:
    a = [("ana", lab, s, s + n) for lab, s, n in raw_a]
    b = [("ben", lab, s, s + n) for lab, s, n in raw_b]
    anns = [ann(*t) for t in a + b]
    total = PairCounts()
    for label in ("claim", "denial"):
        total.add(
            pair_counts(
                [(s, e) for _, lab, s, e in a if lab == label],
                [(s, e) for _, lab, s, e in b if lab == label],
                40,
            )
        )
    exact, overlap = brute_force_f1(a, b)
    assert total.f1_exact() == pytest.approx(exact)
    assert total.f1_overlap() == pytest.approx(overlap)
    if a and b:
        rows = compute_agreement({"d": 40}, anns, ["claim", "denial"])
        assert values(rows, "d", None)["f1_exact"] == pytest.approx(exact)
        assert values(rows, "d", None)["f1_overlap"] == pytest.approx(overlap)


# -- from a real store -------------------------------------------------------------------------------
def test_store_agreement_reads_a_real_database(store: Store, document: Document) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ben"))
    store.add_annotation(new_annotation(document, 9, 17, "denial", "ben"))
    rows = store_agreement(store)
    # claim: identical; denial: only ben -> all labels: 1 match of 1 + 2 tags = 2/3
    assert values(rows, None, None)["f1_exact"] == pytest.approx(2 / 3)
    assert values(rows, document.id, "claim")["f1_exact"] == 1.0
    only_doc = store_agreement(store, document.id)
    assert {r.document for r in only_doc} == {document.id}
    # The document's own length counts the untagged characters (n00): kappa as from the full text.
    n = len(document.text)
    assert values(only_doc, document.id, "denial")["cohen_kappa"] == pytest.approx(
        cohen_kappa_from_counts(0, 0, 8, n - 8)
    )


def test_orphaned_tags_do_not_count() -> None:
    text = "x" * 100
    a = Annotation("a1", "d", "claim", 0, 10, text[0:10], "", "", "ann")
    b = Annotation("b1", "d", "claim", 0, 10, text[0:10], "", "", "ben")
    lost = replace(Annotation("b2", "d", "claim", 50, 60, text[50:60], "", "", "ben"), orphaned=True)
    rows = compute_agreement({"d": 100}, [a, b, lost], ["claim"], per_document=False)
    exact = next(r for r in rows if r.measure == "f1_exact" and r.label is None)
    assert exact.value == 1.0


def test_published_two_by_two_tables() -> None:
    # A textbook table: both 20, only A 5, only B 10, neither 15: κ = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    assert cohen_kappa_from_counts(20, 5, 10, 15) == 0.4
    # Krippendorff (2011), its binary example of two observers and ten units: A = 0100000010,
    # B = 1110010000 (both 1 once, only A once, only B three times, both 0 five times). The paper gives
    # α = 0.095: 1 - (20 - 1) * 4 / (14 * 6) = 2/21. κ of the same: (0.6 - 0.56) / 0.44 = 1/11.
    assert krippendorff_alpha_from_counts(1, 1, 3, 5) == pytest.approx(2 / 21, abs=1e-15)
    assert cohen_kappa_from_counts(1, 1, 3, 5) == pytest.approx(1 / 11, abs=1e-15)


def test_alpha_is_exact_then_rounded_once() -> None:
    # Total disagreement on 10 characters: ana covers 0-4, ben 4-10 (n11 = 0, n10 = 4, n01 = 6, n00 = 0):
    # 1s and 0s of both 10 each, α = 1 - 19 * 10 / (10 * 10) = -0.9, which 1 - 1.9 in floats made
    # -0.8999999999999999 in the JSON and CSV.
    assert krippendorff_alpha_from_counts(0, 4, 6, 0) == -0.9


def test_f1_overlap_is_exact_then_rounded_once() -> None:
    # ana's one tag overlaps one of ben's five, and three of ben's overlap hers: recall 1, precision 3/5,
    # F1 = 2 * 3/5 * 1 / (3/5 + 1) = 3/4, which p and r in floats made 0.7499999999999999.
    ana = [(10, 40)]
    ben = [(0, 12), (20, 25), (38, 50), (60, 70), (80, 90)]
    counts = pair_counts(ana, ben, 100)
    assert (counts.a_hit, counts.b_hit) == (1, 3)
    assert counts.f1_overlap() == 0.75


def test_a_documents_figure_over_all_labels_is_the_same_measured_alone() -> None:
    # ana and ben tag a claim in d1 and a source in d2. d1's row over all labels counts the claim only:
    # the source, used in d2, adds nothing but untagged characters to d1. Measured with d2 or without it
    # (`factcheck agreement --document d1`), d1's figures are the same.
    lengths = {"d1": 40, "d2": 40}
    tags = [("ana", "claim", 0, 10, "d1"), ("ben", "claim", 5, 15, "d1")]
    tags += [("ana", "source", 0, 8, "d2"), ("ben", "source", 0, 8, "d2")]
    anns = [ann(w, lab, s, e, d) for w, lab, s, e, d in tags]
    both = values(compute_agreement(lengths, anns, ["claim", "source"]), "d1", None)
    alone = values(compute_agreement({"d1": 40}, anns, ["claim", "source"]), "d1", None)
    assert both == alone == values(compute_agreement({"d1": 40}, anns, ["claim"]), "d1", "claim")
    # Over both documents, the pair used both labels: each document adds its characters to each.
    everything = values(compute_agreement(lengths, anns, ["claim", "source"]), None, None)
    n11, n10, n01, n00 = 5 + 8, 5, 5, (25 + 40) + (40 + 32)  # claim over 80 characters, then source
    assert everything["cohen_kappa"] == pytest.approx(cohen_kappa_from_counts(n11, n10, n01, n00))
