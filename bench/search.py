"""Search figures: a project of 10,000 articles (about 4,000 characters each, words drawn from a
vocabulary with a news-like skew), searched through the full-text index as the Search pane does.

search_10k_docs_ms: the median time of the pane's query (up to 200 documents, best first, each with its
snippet) over a mix of what people type: a rare name, a common word, two words, a word being typed
(prefix). Also the time to open (build the index of) such a project's documents, for scale.

search_snippets_accented_ms: the median time of the pane's query over ACCENTED_DOCUMENTS French-like
articles of about 12 KB (accented letters in most words, curly apostrophes, an emoji; one in four with its
accents decomposed, as a Mac may save them), every one holding the words searched, so each query makes
200 snippets; search_accented_floor_ms: the same queries ranked and the texts read, without the
snippets, in the same run; search_snippets_accented_ratio: the one over the other.

search_greek_open_ms: the median time to find where a search result opens (`core.loose_find.query_span`)
in a Greek article of GREEK_CHARS characters whose two words typed (without accents) are not in a row, so
the whole text is searched before the first word alone; search_greek_open_ratio: over one regex scan of
the text (the floor, in the same run); search_greek_open_peak_mb: the call's peak under tracemalloc.
"""

from __future__ import annotations

import random
import re
import tempfile
import time
import tracemalloc
import unicodedata
from collections.abc import Callable
from pathlib import Path

from bench.common import Figure, median_ms
from db import Store
from db.search import DEFAULT_LIMIT, ranked_documents, search_documents
from factcheck.core.loose_find import query_span
from factcheck.core.model import Document

DOCUMENTS = 10_000
WORDS_PER_DOC = 650
COMMON_WORDS = """the of and to in a is that for on said was with as by it at from his her they have
government minister president said year people new after would could about"""
QUERIES = ("tillerson", "government", "minister said", "respons", "budget vote", "élysée", "zzzz")

ACCENTED_DOCUMENTS = 400
ACCENTED_CHARS = 12_000
ACCENTED_WORDS = re.findall(
    r"\S+",
    """le la les des une du à où très après côté été déjà ministère président élysée déclaré réforme
économie société sécurité sociale québec français général année dernière hôpital forêt crédit dépenses
élève répondu critiqué manœuvre l’état qu’il aujourd’hui gouvernement budget vote région numéro
préfecture député sénat intérêt défense cœur théâtre garçon naïf noël""",
)
#: Accented words typed with or without their accents, in a row or apart, a prefix being typed.
ACCENTED_QUERIES = ("élysée", "elysee", "ministre déclaré", "présid", "securite sociale", "député")


GREEK_CHARS = 2_000_000
GREEK_WORDS = re.findall(
    r"\S+",
    """ο η το οι τα του της των και σε με για από στην στο που δεν θα είναι κυβέρνηση πρωθυπουργός
βουλή εκλογές οικονομία προϋπολογισμός μεταρρύθμιση ανακοίνωση σήμερα χθες χώρα Αθήνα Ελλάδα""",
)


def _greek(rng: random.Random) -> list[Figure]:
    words = [rng.choice(GREEK_WORDS) for _ in range(GREEK_CHARS // 7)]
    words[len(words) // 2] = "υπουργός"  # the first word, apart from the second (never in the text)
    text = " ".join(words)
    query = ["υπουργος", "δηλωσε"]
    floor_pattern = re.compile("δηλωσε")
    span = query_span(text, query)
    assert span is not None and text[span[0] : span[1]] == "υπουργός"
    timed: dict[str, list[float]] = {"open": [], "floor": []}
    for _ in range(5):
        t = time.perf_counter()
        query_span(text, query)
        timed["open"].append(time.perf_counter() - t)
        t = time.perf_counter()
        floor_pattern.search(text)
        timed["floor"].append(time.perf_counter() - t)
    tracemalloc.start()
    try:
        query_span(text, query)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    full, floor = median_ms(timed["open"]), median_ms(timed["floor"])
    return [
        Figure("search_greek_open_ms", full, "ms"),
        Figure("search_greek_open_ratio", full / floor, "x"),
        Figure("search_greek_open_peak_mb", peak / 1e6, "MB"),
    ]


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


def _accented_articles(rng: random.Random) -> list[Document]:
    docs = []
    for i in range(ACCENTED_DOCUMENTS):
        words: list[str] = []
        size = 0
        while size < ACCENTED_CHARS:
            word = rng.choice(ACCENTED_WORDS)
            words.append(word)
            size += len(word) + 1
        words[rng.randrange(len(words))] = "ministre"  # apart from "déclaré", anywhere
        words[rng.randrange(len(words))] = "😀"
        text = " ".join(words)
        if i % 4 == 0:
            text = unicodedata.normalize("NFD", text)
        docs.append(Document.create(text, title=f"Article {i}", source=f"fr{i}.txt"))
    return docs


def _accented(rng: random.Random) -> list[Figure]:
    docs = _accented_articles(rng)
    with (
        tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp,
        Store.open(Path(tmp) / "fr.db") as store,
    ):
        with store.atomic():
            for doc in docs:
                store.add_document(doc)
        for query in ACCENTED_QUERIES:  # warm
            assert len(search_documents(store, query)) == DEFAULT_LIMIT, query
            ranked_documents(store, query)
        timed: dict[str, list[float]] = {"full": [], "floor": []}
        ways: dict[str, Callable[[Store, str], object]] = {
            "full": search_documents,
            "floor": ranked_documents,
        }
        for _ in range(5):
            for query in ACCENTED_QUERIES:
                for way, search in ways.items():  # interleaved: the same load on both
                    t = time.perf_counter()
                    search(store, query)
                    timed[way].append(time.perf_counter() - t)
    full, floor = median_ms(timed["full"]), median_ms(timed["floor"])
    return [
        Figure("search_snippets_accented_ms", full, "ms"),
        Figure("search_accented_floor_ms", floor, "ms"),
        Figure("search_snippets_accented_ratio", full / floor, "x"),
    ]


def run() -> list[Figure]:
    figures = [*_accented(random.Random(11)), *_greek(random.Random(13))]
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
    return [Figure("search_10k_docs_ms", median_ms(samples), "ms", "<= 50"), *figures]
