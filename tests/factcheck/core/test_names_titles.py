"""An imported document's title keeps no character that hides or reorders what follows it."""

from __future__ import annotations

from factcheck.core.names import holds_hidden, name_cleaned, name_problem, shown, title_cleaned


def test_an_imported_title_loses_escapes_and_direction_overrides() -> None:
    cleaned = title_cleaned("Bad\x1b[2J t\u202eitle")
    assert cleaned == "Bad [2J title" and not holds_hidden(cleaned)


def test_format_characters_join_the_letters_around_them() -> None:
    # A soft hyphen or a zero-width space inside a word copied from a web page: the word stays whole.
    assert title_cleaned("Infor\xadmation on cri\u200bme") == "Information on crime"


def test_a_title_without_hidden_characters_is_kept_as_it_is() -> None:
    assert title_cleaned("  Roe  on crime ") == "  Roe  on crime "
    assert title_cleaned("مرحبا\u200cدنيا") == "مرحبا\u200cدنيا"  # a joiner spells the word


def test_a_persons_name_is_refused_typed_and_cleaned_imported() -> None:
    assert name_problem("Ben O'Neil") is None and name_problem("b\u202een") is not None
    assert "b\\u202een" in (name_problem("b\u202een") or "")  # shown escaped
    assert name_cleaned("b\u202een\x1b[2J") == "ben [2J"  # as a title: format dropped, escapes spaces
    assert name_cleaned("  ben ") == "  ben "  # one without them is kept as it is
    assert name_cleaned("\u202e") == "\\u202e"  # nothing left: its escapes, not an empty name


def test_a_hidden_character_beyond_the_basic_plane_is_shown_as_one_unambiguous_escape() -> None:
    # A tag character (invisible ASCII "smuggled" in a name): \ue0041 would read as U+E004 then "1".
    assert shown("bob\U000e0041") == "bob\\U000e0041"
    assert shown("bob\u200b") == "bob\\u200b"
