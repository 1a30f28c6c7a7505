"""A sync cut off between its push and its pull, or right after its pull's transaction committed: what
the push found (a conflict, a decision not applied) and what the pull held (our row, changed while the
sync ran, stays ours and goes up next) is acted on and listed exactly once by the next sync, and every
project ends with the server's rows. Through a real team server."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from db import Store, pg_sync
from factcheck.core.model import utc_now
from factcheck.services import sync as sync_module
from factcheck.services.sync import ServerUnreachable, pending_changes, sync
from tests.factcheck.services.sync_support import project, state, tag
from tests.helpers.optional import present
from tests.helpers.review import set_review
from tests.pg import Team


def _cut_off_after_the_pull(monkeypatch: pytest.MonkeyPatch, change: Callable[[], object]) -> None:
    """The next sync: `change` happens after its push (an edit made while it runs), and the sync is cut
    off (the server gone) as soon as its pull's transaction has committed, before anything else."""
    real_pull, real_local_pull = pg_sync.pull, sync_module._pull

    def pull(*args: Any, **kwargs: Any) -> Any:
        change()
        return real_pull(*args, **kwargs)

    def local_pull(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(sync_module, "pull", real_pull)
        monkeypatch.setattr(sync_module, "_pull", real_local_pull)
        real_local_pull(*args, **kwargs)
        raise ServerUnreachable("the server went away")

    monkeypatch.setattr(sync_module, "pull", pull)
    monkeypatch.setattr(sync_module, "_pull", local_pull)


def test_a_held_conflict_is_listed_exactly_once_though_its_sync_was_cut_off_after_the_pull(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with project(tmp_path, "laptop") as laptop, project(tmp_path, "desk") as desk:
        a1 = tag(laptop, "alice", 4, 12)
        sync(laptop, team.url("alice"))
        sync(desk, team.url("alice"))
        stamp = utc_now()
        laptop.put_annotation(replace(a1, note="laptop", updated_at=stamp))
        desk.put_annotation(replace(present(desk.annotation(a1.id)), note="desk", updated_at=stamp))
        sync(laptop)
        _cut_off_after_the_pull(monkeypatch, lambda: desk.update_annotation(a1.id, label="denial"))
        with pytest.raises(ServerUnreachable):
            sync(desk)
        mine = present(desk.annotation(a1.id))
        assert (mine.note, mine.label) == ("desk", "denial")  # held: ours stays, still queued
        assert pending_changes(desk) == 1
    with project(tmp_path, "desk", article=False) as desk:  # reopened after the crash
        again = sync(desk)
        assert not again.refused and again.pushed["annotations"] == 1, again.details()
        mine = present(desk.annotation(a1.id))
        conflicts = [d for d in again.details() if d.startswith("conflict")]
        assert conflicts == [
            f"conflict {a1.id} (team server ({again.server})): "
            f"ours denial 4-12 by alice at {mine.updated_at}; theirs claim 4-12 by alice at {stamp}"
        ]
        assert again.pulled.conflicting == 1
        assert not [d for d in sync(desk).details() if d.startswith("conflict")]  # once
        with project(tmp_path, "laptop", article=False) as laptop:
            sync(laptop)
            assert state(laptop) == state(desk)


def _cut_off_before_the_pull(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[], object] = lambda: None
) -> None:
    """The next sync: `change` happens after its push, and the sync is cut off before its pull."""

    def pull(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(sync_module, "pull", pg_sync.pull)
        change()
        raise ServerUnreachable("the server went away")

    monkeypatch.setattr(sync_module, "pull", pull)


def _conflicting(tmp_path: Path, team: Team) -> tuple[Store, Store, str, str]:
    """laptop and desk edit alice's tag at the same stamp; the laptop's went up first."""
    laptop, desk = project(tmp_path, "laptop"), project(tmp_path, "desk")
    a1 = tag(laptop, "alice", 4, 12)
    sync(laptop, team.url("alice"))
    sync(desk, team.url("alice"))
    stamp = utc_now()
    laptop.put_annotation(replace(a1, note="laptop", updated_at=stamp))
    desk.put_annotation(replace(present(desk.annotation(a1.id)), note="desk", updated_at=stamp))
    sync(laptop)
    return laptop, desk, a1.id, stamp


def test_a_conflict_found_by_a_push_whose_pull_was_cut_off_is_settled_and_listed_by_the_next_sync(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The push found the conflict (the server kept the laptop's copy); the pull that would put it over
    ours never ran. The next sync does it, and lists the conflict once: the desk does not keep another
    copy of the tag than the server for good."""
    laptop, desk, key, stamp = _conflicting(tmp_path, team)
    try:
        _cut_off_before_the_pull(monkeypatch)
        with pytest.raises(ServerUnreachable):
            sync(desk)
        again = sync(desk)
        assert not again.refused and again.pulled.conflicting == 1, again.details()
        (line,) = [d for d in again.details() if d.startswith("conflict")]
        assert line == (
            f"conflict {key} ({again.server}): ours replaced by the server's; "
            f"theirs claim 4-12 by alice at {stamp}"
        )
        assert present(desk.annotation(key)).note == "laptop"
        assert not [d for d in sync(desk).details() if d.startswith("conflict")]  # once
        sync(laptop)
        assert state(laptop) == state(desk)
    finally:
        laptop.close()
        desk.close()


def test_a_held_conflict_whose_pull_was_cut_off_is_listed_once_when_ours_goes_up(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As above, with the desk's tag edited again while the cut-off sync ran: the next sync sends that
    newer edit over the laptop's copy, and lists the conflict with the laptop's copy as it was."""
    laptop, desk, key, stamp = _conflicting(tmp_path, team)
    try:
        _cut_off_before_the_pull(monkeypatch, lambda: desk.update_annotation(key, label="denial"))
        with pytest.raises(ServerUnreachable):
            sync(desk)
        again = sync(desk)
        assert not again.refused and again.pushed["annotations"] == 1, again.details()
        mine = present(desk.annotation(key))
        assert (mine.note, mine.label) == ("desk", "denial")
        conflicts = [d for d in again.details() if d.startswith("conflict")]
        assert conflicts == [
            f"conflict {key} (team server ({again.server})): "
            f"ours denial 4-12 by alice at {mine.updated_at}; theirs claim 4-12 by alice at {stamp}"
        ]
        assert not [d for d in sync(desk).details() if d.startswith("conflict")]  # once
        sync(laptop)
        assert state(laptop) == state(desk)
    finally:
        laptop.close()
        desk.close()


def test_a_decision_not_applied_by_a_push_whose_pull_was_cut_off_is_said_by_the_next_sync(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rita's decision on a tag alice deleted meanwhile is not applied; her sync is cut off before its
    pull. The next sync says so (once) and brings the deleted tag, as the cut-off one would have."""
    alice, rita = project(tmp_path, "alice"), project(tmp_path, "rita")
    try:
        a1 = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        sync(rita, team.url("rita"))
        set_review(rita, a1.id, "accepted", "rita", "checked")
        alice.delete_annotation(a1.id)
        assert not sync(alice).refused
        _cut_off_before_the_pull(monkeypatch)
        with pytest.raises(ServerUnreachable):
            sync(rita)
        assert pending_changes(rita) == 0  # sent: the server answered
        again = sync(rita)
        assert again.not_applied == {"annotations": {a1.id: "accepted"}}, again.details()
        (line,) = [d for d in again.details() if a1.id in d]
        assert line.startswith(f"alice deleted tag {a1.id}") and "was not applied" in line
        assert present(rita.annotation(a1.id)).deleted
        assert not sync(rita).not_applied  # once
        assert state(alice) == state(rita)
    finally:
        alice.close()
        rita.close()
