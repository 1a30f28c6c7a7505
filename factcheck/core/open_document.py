"""The document open in the window, and what is shown of it: the one truth every view adapts to.

``OpenDocument`` holds the document and its layers. Today there is one layer, ``tags`` (a ``TagLayer``);
links, speakers and claim cards become sibling layers of the same shape: their items by id, the indexes
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
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter, lt
from typing import Literal

from factcheck.core.events import Event
from factcheck.core.model import Annotation, Document
from factcheck.core.span_index import Span, SpanIndex

FilterName = Literal["article", "list"]

_SPAN = attrgetter("start", "end", "id")
_FLAGS = attrgetter("document_id", "deleted_at", "orphaned")
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


class TagLayer:
    """The live (not deleted) tags of the open document, by id, with what the views ask of them.

    Two filters, as the views have them: ``article_filter`` chooses the tags drawn in the article (the
    review panel's annotator pair), ``list_filter`` the rows of the tag table (its label and annotator
    boxes). ``index`` holds the drawn tags: those with a valid span on the text (not orphaned) that pass
    the article filter; it answers "which tags are here?" and "which tag comes next?".
    """

    def __init__(self) -> None:
        self._document: Document | None = None
        self._tags: dict[str, Annotation] = {}
        self._annotators: Counter[str] = Counter()  # over every tag
        self._drawn_annotators: Counter[str] = Counter()  # over the drawn tags
        self.index = SpanIndex()
        self.article_filter = TagFilter()
        self.list_filter = TagFilter()
        self.events = TagEvents()

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

    def span(self, tag_id: str | None) -> tuple[int, int] | None:
        """(start, end) of a drawn tag, else None."""
        return self.index.get(tag_id) if tag_id is not None else None

    def at(self, cp: int) -> list[Annotation]:
        """The drawn tags covering code point ``cp``, innermost first."""
        return [self._tags[sid] for _, _, sid in self.index.at(cp)]

    def overlapping(self, a: int, b: int) -> list[Span]:
        """Drawn spans (start, end, id) sharing a character with [a, b), in no particular order."""
        return self.index.overlapping(a, b)

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
        """Everyone with a tag here, sorted."""
        return sorted(name for name, n in self._annotators.items() if n > 0)

    def annotator_counts(self) -> dict[str, int]:
        return {name: n for name, n in self._annotators.items() if n > 0}

    def label_counts(self) -> dict[str, int]:
        return dict(Counter(map(_LABEL, self._tags.values())))

    def drawn_annotators(self) -> list[str]:
        """Everyone with a drawn tag, sorted (several: the article marks whose tag is whose)."""
        return sorted(name for name, n in self._drawn_annotators.items() if n > 0)

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
        in the usual case (every tag fine, no filter) a few C-level passes (attrgetter maps) do it all."""
        self._document = document
        anns = list(tags)
        spans: list[Span] = list(map(_SPAN, anns))
        ok = (
            document is not None
            and (not anns or set(map(_FLAGS, anns)) == {(document.id, None, False)})
            and (
                not spans
                or (min(map(_FIRST, spans)) >= 0 and max(map(_SECOND, spans)) <= len(document.text))
            )
            and all(map(lt, map(_FIRST, spans), map(_SECOND, spans)))
        )
        if ok:
            self._tags = dict(zip(map(_THIRD, spans), anns, strict=True))
            self._annotators = Counter(map(_ANNOTATOR, anns))
        else:
            doc_id = document.id if document is not None else None
            self._tags = {a.id: a for a in anns if a.document_id == doc_id and not a.deleted}
            self._annotators = Counter(map(_ANNOTATOR, self._tags.values()))
        if ok and self.article_filter.everything and len(self._tags) == len(spans):
            self.index = SpanIndex(spans)
            self._drawn_annotators = Counter(self._annotators)
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
            self.index.add(tag.id, tag.start, tag.end)
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
        if self.index.remove(before.id) is not None:
            self._drawn_annotators[before.annotator] -= 1

    def _rebuild_index(self) -> None:
        f = self.article_filter
        drawn = [t for t in self._tags.values() if self.drawable(t) and f.accepts(t)]
        self.index = SpanIndex(map(_SPAN, drawn))
        self._drawn_annotators = Counter(map(_ANNOTATOR, drawn))


@dataclass
class DocumentEvents:
    opened: Event[Document | None] = field(default_factory=Event)


class OpenDocument:
    """The open document (or None) and its layers; see the module docstring."""

    def __init__(self) -> None:
        self.document: Document | None = None
        self.tags = TagLayer()
        self.events = DocumentEvents()

    @property
    def id(self) -> str | None:
        return self.document.id if self.document is not None else None

    @property
    def text(self) -> str:
        """The stored text (never text read back from a widget)."""
        return self.document.text if self.document is not None else ""

    def open(self, document: Document | None, tags: Iterable[Annotation] = ()) -> None:
        """Show ``document`` with its tags (None: nothing open)."""
        self.document = document
        self.tags.load(document, tags if document is not None else ())
        self.events.opened.emit(document)
