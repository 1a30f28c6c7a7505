from factcheck.core.sentences import sentence_around

TEXT = "First one here. The mayor said ridership “more than doubled” last year! Then he left.\nNew line."


def test_the_span_in_its_own_sentence_in_brackets() -> None:
    s = TEXT.index("more than doubled")
    assert sentence_around(TEXT, s, s + 17) == "The mayor said ridership “[more than doubled]” last year!"


def test_a_line_break_ends_a_sentence_and_edges_are_safe() -> None:
    s = TEXT.index("New")
    assert sentence_around(TEXT, s, len(TEXT)) == "[New line.]"
    assert sentence_around(TEXT, 0, 5) == "[First] one here."
    assert sentence_around("", 0, 0) == "[]"


def test_long_context_is_cut_around_the_span() -> None:
    text = "word " * 200 + "TARGET" + " word" * 200
    s = text.index("TARGET")
    line = sentence_around(text, s, s + 6, width=60)
    assert "[TARGET]" in line and line.startswith("…") and line.endswith("…")
    assert len(line) <= 64
    long_span = sentence_around(text, 0, len(text), width=60)
    assert " … " in long_span and len(long_span) <= 64
