"""The open document's line in the document list (its review state and its tag counts), kept up to
date tag by tag.

``core.curation.document_state`` finds every disagreement of a document to count the open ones: about a
second on a 50k-tag article. ``OpenCount`` does that once (``build``), then follows the open document's
tag layer: each changed tag updates only the disagreements around it (``DisagreementIndex.update``) and
the count by the one rule (``is_open``) that ``document_state`` counts with; the tags per label and per
annotator follow too. So the list's line after a burst of typing costs what the change touched, not the
article (whose rows, counted in SQL, take ~100 ms on 50k tags).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from factcheck.core.disagreements import Disagreement, find_disagreements
from factcheck.core.model import Annotation
from factcheck.core.open_document import OpenDocument, TagChange
from factcheck.core.review_incremental import DisagreementIndex

#: How a tag is found by id (None: gone).
Lookup = Callable[[str], Annotation | None]


def is_open(d: Disagreement, get: Lookup) -> bool:
    """A disagreement is open unless every one of its live tags has a review decision (none left: open)."""
    tags = [t for i in d.annotation_ids if (t := get(i)) is not None]
    return not tags or not all(t.status for t in tags)


def count_open(items: Iterable[Disagreement], get: Lookup) -> int:
    return sum(1 for d in items if is_open(d, get))


class OpenCount:
    """The open disagreements, decided tags and tag counts of the open document, following its tag layer.

    Nothing is computed until ``build`` (the first time the list asks); until then, and after another
    document is opened or the tags are replaced wholesale, changes are not followed (``built`` False)."""

    def __init__(self, open_document: OpenDocument) -> None:
        self.open_document = open_document
        self.document_id: str | None = None  # the document built for (None: not built)
        self.open = 0
        self.decided = 0  # live tags with a review decision (none: the document is not reviewed)
        #: Live tags per label and per annotator: the line's counts, without reading the article's rows.
        self.labels: Counter[str] = Counter()
        self.annotators: Counter[str] = Counter()
        self._index: DisagreementIndex | None = None
        self.builds = 0  # full computations made (for tests and the benchmark)
        self.rebuilt = 0  # of which after a change (the number of annotators crossed two)
        self._unsubscribe = [
            open_document.tags.events.changed.connect(self._changed),
            open_document.tags.events.reset.connect(lambda _none: self.drop()),
            open_document.events.opened.connect(lambda _doc: self.drop()),
        ]

    @property
    def built(self) -> bool:
        return self.document_id is not None and self.document_id == self.open_document.id

    def close(self) -> None:
        """Follow nothing more (the window goes)."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self.drop()

    def drop(self) -> None:
        self.document_id, self._index = None, None
        self.open = self.decided = 0
        self.labels, self.annotators = Counter(), Counter()

    def build(self) -> None:
        """Every disagreement of the open document found again, and counted (the full computation)."""
        layer = self.open_document.tags
        tags = list(layer)
        found = find_disagreements(tags)
        self._index = DisagreementIndex(tags, found)
        self.open = count_open(found, layer.get)
        self.decided = sum(1 for t in tags if t.status)
        self.labels = Counter(t.label for t in tags)
        self.annotators = Counter(t.annotator for t in tags)
        self.document_id = self.open_document.id
        self.builds += 1

    def state(self) -> tuple[bool, int]:
        """(reviewed: any live tag decided, open disagreements) of the open document; built if needed."""
        if not self.built:
            self.build()
        return self.decided > 0, self.open

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(live tags per label, per annotator) of the open document, as its rows count them; built if
        needed."""
        if not self.built:
            self.build()
        return _positive(self.labels), _positive(self.annotators)

    def _changed(self, change: TagChange) -> None:
        if not self.built or self._index is None:
            return
        before, after = change.before, change.after
        layer = self.open_document.tags
        if before is not None:
            self.decided -= bool(before.status)
            self.labels[before.label] -= 1
            self.annotators[before.annotator] -= 1
        if after is not None:
            self.decided += bool(after.status)
            self.labels[after.label] += 1
            self.annotators[after.annotator] += 1
        spans = self._index.update(before, after, layer.get)
        if spans is None:  # the number of annotators crossed two: every disagreement changes
            self.rebuilt += 1
            self.build()
            return
        went, came = spans

        def old(tag_id: str) -> Annotation | None:  # the tags as they were before the change
            if before is not None and tag_id == before.id:
                return before
            return None if after is not None and tag_id == after.id else layer.get(tag_id)

        self.open += count_open(came, layer.get) - count_open(went, old)


def _positive(counter: Counter[str]) -> dict[str, int]:
    return {name: n for name, n in counter.items() if n > 0}
