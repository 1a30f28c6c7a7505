"""Tag words put between “ ” in messages are not quoted twice."""

from __future__ import annotations

import pytest

from ui.tag_text import one_line, quotable


@pytest.mark.parametrize(
    ("words", "shown"),
    [
        ("“The rates have risen,”", "The rates have risen,"),  # a whole quotation: its marks left out
        ('"plain quotes"', "plain quotes"),
        ("«\u00a0des guillemets\u00a0»", "des guillemets"),
        ("the rates “have not risen”", "the rates “have not risen”"),  # a quote inside: kept
        ("“have not risen” in real terms", "“have not risen” in real terms"),
        ("“", "“"),
        ("", ""),
    ],
)
def test_quotable_leaves_out_the_marks_around_a_whole_quotation(words: str, shown: str) -> None:
    assert quotable(words, 100) == shown


def test_quotable_elides_the_words_inside_the_marks() -> None:
    # cut after the marks are left out: the closing mark does not eat the limit, nor stay half
    assert quotable("“one two three four five”", 10) == "one two t…"
    assert one_line("“one two three four five”", 10) == "“one two …"
