"""An imported document's title keeps no character that hides or reorders what follows it."""

from __future__ import annotations

from factcheck.core.names import holds_hidden, title_cleaned


def test_an_imported_title_loses_escapes_and_direction_overrides() -> None:
    cleaned = title_cleaned("Bad\x1b[2J t\u202eitle")
    assert cleaned == "Bad [2J title" and not holds_hidden(cleaned)


def test_format_characters_join_the_letters_around_them() -> None:
    # A soft hyphen or a zero-width space inside a word copied from a web page: the word stays whole.
    assert title_cleaned("Infor\xadmation on cri\u200bme") == "Information on crime"


def test_a_title_without_hidden_characters_is_kept_as_it_is() -> None:
    assert title_cleaned("  Roe  on crime ") == "  Roe  on crime "
    assert title_cleaned("مرحبا\u200cدنيا") == "مرحبا\u200cدنيا"  # a joiner spells the word
