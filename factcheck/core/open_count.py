"""The open document's line in the document list (its review state and its tag counts), kept up to
date tag by tag.

``core.curation.document_state`` finds every disagreement of a document to count the open ones: about a
second on a 50k-tag article. ``OpenCount`` does that once (``build``), then follows the open document's
tag layer: each changed tag updates only the disagreements around it (``DisagreementIndex.update``) and
the count by the one rule (``is_open``) that ``document_state`` counts with; the tags per label and per
annotator follow too. So the list's line after a burst of typing costs what the change touched, not the
article (whose rows, counted in SQL, take ~100 ms on 50k tags).

The full computation may run on another thread (``begin``, ``compute``, ``install``, as
``core.review_full`` does for the Review pane): it reads a snapshot of the tags; changes meanwhile are
noted and played on its result, in order, over a copy of the tags as they were at each step, so the
result installed is what a full computation now would give.

The index of the disagreements is the open document's one (``core.shared_index``): taken when the Review
pane (or an earlier count) found it already, offered once found here, and the pane's taken in place of
this one's when the pane finds them again; one index of the article, updated once per change.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from factcheck.core.disagreements import Disagreement, find_disagreements
from factcheck.core.model import Annotation
from factcheck.core.open_document import OpenDocument, TagChange
from factcheck.core.review_incremental import DisagreementIndex
from factcheck.core.shared_index import SharedIndex
from factcheck.core.shared_index import of as shared_of
from factcheck.core.span_index import Span
from factcheck.core.stopping import Stoppable
from factcheck.core.stopping import Stopped as Stopped

#: How a tag is found by id (None: gone).
Lookup = Callable[[str], Annotation | None]


def is_open(d: Disagreement, get: Lookup) -> bool:
    """A disagreement is open unless every one of its live tags has a review decision (none left: open)."""
    tags = [t for i in d.annotation_ids if (t := get(i)) is not None]
    return not tags or not all(t.status for t in tags)


def count_open(items: Iterable[Disagreement], get: Lookup) -> int:
    return sum(1 for d in items if is_open(d, get))


@dataclass
class Counted:
    """What is followed of one document's tags: its disagreements (an index), the open ones, the decided
    tags, and the tags per label and per annotator."""

    index: DisagreementIndex
    open: int
    decided: int
    labels: Counter[str]
    annotators: Counter[str]


def _go_on() -> None:
    """A computation's check when nothing can stop it."""


def count_all(
    tags: list[Annotation], check: Callable[[], None] = _go_on, spans: Mapping[str, Span] | None = None
) -> Counted:
    """The full computation over one document's live tags (``check`` may raise between the steps;
    ``spans``: their span tuples made already, ``TagLayer.span_tuples``, held by the index too)."""
    return _count_all(tags, check, spans)[0]


def _count_all(
    tags: list[Annotation], check: Callable[[], None], spans: Mapping[str, Span] | None = None
) -> tuple[Counted, dict[str, Annotation]]:
    """``count_all``, with the tags by id it made on the way."""
    found = find_disagreements(tags)
    check()
    index = DisagreementIndex(tags, found, spans)
    check()
    by_id = {t.id: t for t in tags}
    counted = Counted(
        index,
        count_open(found, by_id.get),
        sum(1 for t in tags if t.status),
        Counter(t.label for t in tags),
        Counter(t.annotator for t in tags),
    )
    return counted, by_id


def count_from(index: DisagreementIndex, tags: list[Annotation], get: Lookup) -> Counted:
    """The count of one document's live tags (``get`` answers with them) whose disagreements ``index``
    already holds: no disagreement found again."""
    return Counted(
        index,
        count_open(index.disagreements(), get),
        sum(1 for t in tags if t.status),
        Counter(t.label for t in tags),
        Counter(t.annotator for t in tags),
    )


def follow(counted: Counted, before: Annotation | None, after: Annotation | None, get: Lookup) -> bool:
    """One tag changed (``get`` already answers with ``after``): the count updated around it. False when
    the number of annotators crossed two (everything changes: the caller computes in full)."""
    if before is not None:
        counted.decided -= bool(before.status)
        counted.labels[before.label] -= 1
        counted.annotators[before.annotator] -= 1
    if after is not None:
        counted.decided += bool(after.status)
        counted.labels[after.label] += 1
        counted.annotators[after.annotator] += 1
    spans = counted.index.update(before, after, get)
    if spans is None:
        return False
    went, came = spans

    def old(tag_id: str) -> Annotation | None:  # the tags as they were before the change
        if before is not None and tag_id == before.id:
            return before
        return None if after is not None and tag_id == after.id else get(tag_id)

    counted.open += count_open(came, get) - count_open(went, old)
    return True


@dataclass(eq=False)
class Build(Stoppable):
    """A full computation asked for: its snapshot, the changes noted since, and its result once done."""

    document_id: str | None
    tags: list[Annotation]
    log: list[TagChange] = field(default_factory=list)
    result: list[Counted] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)
    #: The snapshot's tags by id, made by ``compute`` (on the worker: the window's thread would spend
    #: ~20 ms of a 50k-tag article's install on it); taken by the first ``replay``.
    by_id: dict[str, Annotation] | None = None
    #: The live tags' span tuples by id (``TagLayer.span_tuples``): the index holds those, not 50k of its
    #: own made on the worker.
    spans: Mapping[str, Span] | None = None

    def replay(self) -> Iterator[tuple[TagChange, dict[str, Annotation]]]:
        """The snapshot brought up to date one noted change at a time: each change with the live tags by
        id just after it (one dict, updated in place)."""
        tags, self.by_id = self.by_id, None
        if tags is None:
            tags = {t.id: t for t in self.tags}
        for change in self.log:
            if change.after is None:
                tags.pop(change.tag_id, None)
            else:
                tags[change.tag_id] = change.after
            yield change, tags

    def tags_now(self) -> list[Annotation]:
        """The snapshot with every change noted since."""
        if not self.log:
            return list(self.tags)
        *_, (_change, tags) = self.replay()
        return list(tags.values())


def compute(build: Build) -> None:
    """The full computation of a snapshot (any thread: reads only the snapshot); raises Stopped."""
    build.check()
    counted, build.by_id = _count_all(build.tags, build.check, build.spans)
    build.result.append(counted)


class OpenCount:
    """The open disagreements, decided tags and tag counts of the open document, following its tag layer.

    Nothing is computed until asked: ``build`` at once, or ``begin`` for another thread (``compute``)
    and ``install``. Until then, and after another document is opened or the tags are replaced
    wholesale, changes are not followed (``built`` False)."""

    def __init__(self, open_document: OpenDocument, shared: SharedIndex | None = None) -> None:
        self.open_document = open_document
        #: The open document's one index of its disagreements (core.shared_index).
        self.shared = shared if shared is not None else shared_of(open_document)
        self.document_id: str | None = None  # the document built for (None: not built)
        self._counted: Counted | None = None
        #: A full computation underway elsewhere: changes are noted in its log.
        self.pending: Build | None = None
        self.builds = 0  # full computations made (for tests and the benchmark)
        self.rebuilt = 0  # of which after a change (the number of annotators crossed two)
        self._unsubscribe = [
            open_document.tags.events.changed.connect(self._changed),
            open_document.tags.events.reset.connect(lambda _none: self.drop()),
            open_document.events.opened.connect(lambda _doc: self.drop()),
            self.shared.on_offer(self._offered),
        ]

    @property
    def built(self) -> bool:
        return self._counted is not None and self.document_id == self.open_document.id

    def close(self) -> None:
        """Follow nothing more (the window goes)."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self.drop()

    def drop(self) -> None:
        """Forget the count (another document, the tags replaced); a computation underway is stopped."""
        if self.pending is not None:
            self.pending.stop()
            self.pending = None
        self.document_id, self._counted = None, None

    def build(self) -> None:
        """Every disagreement of the open document found again, and counted (the full computation)."""
        if self.pending is not None:  # done here instead
            self.pending.stop()
            self.pending = None
        if not self.take_shared():
            tags = self.open_document.tags
            self._counted = count_all(list(tags), spans=tags.span_tuples())
            self.document_id = self.open_document.id
            self.builds += 1
            self.shared.offer(self._counted.index)

    def take_shared(self) -> bool:
        """Count from the open document's index of its disagreements, if one is current (found by the
        Review pane): True when done, no full computation needed (one underway is stopped)."""
        index = self.shared.current()
        if index is None:
            return False
        if self.pending is not None:
            self.pending.stop()
            self.pending = None
        tags = list(self.open_document.tags)
        self._counted = count_from(index, tags, self.open_document.tags.get)
        self.document_id = self.open_document.id
        return True

    def _offered(self, index: DisagreementIndex) -> None:
        """Another index of the open document was found (the Review pane's): followed in place of this
        one's, which is let go of. Not built yet: taken when first asked."""
        if self.built and self._counted is not None and self._counted.index is not index:
            self.take_shared()

    def begin(self) -> Build:
        """Snapshot the open document's tags for a full computation elsewhere (``compute``); changes are
        noted from now on, until ``install``."""
        self.drop()
        tags = self.open_document.tags
        self.pending = Build(self.open_document.id, tags.snapshot(), spans=tags.span_tuples())  # no indexing
        return self.pending

    def install(self, build: Build) -> bool:
        """Play the changes noted since the snapshot on the computed result, then follow from it. False
        (nothing done) when it is not the computation waited for, or it was stopped."""
        if build is not self.pending or build.stopped.is_set() or not build.result:
            return False
        self.pending = None
        if self.take_shared():  # the Review pane found them meanwhile: one index of the article
            self.builds += 1
            return True
        counted = build.result[0]
        for change, tags in build.replay():
            if not follow(counted, change.before, change.after, tags.get):
                self.rebuilt += 1
                counted = count_all(list(tags.values()))
        self._counted, self.document_id = counted, build.document_id
        self.builds += 1
        if build.document_id == self.open_document.id:
            self.shared.offer(counted.index)
        return True

    def state(self) -> tuple[bool, int]:
        """(reviewed: any live tag decided, open disagreements) of the open document; built if needed."""
        counted = self._followed()
        return counted.decided > 0, counted.open

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(live tags per label, per annotator) of the open document, as its rows count them; built if
        needed."""
        counted = self._followed()
        return _positive(counted.labels), _positive(counted.annotators)

    def _followed(self) -> Counted:
        if not self.built:
            self.build()
        assert self._counted is not None
        return self._counted

    def _changed(self, change: TagChange) -> None:
        if self.pending is not None:  # played on its result once it comes
            self.pending.log.append(change)
            return
        if not self.built or self._counted is None:
            return
        if not follow(self._counted, change.before, change.after, self.open_document.tags.get):
            self.rebuilt += 1  # the number of annotators crossed two: every disagreement changes
            self.drop()
            self.build()


def _positive(counter: Counter[str]) -> dict[str, int]:
    return {name: n for name, n in counter.items() if n > 0}
