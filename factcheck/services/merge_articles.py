"""Which of our documents a teammate's document is: the same text (by sha256), the same id, or a version
of it (same source or title, and enough wording in common), looked up without a query per document."""

from __future__ import annotations

from db.bulk_documents import SearchRowsLater, document_shas
from db.documents import removed_shas
from db.merging import document_keys
from db.store import Store
from factcheck.core.model import Document
from factcheck.core.names import title_cleaned

#: Share of the shorter text's word trigrams the other must have for a same-title text to be a version.
MIN_VERSION_OVERLAP = 0.5


class Articles:
    """Our documents' ids by source and by title (those stored before this merge), loaded once, so that
    looking for our version of each of 10,000 incoming articles is no scan of the table each time; and
    every document's id and sha256 (those this merge adds too), so that a new one costs no query."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._by: dict[tuple[str, str], list[str]] | None = None
        self._removed: set[str] | None = None
        self._shas: dict[str, str] | None = None  # sha256 -> id of every document, those added here too
        self._ids: set[str] = set()
        self.search: SearchRowsLater | None = None  # told of each document added (merge_parts)

    def _digests(self) -> dict[str, str]:
        if self._shas is None:
            self._shas = document_shas(self.store)
            self._ids = set(self._shas.values())
        return self._shas

    def by_sha256(self, sha256: str) -> Document | None:
        """store.document_by_sha256 without a query for a text we do not have (an import's new ones):
        every document's sha256 read once, and those added here since (`added`)."""
        doc_id = self._digests().get(sha256)
        return None if doc_id is None else self.store.document(doc_id)

    def by_id(self, document_id: str) -> Document | None:
        """Our document with this id, if any (looked up only when there is one)."""
        self._digests()
        return self.store.document(document_id) if document_id in self._ids else None

    def added(self, doc: Document) -> None:
        """doc was just stored."""
        self._digests()[doc.sha256] = doc.id
        self._ids.add(doc.id)
        if self.search is not None:
            self.search.added()

    def removed(self, sha256: str) -> bool:
        """Whether the text was removed from this project (`db.documents`): the list, read once."""
        if self._removed is None:
            self._removed = removed_shas(self.store)
        return sha256 in self._removed

    def _index(self) -> dict[tuple[str, str], list[str]]:
        if self._by is None:
            self._by = {}
            for doc_id, source, title in document_keys(self.store):
                self._add(doc_id, source, title)
        return self._by

    def _add(self, doc_id: str, source: str, title: str) -> None:
        assert self._by is not None
        for key in (("source", source), ("title", title)):
            if key[1]:
                self._by.setdefault(key, []).append(doc_id)

    def find(self, source: str, title: str) -> list[Document]:
        """What store.find_documents(source=, title=) gives: same source or title, oldest first."""
        title = title_cleaned(title)  # as the store keeps titles: one with hidden characters finds ours
        index = self._index()
        ids = dict.fromkeys(
            [
                *(index.get(("source", source), []) if source else []),
                *(index.get(("title", title), []) if title else []),
            ]
        )
        return sorted((self.store.document(doc_id) for doc_id in ids), key=lambda d: d.imported_at)


def same_article(theirs: Document, candidates: list[Document], same_id: Document | None) -> Document | None:
    """Our version of their article: same source or title (candidates) or the same id (same_id), and
    enough wording in common."""
    if same_id is not None and same_id.id not in {c.id for c in candidates}:
        candidates.append(same_id)
    if not candidates:
        return None
    theirs_shingles = _shingles(theirs.text)
    best: tuple[float, Document] | None = None
    for candidate in candidates:
        overlap = _overlap(theirs_shingles, _shingles(candidate.text))
        if overlap >= MIN_VERSION_OVERLAP and (best is None or overlap > best[0]):
            best = (overlap, candidate)
    return best[1] if best else None


def _shingles(text: str) -> set[int]:
    words = text.split()
    if len(words) < 3:
        return {hash(" ".join(words))}
    return {hash((words[i], words[i + 1], words[i + 2])) for i in range(len(words) - 2)}


def _overlap(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
