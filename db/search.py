"""Search across every document's title and text: the FTS5 index `document_search` (migration m009).

Words are matched whole, the last one also as a prefix (as one types), case and accents ignored
(unicode61, remove_diacritics 2); several words must all occur in the document. A word the index splits
in parts (don't, well-known, U.S.) must occur as those parts in a row.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from db.store import Store
from factcheck.core.words import snippet

#: Marks around the matched words in a snippet (control characters: never in a stored text's words).
HIT_START, HIT_END = "\x02", "\x03"
DEFAULT_LIMIT = 200

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    document_id: str
    title: str
    #: Text around the place opening the result selects (`core.words.hit_span`), that place the first
    #: between HIT_START and HIT_END, words matching after it too; "…" where cut ("" when only the title
    #: matched).
    snippet: str


def terms(query: str) -> list[str]:
    """The words of a query, as typed between spaces, that hold a letter or digit (a lone quote or "…" is
    none). A word the index splits ("don't": "don", "t") is searched as its parts in a row."""
    return [w for w in query.split() if _WORD.search(w)]


def fts_query(query: str) -> str:
    """The FTS5 query for what the user typed: each word a quoted string of its parts (so AND, OR, NEAR,
    quotes and colons are plain words, and "don't" is the phrase "don t", not "don" and any word in t…),
    the last a prefix. '' when there is no word."""
    words = terms(query)
    if not words:
        return ""
    quoted = ['"' + " ".join(_WORD.findall(w)) + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search_documents(store: Store, query: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """The documents holding every word of query, best first (bm25, titles weighing more)."""
    words = terms(query)
    return [
        SearchHit(doc_id, title, snippet(text, words, (HIT_START, HIT_END)))
        for doc_id, title, text in ranked_documents(store, query, limit)
    ]


def ranked_documents(store: Store, query: str, limit: int = DEFAULT_LIMIT) -> list[tuple[str, str, str]]:
    """(id, title, text) of the documents holding every word of query, best first: the search without
    its snippets."""
    match = fts_query(query)
    if not match:
        return []
    # Ranked first, the snippets made after for the few kept: FTS5's snippet() in the same query would
    # be computed for every matching document before the LIMIT (100 ms for a common word in 10,000).
    ranked = store._db.execute(
        "SELECT document_id, title FROM document_search WHERE document_search MATCH ? "
        "ORDER BY bm25(document_search, 0.0, 5.0, 1.0) LIMIT ?",
        [match, limit],
    ).fetchall()
    ids = [str(doc_id) for doc_id, _ in ranked]
    texts = dict(
        store._db.execute(
            "SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
        ).fetchall()
    )
    return [
        (doc_id, str(title), str(texts.get(doc_id, "")))
        for doc_id, (_, title) in zip(ids, ranked, strict=True)
    ]


def count_documents(store: Store, query: str) -> int:
    """How many documents hold every word of query."""
    match = fts_query(query)
    if not match:
        return 0
    (n,) = store._db.execute(
        "SELECT count(*) FROM document_search WHERE document_search MATCH ?", [match]
    ).fetchone()
    return int(n)
