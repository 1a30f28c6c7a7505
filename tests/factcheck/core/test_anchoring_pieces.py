"""Re-anchoring a discontinuous tag onto a corrected text: its pieces move with it when its envelope is
found unchanged; otherwise it covers its envelope and its note says so."""

from __future__ import annotations

from dataclasses import replace

from factcheck.core.anchoring import EXACT, PIECES_MARK, reanchor
from factcheck.core.fragments import pieces
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation

OLD = "😀 Intro. The economy, he said, is booming. The end."


def _split() -> tuple[Document, Annotation]:
    doc = Document.create(OLD)
    start = OLD.index("The economy")
    end = OLD.index("booming") + len("booming")
    ann = new_annotation(doc, start, end, "claim", "alice")
    cut = OLD.index(", he")
    return doc, replace(ann, fragments=((start, cut + 1), (OLD.index("is booming"), end)))


def test_pieces_move_with_an_unchanged_envelope() -> None:
    _, ann = _split()
    new = "😀 A longer intro, corrected. The economy, he said, is booming. The end."
    moved, method = reanchor(ann, len(OLD), new, "d2")
    assert method == EXACT and moved.fragments
    assert [new[s:e] for s, e in pieces(moved)] == ["The economy,", "is booming"]
    assert (moved.start, moved.end) == (moved.fragments[0][0], moved.fragments[-1][1])


def test_a_changed_envelope_makes_the_tag_its_envelope_and_says_so() -> None:
    _, ann = _split()
    new = "😀 Intro. The economy, the minister said, is booming. The end."
    moved, _ = reanchor(ann, len(OLD), new, "d2")
    assert moved.fragments == () and PIECES_MARK in moved.note
    assert new[moved.start : moved.end] == moved.quote
