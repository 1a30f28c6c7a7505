"""The find bar's match count: as str.count on the article's fold, the same matches as find visits."""

from __future__ import annotations

import pytest

from factcheck.core.text_find import find_spans
from ui.find_bar import MatchCounter

TEXT = "😀 Mayor and mayor; MAYOR. İstanbul's mayor"


@pytest.mark.parametrize("case", [False, True])
@pytest.mark.parametrize("needle", ["mayor", "MAYOR", "a", "yor; M", "zz", "stanbul"])
def test_counts_agree_with_the_matches(needle: str, case: bool) -> None:
    spans = find_spans(TEXT, needle, case)
    counter = MatchCounter()
    for i, (start, _) in enumerate(spans):
        assert counter.count(TEXT, needle, case, start) == (len(spans), i + 1)
    assert counter.count(TEXT, needle, case, -1)[0] == len(spans)


def test_a_text_whose_length_changes_when_lowercased_keeps_its_offsets() -> None:
    counter = MatchCounter()
    # "İ".lower() is two code points; folded, it is an i
    assert counter.count("İx ix", "ix", False, 3) == (2, 2)


def test_forgotten_the_counter_holds_nothing_and_counts_again() -> None:
    text = "😀 Mayor and mayor; MAYOR."
    counter = MatchCounter()
    assert counter.count(text, "mayor", False, -1)[0] == 3 and counter.holds()
    counter.forget()
    assert not counter.holds()
    assert counter.count(text, "mayor", False, -1)[0] == 3


@pytest.mark.parametrize("needle", ["σ", "ς", "Σ", "s", "ſ", "µ", "μ", "i", "ı", "θ", "ϑ"])
def test_letters_folded_as_one_are_counted_as_one(needle: str) -> None:
    # σ/ς, s/ſ, µ/μ, θ/ϑ: one letter once case folded (Find next), not to str.lower
    text = "ΟΔΟΣ οδος σ ς ſ s S µ μ Μ ı i I ϑ θ Θ crıme crime"
    spans = find_spans(text, needle, False)
    counter = MatchCounter()
    for i, (start, _) in enumerate(spans):
        assert counter.count(text, needle, False, start) == (len(spans), i + 1)
    assert counter.count(text, needle, False, -1)[0] == len(spans) > 1


def test_a_dotless_i_is_not_an_i_as_the_search_index_keeps_them_apart() -> None:
    assert find_spans("crıme crime", "crime") == [(6, 11)]
