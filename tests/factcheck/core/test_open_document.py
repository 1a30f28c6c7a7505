"""OpenDocument and its TagLayer, without Qt: changes, queries, filters and the events views follow."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from factcheck.core.link_layer import PENDING_MIN, LinkLayer
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import PREVIEW_MIN, OpenDocument, TagChange, TagFilter
from factcheck.core.spans import new_annotation

TEXT = "Minister Jane Roe said on Monday 😀 that crime fell. Critics called it misleading."


@pytest.fixture
def doc() -> Document:
    return Document.create(TEXT, title="Roe")


def tag(doc: Document, quote: str, label: str = "claim", who: str = "ana") -> Annotation:
    start = doc.text.index(quote)
    return new_annotation(doc, start, start + len(quote), label, who)


def after(change: object) -> Annotation | None:
    assert isinstance(change, TagChange)
    return change.after


class Recorder:
    """Every event of an OpenDocument, in order, as (name, value)."""

    def __init__(self, od: OpenDocument) -> None:
        self.seen: list[tuple[str, object]] = []
        od.events.opened.connect(lambda d: self.seen.append(("opened", d.id if d else None)))
        od.tags.events.changed.connect(lambda c: self.seen.append(("changed", c)))
        od.tags.events.reset.connect(lambda _: self.seen.append(("reset", None)))
        od.tags.events.filter_changed.connect(lambda n: self.seen.append(("filter", n)))


def test_open_holds_the_tags_and_announces_once(doc: Document) -> None:
    od = OpenDocument()
    events = Recorder(od)
    minister, roe = tag(doc, "Minister"), tag(doc, "Jane Roe", "denial", "ben")
    od.open(doc, [minister, roe])
    assert events.seen == [("opened", doc.id)]  # the layers reload silently with the document
    assert od.id == doc.id and od.text == TEXT
    assert len(od.tags) == 2 and od.tags.get(roe.id) == roe and od.tags.get(None) is None
    assert od.tags.annotators() == ["ana", "ben"]
    assert od.tags.label_counts() == {"claim": 1, "denial": 1}
    assert od.tags.annotator_counts() == {"ana": 1, "ben": 1}
    od.open(None)
    assert od.id is None and len(od.tags) == 0 and od.text == ""


def test_upsert_remove_and_reset_announce_what_changed(doc: Document) -> None:
    od = OpenDocument()
    od.open(doc, [])
    events = Recorder(od)
    minister = tag(doc, "Minister")
    assert od.tags.upsert(minister)
    relabelled = replace(minister, label="denial")
    od.tags.upsert(relabelled)
    assert od.tags.remove(minister.id) == relabelled
    assert od.tags.remove(minister.id) is None  # nothing there: no event
    assert events.seen == [
        ("changed", TagChange(None, minister)),
        ("changed", TagChange(minister, relabelled)),
        ("changed", TagChange(relabelled, None)),
    ]
    events.seen.clear()
    # A tag of another document is not this one's; a tombstone removes.
    assert not od.tags.upsert(replace(minister, document_id="another"))
    od.tags.upsert(minister)
    od.tags.upsert(replace(minister, deleted_at="2024-01-01T00:00:00.000000Z"))
    assert minister.id not in od.tags and not od.tags.drawn(minister.id)
    assert [after(c) for _, c in events.seen] == [minister, None]
    events.seen.clear()
    od.tags.reset([tag(doc, "Critics"), tag(doc, "crime")])
    assert events.seen == [("reset", None)] and len(od.tags) == 2
    assert od.tags.annotator_counts() == {"ana": 2}


def test_position_queries_and_tab_order(doc: Document) -> None:
    od = OpenDocument()
    outer, inner = tag(doc, "Minister Jane Roe said"), tag(doc, "Jane Roe", "denial")
    later = tag(doc, "misleading")
    emoji = tag(doc, "😀 that")  # after an astral character: code points, not UTF-16
    od.open(doc, [later, outer, inner, emoji])
    jane = TEXT.index("Jane")
    assert [t.id for t in od.tags.at(jane)] == [inner.id, outer.id]  # innermost first
    assert od.tags.at(TEXT.index("Critics")) == []
    assert od.tags.span(emoji.id) == (TEXT.index("😀"), TEXT.index("😀") + 6)
    # Tab: text order, the enclosing tag first; wraps; from a position without a current tag.
    order = [outer.id, inner.id, emoji.id, later.id]
    steps = [od.tags.step(None, 0)]
    for _ in range(4):
        steps.append(od.tags.step(steps[-1]))
    assert steps == [*order, outer.id]
    assert od.tags.step(outer.id, backward=True) == later.id
    assert od.tags.step(None, TEXT.index("crime")) == later.id
    assert od.tags.step(None, TEXT.index("crime"), backward=True) == emoji.id


def test_orphans_are_listed_but_not_drawn(doc: Document) -> None:
    od = OpenDocument()
    fine = tag(doc, "Minister")
    orphan = replace(tag(doc, "Critics", who="ben"), orphaned=True)
    od.open(doc, [fine, orphan])
    assert len(od.tags) == 2 and od.tags.drawn(fine.id) and not od.tags.drawn(orphan.id)
    assert od.tags.drawn_annotators() == ["ana"] and od.tags.annotators() == ["ana", "ben"]
    od.tags.upsert(replace(orphan, orphaned=False))  # re-anchored: drawn now
    assert od.tags.drawn(orphan.id) and od.tags.drawn_annotators() == ["ana", "ben"]


def test_filters_choose_what_the_article_and_the_list_show(doc: Document) -> None:
    od = OpenDocument()
    ana, ben = tag(doc, "Minister"), tag(doc, "Critics", "denial", "ben")
    od.open(doc, [ana, ben])
    events = Recorder(od)
    od.tags.set_filter("article", TagFilter(annotators=frozenset({"ben"})))
    assert events.seen == [("filter", "article")]
    assert not od.tags.drawn(ana.id) and od.tags.drawn(ben.id) and len(od.tags) == 2
    assert od.tags.step(None, 0) == ben.id and od.tags.drawn_annotators() == ["ben"]
    later = tag(doc, "misleading")  # ana's new tag is kept, not drawn while only ben's are
    od.tags.upsert(later)
    assert later.id in od.tags and not od.tags.drawn(later.id)
    od.tags.set_filter("article", TagFilter(annotators=frozenset({"ben"})))  # the same: no event
    assert len(events.seen) == 2
    od.tags.set_filter("list", TagFilter(labels=frozenset({"claim"})))
    assert {t.id for t in od.tags.visible()} == {ana.id, later.id}
    assert od.tags.drawn(ben.id)  # the list filter does not touch the article
    od.tags.set_filter("article", TagFilter())
    assert od.tags.drawn(ana.id) and od.tags.drawn(later.id)


def test_a_view_can_unsubscribe(doc: Document) -> None:
    od = OpenDocument()
    seen: list[object] = []
    off = od.events.opened.connect(seen.append)
    od.open(doc)
    off()
    od.open(None)
    assert seen == [doc] and len(od.events.opened) == 0


def test_a_large_load_is_indexed_when_first_needed_with_the_same_answers() -> None:
    """Opening 50k tags indexes none: the first screen is answered from the loaded list, exactly as the
    index answers once complete; any other question completes the load first."""
    rnd = random.Random(7)
    doc = Document.create("word " * 4000, title="long")
    tags = []
    for i in range(PREVIEW_MIN + 500):
        start = rnd.randrange(0, 19_000)
        tag = new_annotation(doc, start, start + rnd.randint(2, 900), "claim", ("ana", "ben")[i % 2])
        if i % 97 == 0:
            tag = replace(tag, orphaned=True)  # listed, never drawn
        tags.append(tag)
    tags.sort(key=lambda t: t.start)  # as the store reads them
    exact = OpenDocument()
    exact.open(doc, tags)
    exact.tags.complete()
    lazy = OpenDocument()
    lazy.open(doc, tags)
    assert lazy.tags.pending and not exact.tags.pending

    def key(spans: list[tuple[int, int, Annotation]]) -> list[str]:
        return sorted(t.id for _, _, t in spans)

    for a, b in [(0, 1), (0, 40), (3, 3), (100, 180), (250, 251)]:
        assert key(lazy.tags.overlapping_tags(a, b)) == key(exact.tags.overlapping_tags(a, b)), (a, b)
    assert lazy.tags.several_drawn() and lazy.tags.pending  # still not indexed
    lazy.tags.set_filter("list", TagFilter(labels=frozenset({"claim"})))  # the list filter: no index needed
    assert lazy.tags.pending
    assert len(lazy.tags) == len(tags) and not lazy.tags.pending  # a question needing every tag
    far = (15_000, 15_050)  # deep in the text: answered by the index
    assert key(lazy.tags.overlapping_tags(*far)) == key(exact.tags.overlapping_tags(*far))


def test_a_large_unsorted_load_is_indexed_at_once(doc: Document) -> None:
    tags = [tag(doc, "Minister"), tag(doc, "Jane")] * (PREVIEW_MIN // 2 + 1)
    tags = [replace(t, id=f"t{i}") for i, t in enumerate(tags)]  # "Jane" before "Minister": not sorted
    od = OpenDocument()
    od.open(doc, tags)
    assert not od.tags.pending and len(od.tags) == len(tags)


def test_the_article_filter_on_a_pending_load(doc: Document) -> None:
    tags = sorted(
        (replace(tag(doc, "Minister", who=("ana", "ben")[i % 2]), id=f"t{i}") for i in range(PREVIEW_MIN)),
        key=lambda t: t.start,
    )
    od = OpenDocument()
    od.tags.set_filter("article", TagFilter(annotators=frozenset({"ben"})))
    od.open(doc, tags)
    assert od.tags.pending and not od.tags.several_drawn()
    assert {t.annotator for _, _, t in od.tags.overlapping_tags(0, 3)} == {"ben"}


def test_a_pending_load_gives_its_snapshot_size_and_annotators_without_indexing(doc: Document) -> None:
    """What a worker's computation takes (and the Review pane's choice of annotators) from a long article
    just opened: the same as the indexed layer answers, a stray row (a tombstone, another document's tag)
    left out as indexing leaves it out, and the load still pending."""
    tags = [
        replace(tag(doc, "Minister", who=("ana", "ben", "cy")[i % 3]), id=f"t{i}") for i in range(PREVIEW_MIN)
    ]
    tags[4] = replace(tags[4], deleted_at="2026-01-01T00:00:00Z")
    tags[5] = replace(tags[5], document_id="elsewhere")
    tags.sort(key=lambda t: t.start)
    exact, lazy = OpenDocument(), OpenDocument()
    exact.open(doc, tags)
    exact.tags.complete()
    lazy.open(doc, tags)
    assert lazy.tags.pending
    assert sorted(t.id for t in lazy.tags.snapshot()) == sorted(t.id for t in exact.tags.snapshot())
    assert lazy.tags.annotators() == exact.tags.annotators() == ["ana", "ben", "cy"]
    assert lazy.tags.size() >= exact.tags.size() == len(exact.tags) == PREVIEW_MIN - 2
    assert lazy.tags.pending  # none of them indexed it
    assert len(lazy.tags) == len(exact.tags)


def test_a_pending_link_load_gives_its_snapshot_and_size_without_indexing() -> None:
    links = [new_link("d", "denies", f"a{i}", f"b{i}", "ana") for i in range(PENDING_MIN)]
    layer = LinkLayer()
    layer.load("d", links)
    assert layer.pending
    assert layer.snapshot() == links and layer.size() == len(links)
    assert layer.pending  # not indexed for either
    assert len(layer) == len(links) and sorted(lk.id for lk in layer) == sorted(lk.id for lk in links)
