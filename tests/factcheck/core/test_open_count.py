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
from factcheck.core.open_count import OpenCount, is_open
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
        if not hasattr(self, "count"):
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
