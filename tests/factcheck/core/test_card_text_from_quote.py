"""A card's first text, from its claim tag's words: the quotation marks around them left out, never half of
a pair (an opening “ left without its ”)."""

from __future__ import annotations

import pytest

from factcheck.core.claims import text_from_quote


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        ("“The rates have risen faster than inflation,”", "The rates have risen faster than inflation,"),
        ('"plain quotes"', "plain quotes"),
        ("« des guillemets »", "des guillemets"),
        ("“a ‘nested’ quotation”", "a ‘nested’ quotation"),
        # a quotation inside the claim keeps both its marks
        ("the rates “have not risen in real terms”", "the rates “have not risen in real terms”"),
        ("“pipes that are older”, he said", "“pipes that are older”, he said"),
        ("said “yes” and “no”", "said “yes” and “no”"),
        # a tag that began or ended inside a quotation: the lone mark goes
        ("have not risen in real terms”", "have not risen in real terms"),
        ("“have not risen in real terms", "have not risen in real terms"),
        ("  two\nlines  ", "two lines"),
    ],
)
def test_text_from_quote(quote: str, text: str) -> None:
    assert text_from_quote(quote) == text
