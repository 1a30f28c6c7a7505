"""A full computation of the review's disagreements over a snapshot, with the edits made meanwhile
played on its result: the same list as a session computing now, and a newer request stops the older."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from factcheck.core.decisions import decided
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import PREVIEW_MIN, OpenDocument
from factcheck.core.review_full import Stopped, begin, compute, install, leftovers, release
from factcheck.core.review_session import ReviewSession, StructureSource, disagreement_fields
from factcheck.core.spans import new_annotation

WORDS = ("the minister said crime fell by a fifth while critics say it rose again in the north " * 6).split()
TEXT = " ".join(WORDS)
PEOPLE = ("ana", "ben", "cy")
LABELS = ("claim", "denial", "source")


def _random_tag(rnd: random.Random, doc: Document) -> Annotation:
    starts = [i for i in range(1, len(TEXT)) if TEXT[i - 1] == " "]
    start = rnd.choice(starts)
    end = TEXT.find(" ", start + rnd.randint(1, 25))
    end = len(TEXT) if end < 0 else end
    return new_annotation(doc, start, end, rnd.choice(LABELS), rnd.choice(PEOPLE))


def _setup(seed: int) -> tuple[random.Random, Document, OpenDocument, ReviewSession]:
    rnd = random.Random(seed)
    doc = Document.create(TEXT, title="Roe")
    tags = [_random_tag(rnd, doc) for _ in range(60)]
    sources = [t for t in tags if t.label == "source"]
    tags = [replace(t, source=rnd.choice(sources).id) if t.label == "claim" and rnd.random() < 0.4 else t
            for t in tags]  # fmt: skip
    links = [new_link(doc.id, "denies", a.id, b.id, a.annotator) for a, b in zip(tags, tags[5:], strict=False)
             if a.label == "denial" and rnd.random() < 0.6]  # fmt: skip
    od = OpenDocument()
    od.open(doc, tags, links)
    session = ReviewSession(od.tags)
    session.structure = StructureSource(od, lambda: {"denies": False})
    return rnd, doc, od, session


def _edit(rnd: random.Random, doc: Document, od: OpenDocument, session: ReviewSession) -> None:
    """One edit on the live layers, told to the session as the panel tells it."""
    changes: list[object] = []
    off_tags = od.tags.events.changed.connect(changes.append)
    off_links = od.links.events.changed.connect(changes.append)
    roll = rnd.random()
    tags = list(od.tags)
    if roll < 0.3 or not tags:
        od.tags.upsert(_random_tag(rnd, doc))
    elif roll < 0.45:
        od.tags.remove(rnd.choice(tags).id)
    elif roll < 0.6:
        tag = rnd.choice(tags)
        od.tags.upsert(replace(tag, label=rnd.choice(LABELS)))
    elif roll < 0.75:
        od.tags.upsert(decided(rnd.choice(tags), "accepted", "rita", None))
    elif roll < 0.9 and len(tags) > 1:
        a, b = rnd.sample(tags, 2)
        od.links.upsert(new_link(doc.id, "denies", a.id, b.id, a.annotator))
    elif list(od.links):
        od.links.remove(rnd.choice(list(od.links)).id)
    off_tags()
    off_links()
    for change in changes:
        before, after = change.before, change.after  # type: ignore[attr-defined]
        if isinstance(before, Annotation) or isinstance(after, Annotation):
            if before and after and disagreement_fields(before) == disagreement_fields(after):
                session.decisions_changed(before, after)
            else:
                session.update(before, after)
        else:
            session.links_changed(before, after)


def _fresh(od: OpenDocument, session: ReviewSession) -> ReviewSession:
    fresh = ReviewSession(od.tags)
    fresh.pair = session.pair
    fresh.structure = session.structure
    fresh.recompute(keep=False)
    return fresh


@pytest.mark.parametrize("seed", range(12))
def test_edits_made_while_computing_are_played_on_the_result(seed: int) -> None:
    rnd, doc, od, session = _setup(seed)
    session.pair = ("ana", "ben") if seed % 3 == 0 else None
    request = begin(session, keep=False, document=doc)
    assert request is not None and session.pending is request and session.disagreements == []
    for _ in range(rnd.randint(1, 12)):
        _edit(rnd, doc, od, session)
    assert session.disagreements == [], "nothing listed while computing"
    computed = compute(request)
    assert install(session, request, computed)
    assert session.pending is None
    fresh = _fresh(od, session)
    assert session.disagreements == fresh.disagreements
    assert session.open_count() == fresh.open_count()
    assert any(d.kind == "link" for d in session.disagreements) or not any(
        d.kind == "link" for d in fresh.disagreements
    )
    # From here on, edits are followed incrementally over the live layers (not the copies).
    for _ in range(6):
        _edit(rnd, doc, od, session)
        fresh = _fresh(od, session)
        assert session.disagreements == fresh.disagreements
        assert session.open_count() == fresh.open_count()


def test_a_newer_request_stops_the_older_whose_result_is_never_installed() -> None:
    _rnd, doc, _od, session = _setup(1)
    older = begin(session, keep=False, document=doc)
    newer = begin(session, keep=False, document=doc)
    assert older is not None and newer is not None
    assert older.stopped.is_set() and not newer.stopped.is_set()
    with pytest.raises(Stopped):
        compute(older)
    assert install(session, newer, compute(newer))
    assert session.disagreements
    listed = list(session.disagreements)
    stale = begin(session, keep=False, document=doc)
    assert stale is not None
    computed = compute(stale)
    session.recompute(keep=False)  # computed here meanwhile: the one underway is not wanted
    assert stale.stopped.is_set() and not install(session, stale, computed)
    assert session.disagreements == listed


def test_releasing_an_old_result_leaves_the_live_layers_whole() -> None:
    _rnd, doc, od, session = _setup(2)
    request = begin(session, keep=False, document=doc)
    assert request is not None
    assert install(session, request, compute(request))
    tags, links = len(od.tags), len(od.links)
    assert tags and links
    again = begin(session, keep=False, document=doc)  # the result just installed goes
    assert again is not None and len(again.dropped) == 3
    old = list(again.dropped)
    release(again.dropped)
    assert again.dropped == []
    assert old[0] == []  # its list emptied...
    assert (len(od.tags), len(od.links)) == (tags, links)  # ...the live layers it read untouched
    assert install(session, again, compute(again))
    assert session.disagreements == _fresh(od, session).disagreements


@pytest.mark.parametrize("long", [False, True])
def test_the_result_holds_the_live_span_tuples_and_leaves_them_whole(long: bool) -> None:
    """The copy and the result hold the live layer's (start, end, id) tuples, not copies of their own (on a
    long article 100k objects made on the worker amid what it keeps); once the copy is let go of, the live
    layer's map of them is whole (it is not the copy's to empty)."""
    rnd, doc, od, session = _setup(3)
    if long:  # a long load, kept pending then indexed in slices (the copy too)
        tags = sorted((_random_tag(rnd, doc) for _ in range(PREVIEW_MIN + 500)), key=lambda t: t.start)
        od.open(doc, tags, list(od.links))
        assert od.tags.pending
        while not od.tags.index_some(1_000):
            pass
    od.tags.span(next(iter(od.tags)).id)  # the live index's map of its spans, as after the first Tab
    live = od.tags.span_tuples()
    assert live is not None and len(live) == len(od.tags)
    before = dict(live)
    request = begin(session, keep=False, document=doc)
    assert request is not None
    computed = compute(request)
    copied = computed.document.tags.index
    assert install(session, request, computed)
    index = session._index
    assert index is not None and len(index.index) == len(od.tags)
    assert all(span is live[span[2]] for span in index.index)
    assert all(span is live[span[2]] for span in copied)
    release(leftovers(computed))
    assert live == before and od.tags.span_tuples() is live
    tag = next(iter(od.tags))
    assert tag in [t for _, _, t in od.tags.overlapping_tags(tag.start, tag.end)]
    assert session.disagreements == _fresh(od, session).disagreements
