"""A long article's tags indexed in slices (``TagLayer.index_some``): whatever happens between the slices
(edits, questions, another document opened), the layer ends exactly as one indexed all at once, and
announces it once."""

from __future__ import annotations

import gc
import random
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import PREVIEW_MIN, OpenDocument, TagChange, TagFilter, TagLayer
from factcheck.core.spans import new_annotation

N = PREVIEW_MIN + 2_345


def long_article(seed: int, title: str = "long") -> tuple[Document, list[Annotation]]:
    """A document and its tags as the store reads them (sorted by start), a few orphaned or by a
    second annotator, of every length."""
    rnd = random.Random(seed)
    doc = Document.create("word " * 5000, title=title)
    tags = []
    for i in range(N):
        start = rnd.randrange(0, 24_000)
        tag = new_annotation(doc, start, start + rnd.randint(2, 900), "claim", ("ana", "ben", "cy")[i % 3])
        if i % 101 == 0:
            tag = replace(tag, orphaned=True)  # listed, never drawn
        tags.append(tag)
    tags.sort(key=lambda t: t.start)
    return doc, tags


def state(layer: TagLayer) -> tuple[object, ...]:
    """Everything the layer answers (reading it completes a pending load: callers check ``pending`` first)."""
    return (
        dict(layer.by_id),
        layer.annotator_counts(),
        layer.drawn_annotators(),
        layer.label_counts(),
        list(layer.index),
        sorted(layer.overlapping(12_000, 12_100)),
        layer.step(None, 5_000),
        layer.several_drawn(),
    )


EVERY = TagFilter()


def full(doc: Document, tags: list[Annotation], article: TagFilter = EVERY) -> OpenDocument:
    exact = OpenDocument()
    exact.tags.set_filter("article", article)
    exact.open(doc, tags)
    exact.tags.complete()
    return exact


def slices(layer: TagLayer, count: int) -> int:
    """Index in slices of ``count`` until done; how many calls it took."""
    calls = 1
    while not layer.index_some(count):
        calls += 1
    return calls


def test_slices_end_equal_to_one_full_index_and_announce_it_once() -> None:
    doc, tags = long_article(1)
    od = OpenDocument()
    announced: list[None] = []
    od.tags.events.indexed.connect(announced.append)
    od.open(doc, tags)
    assert od.tags.pending
    assert od.tags.index_some(1_000) is False and od.tags.pending and not announced
    assert slices(od.tags, 1_000) == N // 1_000  # the rest, one slice per call
    assert not od.tags.pending and announced == [None]
    assert state(od.tags) == state(full(doc, tags).tags)
    assert od.tags.index_some(1_000) is True and announced == [None]  # once only


def test_slices_under_an_article_filter() -> None:
    doc, tags = long_article(2)
    only_ben = TagFilter(annotators=frozenset({"ben"}))
    od = OpenDocument()
    od.tags.set_filter("article", only_ben)
    od.open(doc, tags)
    slices(od.tags, 777)
    assert state(od.tags) == state(full(doc, tags, only_ben).tags)
    assert od.tags.drawn_annotators() == ["ben"]


def test_the_tags_indexed_so_far_answer_before_the_frontier_without_completing() -> None:
    doc, tags = long_article(3)
    exact = full(doc, tags)
    od = OpenDocument()
    od.open(doc, tags)
    od.tags.index_some(3_000)
    frontier = tags[2_999].start  # every tag starting before it is indexed

    def ids(layer: TagLayer, a: int, b: int) -> list[str]:
        return sorted(t.id for _, _, t in layer.overlapping_tags(a, b))

    for a, b in [(0, 5), (frontier - 300, frontier - 1), (frontier // 2, frontier // 2)]:
        assert ids(od.tags, a, b) == ids(exact.tags, a, b)
    assert od.tags.pending  # none of them needed every tag
    deep = (20_000, 20_040)  # beyond the frontier: the tags up to there are indexed, no more
    assert ids(od.tags, *deep) == ids(exact.tags, *deep)
    assert od.tags.pending
    assert ids(od.tags, 100, 120) == ids(exact.tags, 100, 120)
    assert len(od.tags) == N and not od.tags.pending  # a question needing every tag completes it
    assert state(od.tags) == state(exact.tags)


def test_edits_between_slices_end_equal_to_a_full_index_of_the_edited_tags() -> None:
    doc, tags = long_article(4)
    od = OpenDocument()
    announced: list[None] = []
    od.tags.events.indexed.connect(announced.append)
    od.open(doc, tags)
    od.tags.index_some(2_000)
    moved = replace(tags[-3], start=10, end=60, label="denial")  # a tag not indexed yet, moved to the start
    gone = tags[-7].id
    new = new_annotation(doc, 20_000, 20_030, "characterization", "dee")
    changes: list[TagChange] = []
    od.tags.events.changed.connect(changes.append)
    assert od.tags.upsert(moved) and od.tags.remove(gone) is not None and od.tags.upsert(new)
    assert [c.before for c in changes] == [tags[-3], tags[-7], None]  # each told its stored version
    expected = [moved if t.id == moved.id else t for t in tags if t.id != gone] + [new]
    assert od.tags.index_some(2_000) is True and announced == [None]
    assert state(od.tags) == state(full(doc, sorted(expected, key=lambda t: t.start)).tags)


def test_another_document_opened_mid_way_is_the_one_indexed() -> None:
    doc_a, tags_a = long_article(5, "A")
    doc_b, tags_b = long_article(6, "B")
    od = OpenDocument()
    announced: list[None] = []
    od.tags.events.indexed.connect(announced.append)
    od.open(doc_a, tags_a)
    od.tags.index_some(4_000)
    od.open(doc_b, tags_b)
    assert od.tags.pending and not announced
    slices(od.tags, 4_000)
    assert announced == [None]  # for B only: A's load was dropped unannounced
    assert state(od.tags) == state(full(doc_b, tags_b).tags)
    assert not set(od.tags.by_id) & {t.id for t in tags_a}
    od.open(doc_a, tags_a[:10])  # a short one: indexed at once, nothing to announce
    assert od.tags.index_some(4_000) is True and announced == [None]


def test_a_tag_twice_in_a_load_is_indexed_the_plain_way() -> None:
    doc, tags = long_article(7)
    twice = sorted([*tags, replace(tags[5000], label="denial")], key=lambda t: t.start)
    od = OpenDocument()
    od.open(doc, twice)
    slices(od.tags, 1_500)
    exact = OpenDocument()
    exact.open(doc, twice)
    exact.tags.complete()
    assert state(od.tags) == state(exact.tags) and len(od.tags) == N


def small_blocks_made(work: Callable[[], object]) -> int:
    """How many small blocks (Python's allocator's) ``work`` made that are still alive after it."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        gc.collect()
        return sum(1 for t in tracemalloc.take_snapshot().traces if t.size <= 512)
    finally:
        tracemalloc.stop()


def test_the_slices_and_the_text_order_keep_one_object_per_tag() -> None:
    """The slices are indexed later, amid other work (a worker's temporaries, other turns' objects), and
    the text order at the first Tab: what they made and kept landed in arenas what is freed around them
    leaves, and kept those from the system. A slice keeps one span per tag (it kept an id's offsets too);
    the text order holds the spans (it made an order key and a negated end per tag)."""
    doc, tags = long_article(7)
    tags = [replace(t, orphaned=False) for t in tags]  # (an orphan has the slices go the plain way)
    for article in (EVERY, TagFilter(annotators=frozenset({"ana", "ben"}))):
        opened = OpenDocument()
        opened.tags.set_filter("article", article)
        opened.open(doc, tags)
        assert opened.tags.pending
        assert small_blocks_made(partial(opened.tags.index_some, 4_000)) < 4_400  # was 2 per tag: 8,000
        opened.tags.complete()
        assert small_blocks_made(partial(opened.tags.step, None, 5_000)) < 400  # was 2 per tag
        assert state(opened.tags) == state(full(doc, tags, article).tags)
