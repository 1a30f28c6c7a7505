"""The document open in the window, and what is shown of it: the one truth every view adapts to.

``OpenDocument`` holds the document and its layers. Its layers: ``tags`` (a ``TagLayer``) and
``links`` (a ``LinkLayer``, factcheck/core/link_layer.py); claim cards become a sibling layer of the same
shape: their items by id, the indexes
the views query, the filters, and events announcing every change. Views hold no copy of a layer's items:
they subscribe to its events and ask it.

Who writes: exactly one place feeds the project's changes in (the window's feed from the store's
signals); views only query, and set the filters they own.

Events (``factcheck.core.events.Event``, plain callbacks):
- ``OpenDocument.events.opened(document)``: another document (or None) was opened; every layer was
  reloaded with it, silently.
- ``TagLayer.events.changed(TagChange)``: one tag added, edited or removed.
- ``TagLayer.events.reset(None)``: the tags were replaced wholesale (an import, another process).
- ``TagLayer.events.filter_changed(name)``: the ``"article"`` or ``"list"`` filter changed.
- ``TagLayer.events.indexed(None)``: a large load is indexed (by ``index_some``, its last slice; or by
  the first ``index_some`` after a question completed it): what waited for every tag may read them now.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import compress, islice, repeat
from operator import attrgetter, itemgetter, le, lt, ne
from typing import Literal

from factcheck.core.events import Event
from factcheck.core.fragments import pieces
from factcheck.core.link_layer import LinkLayer
from factcheck.core.links import Link
from factcheck.core.model import Annotation, Document
from factcheck.core.span_index import Span, SpanIndex, spans_of

FilterName = Literal["article", "list"]

#: Loads from this many tags on are indexed lazily (``TagLayer.pending``); below, at once (a few ms).
PREVIEW_MIN = 5_000
#: While pending, ``overlapping_tags`` answers from the loaded list when at most this many tags start
#: before the range (the first screens of the text); beyond, it completes the load.
PREVIEW_SCAN = 500

_SPAN = attrgetter("start", "end", "id")
_START = attrgetter("start")
_FLAGS = attrgetter("document_id", "deleted_at", "orphaned")
_LIVE = attrgetter("document_id", "deleted_at")
_ANNOTATOR = attrgetter("annotator")
_LABEL = attrgetter("label")
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


@dataclass(frozen=True)
class TagFilter:
    """Which tags a view shows: None lets every label (annotator) through."""

    labels: frozenset[str] | None = None
    annotators: frozenset[str] | None = None

    @property
    def everything(self) -> bool:
        return self.labels is None and self.annotators is None

    def accepts(self, tag: Annotation) -> bool:
        return (self.labels is None or tag.label in self.labels) and (
            self.annotators is None or tag.annotator in self.annotators
        )


@dataclass(frozen=True)
class TagChange:
    """One tag changed: ``before`` None when it is new, ``after`` None when it was removed."""

    before: Annotation | None
    after: Annotation | None

    @property
    def tag_id(self) -> str:
        tag = self.after or self.before
        assert tag is not None
        return tag.id


@dataclass
class TagEvents:
    changed: Event[TagChange] = field(default_factory=Event)
    reset: Event[None] = field(default_factory=Event)
    filter_changed: Event[FilterName] = field(default_factory=Event)
    indexed: Event[None] = field(default_factory=Event)


class TagLayer:
    """The live (not deleted) tags of the open document, by id, with what the views ask of them.

    Two filters, as the views have them: ``article_filter`` chooses the tags drawn in the article (the
    review panel's annotator pair), ``list_filter`` the rows of the tag table (its label and annotator
    boxes). ``index`` holds the drawn tags: those with a valid span on the text (not orphaned) that pass
    the article filter; it answers "which tags are here?" and "which tag comes next?".
    """

    def __init__(self) -> None:
        self._document: Document | None = None
        # The complete state, read through the properties below (which complete a pending load first).
        self._by_id: dict[str, Annotation] = {}
        self._annotators_: Counter[str] = Counter()  # over every tag
        self._drawn_annotators_: Counter[str] = Counter()  # over the drawn tags
        self._index = SpanIndex()
        # A large load, kept as loaded (sorted by start) until first needed; see ``pending``.
        self._pending: list[Annotation] | None = None
        self._pending_starts: list[int] = []
        self._done = 0  # how many of the pending tags (the first, by start) are indexed already
        self._announce = False  # a pending load whose ``indexed`` event is still to come
        self.article_filter = TagFilter()
        self.list_filter = TagFilter()
        self.events = TagEvents()
        #: Span tuples already made elsewhere, by id (the live layer's, for a worker's copy of it): a load
        #: reuses the one of a tag whose span is the same (``span_index.spans_of``) instead of making it.
        self.reuse: Mapping[str, Span] | None = None

    # -- a large load, completed when first needed -------------------------------------------------------
    @property
    def pending(self) -> bool:
        """True while a large load is not indexed yet (right after ``load``, until the first question that
        needs every tag, or ``complete()``). Nothing reads an incomplete state: every query completes it,
        except ``overlapping_tags`` near the start of the text and ``several_drawn``, which answer from
        the loaded list. So the first screen of a long article is drawn before 50k tags are indexed.
        """
        return self._pending is not None

    def complete(self) -> None:
        """Index the rest of a pending load now (a question needing every tag). No event here: no answer
        changes, and the asker may be in the middle of a paint; ``index_some`` announces it."""
        if self._pending is not None:
            self._index_next(len(self._pending))

    def index_some(self, count: int) -> bool:
        """Index the next ``count`` tags of a pending load (by start), so that a long article is indexed
        in slices, one per turn of the event loop, never all in one. True once nothing is pending; then,
        once per large load, ``events.indexed`` is emitted (from here, not from a question's completion).
        Until then the load stays pending: every question needing every tag still completes it first."""
        if self._pending is not None:
            self._index_next(count)
        if self._pending is None and self._announce:
            self._announce = False
            self.events.indexed.emit(None)
        return self._pending is None

    def _index_next(self, count: int) -> None:
        """Index ``_pending[_done:_done + count]`` into the state so far, as ``_build`` would."""
        anns = self._pending
        assert anns is not None
        done = self._done
        part = anns[done : done + count]
        self._done = done + len(part)
        if self._done >= len(anns):
            self._pending, self._pending_starts, self._done = None, [], 0
        if not part:
            return
        document = self._document
        assert document is not None  # only a document's load is kept pending
        spans: list[Span] = list(map(_SPAN, part)) if self.reuse is None else spans_of(part, self.reuse)
        ok = (
            set(map(_FLAGS, part)) == {(document.id, None, False)}
            and min(map(_FIRST, spans)) >= 0
            and max(map(_SECOND, spans)) <= len(document.text)
            and all(map(lt, map(_FIRST, spans), map(_SECOND, spans)))
        )
        kept = part if ok else [a for a in part if a.document_id == document.id and not a.deleted]
        size = len(self._by_id)
        self._by_id.update(zip(map(_THIRD, spans), part, strict=True) if ok else ((a.id, a) for a in kept))
        if len(self._by_id) - size != len(kept):  # an id seen twice: the whole load the plain way
            self._pending, self._pending_starts, self._done = None, [], 0
            self._build(anns)
            return
        self._annotators_.update(map(_ANNOTATOR, kept))
        if ok and self.article_filter.everything:
            drawn, drawn_spans = kept, spans
        else:
            f = self.article_filter
            chosen = [self.drawable(t) and f.accepts(t) for t in kept]
            drawn = list(compress(kept, chosen))
            # (kept is the slice when ok: its spans are the slice's)
            drawn_spans = list(compress(spans, chosen)) if ok else list(map(_SPAN, drawn))
        self._index.extend(drawn_spans)
        self._drawn_annotators_.update(map(_ANNOTATOR, drawn))

    @property
    def _tags(self) -> dict[str, Annotation]:
        self.complete()
        return self._by_id

    @property
    def _annotators(self) -> Counter[str]:
        self.complete()
        return self._annotators_

    @property
    def _drawn_annotators(self) -> Counter[str]:
        self.complete()
        return self._drawn_annotators_

    @property
    def index(self) -> SpanIndex:
        """The drawn tags' spans."""
        self.complete()
        return self._index

    # -- queries -------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._tags)

    def __contains__(self, tag_id: object) -> bool:
        return tag_id in self._tags

    def __iter__(self) -> Iterator[Annotation]:
        return iter(self._tags.values())

    @property
    def by_id(self) -> Mapping[str, Annotation]:
        """Every tag by id (read only: change them through upsert/remove/reset)."""
        return self._tags

    def get(self, tag_id: str | None) -> Annotation | None:
        return self._tags.get(tag_id) if tag_id is not None else None

    def __getitem__(self, tag_id: str) -> Annotation:
        return self._tags[tag_id]

    def ids(self) -> list[str]:
        return list(self._tags)

    def drawn(self, tag_id: str | None) -> bool:
        """True when the tag is drawn in the article (valid span, passes the article filter)."""
        return tag_id is not None and tag_id in self.index

    def span_tuples(self) -> Mapping[str, Span] | None:
        """Span tuples of these tags by id, for another index of them to hold the same tuples
        (``span_index.spans_of``, which checks each): the drawn tags' if the index keeps that map already
        (a pending load is not indexed for it), else those this layer reused (``reuse``), else None.
        Read only."""
        made = self._index.made()
        return made if made is not None else self.reuse

    def span(self, tag_id: str | None) -> tuple[int, int] | None:
        """(start, end) of a drawn tag, else None."""
        return self.index.get(tag_id) if tag_id is not None else None

    def at(self, cp: int) -> list[Annotation]:
        """The drawn tags covering code point ``cp``, innermost first (a discontinuous tag only on its
        pieces, not in the gaps between them)."""
        found = [self._tags[sid] for _, _, sid in self.index.at(cp)]
        return [t for t in found if not t.fragments or any(s <= cp < e for s, e in t.fragments)]

    def pieces(self, tag_id: str | None) -> tuple[tuple[int, int], ...]:
        """The pieces (start, end) of a drawn tag: one for a continuous tag, several for a discontinuous
        one; () when the tag is not drawn."""
        if tag_id is None or self.index.get(tag_id) is None:
            return ()
        return pieces(self._tags[tag_id])

    def overlapping(self, a: int, b: int) -> list[Span]:
        """Drawn spans (start, end, id) sharing a character with [a, b), in no particular order."""
        return self.index.overlapping(a, b)

    def overlapping_tags(self, a: int, b: int) -> list[tuple[int, int, Annotation]]:
        """The drawn tags sharing a character with [a, b) (a == b: containing a), as (start, end, tag),
        in no particular order. While a load is pending it is not completed for it: near the start of the
        text the answer comes from the loaded list (sorted by start: only the tags starting before b are
        looked at), else from the slices indexed so far, once they hold every tag starting before b (the
        slices up to there are indexed now: a screen deep in the text indexes what precedes it only)."""
        if self._pending is not None:
            hi = bisect_left(self._pending_starts, b if b > a else a + 1)
            if hi > self._done and hi <= PREVIEW_SCAN:
                f, drawable = self.article_filter, self.drawable
                return _split_pieces(
                    [
                        (t.start, t.end, t)
                        for t in self._pending[:hi]
                        if t.end > a and drawable(t) and f.accepts(t)
                    ],
                    a,
                    b,
                )
            if hi > self._done:
                self._index_next(hi - self._done)
            by_id = self._by_id  # exact for [a, b): every tag starting before b is indexed
            return _split_pieces([(s, e, by_id[sid]) for s, e, sid in self._index.overlapping(a, b)], a, b)
        tags = self._tags
        return _split_pieces([(s, e, tags[sid]) for s, e, sid in self.index.overlapping(a, b)], a, b)

    def step(self, current: str | None, pos: int = 0, *, backward: bool = False) -> str | None:
        """The drawn tag after (before) ``current`` in text order; without a drawn current tag, the first
        one at or after code point ``pos`` (backward: the last one before it). Wraps around."""
        if current is not None and current in self.index:
            return self.index.step(current, backward=backward)
        return self.index.step(None, pos, backward=backward)

    def visible(self, tag_filter: TagFilter | None = None) -> list[Annotation]:
        """The tags passing ``tag_filter`` (default: the list filter), in no particular order."""
        f = self.list_filter if tag_filter is None else tag_filter
        if f.everything:
            return list(self._tags.values())
        return [t for t in self._tags.values() if f.accepts(t)]

    def annotators(self) -> list[str]:
        """Everyone with a tag here, sorted (a pending load is not indexed for it: one pass over it)."""
        if self._pending is not None:
            return sorted(set(map(_ANNOTATOR, self.snapshot())))
        return sorted(name for name, n in self._annotators.items() if n > 0)

    def snapshot(self) -> list[Annotation]:
        """Every tag, in no particular order, without indexing a pending load: what a computation on a
        worker thread takes (it indexes its own copy there), so that opening a long article with the
        Review pane open does not index it on the window's thread before the article's first paint."""
        if self._pending is None:
            return list(self._by_id.values())
        doc_id = self._document.id if self._document is not None else None
        if set(map(_LIVE, self._pending)) == {(doc_id, None)}:  # the usual case: one pass in C
            return list(self._pending)
        return [a for a in self._pending if a.document_id == doc_id and not a.deleted]  # as ``_build``

    def size(self) -> int:
        """``len(self)``, without indexing a pending load (which may count a stray row ``_build`` drops)."""
        return len(self._pending) if self._pending is not None else len(self._by_id)

    def annotator_counts(self) -> dict[str, int]:
        return {name: n for name, n in self._annotators.items() if n > 0}

    def label_counts(self) -> dict[str, int]:
        return dict(Counter(map(_LABEL, self._tags.values())))

    def drawn_annotators(self) -> list[str]:
        """Everyone with a drawn tag, sorted (several: the article marks whose tag is whose)."""
        return sorted(name for name, n in self._drawn_annotators.items() if n > 0)

    def several_drawn(self) -> bool:
        """True when tags of more than one annotator are drawn (the article then marks whose is whose).

        While a load is pending it does not complete it: it answers from the loaded list, stopping at the
        first tag by someone other than the first (under the article filter; orphans counted, so it may
        say True where the complete answer is False, until the load completes)."""
        if self._pending is None:
            return sum(1 for n in self._drawn_annotators.values() if n > 0) > 1
        names: Iterator[str] = map(_ANNOTATOR, self._pending)
        allowed = self.article_filter.annotators
        if allowed is not None:
            names = filter(allowed.__contains__, names)
        first = next(names, None)
        return first is not None and any(map(ne, names, repeat(first)))

    def drawable(self, tag: Annotation) -> bool:
        """A tag of this document whose span lies on its text (orphans and tombstones do not)."""
        doc = self._document
        return (
            doc is not None
            and tag.document_id == doc.id
            and not tag.deleted
            and not tag.orphaned
            and 0 <= tag.start < tag.end <= len(doc.text)
        )

    # -- changes ---------------------------------------------------------------------------------------
    def load(self, document: Document | None, tags: Iterable[Annotation]) -> None:
        """Take ``document``'s tags, silently (``OpenDocument.open`` announces the whole document).

        This runs on every open over up to 50k tags, where each pass over the objects costs milliseconds:
        in the usual case (every tag fine, no filter) a few C-level passes (attrgetter maps) do it all.
        A large load sorted by start (as the store reads them) is only kept, pending (see ``pending``)."""
        self._document = document
        anns = list(tags)
        self._pending, self._pending_starts, self._done, self._announce = None, [], 0, False
        if document is not None and len(anns) >= PREVIEW_MIN:
            starts = list(map(_START, anns))
            if all(map(le, starts, islice(starts, 1, None))):
                self._pending, self._pending_starts, self._announce = anns, starts, True
                self._by_id, self._index = {}, SpanIndex()
                self._annotators_, self._drawn_annotators_ = Counter(), Counter()
                return
        self._build(anns)

    def _build(self, anns: list[Annotation]) -> None:
        document = self._document
        spans: list[Span] = list(map(_SPAN, anns)) if self.reuse is None else spans_of(anns, self.reuse)
        ok = (
            document is not None
            and (not anns or set(map(_FLAGS, anns)) == {(document.id, None, False)})
            and (
                not spans or (min(map(_FIRST, spans)) >= 0 and max(map(_SECOND, spans)) <= len(document.text))
            )
            and all(map(lt, map(_FIRST, spans), map(_SECOND, spans)))
        )
        if ok:
            self._by_id = dict(zip(map(_THIRD, spans), anns, strict=True))
            self._annotators_ = Counter(map(_ANNOTATOR, anns))
        else:
            doc_id = document.id if document is not None else None
            self._by_id = {a.id: a for a in anns if a.document_id == doc_id and not a.deleted}
            self._annotators_ = Counter(map(_ANNOTATOR, self._by_id.values()))
        if ok and self.article_filter.everything and len(self._by_id) == len(spans):
            self._index = SpanIndex(spans)
            self._drawn_annotators_ = Counter(self._annotators_)
        else:
            self._rebuild_index()

    def reset(self, tags: Iterable[Annotation]) -> None:
        """Replace every tag of the open document (an import, another process's writes)."""
        self.load(self._document, tags)
        self.events.reset.emit(None)

    def upsert(self, tag: Annotation) -> bool:
        """Add or update one tag (a tombstone removes it); False if it belongs to another document."""
        if self._document is None or tag.document_id != self._document.id:
            return False
        if tag.deleted:
            self.remove(tag.id)
            return True
        before = self._tags.get(tag.id)
        self._forget(before)
        self._tags[tag.id] = tag
        self._annotators[tag.annotator] += 1
        if self.drawable(tag) and self.article_filter.accepts(tag):
            self._index.add(tag.id, tag.start, tag.end)
            self._drawn_annotators[tag.annotator] += 1
        self.events.changed.emit(TagChange(before, tag))
        return True

    def remove(self, tag_id: str) -> Annotation | None:
        """Drop one tag; returns it (None when it was not here)."""
        before = self._tags.pop(tag_id, None)
        if before is None:
            return None
        self._forget(before)
        self.events.changed.emit(TagChange(before, None))
        return before

    def set_filter(self, name: FilterName, tag_filter: TagFilter) -> None:
        if name == "article":
            if tag_filter == self.article_filter:
                return
            self.complete()
            self.article_filter = tag_filter
            self._rebuild_index()
        else:
            if tag_filter == self.list_filter:
                return
            self.list_filter = tag_filter
        self.events.filter_changed.emit(name)

    def _forget(self, before: Annotation | None) -> None:
        """Take ``before`` (the stored version of a tag) out of the counts and the index."""
        if before is None:
            return
        self._annotators[before.annotator] -= 1
        if self._index.remove(before.id) is not None:
            self._drawn_annotators[before.annotator] -= 1

    def _rebuild_index(self) -> None:
        f = self.article_filter
        drawn = [t for t in self._by_id.values() if self.drawable(t) and f.accepts(t)]
        self._index = SpanIndex(map(_SPAN, drawn))
        self._drawn_annotators_ = Counter(map(_ANNOTATOR, drawn))


def _split_pieces(
    found: list[tuple[int, int, Annotation]], a: int, b: int
) -> list[tuple[int, int, Annotation]]:
    """A discontinuous tag (indexed by its envelope) as its pieces overlapping [a, b): the highlighter,
    the markers and the candidates then see the words tagged, never the gap between them."""
    if not any(t.fragments for _, _, t in found):
        return found
    out: list[tuple[int, int, Annotation]] = []
    for s, e, t in found:
        if not t.fragments:
            out.append((s, e, t))
            continue
        out.extend((ps, pe, t) for ps, pe in t.fragments if ps < max(b, a + 1) and pe > a)
    return out


@dataclass
class DocumentEvents:
    opened: Event[Document | None] = field(default_factory=Event)


class OpenDocument:
    """The open document (or None) and its layers; see the module docstring."""

    def __init__(self) -> None:
        self.document: Document | None = None
        self.tags = TagLayer()
        self.links = LinkLayer()
        self.events = DocumentEvents()

    @property
    def id(self) -> str | None:
        return self.document.id if self.document is not None else None

    @property
    def text(self) -> str:
        """The stored text (never text read back from a widget)."""
        return self.document.text if self.document is not None else ""

    def open(
        self, document: Document | None, tags: Iterable[Annotation] = (), links: Iterable[Link] = ()
    ) -> None:
        """Show ``document`` with its tags and links (None: nothing open)."""
        self.document = document
        self.tags.load(document, tags if document is not None else ())
        self.links.load(document.id if document is not None else None, links if document is not None else ())
        self.events.opened.emit(document)
