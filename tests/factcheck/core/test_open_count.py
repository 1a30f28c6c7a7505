"""The open document's review state followed tag by tag equals `document_state` computed in full after
every random edit, and its tags per label and annotator a count of them (added, relabelled, respanned,
in pieces, orphaned, decided, deleted, undone), with no full computation after the first."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from factcheck.core.curation import document_state, state_from
from factcheck.core.disagreements import Disagreement
from factcheck.core.model import Annotation, Document
from factcheck.core.open_count import Build, OpenCount, Stopped, compute, is_open
from factcheck.core.open_document import OpenDocument
from factcheck.core.spans import new_annotation
from tests.helpers.review_edits import EditRun


class CountedRun(EditRun):
    """The helper's random edits, with an OpenCount following the same open document."""

    def __init__(self, seed: int, structure: bool) -> None:
        super().__init__(seed, None, structure)
        self.count = OpenCount(self.od)
        self.count.build()
        self.states: set[str] = set()

    def check(self, previous: Disagreement | None) -> None:
        super().check(previous)
        if not hasattr(self, "count") or self.count.pending is not None:
            return
        reviewed, open_count = self.count.state()
        full = document_state(list(self.od.tags), False)
        assert state_from(False, reviewed, open_count) == full
        live = list(self.od.tags)
        assert self.count.counts() == (
            dict(Counter(t.label for t in live)),
            dict(Counter(t.annotator for t in live)),
        )
        self.states.add(full.kind)


@pytest.mark.parametrize("structure", [False, True])
@pytest.mark.parametrize("seed", range(5))
def test_followed_count_equals_a_full_computation_after_every_edit(seed: int, structure: bool) -> None:
    run = CountedRun(seed, structure)
    for _ in range(300):
        run.step()
    assert run.count.builds == 1 + run.count.rebuilt
    assert run.count.rebuilt < 10, "the count was computed in full again and again"
    assert {"add", "relabel", "respan", "decision", "delete", "undo", "orphan"} <= run.kinds
    assert run.states == {"not_reviewed", "in_review"}


def test_not_built_follows_nothing_and_reopening_builds_again() -> None:
    od = OpenDocument()
    doc = Document.create("Some words here and more words there.", title="t")
    a = new_annotation(doc, 0, 4, "claim", "ana")
    b = new_annotation(doc, 0, 10, "claim", "ben")
    od.open(doc, [a, b])
    count = OpenCount(od)
    od.tags.upsert(replace(a, status="accepted"))  # not built: nothing followed, nothing computed
    assert count.builds == 0 and not count.built
    assert count.state() == (True, 1)  # the boundary disagreement: ben's tag undecided
    od.tags.upsert(replace(b, status="rejected"))
    assert count.state() == (True, 0) and count.builds == 1
    od.tags.reset([a, b])  # wholesale: computed again when next asked
    assert not count.built
    assert count.state() == (False, 1) and count.builds == 2
    od.open(None)
    assert not count.built
    count.close()
    od.open(doc, [a])
    od.tags.upsert(b)
    assert count.builds == 2


def test_a_disagreement_with_no_live_tag_left_is_open() -> None:
    doc = Document.create("Some words.", title="t")
    a = replace(new_annotation(doc, 0, 4, "claim", "ana"), status="accepted")
    d = Disagreement("only_one", doc.id, 0, 4, (a.id,), ("ana",), ("claim",), "")
    assert not is_open(d, {a.id: a}.get)
    none: dict[str, Annotation] = {}
    assert is_open(d, none.get)
    assert is_open(d, {a.id: replace(a, status=None)}.get)


@pytest.mark.parametrize("seed", range(4))
def test_a_full_count_elsewhere_plays_the_changes_made_meanwhile(seed: int) -> None:
    """Every 40 edits the count is computed again from a snapshot, 0 to 12 edits (decisions, deletes,
    undos...) being made before it is installed: then it equals a full computation, and follows on."""
    run = CountedRun(seed, structure=False)
    waiting: tuple[Build, int] | None = None
    played = 0
    for i in range(400):
        if i % 40 == 5:
            run.count.shared.drop()  # no index found elsewhere (the Review pane's): computed here
            waiting = (run.count.begin(), run.rng.randrange(13))
            compute(waiting[0])  # the snapshot's: edits after begin are not in it
        run.step()
        if waiting is not None:
            build, left = waiting
            if left == 0:
                played += len(build.log)
                assert run.count.install(build)
                assert run.count.built and run.count.pending is None
                waiting = None
                run.check(None)  # equal to a full computation now
            else:
                waiting = (build, left - 1)
    assert played > 20


def test_a_stopped_or_superseded_computation_is_never_installed() -> None:
    od = OpenDocument()
    doc = Document.create("Some words here and more words there.", title="t")
    a = new_annotation(doc, 0, 4, "claim", "ana")
    b = new_annotation(doc, 0, 10, "claim", "ben")
    od.open(doc, [a, b])
    count = OpenCount(od)
    first = count.begin()
    second = count.begin()  # a newer request stops the older
    assert first.stopped.is_set()
    with pytest.raises(Stopped):
        compute(first)
    compute(second)
    od.open(doc, [a])  # another opening: the one underway is not wanted any more
    assert not count.install(second)
    assert not count.built
    third = count.begin()
    od.tags.upsert(replace(b, status="accepted"))  # noted, played once installed
    compute(third)
    assert count.install(third)
    assert count.state() == (True, 1)  # ana's lone tag: open (undecided)
    assert count.builds == 1


def test_the_tags_by_id_of_a_full_count_elsewhere_are_made_there_and_taken_by_install() -> None:
    """``compute`` (on the worker) makes the snapshot's tags by id; ``install`` (on the window's thread)
    plays the changes on them instead of making them again, and the result is a full computation's."""
    od = OpenDocument()
    doc = Document.create("Some words here and more words there, and then some more.", title="t")
    a = new_annotation(doc, 0, 4, "claim", "ana")
    b = new_annotation(doc, 0, 10, "claim", "ben")
    c = new_annotation(doc, 20, 30, "denial", "ana")
    od.open(doc, [a, b, c])
    count = OpenCount(od)
    count.shared.drop()
    build = count.begin()
    compute(build)
    assert build.by_id is not None and set(build.by_id) == {a.id, b.id, c.id}
    od.tags.upsert(replace(b, status="accepted"))
    od.tags.upsert(new_annotation(doc, 20, 30, "claim", "ben"))
    od.tags.remove(c.id)
    assert count.install(build)
    assert build.by_id is None, "taken by install"
    reviewed, open_count = count.state()
    assert state_from(False, reviewed, open_count) == document_state(list(od.tags), False)
    assert {t.id for t in build.tags_now()} == {t.id for t in od.tags}  # made again from the snapshot


@pytest.mark.parametrize("elsewhere", [False, True])
def test_the_count_holds_the_live_span_tuples(elsewhere: bool) -> None:
    """The count's index of the disagreements holds the live layer's (start, end, id) tuples, not copies
    (on a long article 50k objects made amid what it keeps, on the worker), built here or elsewhere."""
    od = OpenDocument()
    doc = Document.create("Some words here and more words there, and then some more.", title="t")
    tags = [new_annotation(doc, 0, 4, "claim", "ana"), new_annotation(doc, 0, 10, "claim", "ben"),
            new_annotation(doc, 20, 30, "denial", "ana")]  # fmt: skip
    od.open(doc, tags)
    od.tags.span(tags[0].id)  # the live index's map of its spans, as after the first Tab
    live = od.tags.span_tuples()
    assert live is not None and len(live) == 3
    count = OpenCount(od)
    count.shared.drop()
    if elsewhere:
        build = count.begin()
        compute(build)
        assert count.install(build)
    else:
        count.build()
    index = count.shared.current()
    assert index is not None and len(index.index) == 3
    assert all(span is live[span[2]] for span in index.index)
