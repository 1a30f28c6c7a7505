"""The Review session (comparing everyone) and the open count follow ONE index of the open document's
disagreements (core.shared_index): after every random edit both equal a full computation, the index is
the same object, each change updated it once; a result found on a worker hands the index over; an old
result let go of on the worker never empties the index still followed."""

from __future__ import annotations

import gc
import weakref

import pytest

from factcheck.core.disagreements import Disagreement
from factcheck.core.open_count import OpenCount, compute
from factcheck.core.review_full import begin, install
from factcheck.core.review_full import compute as compute_review
from factcheck.core.review_incremental import DisagreementIndex
from factcheck.core.review_session import Owed, ReviewSession
from factcheck.core.shared_index import COUNTS_ARE_EXACT, of
from tests.factcheck.core.test_open_count import CountedRun
from tests.helpers.review_edits import full, open_count

#: The disagreements one change may take away around a tag (the index keeps them for its other followers).
LAST_CHANGE = 10


def _shared_run(seed: int, structure: bool) -> CountedRun:
    run = CountedRun(seed, structure)
    run.session.shared = of(run.od)
    run.session.recompute(keep=False)  # found in full by the pane: the count follows its index
    return run


def _live_disagreements() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Disagreement)


@pytest.mark.parametrize("structure", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_the_session_and_the_count_follow_one_index(seed: int, structure: bool) -> None:
    before = _live_disagreements()
    run = _shared_run(seed, structure)
    for _ in range(250):
        run.step()  # checks the session and the count against full computations
        index = run.session._index
        assert index is not None and run.count._counted is not None
        assert run.count._counted.index is index
        assert run.count.shared.current() is index
    # Found in full by the count only before the pane's was there, and when the annotators crossed two.
    assert run.count.builds == 1 + run.count.rebuilt
    if not structure:  # (the structure's index keeps its own rows per link and attribution)
        listed = len(run.session.disagreements)
        # (and those the last change took away, kept for its other followers until the next change)
        assert _live_disagreements() - before <= listed + LAST_CHANGE, "one copy of the disagreements"


def test_a_change_told_twice_updates_the_index_once() -> None:
    run = _shared_run(1, False)
    for _ in range(30):
        run.step()
    index = run.session._index
    assert index is not None
    tag = next(iter(run.od.tags))
    run.od.tags.remove(tag.id)  # the layer's events: the shared index (and the count) updated it
    assert tag.id not in index.index
    first = index.update(tag, None, run.od.tags.get)  # told again (the session next): the same answer
    rows = {k: set(index.rows(k)) for k in index.by_tag}
    annotators = dict(index.annotators)
    assert index.update(tag, None, run.od.tags.get) is first
    assert {k: set(index.rows(k)) for k in index.by_tag} == rows and dict(index.annotators) == annotators
    run.session.update(tag, None)
    run.check(None)


def test_a_result_found_on_a_worker_hands_the_index_over_and_the_old_is_not_emptied() -> None:
    run = _shared_run(2, True)
    for _ in range(40):
        run.step()
    old = run.session._index
    assert old is not None and old.shared
    followed = len(old.by_tag)
    request = begin(run.session, True, run.doc)
    assert request is not None and old in request.dropped
    computed = compute_review(request)  # releases the old result: the shared index is left be
    assert len(old.by_tag) == followed and len(old.index) > 0
    assert install(run.session, request, computed)
    new = run.session._index
    assert new is not None and new is not old
    assert run.count._counted is not None and run.count._counted.index is new, "the count took the new one"
    assert run.count.shared.current() is new
    run.check(None)


def test_a_count_found_on_a_worker_takes_the_index_found_meanwhile() -> None:
    run = _shared_run(3, False)
    run.count.drop()
    build = run.count.begin()
    compute(build)
    for _ in range(10):
        run.step()
    assert run.count.install(build)
    assert run.count._counted is not None and run.count._counted.index is run.session._index
    run.check(None)


def test_without_a_pane_the_count_offers_its_own() -> None:
    run = CountedRun(4, False)  # the session keeps its own (no shared index): the count's is offered
    count = OpenCount(run.od)
    count.build()
    shared = of(run.od)
    assert count._counted is not None and shared.current() is count._counted.index
    other = OpenCount(run.od)
    assert other.take_shared() and other._counted is not None
    assert other._counted.index is count._counted.index and other.builds == 0
    count.close()
    other.close()


@pytest.mark.skipif(not COUNTS_ARE_EXACT, reason="reference counts not exact: an index is never retired")
def test_an_index_nobody_holds_any_more_is_retired_unmarked() -> None:
    """The pane hidden (its session let go of the index, the count still following it), then shown: the
    next index offered, the count takes it, and the old one, held by nobody else, is handed to ``retire``
    (the window empties it on a worker), no longer marked shared."""
    run = _shared_run(5, False)
    for _ in range(20):
        run.step()
    retired: list[DisagreementIndex] = []
    run.count.shared.retire = retired.append
    old = run.session._index
    assert old is not None and old.shared
    followed = weakref.ref(old)
    del old
    run.session.set_suspended(True)
    run.session.defer(Owed.RECOMPUTE)  # hidden, owing a recompute: its list let go of
    assert run.session._index is None and retired == []  # the count follows it still
    assert run.session.set_suspended(False) is Owed.RECOMPUTE
    run.session.recompute()
    assert [id(i) for i in retired] == [id(followed())] and not retired[0].shared
    assert not retired[0].index.shared
    new = run.session._index
    assert new is not None and new.shared and run.count._counted is not None
    assert run.count._counted.index is new
    for _ in range(20):
        run.step()  # the session and the count still agree with full computations


def test_an_index_still_a_sessions_own_is_not_retired_nor_unmarked() -> None:
    """Another session offers the next index: the first session's, which it goes on updating, keeps its
    mark (never emptied) and is not retired."""
    run = _shared_run(6, False)
    retired: list[DisagreementIndex] = []
    run.count.shared.retire = retired.append
    first = run.session._index
    assert first is not None
    other = ReviewSession(run.od.tags)
    other.shared = run.count.shared
    other.recompute(keep=False)
    assert run.count.shared.current() is other._index and retired == []
    assert first.shared and first.index.shared
    for _ in range(30):
        run.step()  # the first session's index, still followed by it, is whole


def test_an_index_dropped_is_unmarked_so_that_its_finder_empties_it_on_the_worker() -> None:
    """Another document opened: the index no longer followed loses its mark, so the session's old result,
    let go of on the worker (``review_full.release``), is emptied bit by bit there."""
    run = _shared_run(7, False)
    old = run.session._index
    assert old is not None and old.shared
    run.od.open(run.doc, list(run.od.tags), [])  # opened again: dropped
    assert not old.shared and not old.index.shared
    request = begin(run.session, False, run.doc)
    assert request is not None and old in request.dropped
    compute_review(request)
    assert not old.by_tag, "emptied on the worker, not freed in one pass"


@pytest.mark.parametrize("structure", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_a_hidden_session_on_the_shared_index_follows_every_edit_and_owes_nothing(
    seed: int, structure: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hidden (suspended), the pane's list keeps following the edits on the index the count follows
    anyway: shown again it is a full computation's, with nothing owed (no second index made)."""
    run = _shared_run(seed, structure)
    session = run.session
    session.set_suspended(True)
    monkeypatch.setattr(run, "check", lambda _previous: None)  # checked here, hidden
    followed = recomputed = 0
    for _ in range(200):
        run.step()
        if session._index is not None:
            assert session.following() and session.owed is Owed.NOTHING
            assert session.disagreements == full(session)
            assert session.open_count() == open_count(session)
            followed += 1
        else:  # the annotators crossed two (everything changes): let go of, found in full once shown
            assert not session.disagreements and session.owed is not Owed.NOTHING
            assert session.set_suspended(False) is not Owed.NOTHING
            session.recompute()
            session.set_suspended(True)
            recomputed += 1
    assert followed > 150 and recomputed < 10
    assert session.set_suspended(False) is Owed.NOTHING
    assert session.disagreements == full(session)


def test_a_hidden_session_of_two_annotators_lets_its_own_index_go(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two compared side by side: the index is the session's own, not kept while hidden."""
    run = CountedRun(5, False)
    session = run.session
    session.shared = of(run.od)
    session.pair = ("ana", "ben")
    session.recompute(keep=False)
    assert session._index is not None and not session.following()
    session.set_suspended(True)
    monkeypatch.setattr(run, "check", lambda _previous: None)
    run.step()
    assert session._index is None and not session.disagreements
    assert session.set_suspended(False) is not Owed.NOTHING


def test_the_index_holds_a_lone_disagreement_or_a_tuple_per_tag() -> None:
    """Per tag its disagreement alone, or a tuple of two or more, not a set nor a 1-tuple (memory on a
    long article), and after edits the same as an index built afresh."""
    run = _shared_run(6, False)
    for _ in range(100):
        run.step()
    index = run.session._index
    assert index is not None and index.by_tag
    held = list(index.by_tag.values())
    assert all(type(x) is Disagreement or (type(x) is tuple and len(x) > 1) for x in held)
    assert any(type(x) is Disagreement for x in held)
    fresh = DisagreementIndex(list(run.od.tags), full(run.session))
    assert {k: set(index.rows(k)) for k in index.by_tag} == {k: set(fresh.rows(k)) for k in fresh.by_tag}
    assert all(len(set(index.rows(k))) == len(index.rows(k)) for k in index.by_tag)
    assert index.rows("no such tag") == ()
