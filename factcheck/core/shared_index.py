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

An index let go of (the next offered, or dropped) is no longer followed: its ``shared`` mark is taken
off, so that whoever found it empties it bit by bit on a worker once done with it (``review_full.release``)
instead of freeing its ~100k objects in one uninterrupted pass. Held by nobody else any more (its finder
moved on, the followers took the next), it is handed to ``retire`` (the window empties it on a worker
thread); by default it simply goes. One still some session's own (another session offered the next) keeps
its mark: that session goes on updating it.

``of(open_document)`` gives the one of an ``OpenDocument`` (made on first use).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from weakref import WeakKeyDictionary, WeakMethod, ref

from factcheck.core.open_document import OpenDocument, TagChange
from factcheck.core.review_incremental import DisagreementIndex

_SHARED: WeakKeyDictionary[OpenDocument, SharedIndex] = WeakKeyDictionary()
#: ``sys.getrefcount`` of an index let go of that nobody else holds: the local name in ``offer`` or
#: ``drop``, ``_let_go``'s parameter and ``getrefcount``'s own argument.
_ALONE = 3
#: Whether that count is exact here. From CPython 3.14 the interpreter may borrow references without
#: counting them, so a lower count no longer proves that nobody holds the index: it then simply goes
#: (freed on the window's thread), never emptied while a session may still read it.
COUNTS_ARE_EXACT = sys.implementation.name == "cpython" and sys.version_info < (3, 14)


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
        #: Given each index let go of that nobody else holds (see the module's docstring).
        self.retire: Callable[[DisagreementIndex], None] = _keep_nothing
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
        old, self._index, self._document_id = self._index, index, open_document.id
        for weak in list(self._takers):
            taker = weak()
            if taker is not None:
                taker(index)
        if old is not None:  # after the followers took the next one
            self._let_go(old, dropped=False)

    def on_offer(self, taker: Callable[[DisagreementIndex], None]) -> Callable[[], None]:
        """Call ``taker`` (a method, not held: it goes with its object) with each index offered from now
        on; returns what unsubscribes."""
        weak = WeakMethod(taker)
        self._takers.append(weak)
        return lambda: self._takers.remove(weak) if weak in self._takers else None

    def drop(self) -> None:
        old, self._index, self._document_id = self._index, None, None
        if old is not None:
            self._let_go(old, dropped=True)

    def _let_go(self, index: DisagreementIndex, dropped: bool) -> None:
        alone = COUNTS_ARE_EXACT and sys.getrefcount(index) <= _ALONE
        if dropped or alone:  # followed by no one now: its finder empties it with the rest of its old list
            index.shared = index.index.shared = False
        if alone:
            self.retire(index)

    def _changed(self, change: TagChange) -> None:
        index, open_document = self._index, self._open_document()
        if index is None or open_document is None:
            return
        if index.update(change.before, change.after, open_document.tags.get) is None:
            self.drop()  # the number of annotators crossed two: whoever follows computes in full


def _keep_nothing(_index: DisagreementIndex) -> None:
    """An index let go of simply goes (freed as the last name of it does)."""
