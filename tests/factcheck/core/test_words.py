"""Words by code points: snapping, moving a boundary by a word, where a search matches."""

from __future__ import annotations

import pytest

from factcheck.core.words import Edge, first_match, fold, moved_span, snap_to_words, snippet

TEXT = "Russia was not responsible, 😀 don't well-known Émile."


def _span(word: str) -> tuple[int, int]:
    i = TEXT.index(word)
    return i, i + len(word)


def test_a_drag_begun_and_ended_mid_word_takes_whole_words() -> None:
    start, end = _span("ssia was not respons")
    assert TEXT[slice(*snap_to_words(TEXT, start, end))] == "Russia was not responsible"
    assert snap_to_words(TEXT, *_span("Russia")) == _span("Russia")  # whole words stay
    assert snap_to_words(TEXT, end, start) == snap_to_words(TEXT, start, end)  # either direction
    i = TEXT.index("on't")
    assert TEXT[slice(*snap_to_words(TEXT, i, i + 2))] == "don't"
    i = TEXT.index("known")
    assert TEXT[slice(*snap_to_words(TEXT, i, i + 2))] == "well-known"
    assert snap_to_words(TEXT, *_span(", ")) == _span(", ")  # punctuation only: as it is


def test_offsets_are_code_points_after_an_emoji() -> None:
    i = TEXT.index("mile")
    s, e = snap_to_words(TEXT, i, i + 2)
    assert TEXT[s:e] == "Émile" and s == TEXT.index("Émile")


def test_moving_a_boundary_by_a_word() -> None:
    start, end = _span("was not")
    assert TEXT[slice(*moved_span(TEXT, start, end, "end", True))] == "was not responsible"  # type: ignore[misc]
    assert TEXT[slice(*moved_span(TEXT, start, end, "end", False))] == "was"  # type: ignore[misc]
    assert TEXT[slice(*moved_span(TEXT, start, end, "start", False))] == "Russia was not"  # type: ignore[misc]
    assert TEXT[slice(*moved_span(TEXT, start, end, "start", True))] == "not"  # type: ignore[misc]
    assert moved_span(TEXT, *_span("was"), "end", False) is None  # would be empty
    assert moved_span(TEXT, *_span("was"), "start", True) is None
    assert moved_span(TEXT, *_span("Russia"), "start", False) is None  # the text's edge
    e = _span("responsible")
    assert TEXT[slice(*moved_span(TEXT, *e, "end", True))] == "responsible, 😀 don't"  # type: ignore[misc]


def test_where_a_search_matches() -> None:
    assert first_match(TEXT, ["respons"]) == _span("responsible")
    assert first_match(TEXT, ["emile"]) == _span("Émile")  # accents ignored, as the index does
    assert first_match(TEXT, ["zzz"]) is None
    assert fold("Élysée") == "elysee"


def test_a_word_with_an_apostrophe_or_dots_matches_as_one() -> None:
    text = "The minister said: “We don’t cut taxes in the U.S.”, and théy’re sure."
    assert first_match(text, ["don't"]) == (text.index("don’t"), text.index("don’t") + 5)  # not "The"
    assert first_match(text, ["u.s."]) == (text.index("U.S"), text.index("U.S") + 3)
    assert first_match(text, ["they're"]) == (text.index("théy’re"), text.index("théy’re") + 7)  # folded
    assert first_match(text, ["don't", "cu"]) == (text.index("don’t"), text.index("don’t") + 5)
    assert first_match(text, ["t"]) == (0, 3)  # a word alone is a word still
    assert first_match(text, ["…"]) is None
    from factcheck.core.words import snippet

    assert snippet(text, ["don't"], ("[", "]")).startswith("The minister said: “We [don’t] cut taxes")


def test_snippets_mark_every_matching_word_in_context() -> None:
    from factcheck.core.words import snippet

    middle = "Rex Tillerson said Russia was not responsible; the Élysée and tillerson's aides"
    text = "x " * 100 + middle + " y" * 100
    cut = snippet(text, ["tillerson", "elys"], ("[", "]"))
    assert cut.startswith("…") and cut.endswith("…")
    assert "Rex [Tillerson] said" in cut and "the [Élysée] and [tillerson]'s" in cut
    assert snippet("Short text about Russia.", ["russia"], ("[", "]")) == "Short text about [Russia]."
    assert snippet("Nothing here.", ["russia"], ("[", "]")) == ""


@pytest.mark.parametrize(
    "tagged",
    [
        "“We never said that”",
        "We never said that",
        "“We never said that",
        "We never said that”",
        "«Oui»",
        "(no)",
        "„Wort“",
        "'a'",
        '"b"',
        "[x]",
        "said “We",
        "it’s fine",
        "left. «Oui",
    ],
)
@pytest.mark.parametrize("edge", ["start", "end"])
@pytest.mark.parametrize("forward", [True, False])
def test_a_move_and_the_move_back_are_inverse_around_quotes(tagged: str, edge: Edge, forward: bool) -> None:
    # A quote or bracket hugging a word is a step of its own each way: none is lost going back.
    text = "He said “We never said that” and left. «Oui» (no) it’s fine; „Wort“ 'a' \"b\" [x] end."
    start = text.index(tagged)
    moved = moved_span(text, start, start + len(tagged), edge, forward)
    assert moved is not None
    assert moved_span(text, *moved, edge, not forward) == (start, start + len(tagged))


def test_a_decomposed_accent_is_within_its_word_as_in_the_index() -> None:
    """ "E" + U+0301: the index reads one word, "elysee"; the snippet shows and marks it whole."""
    text = "Le président est à l’E\u0301lyse\u0301e, à Sa\u0303o Paulo, sa maison."
    decomposed = "E\u0301lyse\u0301e"
    assert first_match(text, ["elysee"]) == (text.index(decomposed), text.index(decomposed) + 8)
    assert "[E\u0301lyse\u0301e]" in snippet(text, ["elysee"], ("[", "]"))
    assert "[Sa\u0303o] Paulo, [sa] maison" in snippet(text, ["sa"], ("[", "]"))  # a prefix: all of it
    assert "Sa\u0303o Paulo, [sa maison]" in snippet(text, ["sa", "maison"], ("[", "]"))  # in a row; not São
