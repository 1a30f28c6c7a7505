"""The open document's links: a layer of ``OpenDocument`` beside its tags, of the same shape.

Links (``factcheck.core.links.Link``: typed, directed, from one tag of the document to another) by id,
indexed by the tag at each end, so the views ask "which links touch this tag?" in a dictionary lookup
(the article's gutter marks, the tag detail, the follow key), whatever the number of links.

Events (plain callbacks, as the tag layer's):
- ``LinkLayer.events.changed(LinkChange)``: one link added, edited or removed (tombstoned).
- ``LinkLayer.events.reset(None)``: the links were replaced wholesale (an import, another process).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter

from factcheck.core.events import Event
from factcheck.core.links import Link

_ID, _FROM, _TO = attrgetter("id"), attrgetter("from_id"), attrgetter("to_id")
_PLACE = attrgetter("document_id", "deleted_at")
#: Loads from this many links on are indexed when first needed (``LinkLayer.pending``).
PENDING_MIN = 2_000


@dataclass(frozen=True)
class LinkChange:
    """One link changed: ``before`` None when it is new, ``after`` None when it was removed."""

    before: Link | None
    after: Link | None

    @property
    def link_id(self) -> str:
        link = self.after or self.before
        assert link is not None
        return link.id

    def tag_ids(self) -> set[str]:
        """The tags at the ends of the link, before and after (their marks change)."""
        return {t for ln in (self.before, self.after) if ln is not None for t in (ln.from_id, ln.to_id)}


@dataclass
class LinkEvents:
    changed: Event[LinkChange] = field(default_factory=Event)
    reset: Event[None] = field(default_factory=Event)


class LinkLayer:
    """The live (not deleted) links of the open document, by id and by the tag at either end.

    Opening a document with 20k links must cost little beside the text: a large load is only kept
    (``pending``) until first needed, as the tag layer does, so the article's first paint comes before it
    (the marks follow in the next turn of the event loop); then the links by id and the set of tags they
    touch are built in C-level passes; the per-tag lists behind ``outgoing``/``incoming`` are built on
    first use (the first follow, detail or removal), then kept up to date.
    """

    def __init__(self) -> None:
        self._document_id: str | None = None
        self._by_id: dict[str, Link] = {}
        self._ends: set[str] = set()  # the tags where some link starts or ends
        # tag id -> ids of the links starting (ending) there, in the order they arrived; None until used.
        self._index: tuple[dict[str, dict[str, None]], dict[str, dict[str, None]]] | None = None
        self._pending: list[Link] | None = None
        self.events = LinkEvents()

    # -- a large load, completed when first needed --------------------------------------------------
    @property
    def pending(self) -> bool:
        """True while a large load is not indexed yet; every query completes it."""
        return self._pending is not None

    def complete(self) -> None:
        """Index a pending load now (no event: no answer changes)."""
        rows = self._pending
        if rows is not None:
            self._pending = None
            self._build(rows)

    def empty(self) -> bool:
        """No link here (answered without completing a pending load)."""
        return not (self._pending or self._by_id)

    def snapshot(self) -> list[Link]:
        """Every link, without indexing a pending load (a worker's computation takes it: see TagLayer)."""
        return list(self._pending) if self._pending is not None else list(self._by_id.values())

    def size(self) -> int:
        """``len(self)``, without indexing a pending load."""
        return len(self._pending) if self._pending is not None else len(self._by_id)

    # -- queries -------------------------------------------------------------------------------------
    def __len__(self) -> int:
        self.complete()
        return len(self._by_id)

    def __contains__(self, link_id: object) -> bool:
        self.complete()
        return link_id in self._by_id

    def __iter__(self) -> Iterator[Link]:
        self.complete()
        return iter(self._by_id.values())

    @property
    def by_id(self) -> Mapping[str, Link]:
        self.complete()
        return self._by_id

    def get(self, link_id: str | None) -> Link | None:
        self.complete()
        return self._by_id.get(link_id) if link_id is not None else None

    def outgoing(self, tag_id: str) -> list[Link]:
        """The links from this tag, oldest first."""
        return [self._by_id[i] for i in self._indexes()[0].get(tag_id, ())]

    def incoming(self, tag_id: str) -> list[Link]:
        """The links to this tag, oldest first."""
        return [self._by_id[i] for i in self._indexes()[1].get(tag_id, ())]

    def of(self, tag_id: str) -> list[Link]:
        """Every link touching this tag: outgoing first, then incoming."""
        self.complete()
        if tag_id not in self._ends:
            return []
        return self.outgoing(tag_id) + self.incoming(tag_id)

    def linked(self, tag_id: str) -> bool:
        """True when a link starts or ends at this tag (one lookup: the article asks per tag on screen)."""
        self.complete()
        return tag_id in self._ends

    def between(self, from_id: str, to_id: str, link_type: str) -> Link | None:
        """The live link of this type from one tag to the other, if any."""
        for link in self.outgoing(from_id):
            if link.to_id == to_id and link.type == link_type:
                return link
        return None

    # -- changes (the window's feed only) -----------------------------------------------------------
    def load(self, document_id: str | None, links: Iterable[Link]) -> None:
        """Take a document's links, silently (``OpenDocument.open`` announces the whole document)."""
        self._document_id = document_id
        rows = list(links)
        if rows and set(map(_PLACE, rows)) != {(document_id, None)}:
            rows = [lk for lk in rows if lk.document_id == document_id and lk.deleted_at is None]
        self._by_id, self._ends, self._index = {}, set(), None
        self._pending = rows if len(rows) >= PENDING_MIN else None
        if self._pending is None:
            self._build(rows)

    def _build(self, rows: list[Link]) -> None:
        self._by_id = dict(zip(map(_ID, rows), rows, strict=True))
        self._ends = set(map(_FROM, rows))
        self._ends.update(map(_TO, rows))
        self._index = None

    def reset(self, links: Iterable[Link]) -> None:
        self.load(self._document_id, links)
        self.events.reset.emit(None)

    def upsert(self, link: Link) -> bool:
        """Add or update one link (a tombstone removes it); False if it belongs to another document."""
        if self._document_id is None or link.document_id != self._document_id:
            return False
        self.complete()
        if link.deleted_at is not None:
            self.remove(link.id)
            return True
        before = self._by_id.get(link.id)
        if before is not None:
            self._drop(before)
        self._add(link)
        self.events.changed.emit(LinkChange(before, link))
        return True

    def remove(self, link_id: str) -> Link | None:
        self.complete()
        before = self._by_id.get(link_id)
        if before is None:
            return None
        self._drop(before)
        self.events.changed.emit(LinkChange(before, None))
        return before

    def _indexes(self) -> tuple[dict[str, dict[str, None]], dict[str, dict[str, None]]]:
        self.complete()
        if self._index is None:
            out: dict[str, dict[str, None]] = {}
            into: dict[str, dict[str, None]] = {}
            for link in self._by_id.values():
                out.setdefault(link.from_id, {})[link.id] = None
                into.setdefault(link.to_id, {})[link.id] = None
            self._index = (out, into)
        return self._index

    def _add(self, link: Link) -> None:
        self._by_id[link.id] = link
        self._ends.update((link.from_id, link.to_id))
        if self._index is not None:
            self._index[0].setdefault(link.from_id, {})[link.id] = None
            self._index[1].setdefault(link.to_id, {})[link.id] = None

    def _drop(self, link: Link) -> None:
        del self._by_id[link.id]
        out, into = self._indexes()
        for index, tag_id in ((out, link.from_id), (into, link.to_id)):
            ids = index.get(tag_id)
            if ids is not None:
                ids.pop(link.id, None)
                if not ids:
                    del index[tag_id]
        for tag_id in (link.from_id, link.to_id):
            if tag_id not in out and tag_id not in into:
                self._ends.discard(tag_id)
