"""A project of one long, densely tagged article (the benchmark's), and what a measure holds at once on it."""

from __future__ import annotations

import random
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bench.ui import make_article, make_tags
from db import Store
from factcheck.core.model import Document

T = TypeVar("T")


def long_article(tmp_path: Path, tags: int) -> tuple[Store, Document]:
    """A 400k-character article with ``tags`` tags, in a real SQLite file."""
    rnd = random.Random(5)
    store = Store.open(tmp_path / "long.db")
    doc, _ = store.add_document(Document.create(make_article(rnd, 400_000), title="Long", source="long"))
    store.put_annotations(make_tags(rnd, doc, tags))
    return store, doc


def peak_of(compute: Callable[[], T]) -> tuple[T, int]:
    """What compute returns, and the most it held at once (tracemalloc's peak, bytes)."""
    tracemalloc.start()
    try:
        result = compute()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
