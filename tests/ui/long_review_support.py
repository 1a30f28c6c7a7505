"""A long article for the review switch tests: many sentences, each tagged by two annotators who disagree
on a part of them (so the Review pane lists one disagreement or more per sentence), built in one
transaction; and a spy on how a tag layer gets indexed, per call and per thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from db import Store
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import TagLayer
from factcheck.core.spans import new_annotation

SENTENCE = "Officials said the new bridge cost {n} million, twice the first estimate."
PARAGRAPH = 5  # sentences a paragraph (the window highlights a paragraph at a time)


def _sentence(n: int) -> str:
    return SENTENCE.format(n=n) + ("\n" if n % PARAGRAPH == PARAGRAPH - 1 else " ")


def long_article(store: Store, sentences: int, title: str = "Long") -> Document:
    """An article of ``sentences`` sentences in paragraphs of five; in each, ana and ben tag the claim
    and its characterization differently (two disagreements a sentence), four tags a sentence in all."""
    text = "".join(map(_sentence, range(sentences)))
    doc, _ = store.add_document(Document.create(text, title=title, source=f"{title}.txt"))
    tags: list[Annotation] = []
    at = 0
    for n in range(sentences):
        sentence = _sentence(n)
        cost = at + sentence.index("the new bridge")
        twice = at + sentence.index("twice")
        tags += [
            new_annotation(doc, cost, cost + len("the new bridge cost"), "claim", "ana"),
            new_annotation(doc, cost, cost + len("the new bridge"), "claim", "ben"),
            new_annotation(doc, twice, twice + len("twice the first estimate"), "characterization", "ana"),
            new_annotation(doc, twice, twice + len("twice"), "denial", "ben"),
        ]
        at += len(sentence)
    store.put_annotations(tags)
    return doc


@dataclass
class Indexing:
    """Each ``TagLayer._index_next`` call: how many tags it indexed, and whether on the window's thread."""

    calls: list[tuple[int, bool]] = field(default_factory=list)
    #: What happened in order: "window" for each call on the window's thread (others may log here too).
    order: list[str] = field(default_factory=list)

    def on_window_thread(self) -> list[int]:
        return [n for n, main in self.calls if main]


def spy_indexing(monkeypatch: pytest.MonkeyPatch) -> Indexing:
    seen = Indexing()
    real = TagLayer._index_next

    def spy(layer: TagLayer, count: int) -> None:
        pending = layer._pending
        before = len(pending) - layer._done if pending is not None else 0
        main = threading.current_thread() is threading.main_thread()
        seen.calls.append((min(count, before), main))
        if main:
            seen.order.append("window")
        real(layer, count)

    monkeypatch.setattr(TagLayer, "_index_next", spy)
    return seen
