"""The find bar's match count: as str.count on a lowercased copy, the same answer as the regex."""

from __future__ import annotations

import pytest

from ui.find_bar import MatchCounter, match_spans

TEXT = "😀 Mayor and mayor; MAYOR. İstanbul's mayor"


@pytest.mark.parametrize("case", [False, True])
@pytest.mark.parametrize("needle", ["mayor", "MAYOR", "a", "yor; M", "zz", "stanbul"])
def test_counts_agree_with_the_regex(needle: str, case: bool) -> None:
    spans = match_spans(TEXT, needle, case)
    counter = MatchCounter()
    for i, (start, _) in enumerate(spans):
        assert counter.count(TEXT, needle, case, start) == (len(spans), i + 1)
    assert counter.count(TEXT, needle, case, -1)[0] == len(spans)


def test_a_text_whose_length_changes_when_lowercased_falls_back_to_the_regex() -> None:
    counter = MatchCounter()
    # "İ".lower() is two code points; the regex (as the view finds) matches it as an i
    assert counter.count("İx ix", "ix", False, 3) == (2, 2)


def test_forgotten_the_counter_holds_nothing_and_counts_again() -> None:
    text = "😀 Mayor and mayor; MAYOR."
    counter = MatchCounter()
    assert counter.count(text, "mayor", False, -1)[0] == 3 and counter.holds()
    counter.forget()
    assert not counter.holds()
    assert counter.count(text, "mayor", False, -1)[0] == 3
