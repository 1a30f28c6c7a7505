"""Find in an article as Search all documents compares words: the matches, by stored code points."""

from __future__ import annotations

import random

import pytest

from factcheck.core.text_find import FoldedText, FoldJob, TextFolds, find_spans, fold


def _found(text: str, needle: str, case_sensitive: bool = False) -> list[str]:
    return [text[a:b] for a, b in find_spans(text, needle, case_sensitive)]


def test_straight_quotes_and_apostrophes_find_curly_ones() -> None:
    text = "He said: “We don’t know.” ‘Fine’, «\u00a0bien\u00a0», „gut“."
    assert _found(text, "don't") == ["don’t"]
    assert _found(text, '"we') == ["“We"]
    assert _found(text, 'know."') == ["know.”"]
    assert _found(text, "'fine'") == ["‘Fine’"]
    assert _found(text, '"gut"') == ["„gut“"]
    assert _found(text, '" bien "') == ["«\u00a0bien\u00a0»"]


def test_accents_composed_or_decomposed_are_ignored_and_covered_whole() -> None:
    composed, decomposed = "Élysée", "E\u0301lyse\u0301e"
    text = f"L’{composed} et l’{decomposed}."
    assert _found(text, "elysee") == [composed, decomposed]
    assert _found(text, "Élysée") == [composed, decomposed]  # an accent typed is ignored too
    assert _found(text, "elyse") == [composed[:-1], decomposed[:-1]]  # the accent on the last e is in
    assert _found("Sa\u0303o Paulo", "sao") == ["Sa\u0303o"]


def test_any_run_of_whitespace_is_one_space() -> None:
    text = "São\u00a0Paulo; São  Paulo; São\nPaulo; São\n\n\tPaulo."
    assert _found(text, "sao paulo") == ["São\u00a0Paulo", "São  Paulo", "São\nPaulo", "São\n\n\tPaulo"]
    assert _found(text, "sao   paulo") == _found(text, "sao paulo")  # typed runs too


def test_offsets_are_code_points_after_emoji() -> None:
    text = "😀🇪🇺 👍 The “Élysée” said."
    start = text.index("Élysée")
    assert find_spans(text, "elysee") == [(start, start + 6)]
    assert find_spans(text, "said") == [(text.index("said"), text.index("said") + 4)]


def test_ligatures_ellipsis_and_dashes() -> None:
    text = "The ﬁnal cost… 2019–2020 — or so."
    assert _found(text, "final") == ["ﬁnal"]
    assert _found(text, "f") == ["ﬁ"]  # a match inside a ligature takes all of it
    assert _found(text, "...") == ["…"]
    assert _found(text, "2019-2020") == ["2019–2020"]
    assert _found(text, "- or") == ["— or"]


def test_case_is_ignored_unless_asked_for_accents_either_way() -> None:
    text = "Mayor MAYOR mayor Élysée elysee"
    assert _found(text, "mayor") == ["Mayor", "MAYOR", "mayor"]
    assert _found(text, "Mayor", case_sensitive=True) == ["Mayor"]
    assert _found(text, "Elysee", case_sensitive=True) == ["Élysée"]
    assert _found(text, "elysee", case_sensitive=True) == ["elysee"]
    assert _found("ΟΔΟΣ οδος", "οδοσ") == ["ΟΔΟΣ", "οδος"]  # a final sigma is a sigma
    assert _found("İstanbul", "istanbul") == ["İstanbul"]  # lowercased, two code points: still one


def test_nothing_to_find() -> None:
    assert find_spans("some text", "") == []
    assert find_spans("abc", "abcd") == []  # longer than the text
    assert find_spans("", "a") == []
    assert find_spans("cafe\u0301", "\u0301") == []  # an accent alone folds to nothing


def test_next_and_previous_wrap_and_count() -> None:
    text = "😀 don’t, Don't, DON’T."
    folded = FoldedText(text)
    spans = list(folded.matches("don't"))
    assert len(spans) == 3
    assert folded.next_match("don't", spans[0][1]) == spans[1]
    assert folded.next_match("don't", spans[2][1]) == spans[0]  # wraps
    assert folded.previous_match("don't", spans[1][0]) == spans[0]
    assert folded.previous_match("don't", spans[0][0]) == spans[2]  # wraps
    assert [folded.count("don't", s) for s, _ in spans] == [(3, 1), (3, 2), (3, 3)]
    assert folded.count("don't", 1) == (3, 0)  # no match starts there


def test_a_fold_is_kept_per_text_and_case_setting() -> None:
    folds = TextFolds()
    text = "Some text"
    first = folds.get(text, False)
    assert folds.get(text, False) is first
    assert folds.get(text, True) is not first and folds.holds() is not None
    folds.forget()
    assert folds.holds() is None


def test_counted_in_a_copy_a_byte_a_character_as_in_the_fold() -> None:
    """The count counts a needle of Latin-1 letters in the fold with every wider character a NUL (a byte a
    character, not four); a needle with a wider one, or a NUL, in the fold itself."""
    text = "😀 née, nee; ﬁne fine 😀😀 NÉE\x00 σς 😀"
    folded = FoldedText(text)
    assert folded.narrow() == "\x00 nee, nee; fine fine \x00\x00 nee\x00 σσ \x00".replace("σσ", "\x00\x00")
    for needle in ("nee", "fine", "😀", "😀😀", "σ", "\x00", "e\x00", " "):
        spans = list(folded.matches(needle))
        assert [folded.count(needle, a) for a, _ in spans] == [(len(spans), i + 1) for i in range(len(spans))]
    ascii_only = FoldedText("Plain text, plain")
    assert ascii_only.narrow() is ascii_only.folded  # not held twice


def test_a_needle_is_folded_as_the_text() -> None:
    assert fold("Don’t  Élysée…") == "don't elysee..."
    assert fold("Don’t", case_sensitive=True) == "Don't"


#: Characters that fold otherwise: white space, accents (decomposed, composed), ligatures, quotes, Σ, İ, ß.
_ODD = [" ", "  ", "\n", "\u00a0", "\u0301", "é", "ﬁ", "…", "’", "—", "Σ", "İ", "ß", "😀", "x", "Ab"]


@pytest.mark.parametrize("case", [False, True])
@pytest.mark.parametrize("slice_chars", [1, 2, 3, 7, 50])
def test_a_text_folded_in_slices_is_the_text_folded_at_once(case: bool, slice_chars: int) -> None:
    """A slice never cuts a run of spaces (folded to one) nor parts a character from its fold: the
    same folded text, every folded offset from the same stored one."""
    rnd = random.Random(slice_chars)
    for _ in range(40):
        text = "".join(rnd.choice(_ODD) for _ in range(rnd.randint(0, 60)))
        whole = FoldedText(text, case)
        job = FoldJob(text, case, slice_chars)
        sliced = job.step()
        while sliced is None:
            sliced = job.step()
        assert sliced.folded == whole.folded and sliced.text is text
        assert [sliced.origin(f) for f in range(len(text) + 2)] == [
            whole.origin(f) for f in range(len(text) + 2)
        ]
        assert list(sliced.matches("e")) == list(whole.matches("e"))
        assert sliced.narrow() == whole.narrow() and len(sliced.narrow()) == len(whole.folded)
        for needle in ("e", "x a", "😀", "σ", "fi"):
            assert [sliced.count(needle, at) for at in range(len(text))] == [
                whole.count(needle, at) for at in range(len(text))
            ]
        assert len(sliced._f) == len(whole._f)  # as sparse: no breakpoint where the texts move in step


def test_a_fold_made_in_slices_grows_with_each_slice() -> None:
    """Each slice's fold is appended to the fold so far (in place: only the job holds it), so that the
    last slice joins nothing: joining the 5 MB article's slices at the end copied its 20 MB fold in one
    turn of the window (20 ms, its longest)."""
    text = "Élysée — “quoted”  😀 x\u0301 ﬁn.\n" * 40
    job = FoldJob(text, False, 100)
    while (done := job.step()) is None:
        assert job._folded == FoldedText(text[: job.pos]).folded
    assert done.folded == FoldedText(text).folded and not job._folded


@pytest.mark.parametrize("needle", ["a", "ab", "aa", "aba", "é"])
def test_a_count_kept_between_finds_is_the_count_made_afresh(needle: str) -> None:
    """Numbering a match from the last one numbered (Enter, Shift+Enter, a wrap) says what counting from the
    text's start says, a needle whose matches may overlap ("aa" in "aaa") included."""
    rnd = random.Random(needle)
    text = "".join(rnd.choice(["a", "b", "é", " ", "aa"]) for _ in range(300))
    kept = FoldedText(text)
    for _ in range(200):
        at = rnd.randrange(len(text))
        assert kept.count(needle, at) == FoldedText(text).count(needle, at)
