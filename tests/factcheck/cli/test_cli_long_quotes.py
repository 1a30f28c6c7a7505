"""`factcheck import` of a teammate's database on a corrected article with very long quotes: the fuzzy
search is bounded (never aligns a whole 20 KB quote) and runs before the write transaction opens, so
the project is not locked meanwhile."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz

import factcheck.core.anchoring as anchoring
import factcheck.services.merge as merge
from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation


def _texts() -> tuple[str, str]:
    rng = random.Random(7)
    words = ["".join(rng.choice("abcdefghij") for _ in range(rng.randint(2, 8))) for _ in range(9000)]
    old = " ".join(words)
    corrected = [w.upper() if i % 40 == 0 else w for i, w in enumerate(words)]  # small edits throughout
    return old, "Correction: figures updated. " + " ".join(corrected)


def test_a_20_kb_quote_is_placed_by_a_bounded_search_outside_the_write_transaction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = _texts()
    alice = tmp_path / "alice.db"
    with Store.open(alice) as store:
        doc, _ = store.add_document(Document.create(old, title="Long read", source="long.txt"))
        for start in (10_000, 30_000):
            start = old.index(" ", start) + 1
            end = old.index(" ", start + 20_000 if start < 20_000 else start + 8_000)
            store.add_annotation(new_annotation(doc, start, end, "claim", "alice"))
    db = tmp_path / "p.db"
    with Store.open(db) as store:
        store.add_document(Document.create(new, title="Long read", source="long.txt"))

    needles: list[int] = []
    real_alignment = fuzz.partial_ratio_alignment

    def alignment(needle: str, hay: str, **kw: Any) -> Any:
        needles.append(len(needle))
        return real_alignment(needle, hay, **kw)

    monkeypatch.setattr(fuzz, "partial_ratio_alignment", alignment)
    writable: list[bool] = []
    real_reanchor = anchoring.reanchor  # what merge calls

    def reanchor(*args: Any) -> Any:
        other = sqlite3.connect(db, timeout=0)  # another window wanting to save a tag meanwhile
        try:
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
            writable.append(True)
        except sqlite3.OperationalError:  # "database is locked"
            writable.append(False)
        finally:
            other.close()
        return real_reanchor(*args)

    monkeypatch.setattr(merge, "reanchor", reanchor)
    code, out, err = main(["--db", str(db), "import", str(alice)]), *capsys.readouterr()
    assert (code, err) == (0, "")
    assert "2 re-anchored onto our version of the text" in out and "orphaned" not in out
    assert writable == [True, True]  # matched while the project stayed writable
    assert needles and max(needles) <= anchoring.MAX_FUZZY_QUOTE  # no quadratic whole-quote alignment
    with Store.open(db) as store:
        placed = sorted(store.annotations(), key=lambda a: a.start)
        with Store.open(alice) as theirs:
            originals = sorted(theirs.annotations(), key=lambda a: a.start)
    for ours, theirs_ann in zip(placed, originals, strict=True):
        assert fuzz.ratio(ours.quote, theirs_ann.quote) > 90
        assert ours.quote.lower() == theirs_ann.quote.lower()  # the same words, edits aside
