"""Two-way sync through a real PostgreSQL: tags, reviews and tombstones reach every teammate."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from factcheck.services.sync import NotConnected, sync
from tests.factcheck.services.sync_support import project, state, tag
from tests.pg import Team


def test_a_teammates_tags_arrive_and_both_projects_converge(team: Team, tmp_path: Path) -> None:
    alice, bob = project(tmp_path, "alice"), project(tmp_path, "bob")
    try:
        a1 = tag(alice, "alice", 4, 12)
        first = sync(alice, team.url("alice"))
        assert first.role == "alice" and first.pushed["annotations"] == 1
        assert sync(bob, team.url("bob")).pulled.added == 1
        assert bob.annotation(a1.id) is not None
        tag(bob, "bob", 48, 55, "characterization")
        bob.delete_annotation(bob.annotations(annotator="bob")[0].id)
        tag(bob, "bob", 13, 18, "denial")
        sync(bob)
        report = sync(alice)
        assert report.pulled.added == 1  # the tombstone of a tag alice never had is stored silently
        assert state(alice) == state(bob)
        assert len(alice.annotations(include_deleted=True)) == 3
    finally:
        alice.close()
        bob.close()


def test_a_project_without_server_says_how_to_connect(store: Store) -> None:
    with pytest.raises(NotConnected, match="sync --server"):
        sync(store)
