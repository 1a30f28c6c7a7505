"""Links and speakers edited while a sync runs (between its push and its pull), through a real team
server: a link added and one deleted, a speaker renamed. The edits stay, still queued, while the pull lands
the team's news; the next sync sends them and every project ends up alike. When that sync's push found
the link or the speaker in conflict, the edit made meanwhile is held (not replaced by the server's copy)
and the next sync, which sends it over the other copy, lists the conflict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from db import Store, links, pg_sync, speakers
from factcheck.core.links import new_link
from factcheck.core.model import utc_now
from factcheck.core.speakers import new_speaker
from factcheck.services import sync as sync_module
from factcheck.services.sync import pending_changes, sync
from tests.factcheck.services.sync_support import doc_of, project, state, tag
from tests.helpers.optional import present
from tests.pg import Team


def _between_push_and_pull(monkeypatch: pytest.MonkeyPatch, change: Callable[[], object]) -> None:
    """Make `change` happen while the next sync runs, after its push, before its pull."""

    def pull(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(sync_module, "pull", pg_sync.pull)
        change()
        return pg_sync.pull(*args, **kwargs)

    monkeypatch.setattr(sync_module, "pull", pull)


def _structure(store: Store) -> tuple[dict[str, Any], dict[str, Any]]:
    """Links (without the local document id) and speakers, field for field."""
    return (
        {lk.id: replace(lk, document_id="") for lk in links.links(store, include_deleted=True)},
        {s.id: s for s in speakers.speakers(store, include_deleted=True)},
    )


def _server(team: Team, table: str, key: str, columns: str) -> tuple[object, ...]:
    with team.server.admin(team.database) as conn:
        row = conn.execute(f"SELECT {columns} FROM factcheck.{table} WHERE id = %s", [key]).fetchone()
    assert row is not None
    return tuple(row)


def test_a_link_added_one_deleted_and_a_speaker_renamed_while_syncing_stay_and_go_up_next(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        claim = tag(alice, "alice", 4, 45)
        denial = tag(alice, "alice", 93, 133, "denial")
        other = tag(alice, "alice", 134, 170, "characterization")
        old_link = links.add_link(alice, new_link(doc_of(alice).id, "denies", denial.id, claim.id, "alice"))
        minister = speakers.add_speaker(alice, new_speaker("The minister", "person"))
        assert not sync(alice, team.url("alice")).refused
        assert not sync(bob, team.url("bob")).refused
        bobs = tag(bob, "bob", 0, 12, "source")  # news for alice's next pull
        assert not sync(bob).refused
        made: list[Any] = []

        def meanwhile() -> None:
            made.append(
                links.add_link(
                    alice, new_link(doc_of(alice).id, "characterizes", other.id, claim.id, "alice")
                )
            )
            links.delete_link(alice, old_link.id, by="alice")
            speakers.update_speaker(alice, minister.id, name="The former minister")

        _between_push_and_pull(monkeypatch, meanwhile)
        report = sync(alice)
        assert not report.refused and not report.pulled.conflicts, report.details()
        assert alice.annotation(bobs.id) is not None  # the pull landed
        (new_link_,) = made
        assert present(links.link(alice, new_link_.id)).deleted_at is None
        assert present(links.link(alice, old_link.id)).deleted_at is not None
        assert present(speakers.speaker(alice, minister.id)).name == "The former minister"
        assert pending_changes(alice) == 3
        again = sync(alice)
        assert not again.refused and again.pushed.get("links") == 2 and again.pushed.get("speakers") == 1
        assert pending_changes(alice) == 0
        assert _server(team, "links", old_link.id, "deleted_at IS NOT NULL") == (True,)
        assert _server(team, "links", new_link_.id, "type") == ("characterizes",)
        assert _server(team, "speakers", minister.id, "name") == ("The former minister",)
        sync(bob)
        assert _structure(bob) == _structure(alice)
        assert state(bob) == state(alice)


def test_a_link_and_a_speaker_in_conflict_edited_while_syncing_are_held_then_listed_as_conflicts(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """alice's laptop and desk change the same link and speaker at the same stamp; the laptop syncs
    first, so the desk's push finds both in conflict. While that sync runs, the desk deletes the link and
    renames the speaker again: both edits stay (the pull does not put the server's copy over them), and
    the next sync sends them and lists the two conflicts, as any other."""
    with project(tmp_path, "laptop") as laptop, project(tmp_path, "desk") as desk:
        claim = tag(laptop, "alice", 4, 45)
        denial = tag(laptop, "alice", 93, 133, "denial")
        link = links.add_link(laptop, new_link(doc_of(laptop).id, "denies", denial.id, claim.id, "alice"))
        minister = speakers.add_speaker(laptop, new_speaker("The minister", "person"))
        assert not sync(laptop, team.url("alice")).refused
        assert not sync(desk, team.url("alice")).refused
        stamp = utc_now()
        links.put_links(laptop, [replace(link, type="characterizes", updated_at=stamp)])
        speakers.put_speakers(laptop, [replace(minister, name="The home secretary", updated_at=stamp)])
        desks_link = present(links.link(desk, link.id))
        links.put_links(desk, [replace(desks_link, type="same_claim", updated_at=stamp)])
        speakers.put_speakers(desk, [replace(minister, name="The interior minister", updated_at=stamp)])
        assert not sync(laptop).refused

        def meanwhile() -> None:
            links.delete_link(desk, link.id, by="alice")
            speakers.update_speaker(desk, minister.id, name="Ms Braverman")

        _between_push_and_pull(monkeypatch, meanwhile)
        report = sync(desk)
        assert not report.refused and not report.pulled.conflicts and report.replaced == 0, report.details()
        held = [d for d in report.details() if d.startswith("kept your edit")]
        assert len(held) == 2 and all("made while syncing" in d for d in held), report.details()
        assert present(links.link(desk, link.id)).deleted_at is not None
        assert present(speakers.speaker(desk, minister.id)).name == "Ms Braverman"
        assert pending_changes(desk) == 2
        again = sync(desk)
        assert not again.refused and again.pushed.get("links") == 1 and again.pushed.get("speakers") == 1
        assert _server(team, "links", link.id, "deleted_at IS NOT NULL") == (True,)
        assert _server(team, "speakers", minister.id, "name") == ("Ms Braverman",)
        lines = sorted(d for d in again.details() if d.startswith("conflict"))
        assert again.pulled.conflicting == 2 and len(lines) == 2, again.details()
        gone = present(links.link(desk, link.id))
        assert lines[0] == (
            f"conflict link {link.id} (team server ({again.server})): ours deleted same_claim {denial.id} → "
            f"{claim.id} by alice at {gone.updated_at}; "
            f"theirs characterizes {denial.id} → {claim.id} by alice at {stamp}"
        )
        renamed = present(speakers.speaker(desk, minister.id))
        assert lines[1] == (
            f"conflict speaker {minister.id} (team server ({again.server})): ours 'Ms Braverman' at "
            f"{renamed.updated_at}; theirs 'The home secretary' at {stamp}"
        )
        assert not sync(desk).pulled.conflicts
        sync(laptop)
        assert _structure(laptop) == _structure(desk)
