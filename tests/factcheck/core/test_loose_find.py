"""Where a search of all documents opens in an article: found by a loose search, as a whole fold finds it."""

from __future__ import annotations

import random
import tracemalloc
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core import loose_find
from factcheck.core.loose_find import _first_of, _query, query_span
from factcheck.core.text_find import FoldedText


@pytest.mark.parametrize(
    "words, expected",
    [
        (["sao", "paulo"], "São Paulo"),  # the words in a row, not the earlier "Paulo" alone
        (["sao", "pau"], "São Paulo"),  # the last word a prefix
        (["paulo", "brasil"], "Paulo"),  # not in a row: the first word, whole ("Paulinho" is not it)
        (["don't"], "don’t"),  # a word the index splits: its parts in a row
        (["elysee"], "E\u0301lyse\u0301e"),  # decomposed: the whole word
        (["know", "the"], "know_the"),  # an underscore splits words, as in the index
        (["zzz"], None),
    ],
)
def test_where_a_search_of_all_documents_opens(words: list[str], expected: str | None) -> None:
    text = "Paulinho went to Paulo Afonso, then São Paulo; we don’t know_the E\u0301lyse\u0301e."
    span = query_span(text, words)
    assert (text[span[0] : span[1]] if span else None) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("😀 Paulo, then “sao\u00a0Paulo” — sao paulo", "sao\u00a0Paulo"),  # nothing to fold but quotes
        ("😀 São Paulo, then sao paulo", "São Paulo"),  # folded, before one found unfolded
        ("😀 sao paulo, then São Paulo", "sao paulo"),
        ("😀 Sa\u0303o, then Paulo, sao-paulo", "sao-paulo"),
        ("😀 Saõ paulo! " + "Élysée " * 100 + "sao paulo", "Saõ paulo"),
    ],
)
def test_a_search_opens_at_the_first_occurrence_folded_or_not(text: str, expected: str) -> None:
    span = query_span(text, ["sao", "paulo"])
    assert span is not None and text[span[0] : span[1]] == expected
    assert span[0] == text.index(expected)


def _query_span_folding_all(text: str, words: list[str]) -> tuple[int, int] | None:
    """query_span as it was: the whole text folded, the query's regexes searched in the fold."""
    _, patterns = _query(tuple(words))
    folded = FoldedText(text)
    found = _first_of(patterns, folded.folded)
    return None if found is None else folded.stored_span(*found)


_PIECES = [
    "sao", "Sao", "são", "SÃO", "sa\u0303o", "paulo", "Paulo", "pau", "e\u0301", "é", "É", "e", "elysee",
    "Élysée", "x", " ", "  ", "\u00a0", "\n", "’", "'", "-", "—", "_", "😀", "…", "ß", "ss", "ﬁ", "fi",
    "ά", "α", "1", "ǅ", "\u02bc", "\u0301", "d", "don", "t",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=40),
    st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3).map("".join), min_size=1, max_size=3),
)
def test_where_a_search_opens_is_where_the_whole_text_folded_finds_it(
    pieces: list[str], words: list[str]
) -> None:
    """The place is found without folding the whole text (a loose search in the unfolded text, each place
    checked in the fold around it): the same as folding it all."""
    text = "".join(pieces)
    assert query_span(text, words) == _query_span_folding_all(text, words)


@pytest.mark.parametrize("width", [50, 5_000, 60_000])
def test_a_search_finds_a_deep_occurrence_after_decoys(width: int) -> None:
    filler = "Les élèves de l’école — “à côté” 😀 ministère, déclaré. " * (width // 50)
    decoys = "administré ministrée mi\u0301nistrex ministres ministredeclar "
    text = filler + decoys + "le Mi\u0301nistre   de\u0301clare\u0301 ça " + filler + "ministre déclaré"
    span = query_span(text, ["ministre", "declar"])
    assert span is not None and text[span[0] : span[1]] == "Mi\u0301nistre   de\u0301clare\u0301"
    span = query_span(text, ["ministre", "zzz"])  # not in a row: the first word alone
    assert span is not None and text[span[0] : span[1]] == "Mi\u0301nistre"


def test_a_search_folds_only_around_where_it_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a search of all documents opens (and its snippet is cut) is found without folding the whole
    text: the 200 snippets of a search over accented documents folded each whole."""
    folded: list[int] = []

    class Counted(FoldedText):
        def __init__(self, text: str, case_sensitive: bool = False) -> None:
            folded.append(len(text))
            super().__init__(text, case_sensitive)

    monkeypatch.setattr(loose_find, "FoldedText", Counted)
    filler = "Les élèves de l’école — “à côté” 😀 ministère, déclaré. " * 2_000  # 110 KB
    for text in (filler, unicodedata.normalize("NFD", filler)):
        text += "Le ministre a déclaré " + filler
        for words in (["ministre", "declar"], ["ministre", "zzz"], ["élèves"], ["cote"]):
            folded.clear()
            assert query_span(text, words) is not None
            assert max(folded) < 1_000, f"{words}: folded {max(folded):,} characters"


@pytest.mark.parametrize("alphabet", ["αβγδεζηθικλμνξοπρστυφχψω", "абвгдежзийклмнопрстуфхцчшщыэюя"])
def test_a_search_of_a_greek_or_cyrillic_text_sorts_its_characters_not_each_one(alphabet: str) -> None:
    """The characters beyond the known ones are sorted once each, not listed once per place: a query whose
    words are not in a row searched the whole text, and a 5M-character Greek text peaked at 404 MB."""
    rnd = random.Random(alphabet)
    words = [alphabet[i : i + 3] for i in range(0, len(alphabet) - 3, 3)]
    text = " ".join(rnd.choice(words) for _ in range(50_000))  # ~200k characters
    first = words[0]
    query = [first, "zzz"]  # not in a row: the whole text searched, then the first word alone
    tracemalloc.start()
    try:
        span = query_span(text, query)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert span is not None and text[span[0] : span[1]] == first
    assert peak < 4_000_000, f"peak {peak:,} bytes for {len(text):,} characters"
