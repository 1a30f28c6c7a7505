"""One index of the open document's disagreements between every annotator, for all who follow them.

The Review pane (``ReviewSession``, comparing everyone) and the document list's line of the open document
(``core.open_count``) follow the same disagreements. Each found them and kept them up to date on its own:
on the 50k-tag article two copies all day (each 25,600 ``Disagreement`` objects and a set of them per tag,
~77k objects), and every edit updated both. ``SharedIndex`` holds the one: whoever computes it over the
open document's current tags offers it (``offer``); the others take it (``current``, ``on_offer``)
instead of keeping theirs. It stays current while held: it follows the tag layer itself, and a follower
told of the same change gets the same answer (``DisagreementIndex.update``), so each change updates it
once, whoever is told first. Another document opened, the tags replaced, or the number of annotators
crossing two (everything changes) lets it go; the next to compute in full offers the next.

``of(open_document)`` gives the one of an ``OpenDocument`` (made on first use).
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakKeyDictionary, WeakMethod, ref

from factcheck.core.open_document import OpenDocument, TagChange
from factcheck.core.review_incremental import DisagreementIndex

_SHARED: WeakKeyDictionary[OpenDocument, SharedIndex] = WeakKeyDictionary()


def of(open_document: OpenDocument) -> SharedIndex:
    """The shared index of this open document's disagreements (made on first use)."""
    shared = _SHARED.get(open_document)
    if shared is None:
        shared = _SHARED[open_document] = SharedIndex(open_document)
    return shared


class SharedIndex:
    def __init__(self, open_document: OpenDocument) -> None:
        # Not held: the table of them keeps each while its open document lives (a value holding its key
        # would keep both forever).
        self._open_document = ref(open_document)
        self._index: DisagreementIndex | None = None
        self._document_id: str | None = None
        self._takers: list[WeakMethod[Callable[[DisagreementIndex], None]]] = []
        tags = open_document.tags
        # Subscribed for as long as the open document lives (one per open document): nothing to undo.
        tags.events.changed.connect(self._changed)
        tags.events.reset.connect(lambda _none: self.drop())
        open_document.events.opened.connect(lambda _doc: self.drop())

    def current(self) -> DisagreementIndex | None:
        """The index of every annotator's disagreements of the open document as its tags are now, if one
        was offered since it opened (None: compute it)."""
        index, open_document = self._index, self._open_document()
        if index is None or index.stale or open_document is None or self._document_id != open_document.id:
            return None
        return index

    def offer(self, index: DisagreementIndex) -> None:
        """``index`` was just computed over every live tag of the open document (every annotator): it is
        the one from now on, and those who follow another are told (``on_offer``)."""
        open_document = self._open_document()
        if index is self._index or index.stale or open_document is None:
            return
        index.shared = index.index.shared = True
        self._index, self._document_id = index, open_document.id
        for weak in list(self._takers):
            taker = weak()
            if taker is not None:
                taker(index)

    def on_offer(self, taker: Callable[[DisagreementIndex], None]) -> Callable[[], None]:
        """Call ``taker`` (a method, not held: it goes with its object) with each index offered from now
        on; returns what unsubscribes."""
        weak = WeakMethod(taker)
        self._takers.append(weak)
        return lambda: self._takers.remove(weak) if weak in self._takers else None

    def drop(self) -> None:
        self._index, self._document_id = None, None

    def _changed(self, change: TagChange) -> None:
        index, open_document = self._index, self._open_document()
        if index is None or open_document is None:
            return
        if index.update(change.before, change.after, open_document.tags.get) is None:
            self.drop()  # the number of annotators crossed two: whoever follows computes in full
