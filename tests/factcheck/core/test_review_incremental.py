"""The review session updated tag by tag gives exactly what a full computation gives: a seeded random
sequence of adds, relabels, respans, deletes, decisions and undos, compared after every step."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from factcheck.core.disagreements import Disagreement, find_disagreements
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.review_session import ReviewSession
from factcheck.core.spans import new_annotation

TEXT = "".join(random.Random(7).choice("abcde ") for _ in range(400))
LABELS = ("claim", "denial", "characterization")
WHO = ("ana", "ben", "cy")


def _span(rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(0, len(TEXT) - 2)
    return start, min(len(TEXT), start + rng.randint(1, 30))


def _full(session: ReviewSession) -> list[Disagreement]:
    chosen = session.chosen_annotators()
    return find_disagreements(t for t in session.tags if chosen is None or t.annotator in chosen)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("pair", [None, ("ana", "ben")])
def test_incremental_equals_full(seed: int, pair: tuple[str, str] | None) -> None:
    rng = random.Random(seed)
    doc = Document.create(TEXT, title="t")
    od = OpenDocument()
    od.open(doc, [])
    session = ReviewSession(od.tags)
    session.pair = pair
    session.recompute(keep=False)
    undo: list[tuple[str, Annotation | None]] = []  # (tag id, the tag as it was)
    updated = 0

    def apply(tag_id: str, after: Annotation | None) -> None:
        nonlocal updated
        before = od.tags.get(tag_id)
        undo.append((tag_id, before))
        if after is None:
            od.tags.remove(tag_id)
        else:
            od.tags.upsert(after)
        previous = session.current_disagreement()
        if session.update(before, after) is not None:
            updated += 1
        assert session.disagreements == _full(session)
        assert session.open_count() == sum(1 for d in session.disagreements if not session.settled(d))
        if previous is not None:
            assert session.current == session._index_like(previous)

    for _ in range(250):
        live = od.tags.ids()
        move = rng.random()
        if move < 0.35 or len(live) < 4:
            s, e = _span(rng)
            tag = new_annotation(doc, s, e, rng.choice(LABELS), rng.choice(WHO))
            apply(tag.id, tag)
        elif move < 0.5:
            tag = od.tags[rng.choice(live)]
            apply(tag.id, replace(tag, label=rng.choice(LABELS)))
        elif move < 0.62:
            tag = od.tags[rng.choice(live)]
            s, e = _span(rng)
            moved = new_annotation(doc, s, e, tag.label, tag.annotator)
            apply(tag.id, replace(moved, id=tag.id))
        elif move < 0.67:
            tag = od.tags[rng.choice(live)]
            if rng.random() < 0.5:  # in pieces
                a, b = tag.start, tag.end
                if b - a >= 5:
                    apply(tag.id, replace(tag, fragments=((a, a + 2), (b - 2, b))))
            else:
                apply(tag.id, replace(tag, orphaned=not tag.orphaned))
        elif move < 0.75:
            tag = od.tags[rng.choice(live)]
            decided = replace(tag, status=rng.choice(("accepted", "rejected", None)))
            if rng.random() < 0.5:
                apply(tag.id, decided)
            else:  # as the panel does: a decision leaves the list as it is
                od.tags.upsert(decided)
                undo.append((tag.id, tag))
                session.decisions_changed(tag, decided)
                assert session.open_count() == sum(1 for d in session.disagreements if not session.settled(d))
        elif move < 0.87:
            apply(rng.choice(live), None)
        elif undo:
            tag_id, was = undo.pop()
            apply(tag_id, was)
            undo.pop()  # an undo is not undone here
        if rng.random() < 0.3 and session.disagreements:
            session.go_to(rng.randrange(len(session.disagreements)))
    assert updated > 150  # most steps were incremental, not a full recomputation
    assert session.disagreements  # the sequence made some to compare
