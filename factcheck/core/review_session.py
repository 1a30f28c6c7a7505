"""A review of the open document's disagreements: whose tags are compared, the disagreements between
them, the one being reviewed and its current tag. Qt-free; the review panel is a view over it.

The session reads the tags from the OpenDocument's ``TagLayer`` and keeps none of its own. Computing the
disagreements goes over every tag of the document, so while the panel is hidden (most of the day) the
session is suspended: changes only note what is owed (``Owed``), done once on resume. A list already
found on the open document's shared index (``following``) keeps following each change instead, so
showing the panel again finds nothing anew.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from heapq import merge
from typing import TYPE_CHECKING

from factcheck.core.disagreements import Disagreement, find_disagreements, sort_key
from factcheck.core.link_layer import LinkChange, LinkLayer
from factcheck.core.links import Link
from factcheck.core.model import Annotation
from factcheck.core.open_count import is_open
from factcheck.core.open_document import OpenDocument, TagChange, TagLayer
from factcheck.core.piecewise import sorted_in_pieces
from factcheck.core.review_incremental import DisagreementIndex, Splice, splice_rows
from factcheck.core.review_incremental import disagreement_fields as disagreement_fields
from factcheck.core.review_structure_index import StructureIndex
from factcheck.core.shared_index import SharedIndex

if TYPE_CHECKING:
    from factcheck.core.review_full import FullRequest


def _go_on() -> None:
    """A computation's check when nothing can stop it."""


class Owed(Enum):
    """Work a suspended session owes, done when it resumes."""

    NOTHING = "nothing"
    RECOMPUTE = "recompute"  # the tags changed: recompute, staying on the current disagreement
    RESTART = "restart"  # another document or mode: recompute from the first disagreement


@dataclass(frozen=True)
class StructureSource:
    """Where the structure's disagreements come from: the open document (its links beside its tags) and
    which link types are symmetric (read when the list is computed in full)."""

    open_document: OpenDocument
    symmetric: Callable[[], Mapping[str, bool]]


class ReviewSession:
    def __init__(self, tags: TagLayer) -> None:
        self.tags = tags
        #: None: every annotator together; else the two annotators compared side by side.
        self.pair: tuple[str, str] | None = None
        self.disagreements: list[Disagreement] = []
        self.current = -1  # index into disagreements, -1: none
        self.current_tag: str | None = None  # the tag A/R/E act on
        self.suspended = False
        self.owed = Owed.NOTHING
        #: Also list the disagreements on links and attribution (core.review_structure), from here.
        self.structure: StructureSource | None = None
        #: The tags compared and their disagreements, for updates tag by tag (None: only in full).
        self._index: DisagreementIndex | None = None
        self._structure: StructureIndex | None = None  # the structure's, when listed
        self._open: int | None = None  # open_count, kept while nothing is decided
        #: A full computation underway elsewhere (core.review_full): the list is empty, changes are noted.
        self.pending: FullRequest | None = None
        #: Where the index of every annotator's disagreements is offered to the document list's count
        #: (core.shared_index): one index of the open document, not one each. None: kept to itself.
        self.shared: SharedIndex | None = None
        #: The current disagreement when the list was let go of (suspended, owing a recompute).
        self._place: Disagreement | None = None
        #: Called once the list was let go of: a view's copy of its rows goes too.
        self.on_let_go: Callable[[], None] = _go_on

    # -- whose tags ----------------------------------------------------------------------------------
    def chosen_annotators(self) -> set[str] | None:
        """None: everyone together; else the two compared (one name if the same was chosen twice)."""
        return None if self.pair is None else set(self.pair) - {""}

    def comparing(self) -> bool:
        """True when there is something to compare under the mode (everyone, or two different people)."""
        chosen = self.chosen_annotators()
        return chosen is None or len(chosen) == 2

    # -- the disagreements --------------------------------------------------------------------------
    def recompute(self, keep: bool = True, check: Callable[[], None] = _go_on) -> bool:
        """Find the disagreements again; stay on the same one (``keep``) or start from the first.
        Suspended: only note it (False). ``check`` is called between the steps (it may raise to stop)."""
        if self.defer(Owed.RECOMPUTE if keep else Owed.RESTART):
            return False
        if self.pending is not None:  # computed here instead: the one underway is not wanted any more
            self.pending.stop()
            previous = self.pending.previous if keep else None
            self.pending = None
        else:
            previous = self.place() if keep else None
        chosen = self.chosen_annotators()
        tags = [t for t in self.tags if chosen is None or t.annotator in chosen]
        check()
        found = find_disagreements(tags) if self.comparing() else []
        check()
        self._index = self._structure = None
        if self.comparing():
            self._index = DisagreementIndex(tags, found, self.tags.span_tuples())
            check()
            source = self.structure
            if source is not None and source.open_document.id is not None:  # links and attribution
                self._structure = StructureIndex(
                    source.open_document.id,
                    self.tags,
                    source.open_document.links,
                    chosen,
                    source.symmetric(),
                    self._index.index,
                    check,
                )
                # Merged (both sorted): no single sort of every row, which holds the interpreter throughout.
                rows = sorted_in_pieces(self._structure.rows(), sort_key)
                found = list(merge(found, rows, key=sort_key))
        self.disagreements = found
        self._open = None
        self._place = None
        self._share()
        if previous is not None:
            self.current = self._index_like(previous)
        else:
            self.current = 0 if self.disagreements else -1
        return True

    def update(self, before: Annotation | None, after: Annotation | None) -> Splice | None:
        """One tag changed (the layer already holds ``after``): update the disagreements around it only,
        staying on the current one. None: computed in full instead (or owed, suspended)."""
        if self.pending is not None:  # played on the result once it comes
            self.pending.log.append(TagChange(before, after))
            return Splice()
        if self._index is None or (self.suspended and not self.following()):
            self.recompute()
            return None
        chosen = self.chosen_annotators()
        before = before if before is not None and (chosen is None or before.annotator in chosen) else None
        after = after if after is not None and (chosen is None or after.annotator in chosen) else None
        if not (before or after):
            return Splice()
        previous = self.current_disagreement()
        spans = self._index.update(before, after, self.tags.get)
        structure = self._structure.tag_changed(before, after) if self._structure is not None else ([], [])
        if spans is None or structure is None:
            self.recompute()
            return None
        splice = splice_rows(self.disagreements, spans[0] + structure[0], spans[1] + structure[1])
        self._moved(splice, previous, {before.id: before} if before is not None else {})
        return splice

    def links_changed(self, before: Link | None, after: Link | None) -> Splice | None:
        """One link changed (the link layer already holds ``after``): update the structure's disagreements
        around it only. None: computed in full instead (or owed, suspended)."""
        if self.pending is not None:
            self.pending.log.append(LinkChange(before, after))
            return Splice()
        if self._index is None or self._structure is None or (self.suspended and not self.following()):
            self.recompute()
            return None
        previous = self.current_disagreement()
        splice = splice_rows(self.disagreements, *self._structure.link_changed(before, after))
        self._moved(splice, previous, {})
        return splice

    def _moved(self, splice: Splice, previous: Disagreement | None, old: dict[str, Annotation]) -> None:
        """After a splice: the open count (``old``: tags as they were) and the current disagreement."""
        if self._open is not None:
            self._open -= sum(1 for d in splice.went if not self._settled_in(d, old))
            self._open += sum(1 for d in splice.came if not self.settled(d))
        if previous is None:
            self.current = 0 if self.disagreements else -1
        else:
            self.current = self._position_like(previous, [d for _, d in splice.inserted])

    def _position_like(self, previous: Disagreement, came: list[Disagreement]) -> int:
        """``_index_like`` over a list sorted as find_disagreements, by bisection."""
        items = self.disagreements
        pos = bisect_left(items, sort_key(previous), key=sort_key)
        if pos < len(items) and items[pos] == previous:
            return pos
        same = [
            d
            for d in [previous, *came]
            if (d.kind, d.annotation_ids) == (previous.kind, previous.annotation_ids)
        ]
        for d in same:  # rows of one kind and tags sit together (by description): the first of them
            pos = bisect_left(items, sort_key(d)[:4], key=lambda x: sort_key(x)[:4])
            if pos < len(items) and (items[pos].kind, items[pos].annotation_ids) == (
                d.kind,
                d.annotation_ids,
            ):
                return pos
        pos = bisect_left(items, (previous.start, previous.end), key=lambda d: (d.start, d.end))
        return pos if pos < len(items) else len(items) - 1

    def _index_like(self, previous: Disagreement) -> int:
        """The same disagreement after a change (else one of its kind over its tags: with other words), or
        the one now at its place in the text."""
        items = self.disagreements
        for i, d in enumerate(items):
            if d == previous:
                return i
        for i, d in enumerate(items):
            if d.annotation_ids == previous.annotation_ids and d.kind == previous.kind:
                return i
        for i, d in enumerate(items):
            if (d.start, d.end) >= (previous.start, previous.end):
                return i
        return len(items) - 1

    def current_disagreement(self) -> Disagreement | None:
        return self.disagreements[self.current] if 0 <= self.current < len(self.disagreements) else None

    def place(self) -> Disagreement | None:
        """The disagreement to stay on after a recompute: the current one, or the one current when the
        list was let go of."""
        return self.current_disagreement() or self._place

    def _share(self) -> None:
        """Every annotator's disagreements just found in full: the document list's count follows this
        index from now on, not one of its own (core.shared_index)."""
        if self.shared is not None and self.pair is None and self._index is not None:
            self.shared.offer(self._index)

    def following(self) -> bool:
        """Whether the list follows each change while suspended, shown again without a full computation:
        when its index is the open document's shared one (core.shared_index), which the document list's
        count follows all day anyway. The rest (the list, the structure's index) is small beside it; and
        finding everything again at each show made a second index of 25,600 disagreements while the
        first was still held, on a long article 25 MB of Python's arenas that what the window made
        meanwhile then pinned for the rest of the session. Another mode's own index is let go of."""
        index = self._index
        return (
            index is not None
            and self.pending is None
            and self.shared is not None
            and self.shared.current() is index
        )

    def _let_go(self) -> None:
        """Suspended and owing a recompute: the list and its indexes (on a long article 25,600 rows and
        their tags' index, or the shared index's old rows) are not kept while hidden, only the place in
        it. Shown again, it is computed anew anyway."""
        if self.disagreements or self._index is not None:
            self._place = self.place()
            self.disagreements = []
            self._index = self._structure = None
            self._open = None
            self.current = -1
            self.on_let_go()

    def current_annotation(self) -> Annotation | None:
        return self.tags.get(self.current_tag)

    def go_to(self, index: int, pick: bool = True) -> Disagreement | None:
        """Make disagreement ``index`` current; its current tag: the one kept if it is part of it, else
        its first undecided tag (else its first); with ``pick`` False, else none."""
        d = self.disagreements[index] if 0 <= index < len(self.disagreements) else None
        self.current = index if d is not None else -1
        if d is not None and self.current_tag not in d.annotation_ids and not pick:
            self.current_tag = None
        elif d is not None and self.current_tag not in d.annotation_ids:
            undecided = [i for i in d.annotation_ids if (t := self.tags.get(i)) is not None and not t.status]
            self.current_tag = (undecided or list(d.annotation_ids))[0]
        return d

    def step(self, delta: int) -> bool:
        """Move ``delta`` disagreements on (N: +1, P: -1); False at either end (nothing moves). From a
        current tag in no disagreement: the first disagreement starting at or after it, or the last
        before it."""
        lone = self.current_annotation() if self.current < 0 else None
        if lone is not None:
            at = bisect_left(self.disagreements, lone.start, key=lambda d: d.start)
            index = at + delta - 1 if delta > 0 else at + delta
        else:
            index = self.current + delta
        if not 0 <= index < len(self.disagreements):
            return False
        self.current_tag = None
        self.go_to(index)
        return True

    def follow(self, tag_id: str) -> None:
        """The tag made current elsewhere (the article) becomes the current tag; the current disagreement:
        the current one if it involves the tag, else the first that does, else none (-1: the tag is
        current alone, and N / P go on from its place in the text)."""
        self.current_tag = tag_id
        d = self.current_disagreement()
        if d is not None and tag_id in d.annotation_ids:
            return
        row = self.index_of_tag(tag_id)
        self.current = -1 if row is None else row

    def index_of_tag(self, tag_id: str) -> int | None:
        """The first disagreement involving this tag."""
        return next((i for i, d in enumerate(self.disagreements) if tag_id in d.annotation_ids), None)

    def tags_of(self, d: Disagreement | None) -> list[Annotation]:
        """The live tags of a disagreement, by annotator, then position."""
        tags = [t for i in (d.annotation_ids if d else ()) if (t := self.tags.get(i)) is not None]
        tags.sort(key=lambda t: (t.annotator, t.start, t.end))
        return tags

    def decided(self, d: Disagreement) -> tuple[int, int]:
        """(tags decided, tags) of a disagreement."""
        tags = [t for i in d.annotation_ids if (t := self.tags.get(i)) is not None]
        return sum(1 for t in tags if t.status), len(tags)

    def settled(self, d: Disagreement) -> bool:
        done, total = self.decided(d)
        return total > 0 and done == total

    def _settled_in(self, d: Disagreement, old: dict[str, Annotation]) -> bool:
        """settled(d) as it was, ``old`` holding the tags as they were before a change."""
        return not is_open(d, lambda i: old.get(i) or self.tags.get(i))

    def open_count(self) -> int:
        """Disagreements not settled yet (counted once, then kept up to date by ``update``)."""
        if self._open is None:
            self._open = sum(1 for d in self.disagreements if not self.settled(d))
        return self._open

    def decisions_changed(self, before: Annotation, after: Annotation) -> None:
        """A tag's review decision changed (the list stays): the open count of its disagreements."""
        if self.pending is not None:
            self.pending.log.append(TagChange(before, after))
            return
        if self._open is None or self._index is None:
            self._open = None  # counted again when asked
            return
        involved = list(self._index.rows(after.id))
        if self._structure is not None:
            involved += self._structure.by_tag.get(after.id, ())
        self._open -= sum(1 for d in involved if not self._settled_in(d, {before.id: before}))
        self._open += sum(1 for d in involved if not self.settled(d))

    def next_after_decision(self, order: list[str]) -> str | int | None:
        """After a decision on the current tag: the next undecided tag (id) of the current disagreement in
        ``order`` (the panel's row order), else the index of the next disagreement still open, else None."""
        undecided = [i for i in order if (t := self.tags.get(i)) is not None and not t.status]
        if undecided:
            later = order[order.index(self.current_tag) + 1 :] if self.current_tag in order else []
            return next((i for i in later if i in undecided), undecided[0])
        following = range(self.current + 1, len(self.disagreements))
        return next((i for i in following if not self.settled(self.disagreements[i])), None)

    # -- a full computation elsewhere (core.review_full) ---------------------------------------------
    def wait_for(self, request: FullRequest) -> list[object]:
        """Wait for ``request``'s result: nothing listed meanwhile, every change noted in its log. Returns
        the previous result (for ``review_full.release``)."""
        old: list[object] = [self.disagreements, self._index, self._structure]
        self.pending = request
        self.disagreements = []
        self._index = self._structure = None
        self._open = None
        self.current = -1
        return old

    def adopt(self, other: ReviewSession, links: LinkLayer | None, previous: Disagreement | None) -> None:
        """Take the result of ``other`` (computed over copies of this session's layers, which now hold the
        same), reading this session's layers (``links``: the live links) from now on."""
        self.pending = None
        self.disagreements = other.disagreements
        self._index, self._structure, self._open = other._index, other._structure, other._open
        self._place = None
        if self._structure is not None and links is not None:
            self._structure.rebind(self.tags, links)
        self._share()
        if previous is not None:
            self.current = self._index_like(previous)
        else:
            self.current = 0 if self.disagreements else -1

    # -- suspension ----------------------------------------------------------------------------------
    def defer(self, work: Owed) -> bool:
        """Suspended: note the work for later instead of doing it (True). A restart covers a recompute."""
        if not self.suspended:
            return False
        if self.owed is not Owed.RESTART:
            self.owed = work
        self._let_go()
        return True

    def set_suspended(self, suspended: bool) -> Owed:
        """Suspend or resume; on resume, returns the work owed (the caller does it) and clears it."""
        self.suspended = suspended
        if suspended:
            pending, self.pending = self.pending, None
            if pending is not None:  # hidden while computing: stopped, done again once shown
                pending.stop()
                self._place = pending.previous
                self.defer(Owed.RECOMPUTE if pending.keep else Owed.RESTART)
            return Owed.NOTHING
        owed, self.owed = self.owed, Owed.NOTHING
        return owed
