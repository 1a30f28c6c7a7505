from __future__ import annotations

import pytest

from factcheck.core.errors import InvalidSpan, UnknownLabel
from factcheck.core.model import DEFAULT_LABELS, Document, normalize_newlines, text_sha256
from factcheck.core.spans import check_label, context, new_annotation, trim, validate


def test_newlines_are_normalised_and_hashed_after() -> None:
    doc = Document.create("a\r\nb\rc\n", title="t")
    assert doc.text == "a\nb\nc\n"
    assert doc.sha256 == text_sha256("a\nb\nc\n")
    assert normalize_newlines("x\r\r\ny") == "x\n\ny"


def test_trim_removes_surrounding_whitespace_including_nbsp_and_newlines() -> None:
    text = "  \u00a0hello world\n \t"
    assert trim(text, 0, len(text)) == (3, 14)


def test_trim_refuses_whitespace_only() -> None:
    with pytest.raises(InvalidSpan, match="only whitespace"):
        trim("a   b", 1, 4)


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (2, 2), (3, 1), (0, 99), (True, 3)])
def test_invalid_bounds(start: int, end: int) -> None:
    with pytest.raises(InvalidSpan):
        validate("hello", start, end)


def test_emoji_before_span_counts_as_one_code_point() -> None:
    doc = Document.create("😀 said: lies", title="t")
    ann = new_annotation(doc, 8, 12, "denial", "ann")
    assert (ann.start, ann.end, ann.quote) == (8, 12, "lies")
    assert doc.text[ann.start : ann.end] == "lies"


def test_context_is_32_code_points_each_side() -> None:
    text = "x" * 40 + "QUOTE" + "y" * 40
    prefix, quote, suffix = context(text, 40, 45)
    assert (prefix, quote, suffix) == ("x" * 32, "QUOTE", "y" * 32)


def test_unknown_label_is_refused() -> None:
    check_label("claim", DEFAULT_LABELS)
    with pytest.raises(UnknownLabel, match="claim, denial, characterization"):
        check_label("opinion", DEFAULT_LABELS)
