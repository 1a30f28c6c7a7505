"""A name the team renamed away, then added anew by a teammate, means itself again: on the server (the
tags made with it after the re-add stay under it, its alias is dropped) and in every other project at
its next pull; while a teammate's rows made before the rename, pushed late, still go under the new name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import labels as db_labels
from db import link_types as db_link_types
from db import links
from db.store import Store
from factcheck.core.links import new_link
from factcheck.services.sync import sync
from factcheck.services.team_renames import rename_for_team
from tests.factcheck.services.sync_support import doc_of, projects, tag
from tests.pg import Team


@pytest.fixture
def team_projects(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path)


def _server(team: Team, query: str) -> list[tuple[str, ...]]:
    with team.server.admin(team.database) as conn:
        return [tuple(str(v) for v in row) for row in conn.execute(query)]


def _named(team: Team, query: str) -> dict[str, str]:
    """id -> the label (link type) the server files it under."""
    return {row[0]: row[1] for row in _server(team, query)}


def test_a_label_added_anew_under_a_former_name_keeps_its_tags_and_a_late_tag_still_follows_the_rename(
    team: Team, team_projects: dict[str, Store]
) -> None:
    alice, bob, rita = team_projects["alice"], team_projects["bob"], team_projects["rita"]
    old = tag(bob, "bob", 4, 45, "denial")
    for store, role in ((bob, "bob"), (alice, "alice"), (rita, "rita")):
        assert sync(store, team.url(role)).refused == []
    late = tag(alice, "alice", 93, 133, "denial")  # alice, offline for weeks, tags before the rename

    rename_for_team(team.url("rita"), "label", "denial", "rebuttal")
    assert len(sync(rita).renames) == 1 and db_labels.renamed_labels(rita) == {"denial": "rebuttal"}
    assert len(sync(bob).renames) == 1
    # Months later bob adds a label "denial" of another meaning, and tags with it.
    db_labels.add_label(bob, "denial", "#336699")
    new = tag(bob, "bob", 46, 85, "denial")
    assert sync(bob).refused == []

    # On the server: the new label is there, its tag under it, the alias gone; the old tag kept its name.
    assert ("denial",) in _server(team, "SELECT name FROM factcheck.labels")
    assert _server(team, "SELECT old FROM factcheck.scheme_aliases WHERE kind = 'label'") == []
    labels = _named(team, "SELECT id, label FROM factcheck.annotations")
    assert labels == {old.id: "rebuttal", new.id: "denial"}

    # alice's tag from before the rename arrives late: it meant the old "denial", so it goes to "rebuttal".
    report = sync(alice)
    assert report.refused == [] and len(report.renames) == 1
    labels = _named(team, "SELECT id, label FROM factcheck.annotations")
    assert labels == {old.id: "rebuttal", new.id: "denial", late.id: "rebuttal"}
    assert {a.id: a.label for a in alice.annotations()} == labels
    assert {"denial", "rebuttal"} <= {lab.name for lab in alice.labels()}
    # Every other project learns the name is no alias any more: a file's "denial" is the new label there.
    assert sync(rita).refused == []
    assert {a.id: a.label for a in rita.annotations()} == labels
    for store in (alice, bob, rita):
        assert db_labels.renamed_labels(store) == {}, store


def test_a_link_type_added_anew_under_a_former_name_keeps_its_links_and_a_late_link_follows_the_rename(
    team: Team, team_projects: dict[str, Store]
) -> None:
    alice, bob, rita = team_projects["alice"], team_projects["bob"], team_projects["rita"]
    claim, denial = tag(bob, "bob", 4, 45), tag(bob, "bob", 93, 133, "denial")
    first = links.add_link(bob, new_link(doc_of(bob).id, "denies", denial.id, claim.id, "bob"))
    hers, other = tag(alice, "alice", 46, 85), tag(alice, "alice", 134, 160)
    for store, role in ((bob, "bob"), (alice, "alice"), (rita, "rita")):
        assert sync(store, team.url(role)).refused == []
    late = links.add_link(alice, new_link(doc_of(alice).id, "denies", hers.id, other.id, "alice"))  # offline

    rename_for_team(team.url("rita"), "link_type", "denies", "rebuts")
    assert len(sync(bob).renames) == 1
    db_link_types.add_link_type(bob, "denies")  # another meaning
    again = links.add_link(bob, new_link(doc_of(bob).id, "denies", claim.id, denial.id, "bob"))
    assert sync(bob).refused == []
    assert _server(team, "SELECT old FROM factcheck.scheme_aliases WHERE kind = 'link_type'") == []
    types = _named(team, "SELECT id, type FROM factcheck.links")
    assert types == {first.id: "rebuts", again.id: "denies"}

    assert sync(alice).refused == []
    types = _named(team, "SELECT id, type FROM factcheck.links")
    assert types == {first.id: "rebuts", again.id: "denies", late.id: "rebuts"}
    assert {lk.id: lk.type for lk in links.links(alice)} == types
    assert sync(rita).refused == []
    assert {lk.id: lk.type for lk in links.links(rita)} == types
    for store in (alice, bob, rita):
        assert {"denies", "rebuts"} <= {t.name for t in links.link_types(store)}
        assert db_link_types.renamed_link_types(store) == {}
