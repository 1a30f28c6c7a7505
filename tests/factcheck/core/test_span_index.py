"""SpanIndex answers overlap and order questions exactly like a brute-force scan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.span_index import SpanIndex, order_key


def brute_overlap(spans: dict[str, tuple[int, int]], a: int, b: int) -> set[str]:
    if a == b:
        b = a + 1
    return {sid for sid, (s, e) in spans.items() if s < b and e > a}


span_st = st.tuples(st.integers(0, 300), st.integers(1, 400)).map(lambda t: (t[0], t[0] + t[1]))
ops_st = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 30), span_st),
        st.tuples(st.just("remove"), st.integers(0, 30), st.just((0, 0))),
    ),
    max_size=60,
)


@given(st.lists(span_st, max_size=40), ops_st, st.lists(st.tuples(st.integers(0, 800), st.integers(0, 50))))
@settings(max_examples=200, deadline=None)
def test_overlap_matches_brute_force(
    initial: list[tuple[int, int]],
    ops: list[tuple[str, int, tuple[int, int]]],
    queries: list[tuple[int, int]],
) -> None:
    truth = {f"i{k}": span for k, span in enumerate(initial)}
    index = SpanIndex((s, e, sid) for sid, (s, e) in truth.items())
    for op, n, span in ops:
        sid = f"o{n}"
        if op == "add":
            index.add(sid, *span)
            truth[sid] = span
        else:
            assert index.remove(sid) == truth.pop(sid, None)
        if n % 4 == 0:  # the text order built, then kept up by the next adds and removes
            assert [sid for _, _, sid in index] == sorted(truth, key=lambda k: order_key((*truth[k], k)))
            assert all(index.get(k) == truth[k] for k in truth)
    assert len(index) == len(truth)
    for a, width in queries:
        got = [sid for _, _, sid in index.overlapping(a, a + width)]
        assert len(got) == len(set(got))
        assert set(got) == brute_overlap(truth, a, a + width)
    assert [sid for _, _, sid in index] == sorted(truth, key=lambda k: order_key((*truth[k], k)))


def test_long_span_does_not_hide_short_ones() -> None:
    index = SpanIndex([(0, 5_000_000, "all"), (100, 110, "word"), (4_000_000, 4_000_020, "late")])
    assert {s[2] for s in index.overlapping(4_000_005, 4_000_006)} == {"all", "late"}
    assert [s[2] for s in index.at(105)] == ["word", "all"]  # innermost first
    assert index.at(5_000_000) == []


def test_step_in_text_order_with_wrap() -> None:
    index = SpanIndex([(10, 20, "b"), (0, 30, "a"), (10, 15, "c"), (40, 50, "d")])
    assert [s[2] for s in index] == ["a", "b", "c", "d"]  # same start: the enclosing span first
    assert index.step("a") == "b"
    assert index.step("d") == "a"  # wraps
    assert index.step("d", wrap=False) is None
    assert index.step("a", backward=True) == "d"
    assert index.step(None, 12) == "d"  # first span starting at or after 12
    assert index.step(None, 12, backward=True) == "c"
    index.add("e", 35, 36)  # order kept up to date once built
    assert index.step("c") == "e"
    index.remove("e")
    assert index.step("c") == "d"
    assert SpanIndex().step(None) is None


def test_move_and_bad_input() -> None:
    index = SpanIndex([(0, 3, "x")])
    index.add("x", 10, 12)  # upsert moves it
    assert index.get("x") == (10, 12)
    assert index.overlapping(0, 3) == []
    assert index.remove("missing") is None
    with pytest.raises(ValueError):
        index.add("y", 5, 5)
    with pytest.raises(ValueError):
        SpanIndex([(0, 1, "z"), (3, 2, "w")])
    assert len(index) == 1
    index.remove("x")
    assert len(index) == 0


def test_an_index_filled_slice_by_slice_knows_where_each_span_is_without_a_pass_over_all() -> None:
    """A long article's load is indexed in slices (``TagLayer.index_some``); the first "where is this tag?"
    after it (the Review pane making a tag current) must not build the map of every span in one go: the
    map grows with each slice."""
    spans = [(i * 10, i * 10 + 3 + i % 7, f"t{i}") for i in range(1_000)]
    index = SpanIndex()
    for first in range(0, len(spans), 300):
        index.extend(spans[first : first + 300])
        assert index._where_map is not None and len(index._where_map) == min(first + 300, len(spans))
    assert all(index.get(sid) == (s, e) for s, e, sid in spans)
    assert "t999" in index and index.remove("t5") == (50, 58) and index.get("t5") is None
    assert [sid for _, _, sid in index][:3] == ["t0", "t1", "t2"]
    built = SpanIndex(spans)  # built at once (a short article): the map on first use, as before
    assert built._where_map is None and built.get("t7") == (70, 73)
