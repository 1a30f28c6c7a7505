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

from factcheck.core.events import Event
from factcheck.core.links import Link


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
    """The live (not deleted) links of the open document, by id and by the tag at either end."""

    def __init__(self) -> None:
        self._document_id: str | None = None
        self._by_id: dict[str, Link] = {}
        # tag id -> ids of the links starting (ending) there, in the order they arrived.
        self._out: dict[str, dict[str, None]] = {}
        self._in: dict[str, dict[str, None]] = {}
        self.events = LinkEvents()

    # -- queries -------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, link_id: object) -> bool:
        return link_id in self._by_id

    def __iter__(self) -> Iterator[Link]:
        return iter(self._by_id.values())

    @property
    def by_id(self) -> Mapping[str, Link]:
        return self._by_id

    def get(self, link_id: str | None) -> Link | None:
        return self._by_id.get(link_id) if link_id is not None else None

    def outgoing(self, tag_id: str) -> list[Link]:
        """The links from this tag, oldest first."""
        return [self._by_id[i] for i in self._out.get(tag_id, ())]

    def incoming(self, tag_id: str) -> list[Link]:
        """The links to this tag, oldest first."""
        return [self._by_id[i] for i in self._in.get(tag_id, ())]

    def of(self, tag_id: str) -> list[Link]:
        """Every link touching this tag: outgoing first, then incoming."""
        return self.outgoing(tag_id) + self.incoming(tag_id)

    def linked(self, tag_id: str) -> bool:
        """True when a link starts or ends at this tag (one lookup: the gutter asks per tag on screen)."""
        return bool(self._out.get(tag_id)) or bool(self._in.get(tag_id))

    def between(self, from_id: str, to_id: str, link_type: str) -> Link | None:
        """The live link of this type from one tag to the other, if any."""
        for link_id in self._out.get(from_id, ()):
            link = self._by_id[link_id]
            if link.to_id == to_id and link.type == link_type:
                return link
        return None

    # -- changes (the window's feed only) -----------------------------------------------------------
    def load(self, document_id: str | None, links: Iterable[Link]) -> None:
        """Take a document's links, silently (``OpenDocument.open`` announces the whole document)."""
        self._document_id = document_id
        self._by_id, self._out, self._in = {}, {}, {}
        for link in links:
            if link.document_id == document_id and link.deleted_at is None:
                self._add(link)

    def reset(self, links: Iterable[Link]) -> None:
        self.load(self._document_id, links)
        self.events.reset.emit(None)

    def upsert(self, link: Link) -> bool:
        """Add or update one link (a tombstone removes it); False if it belongs to another document."""
        if self._document_id is None or link.document_id != self._document_id:
            return False
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
        before = self._by_id.get(link_id)
        if before is None:
            return None
        self._drop(before)
        self.events.changed.emit(LinkChange(before, None))
        return before

    def _add(self, link: Link) -> None:
        self._by_id[link.id] = link
        self._out.setdefault(link.from_id, {})[link.id] = None
        self._in.setdefault(link.to_id, {})[link.id] = None

    def _drop(self, link: Link) -> None:
        del self._by_id[link.id]
        for index, tag_id in ((self._out, link.from_id), (self._in, link.to_id)):
            ids = index.get(tag_id)
            if ids is not None:
                ids.pop(link.id, None)
                if not ids:
                    del index[tag_id]
