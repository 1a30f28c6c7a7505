"""ReviewSession without Qt: the mode, the disagreements, the current one, and the work owed while
suspended."""

from __future__ import annotations

from dataclasses import replace

import pytest

from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.review_session import Owed, ReviewSession
from factcheck.core.spans import new_annotation

TEXT = "Minister Jane Roe said on Monday that crime fell by a fifth, critics say."


@pytest.fixture
def doc() -> Document:
    return Document.create(TEXT, title="Roe")


@pytest.fixture
def tags(doc: Document) -> dict[str, Annotation]:
    def add(key: str, start: int, end: int, label: str, who: str) -> None:
        made[key] = new_annotation(doc, start, end, label, who)

    made: dict[str, Annotation] = {}
    add("ana_min", 0, 8, "claim", "ana")  # agreement
    add("ben_min", 0, 8, "claim", "ben")
    add("ana_roe", 9, 17, "claim", "ana")  # label
    add("ben_roe", 9, 17, "denial", "ben")
    add("ana_said", 18, 32, "denial", "ana")  # boundary
    add("ben_said", 23, 32, "denial", "ben")
    add("cy_crime", 38, 48, "characterization", "cy")  # only cy
    return made


@pytest.fixture
def session(doc: Document, tags: dict[str, Annotation]) -> ReviewSession:
    od = OpenDocument()
    od.open(doc, tags.values())
    s = ReviewSession(od.tags)
    s.recompute(keep=False)
    return s


def kinds(session: ReviewSession) -> list[str]:
    return [d.kind for d in session.disagreements]


def test_all_annotators_then_a_pair(session: ReviewSession, tags: dict[str, Annotation]) -> None:
    assert kinds(session) == ["label", "boundary", "only_one"]
    assert session.current == 0 and session.chosen_annotators() is None
    session.pair = ("ana", "ben")
    session.recompute(keep=False)
    assert kinds(session) == ["label", "boundary"] and session.chosen_annotators() == {"ana", "ben"}
    session.pair = ("ana", "ana")  # the same person twice: nothing to compare
    session.recompute(keep=False)
    assert not session.comparing() and kinds(session) == [] and session.current == -1


def test_walking_and_the_current_tag(session: ReviewSession, tags: dict[str, Annotation]) -> None:
    d = session.go_to(0)
    assert d is not None and session.current_tag == tags["ana_roe"].id  # its first undecided tag
    assert [t.id for t in session.tags_of(d)] == [tags["ana_roe"].id, tags["ben_roe"].id]
    assert session.step(+1) and session.current == 1 and session.current_tag == tags["ana_said"].id
    assert session.step(+1) and not session.step(+1) and session.current == 2  # stays at the end
    assert session.step(-2) and session.current == 0
    assert not session.step(-1)
    assert session.index_of_tag(tags["cy_crime"].id) == 2 and session.index_of_tag("nope") is None


def test_following_a_tag_made_current_elsewhere(
    session: ReviewSession, doc: Document, tags: dict[str, Annotation]
) -> None:
    session.follow(tags["ben_said"].id)  # the boundary disagreement involves it
    assert (session.current, session.current_tag) == (1, tags["ben_said"].id)
    session.follow(tags["ana_said"].id)  # the same disagreement: it stays
    assert session.current == 1
    session.follow(tags["ben_min"].id)  # agreed with ana: in no disagreement, current alone
    assert (session.current, session.current_tag) == (-1, tags["ben_min"].id)
    assert session.current_disagreement() is None
    assert not session.step(-1) and session.current_tag == tags["ben_min"].id  # none before it
    assert session.step(+1) and session.current == 0  # the first one after its place in the text
    session.follow(tags["cy_crime"].id)
    assert session.current == 2
    # A tag both tagged between two disagreements: N goes to the one after it, P to the one before.
    between = new_annotation(doc, 33, 37, "claim", "ana")  # "that"
    session.tags.upsert(between)
    session.tags.upsert(new_annotation(doc, 33, 37, "claim", "ben"))
    session.recompute(keep=False)
    session.follow(between.id)
    assert session.current == -1
    assert session.step(-1) and session.current == 1  # the boundary one (18-32)
    session.follow(between.id)
    assert session.step(+1) and session.current == 2  # cy's (38-48)


def test_go_to_without_picking_a_tag(session: ReviewSession, tags: dict[str, Annotation]) -> None:
    session.current_tag = None
    assert session.go_to(1, pick=False) is not None and session.current_tag is None
    session.current_tag = tags["ana_roe"].id  # not in that disagreement: dropped, none picked
    session.go_to(1, pick=False)
    assert session.current_tag is None
    session.go_to(1)
    assert session.current_tag == tags["ana_said"].id


def test_decisions_settle_and_move_on(session: ReviewSession, tags: dict[str, Annotation]) -> None:
    layer = session.tags
    session.go_to(0)
    order = [tags["ana_roe"].id, tags["ben_roe"].id]
    assert session.decided(session.disagreements[0]) == (0, 2)
    layer.upsert(replace(tags["ana_roe"], status="accepted", reviewer="rita"))
    assert session.decided(session.disagreements[0]) == (1, 2)
    assert session.next_after_decision(order) == tags["ben_roe"].id  # the next undecided tag
    layer.upsert(replace(tags["ben_roe"], status="rejected", reviewer="rita", reason="no"))
    assert session.settled(session.disagreements[0]) and session.open_count() == 2
    assert session.next_after_decision(order) == 1  # then the next open disagreement


def test_recompute_keeps_the_current_disagreement(
    session: ReviewSession, doc: Document, tags: dict[str, Annotation]
) -> None:
    session.go_to(1)  # the boundary one
    session.tags.upsert(new_annotation(doc, 38, 48, "characterization", "dan"))  # cy's is shared now
    session.recompute()
    assert kinds(session) == ["label", "boundary"] and session.current == 1
    session.tags.remove(tags["ben_said"].id)  # the boundary one goes: the one now at its place
    session.recompute()
    assert kinds(session) == ["label", "only_one"] and session.current == 1


def owed_by(session: ReviewSession) -> Owed:
    return session.owed


def test_suspended_it_owes_the_work_instead(session: ReviewSession, doc: Document) -> None:
    assert session.set_suspended(True) is Owed.NOTHING
    session.tags.upsert(new_annotation(doc, 52, 60, "claim", "ana"))
    assert not session.recompute() and session.owed is Owed.RECOMPUTE
    assert kinds(session) == [], "owing a recompute, the list is let go of while hidden (found anew)"
    # owed_by: a fresh read each time (mypy would keep the narrowing of session.owed across calls).
    assert not session.recompute(keep=False) and owed_by(session) is Owed.RESTART
    assert not session.recompute() and owed_by(session) is Owed.RESTART  # a restart covers a recompute
    assert session.set_suspended(False) is Owed.RESTART and owed_by(session) is Owed.NOTHING
    assert session.recompute(keep=False)
    assert kinds(session) == ["label", "boundary", "only_one", "only_one"]


def test_suspended_it_keeps_only_its_place_and_comes_back_to_it(
    session: ReviewSession, doc: Document
) -> None:
    """Hidden and owing a recompute, the session keeps no list nor index (a long article's 25,600 rows
    and a set of them per tag), only the disagreement it was on: shown again, it is on that one."""
    session.go_to(1)
    was = session.current_disagreement()
    assert was is not None and kinds(session)[1] == "boundary"
    session.set_suspended(True)
    session.tags.upsert(new_annotation(doc, 52, 60, "claim", "ana"))  # elsewhere in the text
    assert not session.recompute()
    assert session.disagreements == [] and session._index is None and session.place() == was
    assert session.set_suspended(False) is Owed.RECOMPUTE
    assert session.recompute()
    assert session.current_disagreement() == was and session.place() == was
