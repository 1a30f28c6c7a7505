"""One copy of a document's text for all the undo steps that check a quote against it.

An edit's undo step keeps its document's text, to check the tag's quote before each write (else the store
would read the whole article back for each undo). But each opening of an article reads a new copy of its
text from the store, and each step kept the copy of its time: a day of switching between articles left
the undo history (up to 2,000 steps) holding a copy per opening, 20 MB each for the 5 MB article (a str
of 5M code points takes 4 bytes each once it holds an emoji), unseen among Python's objects (the
collector does not track a str): ~600 MB over a 10k-action soak. The steps now hold a ``SharedText``, one
per document while any step holds it, which takes the latest copy when an equal one comes (the older
copy then goes with the article it was read for). An article opened again gives its new copy to the
steps at once (``follow``): else, until the next edit on it, the steps kept the copy of the last opening
beside the one open, another 20 MB for the long article.
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import ref

from factcheck.core.model import Document
from factcheck.core.open_document import OpenDocument


class SharedText:
    """A document's text, shared by the undo steps on it."""

    __slots__ = ("__weakref__", "text")

    def __init__(self, text: str) -> None:
        self.text = text


_LIVE: dict[str, ref[SharedText]] = {}


def shared(document_id: str, text: str | None) -> SharedText | None:
    """The one ``SharedText`` of this document's text (None: no text given)."""
    if text is None:
        return None
    held = _LIVE.get(document_id)
    found = held() if held is not None else None
    if found is not None and (found.text is text or found.text == text):
        found.text = text  # the latest copy (the one the open article holds): the older can go
        return found
    made = SharedText(text)
    _LIVE[document_id] = ref(made, _forgetting(document_id))
    return made


def adopt(document_id: str, text: str) -> None:
    """The steps on this document hold ``text`` from now on, if it is the same text (the copy the article
    just opened holds): the older copy can go."""
    held = _LIVE.get(document_id)
    found = held() if held is not None else None
    if found is not None and found.text is not text and found.text == text:
        found.text = text


def follow(open_document: OpenDocument) -> Callable[[], None]:
    """Each document opened gives its copy of its text to the steps on it (``adopt``); returns what
    unsubscribes."""

    def opened(document: Document | None) -> None:
        if document is not None:
            adopt(document.id, document.text)

    return open_document.events.opened.connect(opened)


def _forgetting(document_id: str) -> Callable[[ref[SharedText]], None]:
    def forget(gone: ref[SharedText]) -> None:
        if _LIVE.get(document_id) is gone:
            del _LIVE[document_id]

    return forget


def held() -> int:
    """Documents whose text some undo step holds (for tests)."""
    return sum(1 for r in _LIVE.values() if r() is not None)
