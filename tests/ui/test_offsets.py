"""OffsetMap: code points <-> Qt UTF-16 positions, exact on every boundary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication

from factcheck.core.offsets import OffsetMap

# Alphabet mixing the cases that differ between the two counts or trip naive code.
PIECES = ["a", " ", "\n", "\u00a0", "e\u0301", "\u0301", "é", "—", "“", "😀", "👍🏽", "𝔸", "中", "\u200d"]
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join) | st.text(max_size=40)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@given(texts)
@settings(max_examples=300, deadline=None)
def test_round_trip_and_utf16_count(text: str) -> None:
    m = OffsetMap(text)
    assert m.qt_length == utf16_len(text)
    for i in range(len(text) + 1):
        q = m.to_qt(i)
        assert q == utf16_len(text[:i])
        assert m.from_qt(q) == i
        assert m.from_qt(q, snap_forward=True) == i


@given(texts)
@settings(max_examples=200, deadline=None)
def test_every_qt_position_maps_to_a_boundary(text: str) -> None:
    m = OffsetMap(text)
    for pos in range(m.qt_length + 1):
        back, fwd = m.from_qt(pos), m.from_qt(pos, snap_forward=True)
        assert m.to_qt(back) <= pos <= m.to_qt(fwd)
        assert fwd - back in (0, 1)


def test_ascii_and_bmp_are_identity() -> None:
    for text in ("plain ascii\nlines", "caf\u00e9 \u00a0 e\u0301 — “q”"):
        m = OffsetMap(text)
        assert m.identity
        assert [m.to_qt(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_inside_surrogate_pair_snaps_backward_by_default() -> None:
    text = "a😀b"
    m = OffsetMap(text)
    assert not m.identity
    assert [m.to_qt(i) for i in range(4)] == [0, 1, 3, 4]
    assert m.from_qt(2) == 1  # between the halves of 😀: start of the emoji
    assert m.from_qt(2, snap_forward=True) == 2  # or just after it
    assert m.from_qt_range(2, 2) == (1, 2)
    assert m.from_qt_range(4, 0) == (0, 3)


def test_out_of_range() -> None:
    m = OffsetMap("x😀")
    with pytest.raises(IndexError):
        m.to_qt(3)
    with pytest.raises(IndexError):
        m.to_qt(-1)
    assert m.from_qt(-5) == 0
    assert m.from_qt(99) == 2


@given(texts, st.data())
@settings(max_examples=100, deadline=None)
def test_matches_a_real_qtextdocument(qapp: QApplication, text: str, data: st.DataObject) -> None:
    """What Qt shows between the mapped positions is exactly the stored slice."""
    # setPlainText also splits on U+2028/U+2029; those never reach a document (normalised text).
    text = text.replace("\r", "").replace("\u2028", "").replace("\u2029", "")
    doc = QTextDocument()
    doc.setPlainText(text)
    m = OffsetMap(text)
    assert doc.characterCount() - 1 == m.qt_length
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    cur = QTextCursor(doc)
    cur.setPosition(m.to_qt(a))
    cur.setPosition(m.to_qt(b), QTextCursor.MoveMode.KeepAnchor)
    assert cur.selectedText().replace("\u2029", "\n") == text[a:b]


@given(texts, st.sampled_from([1, 2, 3, 7]), st.lists(st.integers(0, 130), max_size=12))
@settings(max_examples=300, deadline=None)
def test_scanning_in_chunks_answers_like_a_whole_scan(text: str, chunk: int, probes: list[int]) -> None:
    """The astral characters are found as far as the questions reach: any order of questions, any
    chunk size, gives the answers of a map that scanned the whole text first."""
    lazy, whole = OffsetMap(text, chunk=chunk), OffsetMap(text)
    assert whole.qt_length == utf16_len(text)
    for probe in probes:
        cp = min(probe, len(text))
        assert lazy.to_qt(cp) == whole.to_qt(cp) == utf16_len(text[:cp])
        assert lazy.identical_before(cp) == (utf16_len(text[:cp]) == cp)
        assert lazy.from_qt(probe) == whole.from_qt(probe)
        assert lazy.from_qt(probe, snap_forward=True) == whole.from_qt(probe, snap_forward=True)
    assert lazy.qt_length == whole.qt_length and lazy.identity == whole.identity
