"""A sync cut off right after its pull's transaction committed, when that pull held a conflict (our row,
changed while the sync ran, stays ours and goes up next): the held conflict was remembered in that same
transaction, so the next sync lists it exactly once. Through a real team server."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from db import pg_sync
from factcheck.core.model import utc_now
from factcheck.services import sync as sync_module
from factcheck.services.sync import ServerUnreachable, pending_changes, sync
from tests.factcheck.services.sync_support import project, state, tag
from tests.helpers.optional import present
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
