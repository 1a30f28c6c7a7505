"""Finding a document's disagreements in full away from the window's thread, without losing an edit.

On a long article (50k tags, 20k links) the full computation takes seconds. ``begin`` takes a snapshot
of what it reads (the tags and links as they are: immutable records, copied by reference) and puts the
session in waiting: from then on its ``update``, ``links_changed`` and ``decisions_changed`` only note
each change in ``FullRequest.log``. ``compute`` (any thread: it reads only the snapshot) builds a scratch
session over a copy of the layers and finds everything there. ``install`` (back on the session's thread)
plays the noted changes on the scratch, as they came, through the same incremental updates the session
uses after an edit, then hands its lists and indexes to the session, reading the live layers from then
on: the result is what a full computation now would give. A newer ``begin`` stops the older request
(``stop``: its computation raises ``Stopped`` at its next check) and its result is never installed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from factcheck.core.disagreements import Disagreement
from factcheck.core.link_layer import LinkChange, LinkLayer
from factcheck.core.links import Link
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument, TagChange
from factcheck.core.review_session import Owed, ReviewSession, StructureSource, disagreement_fields
from factcheck.core.span_index import Span
from factcheck.core.stopping import Stoppable
from factcheck.core.stopping import Stopped as Stopped


@dataclass(eq=False)
class FullRequest(Stoppable):
    """One full computation asked for: its snapshot, and the changes noted since it was taken."""

    document: Document | None
    tags: list[Annotation]
    links: list[Link]
    pair: tuple[str, str] | None
    structure: bool
    symmetric: Mapping[str, bool]
    keep: bool  # stay on the disagreement current before (else start from the first)
    previous: Disagreement | None
    log: list[TagChange | LinkChange] = field(default_factory=list)
    #: The session's previous result, let go of on the worker (``release``).
    dropped: list[object] = field(default_factory=list)
    #: The live tags' span tuples by id (``TagLayer.span_tuples``): the copy and the result hold those
    #: (``span_index.spans_of``) instead of 100k tuples of their own, made amid the result on the worker.
    spans: Mapping[str, Span] | None = None
    stopped: threading.Event = field(default_factory=threading.Event)


@dataclass(eq=False)
class Computed:
    """A scratch session over a copy of the layers, with everything found."""

    session: ReviewSession
    document: OpenDocument


#: Items let go of between two chances for another thread to run.
_CHUNK = 1_000
#: Tags of a long article's copy indexed between two chances for another thread to run.
_SLICE = 4_000
#: The classes of a result whose containers ``release`` empties (never a layer: those are live).
_OWN = frozenset({"DisagreementIndex", "StructureIndex", "SpanIndex", "_Bucket"})


def release(things: list[object]) -> None:
    """Let go of an old result bit by bit (on the worker). Dropped at once, its million objects would be
    freed in one uninterrupted pass of the interpreter: 100 ms on a long article, on the window's thread.
    Only lists, dicts and sets of the result are emptied (those within too), never an object they hold,
    nor an index others still follow (``shared``: ``core.shared_index``)."""
    stack, things[:] = list(things), []

    def later(items: Iterable[object]) -> None:  # what holds many items is emptied in turn
        stack.extend(x for x in items if _big(x) or type(x).__name__ in _OWN)

    while stack:
        obj = stack.pop()
        if isinstance(obj, list):
            while obj:
                later(obj[-_CHUNK:])
                del obj[-_CHUNK:]
        elif isinstance(obj, dict):
            while obj:
                later([obj.popitem()[1] for _ in range(min(_CHUNK, len(obj)))])
        elif isinstance(obj, set):
            while obj:
                later([obj.pop() for _ in range(min(_CHUNK, len(obj)))])
        elif type(obj).__name__ in _OWN and not getattr(obj, "shared", False):
            later(vars(obj).values())


def _big(x: object) -> bool:
    return isinstance(x, list | dict | set) and len(x) > 64


def full_size(session: ReviewSession) -> int:
    """What a full computation goes over: the tags, and the links when the structure is listed."""
    source = session.structure
    return session.tags.size() + (source.open_document.links.size() if source is not None else 0)


def begin(session: ReviewSession, keep: bool, document: Document | None) -> FullRequest | None:
    """Snapshot what the computation reads and put the session in waiting (its list empty, edits noted);
    an older request is stopped. None: the session is suspended (the work is owed instead)."""
    if session.defer(Owed.RECOMPUTE if keep else Owed.RESTART):
        return None
    older = session.pending
    previous = session.place() if keep else None
    if older is not None:
        older.stop()
        previous = older.previous if keep else None
    source = session.structure
    request = FullRequest(
        document,
        session.tags.snapshot(),  # a long article just opened is indexed on the worker, not here
        source.open_document.links.snapshot() if source is not None else [],
        session.pair,
        source is not None and source.open_document.id is not None,
        dict(source.symmetric()) if source is not None else {},
        keep,
        previous,
    )
    request.dropped = session.wait_for(request)
    request.spans = session.tags.span_tuples()
    return request


def compute(request: FullRequest) -> Computed:
    """Find every disagreement of the snapshot (on any thread); raises Stopped once stopped."""
    release(request.dropped)
    request.check()
    copy = OpenDocument()
    copy.tags.reuse = request.spans
    copy.open(request.document, request.tags, request.links)
    # A long article's copy (kept pending by ``open``) indexed a slice at a time: each of the passes in C
    # over all 50k tags would hold the interpreter, the window's thread waiting, for 5 to 30 ms.
    while not copy.tags.index_some(_SLICE):
        request.check()
    scratch = ReviewSession(copy.tags)
    scratch.pair = request.pair
    if request.structure:
        symmetric = request.symmetric
        scratch.structure = StructureSource(copy, lambda: symmetric)
    scratch.recompute(keep=False, check=request.check)
    scratch.open_count()
    request.check()
    return Computed(scratch, copy)


def install(session: ReviewSession, request: FullRequest, computed: Computed) -> bool:
    """Play the changes noted since the snapshot on the scratch session, then give its result to
    ``session``. False (nothing done) when the request is no longer the one waited for."""
    if session.pending is not request or request.stopped.is_set():
        return False
    scratch, copy = computed.session, computed.document
    for change in request.log:
        if isinstance(change, TagChange):
            before, after = change.before, change.after
            if after is None:
                copy.tags.remove(change.tag_id)
            else:
                copy.tags.upsert(after)
            if (
                before is not None
                and after is not None
                and disagreement_fields(before) == disagreement_fields(after)
            ):
                scratch.decisions_changed(before, after)
            else:
                scratch.update(before, after)
        else:
            if change.after is None:
                copy.links.remove(change.link_id)
            else:
                copy.links.upsert(change.after)
            if scratch.structure is not None:
                scratch.links_changed(change.before, change.after)
    live: LinkLayer | None = session.structure.open_document.links if session.structure is not None else None
    session.adopt(scratch, live, request.previous)
    return True


def leftovers(computed: Computed) -> list[object]:
    """What the copies of the layers hold, once installed (for ``release``): its own containers only
    (the tags and links in them are the live ones, shared; so is the live layer's map of spans it reused,
    which is not emptied)."""
    tags = computed.document.tags
    tags.reuse = None
    return [*vars(tags).values(), *vars(computed.document.links).values()]
