"""A label (link type) renamed once for the whole team through the server: every client's next sync
applies it in the pull's transaction, its offline tags go up under the new name, and the old name is
remembered for teammates' older files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import labels as db_labels
from db import link_types as db_link_types
from db import links, sync_local
from db.errors import StoreError
from db.store import Store
from factcheck.core.links import new_link
from factcheck.services import labels as labels_service
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from factcheck.services.sync import sync
from factcheck.services.team_renames import TeamRenameRefused, rename_for_team
from tests.factcheck.services.sync_support import doc_of, project, projects, tag
from tests.pg import Team
from ui.team_news import news


@pytest.fixture
def team_projects(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path)


def _labels(store: Store) -> list[str]:
    return [lab.name for lab in store.labels()]


def _server_labels(team: Team) -> list[tuple[str, ...]]:
    with team.server.admin(team.database) as conn:
        return conn.execute("SELECT id, label FROM factcheck.annotations ORDER BY id").fetchall()


def test_a_reviewers_rename_reaches_a_teammate_with_offline_tags_of_the_old_name(
    team: Team, team_projects: dict[str, Store], tmp_path: Path
) -> None:
    rita, bob = team_projects["rita"], team_projects["bob"]
    synced = tag(bob, "bob", 4, 45, "denial")
    assert sync(bob, team.url("bob")).refused == []
    assert sync(rita, team.url("rita")).refused == []
    colour = next(lab for lab in bob.labels() if lab.name == "denial")
    # A teammate outside the server saved her work with the old name, in a file.
    with project(tmp_path, "alice") as alice:
        older = tag(alice, "alice", 93, 133, "denial")
        export(alice, "json", tmp_path / "alice.json")
    # bob, offline, tags again with the old name.
    offline = tag(bob, "bob", 46, 85, "denial")

    assert rename_for_team(team.url("rita"), "label", "denial", "rebuttal") == 1
    mine = sync(rita)  # the reviewer's own project follows at its next sync
    assert mine.renames == ["label 'denial' is now 'rebuttal' (renamed by rita)"]
    assert "denial" not in _labels(rita) and "rebuttal" in _labels(rita)

    report = sync(bob)
    assert report.refused == [] and report.renames == mine.renames
    assert "Renamed for the team: label 'denial' is now 'rebuttal' (renamed by rita)." in report.summary()
    assert news(report).endswith("; label 'denial' is now 'rebuttal' (renamed by rita)"), news(report)
    # bob ends with the new name only: his label (its colour and key kept), his synced and offline tags.
    renamed = next(lab for lab in bob.labels() if lab.name == "rebuttal")
    assert "denial" not in _labels(bob)
    assert (renamed.color, renamed.shortcut) == (colour.color, colour.shortcut)
    got = {a.id: a for a in bob.annotations(include_deleted=True)}
    assert (got[synced.id].label, got[offline.id].label) == ("rebuttal", "rebuttal")
    # The stamps are the annotators' (a rename is not an edit); nothing waits to go up again.
    assert got[synced.id].updated_at == synced.updated_at
    assert sync_local.waiting(bob) == 0 and sync(bob).pushed == {}
    # The server holds bob's offline tag under the new name, and so does rita's project.
    assert _server_labels(team) == sorted([(synced.id, "rebuttal"), (offline.id, "rebuttal")])
    sync(rita)
    assert {a.id: a.label for a in rita.annotations()} == {synced.id: "rebuttal", offline.id: "rebuttal"}
    # Both remember the old name: alice's older file merges under the new one in either project.
    for store in (rita, bob):
        assert db_labels.renamed_labels(store) == {"denial": "rebuttal"}
    import_paths(bob, [tmp_path / "alice.json"])
    merged = {a.id: a.label for a in bob.annotations()}
    assert merged[older.id] == "rebuttal" and "denial" not in _labels(bob)


def test_a_chain_of_renames_is_applied_in_order_by_a_client_that_missed_them(
    team: Team, team_projects: dict[str, Store]
) -> None:
    rita, bob = team_projects["rita"], team_projects["bob"]
    first = tag(bob, "bob", 4, 45, "denial")
    sync(bob, team.url("bob"))
    rename_for_team(team.url("rita"), "label", "denial", "rebuttal")
    rename_for_team(team.url("rita"), "label", "rebuttal", "refutation")
    report = sync(bob)
    assert report.renames == [
        "label 'denial' is now 'rebuttal' (renamed by rita)",
        "label 'rebuttal' is now 'refutation' (renamed by rita)",
    ]
    assert bob.annotation(first.id).label == "refutation"  # type: ignore[union-attr]
    assert db_labels.renamed_labels(bob) == {"denial": "refutation", "rebuttal": "refutation"}
    assert sync(bob).renames == []  # applied once
    # A project joining later applies them too: its own label of the old name becomes the team's.
    sync(rita, team.url("rita"))
    assert "refutation" in _labels(rita) and "denial" not in _labels(rita)


def test_a_link_type_renamed_for_the_team_takes_a_teammates_offline_link(
    team: Team, team_projects: dict[str, Store]
) -> None:
    rita, bob = team_projects["rita"], team_projects["bob"]
    claim = tag(bob, "bob", 4, 45)
    denial = tag(bob, "bob", 93, 133, "denial")
    first = links.add_link(bob, new_link(doc_of(bob).id, "denies", denial.id, claim.id, "bob"))
    sync(bob, team.url("bob"))
    sync(rita, team.url("rita"))
    later = links.add_link(bob, new_link(doc_of(bob).id, "denies", claim.id, denial.id, "bob"))  # offline

    assert rename_for_team(team.url("rita"), "link_type", "denies", "rebuts") == 1
    report = sync(bob)
    assert report.refused == [] and report.renames == ["link type 'denies' is now 'rebuts' (renamed by rita)"]
    names = [t.name for t in links.link_types(bob)]
    assert "denies" not in names and "rebuts" in names
    assert {lk.id: lk.type for lk in links.links(bob)} == {first.id: "rebuts", later.id: "rebuts"}
    assert db_link_types.renamed_link_types(bob) == {"denies": "rebuts"}
    sync(rita)
    assert {lk.id: lk.type for lk in links.links(rita)} == {first.id: "rebuts", later.id: "rebuts"}


def test_refusals_say_why_and_change_nothing(team: Team, team_projects: dict[str, Store]) -> None:
    bob = team_projects["bob"]
    tag(bob, "bob", 4, 45, "denial")
    sync(bob, team.url("bob"))
    with pytest.raises(TeamRenameRefused, match=r"only reviewers .* bob is neither"):
        rename_for_team(team.url("bob"), "label", "denial", "rebuttal")
    with pytest.raises(TeamRenameRefused, match="has a label 'claim' already"):
        rename_for_team(team.url("rita"), "label", "denial", "claim")
    assert sync(bob).renames == [] and "denial" in _labels(bob)
    # The local refusal tells what to do instead.
    with pytest.raises(StoreError, match=r"A reviewer renames it for the whole team instead.*rename-label"):
        labels_service.rename_label(bob, "denial", "rebuttal")
    with pytest.raises(StoreError, match="Agree on it with the team"):
        labels_service.remove_label(bob, "denial", force=True)


def test_a_teammate_who_added_the_new_name_himself_ends_with_one_label(
    team: Team, team_projects: dict[str, Store]
) -> None:
    """bob added 'rebuttal' offline, the team renamed 'denial' onto that name: his tags of both names end
    under it, and 'denial' is gone from his project."""
    bob = team_projects["bob"]
    old = tag(bob, "bob", 4, 45, "denial")
    sync(bob, team.url("bob"))
    db_labels.add_label(bob, "rebuttal", "#123456")
    new = tag(bob, "bob", 46, 85, "rebuttal")
    rename_for_team(team.url("rita"), "label", "denial", "rebuttal")
    report = sync(bob)
    assert report.refused == [] and len(report.renames) == 1
    assert _labels(bob).count("rebuttal") == 1 and "denial" not in _labels(bob)
    assert {a.id: a.label for a in bob.annotations()} == {old.id: "rebuttal", new.id: "rebuttal"}
    assert _server_labels(team) == sorted([(old.id, "rebuttal"), (new.id, "rebuttal")])
    with team.server.admin(team.database) as conn:
        count = conn.execute("SELECT count(*) FROM factcheck.labels WHERE name = 'rebuttal'").fetchone()
    assert count == (1,)
