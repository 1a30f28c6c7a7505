"""Search figures: a project of 10,000 articles (about 4,000 characters each, words drawn from a
vocabulary with a news-like skew), searched through the full-text index as the Search pane does.

search_10k_docs_ms: the median time of the pane's query (up to 200 documents, best first, each with its
snippet) over a mix of what people type: a rare name, a common word, two words, a word being typed
(prefix). Also the time to open (build the index of) such a project's documents, for scale.
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from pathlib import Path

from bench.common import Figure, median_ms
from db import Store
from db.search import search_documents
from factcheck.core.model import Document

DOCUMENTS = 10_000
WORDS_PER_DOC = 650
COMMON_WORDS = """the of and to in a is that for on said was with as by it at from his her they have
government minister president said year people new after would could about"""
QUERIES = ("tillerson", "government", "minister said", "respons", "budget vote", "élysée", "zzzz")


def _vocabulary(rng: random.Random) -> list[str]:
    common = re.findall(r"\w+", COMMON_WORDS)
    made = [
        "".join(rng.choice("abcdefghijklmnoprstuvwy") for _ in range(rng.randint(4, 10)))
        for _ in range(20_000)
    ]
    return common * 40 + made


def _articles(rng: random.Random) -> list[Document]:
    vocab = _vocabulary(rng)
    names = ["Tillerson", "Élysée", "responsible", "budget", "vote", "Russia"]
    docs = []
    for i in range(DOCUMENTS):
        words = rng.choices(vocab, k=WORDS_PER_DOC)
        if i % 50 == 0:  # a story that a few hundred articles share
            for name in names:
                words[rng.randrange(len(words))] = name
        text = " ".join(words)
        docs.append(Document.create(text, title=f"Article {i}: {' '.join(words[:6])}", source=f"a{i}.txt"))
    return docs


def run() -> list[Figure]:
    rng = random.Random(7)
    docs = _articles(rng)
    with (
        tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp,
        Store.open(Path(tmp) / "s.db") as store,
    ):
        t0 = time.perf_counter()
        with store.atomic():
            for doc in docs:
                store.add_document(doc)
        build_s = time.perf_counter() - t0
        for query in QUERIES:  # warm: the pane's first search after opening reads the index pages
            search_documents(store, query)
        samples: list[float] = []
        for _ in range(5):
            for query in QUERIES:
                t = time.perf_counter()
                search_documents(store, query)
                samples.append(time.perf_counter() - t)
        worst = max(samples) * 1000
    print(
        f"(search: {DOCUMENTS} articles stored and indexed in {build_s:.1f} s; slowest query {worst:.1f} ms)"
    )
    return [Figure("search_10k_docs_ms", median_ms(samples), "ms", "<= 50")]
