"""Two-way sync through a real PostgreSQL: tags, reviews and tombstones reach every teammate."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from db import Store
from factcheck.core.errors import DuplicateTag, InvalidSpan
from factcheck.services.exporting import export
from factcheck.services.sync import NotConnected, sync
from tests.factcheck.services.sync_support import doc_of, project, state, tag
from tests.helpers.review import set_review
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


def _server_count(team: Team, table: str = "annotations") -> int:
    with team.server.admin(team.database) as conn:
        row = conn.execute(f"SELECT count(*) FROM factcheck.{table}").fetchone()
    assert row is not None
    return int(row[0])


def test_one_document_on_the_server_for_one_text_imported_twice(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        assert doc_of(alice).id != doc_of(bob).id
        tag(alice, "alice", 4, 12)
        tag(bob, "bob", 13, 18)
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        sync(alice)
        assert _server_count(team, "documents") == 1
        assert state(alice) == state(bob)
        assert {a.document_id for a in bob.annotations()} == {doc_of(bob).id}


def test_a_refused_row_is_reported_the_rest_lands_and_the_servers_copy_comes_back(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        a1 = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        bob.update_annotation(a1.id, label="denial")  # bob edits alice's tag: the server will refuse
        forged = tag(bob, "alice", 48, 55)  # and makes one in her name
        own = tag(bob, "bob", 13, 18)
        report = sync(bob)
        assert {(r.key, r.owner) for r in report.refused} == {(a1.id, "alice"), (forged.id, "alice")}
        why = {r.key: r.why for r in report.refused}
        assert "only they may change it" in why[a1.id] and "you may add only your own" in why[forged.id]
        assert any(a1.id in line for line in report.details())
        assert report.pushed["annotations"] == 1  # bob's own tag landed
        restored = bob.annotation(a1.id)
        assert restored is not None and restored.label == "claim" and report.replaced == 1
        assert bob.annotation(own.id) is not None
        # Refused once, not sent again (the forged tag stays in bob's project only).
        assert sync(bob).refused == []
        sync(alice)
        assert alice.annotation(forged.id) is None and alice.annotation(own.id) is not None


def test_a_reviewers_decisions_reach_the_annotators_and_theirs_are_refused(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "rita") as rita:
        a1, a2 = tag(alice, "alice", 4, 12), tag(alice, "alice", 13, 18)
        sync(alice, team.url("alice"))
        assert sync(rita, team.url("rita")).reviewer
        set_review(rita, a1.id, "accepted", "rita")
        set_review(rita, a2.id, "rejected", "rita", "not a claim")
        assert sync(rita).refused == []
        sync(alice)
        got = alice.annotation(a2.id)
        assert got is not None and (got.status, got.reviewer, got.reason) == (
            "rejected",
            "rita",
            "not a claim",
        )
        # An annotator cannot overrule the reviewer from her side.
        set_review(alice, a2.id, "accepted", "alice")
        report = sync(alice)
        assert [r.key for r in report.refused] == [a2.id] and "reviewers" in report.refused[0].why
        back = alice.annotation(a2.id)
        assert back is not None and back.status == "rejected"
        sync(rita)
        assert state(alice) == state(rita)


def test_offline_edits_on_two_sides_meet_newer_wins_and_tombstones_hold(team: Team, tmp_path: Path) -> None:
    with (
        project(tmp_path, "laptop") as laptop,
        project(tmp_path, "desk") as desk,
        project(tmp_path, "bob") as bob,
    ):
        a1, a2 = tag(laptop, "alice", 4, 12), tag(laptop, "alice", 13, 18)
        sync(laptop, team.url("alice"))
        sync(desk, team.url("alice"))
        sync(bob, team.url("bob"))
        # Offline: alice edits on both machines, bob tags.
        desk.update_annotation(a1.id, note="older edit")
        laptop.update_annotation(a1.id, note="newer edit")
        laptop.delete_annotation(a2.id)
        desk.update_annotation(a2.id, label="denial")  # older than the deletion: it must not revive it
        laptop.delete_annotation(a2.id)  # (deleted again: the laptop's tombstone is the newest change)
        b1 = tag(bob, "bob", 48, 55)
        for store in (laptop, desk, bob):  # back online, in an order that pushes the older edits last
            sync(store)
        sync(desk)
        for store in (laptop, desk, bob):
            sync(store)
        assert state(laptop) == state(desk) == state(bob)
        kept = desk.annotation(a1.id)
        assert kept is not None and kept.note == "newer edit"
        gone = bob.annotation(a2.id)
        assert gone is not None and gone.deleted
        assert laptop.annotation(b1.id) is not None


def test_same_stamp_other_content_is_a_conflict_the_server_copy_wins_and_it_is_listed(
    team: Team, tmp_path: Path
) -> None:
    from dataclasses import replace

    with project(tmp_path, "laptop") as laptop, project(tmp_path, "desk") as desk:
        a1 = tag(laptop, "alice", 4, 12)
        sync(laptop, team.url("alice"))
        sync(desk, team.url("alice"))
        from datetime import UTC, datetime, timedelta

        from factcheck.core.model import STAMP_FORMAT

        # The same stamp on both, ahead of both edits (within the day the server takes).
        stamp = (datetime.now(UTC) + timedelta(hours=1)).strftime(STAMP_FORMAT)
        laptop.put_annotation(replace(a1, note="laptop", updated_at=stamp))
        mine = desk.annotation(a1.id)
        assert mine is not None
        desk.put_annotation(replace(mine, note="desk", updated_at=stamp))
        sync(laptop)
        report = sync(desk)
        assert [c.annotation_id for c in report.pulled.conflicts] == [a1.id]
        assert report.replaced == 1
        assert any("conflict" in line for line in report.details())
        now = desk.annotation(a1.id)
        assert now is not None and now.note == "laptop"
        assert state(laptop) == state(desk)


def test_a_label_of_a_teammate_arrives_before_its_tags(team: Team, tmp_path: Path) -> None:
    from db import sync_local
    from factcheck.core.model import Label

    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        sync_local.add_labels(alice, [Label("rumour", "#000000", "1")])
        r1 = tag(alice, "alice", 4, 12, "rumour")
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        names = [lab.name for lab in bob.labels()]
        assert names[-1] == "rumour" and bob.labels()[-1].shortcut == ""  # "1" is bob's claim key
        got = bob.annotation(r1.id)
        assert got is not None and got.label == "rumour"


def test_three_projects_syncing_concurrently_converge(team: Team, tmp_path: Path) -> None:
    import random
    import threading

    roles = ("alice", "bob", "rita")
    stores = {role: project(tmp_path, role, article=role == "alice") for role in roles}
    sync(stores["alice"], team.url("alice"))  # the article, once: the others receive it (same id)
    errors: list[BaseException] = []

    def work(role: str) -> None:
        store = Store.open(tmp_path / f"{role}.db")  # its own connection, as the window's sync has
        rng = random.Random(role)
        try:
            sync(store, team.url(role))
            for _ in range(4):
                for _ in range(15):
                    start = rng.randrange(0, 150)
                    with contextlib.suppress(InvalidSpan, DuplicateTag):  # whitespace only, or drawn twice
                        tag(store, role, start, start + rng.randrange(2, 20), rng.choice(["claim", "denial"]))
                mine = store.annotations(annotator=role)
                if mine:
                    store.delete_annotation(rng.choice(mine).id)
                sync(store)
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=work, args=(role,)) for role in roles]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    try:
        for _ in range(2):
            for role in roles:
                sync(stores[role])
        states = [state(stores[role]) for role in roles]
        assert states[0] == states[1] == states[2]
        assert len(states[0]) == _server_count(team) > 100
        exports = []
        for role in roles:
            export(stores[role], "json", tmp_path / f"{role}.json")
            exports.append((tmp_path / f"{role}.json").read_bytes())
        assert exports[0] == exports[1] == exports[2]
    finally:
        for store in stores.values():
            store.close()


def test_rows_a_bypassing_client_wrote_badly_are_skipped_and_listed_not_blocking(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        good = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        server_doc = doc_of(alice).id
        with team.connect("alice") as conn:  # plain psycopg: nothing checks the span or the label
            for id, label, quote in (("bad-span", "claim", "nonsense"), ("bad-label", "zzz", good.quote)):
                conn.execute(
                    'INSERT INTO factcheck.annotations (id, document_id, label, start, "end", quote, prefix, '
                    "suffix, annotator, note, created_at, updated_at, orphaned) "
                    "VALUES (%s, %s, %s, 4, 12, %s, '', '', 'alice', '', %s, %s, 0)",
                    [id, server_doc, label, quote, *["2026-01-01T10:00:00.000000Z"] * 2],
                )
        report = sync(bob, team.url("bob"))
        assert bob.annotation(good.id) is not None
        assert bob.annotation("bad-span") is None and bob.annotation("bad-label") is None
        skipped = "\n".join(report.details())
        assert "bad-span" in skipped and "bad-label" in skipped


def test_a_sync_session_cannot_hold_the_write_lock_forever(team: Team) -> None:
    from db.pg_connection import connect

    with connect(team.url("alice")) as conn:
        settings = conn.execute(
            "SELECT current_setting('idle_in_transaction_session_timeout'), current_setting('lock_timeout')"
        ).fetchone()
    assert settings == ("1min", "2min")
