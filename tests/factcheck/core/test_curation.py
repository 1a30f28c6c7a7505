"""The curation rule, without a database: each rule, ties, rejected copies, N, one-person documents."""

from __future__ import annotations

from dataclasses import replace

import pytest

from factcheck.core.curation import (
    CURATED,
    CurationTag,
    DocumentState,
    curate,
    curate_document,
    curated_id,
    document_state,
    live_placed,
    state_from,
)
from factcheck.core.model import Annotation

_counter = iter(range(1_000_000))
LATER = "2026-02-01T00:00:00.000000Z"


def tag(
    annotator: str,
    label: str,
    start: int,
    end: int,
    status: str | None = None,
    *,
    doc: str = "d1",
    note: str = "",
    reviewed_at: str | None = None,
) -> CurationTag:
    n = next(_counter)
    return CurationTag(
        id=f"t{n}",
        document_id=doc,
        label=label,
        start=start,
        end=end,
        quote="x" * (end - start),
        prefix="",
        suffix="",
        annotator=annotator,
        note=note,
        created_at=f"2026-01-01T00:00:{n % 60:02d}.000000Z",
        updated_at=f"2026-01-02T00:00:{n % 60:02d}.000000Z",
        status=status,
        reviewer="rita" if status else None,
        reason="why" if status else None,
        reviewed_at=reviewed_at or ("2026-01-03T00:00:00.000000Z" if status else None),
    )


def spans(curated: list) -> list[tuple[str, int, int]]:  # type: ignore[type-arg]
    return [(c.label, c.start, c.end) for c in curated]


def test_unanimous_by_default_union_with_one() -> None:
    a = [tag("ana", "claim", 0, 5), tag("ana", "claim", 10, 15)]
    b = [tag("bo", "claim", 0, 5), tag("bo", "denial", 20, 25)]
    assert spans(curate_document(a + b)) == [("claim", 0, 5)]
    assert spans(curate_document(a + b, min_agree=1)) == [
        ("claim", 0, 5),
        ("claim", 10, 15),
        ("denial", 20, 25),
    ]
    assert spans(curate_document(a + b, min_agree=2)) == [("claim", 0, 5)]
    assert curate_document(a + b, min_agree=3) == []


def test_default_counts_everyone_who_tagged_the_document_even_with_other_labels_or_rejected() -> None:
    # chen tagged only a denial, and it was rejected: chen still counts as someone who tagged it.
    tags = [tag("ana", "claim", 0, 5), tag("bo", "claim", 0, 5), tag("chen", "denial", 7, 9, "rejected")]
    assert curate_document(tags) == []
    assert spans(curate_document(tags, min_agree=2)) == [("claim", 0, 5)]


def test_a_document_tagged_by_one_person_keeps_their_undecided_tags() -> None:
    tags = [tag("ana", "claim", 0, 5), tag("ana", "denial", 3, 8), tag("ana", "claim", 9, 12, "rejected")]
    assert spans(curate_document(tags)) == [("claim", 0, 5), ("denial", 3, 8)]
    # but N counts people, not copies: two copies by one person are not two annotators
    twice = [tag("ana", "claim", 0, 5), tag("ana", "claim", 0, 5)]
    assert curate_document(twice, min_agree=2) == []
    assert len(curate_document(twice)) == 1


def test_every_accepted_tag_whatever_n() -> None:
    tags = [tag("ana", "claim", 0, 5, "accepted"), tag("bo", "denial", 30, 35), tag("chen", "claim", 40, 45)]
    out = curate_document(tags, min_agree=3)
    assert spans(out) == [("claim", 0, 5)]
    assert out[0].status == "accepted" and out[0].reviewer == "rita"
    assert out[0].sources == ((tags[0].id, "ana"),)


def test_a_rejected_tag_never_and_all_rejected_copies_never() -> None:
    tags = [tag("ana", "claim", 0, 5, "rejected"), tag("bo", "claim", 0, 5, "rejected")]
    assert curate_document(tags, min_agree=1) == []


def test_rejected_copies_do_not_count_towards_n_undecided_ones_do() -> None:
    tags = [
        tag("ana", "claim", 0, 5, "rejected"),
        tag("bo", "claim", 0, 5),
        tag("chen", "claim", 0, 5),
    ]
    assert curate_document(tags) == []  # 3 annotators tagged the document; 2 undecided copies
    out = curate_document(tags, min_agree=2)
    assert spans(out) == [("claim", 0, 5)]
    assert [annotator for _, annotator in out[0].sources] == ["bo", "chen"]  # not the rejected copy
    assert out[0].status is None


def test_tie_accepted_and_rejected_copies_of_one_span_the_acceptance_wins() -> None:
    tags = [tag("ana", "claim", 0, 5, "accepted"), tag("bo", "claim", 0, 5, "rejected")]
    out = curate_document(tags)
    assert spans(out) == [("claim", 0, 5)]
    assert [annotator for _, annotator in out[0].sources] == ["ana"]


def test_tie_two_labels_on_one_span_each_by_half_the_team() -> None:
    tags = [tag("ana", "claim", 0, 5), tag("bo", "denial", 0, 5)]
    assert curate_document(tags) == []  # neither is agreed on by all
    # with N=1 both stand: one curated tag per (label, span), never merged into one
    assert spans(curate_document(tags, min_agree=1)) == [("claim", 0, 5), ("denial", 0, 5)]


def test_boundaries_must_be_identical() -> None:
    tags = [tag("ana", "claim", 0, 5), tag("bo", "claim", 0, 6)]
    assert curate_document(tags) == []


def test_several_accepted_copies_make_one_tag_with_every_source_and_the_notes() -> None:
    tags = [
        tag("bo", "claim", 0, 5, "accepted", note="from the speech", reviewed_at=LATER),
        tag("ana", "claim", 0, 5, "accepted", note="from the speech"),
        tag("chen", "claim", 0, 5, note="check the figure"),
    ]
    (out,) = curate_document(tags)
    assert out.annotator == CURATED
    assert [annotator for _, annotator in out.sources] == ["ana", "bo"]  # the accepted copies
    assert out.note == "from the speech"  # distinct notes only
    assert out.reviewed_at == LATER  # the latest decision
    assert out.id == curated_id("d1", "claim", 0, 5)
    undecided = [tag("ana", "claim", 0, 5, note="a"), tag("bo", "claim", 0, 5, note="b")]
    (both,) = curate_document(undecided)
    assert both.note == "a\nb"
    assert both.created_at == min(t.created_at for t in undecided)
    assert both.updated_at == max(t.updated_at for t in undecided)


def test_curate_streams_documents_and_thresholds_are_per_document() -> None:
    d1 = [tag("ana", "claim", 0, 5), tag("bo", "claim", 0, 5)]
    d2 = [tag("ana", "claim", 0, 5, doc="d2")]  # only ana tagged d2: the default is 1 there
    out = list(curate([("d1", d1), ("d2", d2)]))
    assert [(c.document_id, c.start) for c in out] == [("d1", 0), ("d2", 0)]
    assert out[0].id != out[1].id


def test_min_agree_must_be_at_least_one() -> None:
    with pytest.raises(ValueError):
        curate_document([], min_agree=0)


def test_live_placed_leaves_deleted_and_orphaned_out() -> None:
    base = Annotation("a", "d", "claim", 0, 3, "abc", "", "", "ana")
    anns = [base, replace(base, id="b", deleted_at="x"), replace(base, id="c", orphaned=True)]
    assert [t.id for t in live_placed(anns)] == ["a"]


def test_document_state() -> None:
    base = Annotation("a", "d", "claim", 0, 3, "abc", "", "", "ana")
    other = replace(base, id="b", annotator="bo", label="denial")  # a label disagreement
    far = replace(base, id="c", annotator="bo", start=10, end=12, quote="ab")  # only one
    assert document_state([base, other, far], curated=False).describe() == "not reviewed"
    decided = replace(other, status="accepted")
    state = document_state([base, decided, far], curated=False)
    assert (state.kind, state.open) == ("in_review", 2)
    state = document_state([replace(base, status="rejected"), decided, far], curated=False)
    assert (state.kind, state.open) == ("in_review", 1)
    assert state.describe() == "in review, 1 open disagreement"
    assert document_state([base], curated=True).describe() == "curated"
    # the mark closes no disagreement: its count stays
    marked = document_state([replace(base, status="rejected"), decided, far], curated=True)
    assert marked == DocumentState("curated", 1) == state_from(True, True, 1)


def test_the_positions_curation_reads_by_index_are_the_fields() -> None:
    from factcheck.core import curation

    assert curation.TAG_FIELDS[5] == "annotator" and curation.TAG_FIELDS[9] == "status"
    assert curation.TAG_FIELDS[2:5] == ("label", "start", "end")
    assert curation.WIDE_FIELDS == ("quote", "prefix", "suffix", "reviewer", "reason", "reviewed_at")
    assert curation.KEY_FIELDS + curation.WIDE_FIELDS == curation.TAG_FIELDS
    positions = (curation._ANNOTATOR, curation._NOTE, curation._CREATED, curation._UPDATED)
    assert [curation.TAG_FIELDS[i] for i in positions] == ["annotator", "note", "created_at", "updated_at"]
    assert curation.TAG_FIELDS[curation._FRAGMENTS] == "fragments"
    assert curation.CuratedTag._fields[-2:] == ("sources", "fragments")  # the export relies on it


def test_plain_rows_serve_as_tags() -> None:
    rows = [tuple(tag("ana", "claim", 0, 5)), tuple(tag("bo", "claim", 0, 5))]
    (out,) = curate_document(rows)  # type: ignore[arg-type]
    assert [annotator for _, annotator in out.sources] == ["ana", "bo"]


def test_span_order_input_gives_the_same_set_as_any_order() -> None:
    tags = [
        tag("bo", "denial", 0, 5),
        tag("ana", "claim", 0, 5),
        tag("bo", "claim", 0, 5),
        tag("ana", "denial", 0, 5, "rejected"),
        tag("ana", "claim", 3, 9),
        tag("bo", "claim", 3, 9, "accepted"),
    ]
    ordered = sorted(tags, key=lambda t: (t.start, t.end))
    expected = curate_document(list(reversed(tags)), min_agree=1)
    assert curate_document(ordered, min_agree=1, in_span_order=True) == expected
    assert spans(expected) == [("claim", 0, 5), ("denial", 0, 5), ("claim", 3, 9)]


def test_rows_of_the_key_fields_alone_decide_and_the_wide_fields_of_a_few_complete_the_tags() -> None:
    """What the curated export does: the rule over key-field rows (a row id after them), then the wide
    fields of `wide_sources` only; the same curated tags as over whole tags."""
    from factcheck.core import curation

    tags = [
        tag("ana", "claim", 0, 5, note="a"),
        tag("bo", "claim", 0, 5, note="b"),
        tag("ana", "denial", 3, 9, "accepted", reviewed_at="2026-01-03T00:00:00.000000Z"),
        tag("bo", "denial", 3, 9, "accepted", reviewed_at=LATER),
        tag("chen", "denial", 3, 9, "rejected"),
        tag("ana", "claim", 7, 12),
    ]
    whole = {t.id: t for t in tags}
    narrow = [(*t[: len(curation.KEY_FIELDS)], t.id) for t in tags]  # the id stands for a row id here
    decisions = curation.decide_document(narrow, min_agree=2)  # type: ignore[arg-type]
    wide_of: dict[object, tuple[object, ...]] = {t.id: t[len(curation.KEY_FIELDS) :] for t in tags}
    read = [t[-1] for d in decisions for t in curation.wide_sources(d)]
    made = [
        curation.curated_tag(
            d,
            wide_of[d.sources[0][-1]],
            [wide_of[t[-1]] for t in curation.wide_sources(d)] if d.accepted else None,
        )
        for d in decisions
    ]
    assert made == curate_document(list(whole.values()), min_agree=2)
    assert [c.reviewed_at for c in made] == [None, LATER]
    assert len(read) == 3  # the first source of one, both accepted sources of the other: not all six
