"""The curated mark through a real team server: marking and clearing reach the other client both ways,
the newer change wins a conflict, a teammate's mark goes up with the sending login recorded by the
server (an older server refuses it, as it did), a bad row is skipped, and
a server or a client older than the marks' table keeps syncing the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store, pg_sync, sync_local
from db.curated import mark_and_sender, mark_stamps
from db.documents import remove_document, restore_document
from db.pg_schema import init_server
from factcheck.core.model import Document
from factcheck.core.report import ImportReport
from factcheck.services import sync_marks, sync_samples
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import doc_of, project, tag, tried_sample
from tests.pg import Team

T1, T2 = "2026-01-05T10:00:00.000000Z", "2026-01-06T10:00:00.000000Z"


def mark_of(store: Store) -> tuple[str, str] | None:
    return store.curated_documents().get(doc_of(store).id)


def server_marks(team: Team) -> list[tuple[object, ...]]:
    with team.server.admin(team.database) as conn:
        return [tuple(r) for r in conn.execute("SELECT curator, curated_at FROM factcheck.curated_marks")]


def test_marking_and_clearing_reach_the_other_client_both_ways(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        tag(alice, "alice", 4, 45)
        assert not sync(alice, team.url("alice")).refused
        assert not sync(bob, team.url("bob")).refused
        alice.set_curated(doc_of(alice).id, ("alice", T1))
        sent = sync(alice)
        assert sent.pushed["curated_marks"] == 1 and not sent.refused
        got = sync(bob)
        assert mark_of(bob) == ("alice", T1)  # on bob's own document of that text
        assert got.pulled.structure["marks added"] == 1
        assert "Curated marks: 1 added." in got.pulled.summary()
        # bob clears it (anyone may, as in the window): the clearing travels as a tombstone row
        bob.set_curated(doc_of(bob).id, None)
        assert not sync(bob).refused
        assert server_marks(team) == [(None, None)]
        cleared = sync(alice)
        assert mark_of(alice) is None and cleared.pulled.structure["marks cleared"] == 1
        # and bob marks it again, in his name: alice sees bob's mark
        bob.set_curated(doc_of(bob).id, ("bob", T2))
        sync(bob)
        sync(alice)
        assert mark_of(alice) == ("bob", T2)
        assert sync_local.waiting(alice) == 0 and sync_local.waiting(bob) == 0  # a pull queues nothing
        again = sync(alice)
        assert not again.pulled.structure and not again.pushed.get("curated_marks")


def test_the_newer_change_wins_a_conflict_whichever_syncs_first(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        # apart: alice marks first, bob later; bob syncs first, alice's older change then loses
        alice.set_curated(doc_of(alice).id, ("alice", T1), changed_at=T1)
        bob.set_curated(doc_of(bob).id, ("bob", T2), changed_at=T2)
        sync(bob)
        sync(alice)
        sync(bob)
        assert mark_of(alice) == mark_of(bob) == ("bob", T2)
        # a clearing newer than the mark wins too
        alice.set_curated(doc_of(alice).id, None)
        sync(alice)
        sync(bob)
        assert mark_of(alice) is None and mark_of(bob) is None


def test_two_changes_of_one_instant_keep_the_servers_everywhere(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        alice.set_curated(doc_of(alice).id, ("alice", T1), changed_at=T2)
        bob.set_curated(doc_of(bob).id, ("bob", T1), changed_at=T2)
        sync(alice)
        report = sync(bob)  # the same stamp, other content: the server's copy replaces bob's
        assert report.replaced == 1
        assert mark_of(bob) == mark_of(alice) == ("alice", T1)


def senders(team: Team) -> list[tuple[object, ...]]:
    with team.server.admin(team.database) as conn:
        return [tuple(r) for r in conn.execute("SELECT curator, sent_by FROM factcheck.curated_marks")]


def test_a_teammates_mark_goes_up_with_its_curator_and_the_server_records_the_sender(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        bob.set_curated(doc_of(bob).id, ("alice", T1))  # say, from a file of alice's bob merged
        report = sync(bob)
        assert not report.refused and report.pushed["curated_marks"] == 1
        assert senders(team) == [("alice", "bob")]
        got = sync(alice)
        assert mark_of(alice) == ("alice", T1)
        assert "1 curated mark by alice, sent by bob." in got.pulled.summary()
        # kept: the window's document list names him
        assert mark_and_sender(alice, doc_of(alice).id) == ("alice", T1, "bob")
        # her own mark sent by herself says nothing more
        alice.set_curated(doc_of(alice).id, ("alice", T2))
        assert not sync(alice).refused
        assert senders(team) == [("alice", "alice")]
        again = sync(bob)
        assert mark_of(bob) == ("alice", T2) and "sent by" not in again.pulled.summary()
        assert mark_and_sender(alice, doc_of(alice).id) == ("alice", T2, None)
        assert mark_and_sender(bob, doc_of(bob).id) == ("alice", T2, None)


def test_the_sender_is_the_servers_to_write_whatever_a_client_sends(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice:
        sync(alice, team.url("alice"))
        alice.set_curated(doc_of(alice).id, ("alice", T1))
        sync(alice)
        with team.connect("bob") as conn:  # a client that bypasses factcheck, claiming rita sent it
            conn.execute("UPDATE factcheck.curated_marks SET sent_by = 'rita'")
            assert [tuple(r) for r in conn.execute("SELECT sent_by FROM factcheck.curated_marks")] == [
                ("alice",)
            ]  # the mark stayed as it was: its sender too
            conn.execute(
                "UPDATE factcheck.curated_marks SET curator = 'rita', curated_at = %s, updated_at = %s, "
                "sent_by = 'rita'",
                [T2, T2],
            )
        assert senders(team) == [("rita", "bob")]


def test_a_server_prepared_before_the_sender_column_refuses_a_teammates_mark_as_before(
    team: Team, tmp_path: Path
) -> None:
    with team.server.admin(team.database) as conn:  # the trigger and table of the first marks' server
        conn.execute("ALTER TABLE factcheck.curated_marks DROP COLUMN sent_by")
        conn.execute(
            """
            CREATE OR REPLACE FUNCTION factcheck.guard_curator() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.curator IS NOT NULL AND NEW.curator <> current_user::text THEN
                    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
                        'the curated mark of document %s names %s: a login marks a document curated in '
                        'its own name only (%s)', NEW.document_id, NEW.curator, current_user);
                END IF;
                RETURN NEW;
            END $$"""
        )
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        bob.set_curated(doc_of(bob).id, ("alice", T1))
        [refusal] = sync(bob).refused
        assert refusal.table == "curated_marks" and "in its own name only" in refusal.why
        assert server_marks(team) == []
        # alice's own mark still travels, pulled without a sender
        alice.set_curated(doc_of(alice).id, ("alice", T2))
        assert not sync(alice).refused
        got = sync(bob)
        assert mark_of(bob) == ("alice", T2) and "sent by" not in got.pulled.summary()
        with team.server.admin(team.database) as conn:  # `factcheck server init` again: shared now
            init_server(conn)
        bob.set_curated(doc_of(bob).id, ("alice", T1))
        assert not sync(bob).refused
        assert senders(team) == [("alice", "bob")]


@pytest.mark.parametrize(
    ("values", "column"),
    [(("yesterday", T2), "curated_at"), (("2026-01-05T10:00:00.000000Z", "1999"), "updated_at")],
)
def test_a_bad_row_on_the_server_is_skipped_and_listed(
    team: Team, tmp_path: Path, values: tuple[str, str], column: str
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        sync(alice, team.url("alice"))
        alice.set_curated(doc_of(alice).id, ("alice", T1))
        sync(alice)
        with team.connect("alice") as conn:  # a client that bypasses factcheck
            conn.execute("UPDATE factcheck.curated_marks SET curated_at = %s, updated_at = %s", list(values))
        report = sync(bob, team.url("bob"))
        assert mark_of(bob) is None
        assert any("curated mark" in line and column in line for line in report.skipped), report.skipped


def test_a_server_without_the_table_keeps_syncing_and_the_marks_wait(team: Team, tmp_path: Path) -> None:
    with team.server.admin(team.database) as conn:  # a server prepared before the marks' table
        conn.execute("DROP TABLE factcheck.curated_marks")
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        alice.set_curated(doc_of(alice).id, ("alice", T1))
        claim = tag(alice, "alice", 4, 45)
        first = sync(alice, team.url("alice"))
        assert not first.refused and first.pushed["annotations"] == 1
        assert "Curated marks wait here" in first.summary()
        assert sync_local.outbox(alice, sync_local.outbox_top(alice))["curated_marks"] == [doc_of(alice).id]
        sync(bob, team.url("bob"))
        assert bob.annotation(claim.id) is not None and mark_of(bob) is None
        with team.server.admin(team.database) as conn:  # the administrator runs `server init` again
            init_server(conn)
        upgraded = sync(alice)
        assert upgraded.pushed["curated_marks"] == 1 and "Sent 1 curated mark." in upgraded.summary()
        assert "wait here" not in upgraded.summary() and sync_local.waiting(alice) == 0
        sync(bob)
        assert mark_of(bob) == ("alice", T1)


def test_an_older_client_that_knows_no_marks_keeps_syncing_tags_and_gets_them_once_updated(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        sync(alice, team.url("alice"))
        alice.set_curated(doc_of(alice).id, ("alice", T1))
        sync(alice)
        # bob's factcheck predates the table: it neither reads nor writes it (same schema version), and
        # its pulls go past the marks' changes
        with monkeypatch.context() as older:
            older.setattr(pg_sync, "missing_tables", lambda conn: {"curated_marks"})
            sync(bob, team.url("bob"))
            claim = tag(bob, "bob", 4, 45)
            report = sync(bob)
            assert not report.refused and report.pushed["annotations"] == 1
            assert mark_of(bob) is None
        sync(alice)
        assert alice.annotation(claim.id) is not None
        assert server_marks(team) == [("alice", T1)]
        # bob updates factcheck: his next pull reads the marks from their first change, once
        assert mark_of(bob) is None
        sync(bob)
        assert mark_of(bob) == ("alice", T1)
        assert not sync(bob).pulled.structure


def test_a_mark_on_the_sample_article_stays_in_its_project(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rita, alice, bob = (Store.open(tmp_path / f"{name}.db") for name in ("rita", "alice", "bob"))
    try:
        sample = tried_sample(rita)["sample"]
        rita.set_curated(sample, ("rita", T1))  # trying Review > Mark as curated out
        assert not sync(rita, team.url("rita")).refused
        assert server_marks(team) == [] and sync_local.waiting(rita) == 0
        # An older factcheck sent its sample itself, and a bypassing client marks it on the server: a
        # pull leaves the mark out with the sample (else it would mark bob's own sample).
        sha = alice.document(tried_sample(alice)["sample"]).sha256
        with monkeypatch.context() as older:
            older.setattr(sync_samples, "drop_sample_rows", lambda store, rows: frozenset())
            sync(alice, team.url("alice"))
        with team.connect("alice") as conn:
            conn.execute(
                "INSERT INTO factcheck.curated_marks (document_id, curator, curated_at, updated_at) "
                "SELECT id, 'alice', %s, %s FROM factcheck.documents WHERE sha256 = %s",
                [T1, T1, sha],
            )
        assert server_marks(team) == [("alice", T1)]
        own = tried_sample(bob)["sample"]
        sync(bob, team.url("bob"))
        assert bob.curated_documents() == {}
        assert [d.id for d in bob.documents() if d.sha256 == sha] == [own]
    finally:
        for store in (rita, alice, bob):
            store.close()


def test_removing_a_document_clears_its_mark_for_the_team_and_an_undo_marks_it_again(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        alice.set_curated(doc_of(alice).id, ("alice", T1))
        sync(alice)
        sync(bob)
        assert mark_of(bob) == ("alice", T1)
        # bob removes the document (the window's Remove and `factcheck remove` alike): the server keeps
        # the document, and its mark is cleared there at bob's next sync
        removed = remove_document(bob, doc_of(bob).id, "bob")
        sent = sync(bob)
        assert sent.pushed["curated_marks"] == 1 and not sent.refused and not sent.skipped
        assert server_marks(team) == [(None, None)]
        got = sync(alice)
        assert mark_of(alice) is None and got.pulled.structure["marks cleared"] == 1
        # alice marks it again, a newer change: it stays, and bob's pull leaves it out without a word
        alice.set_curated(doc_of(alice).id, ("alice", T2))
        sync(alice)
        later = sync(bob)
        assert not later.skipped and bob.curated_documents() == {}
        assert server_marks(team) == [("alice", T2)]
        # bob undoes his removal: his mark comes back as a change newer than alice's, and goes up
        restore_document(bob, removed)
        assert mark_of(bob) == ("alice", T1)
        assert not sync(bob).refused
        sync(alice)
        assert mark_of(alice) == ("alice", T1) and server_marks(team) == [("alice", T1)]


def test_a_removed_documents_clearing_is_newer_than_a_mark_stamped_ahead(team: Team, tmp_path: Path) -> None:
    ahead = "2099-01-01T00:00:00.000000Z"  # a teammate's clock far ahead: the clearing must still win here
    with project(tmp_path, "alice") as alice:
        sync(alice, team.url("alice"))
        alice.set_curated(doc_of(alice).id, ("alice", T1), changed_at=T2)
        sync(alice)
        with alice.atomic():  # as a pull of a row stamped ahead leaves it
            alice._db.execute("UPDATE curated_marks SET updated_at = ?", [ahead])
        removed = remove_document(alice, doc_of(alice).id, "alice")
        assert removed.mark_cleared_at is not None and removed.mark_cleared_at > ahead
        restore_document(alice, removed)
        stamps = mark_stamps(alice)
        assert stamps[doc_of(alice).id] > removed.mark_cleared_at


def test_a_document_the_server_never_had_sends_no_clearing(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice:
        sync(alice, team.url("alice"))
        doc = alice.add_document(Document.create("A second article, never synced.", title="Second"))[0]
        alice.set_curated(doc.id, ("alice", T1))
        remove_document(alice, doc.id, "alice")
        report = sync(alice)
        assert not report.refused and not report.pushed.get("curated_marks")
        assert server_marks(team) == [] and sync_local.waiting(alice) == 0


def test_a_senders_name_is_shown_with_its_hidden_characters_escaped(tmp_path: Path) -> None:
    """A login made outside factcheck may hold an escape sequence: the sync's line shows it escaped."""
    with project(tmp_path, "alice") as alice:
        doc = doc_of(alice)
        report = ImportReport()
        row = ("server-doc", "rita", T1, T1, "lead\x1b[2J")
        sync_marks.pull_marks(alice, [row], {"server-doc": doc.sha256}, set(), report, [])
        assert mark_of(alice) == ("rita", T1)
        assert report.notes == ["1 curated mark by rita, sent by lead\\x1b[2J."]


def test_a_removal_made_before_the_first_sync_clears_the_teams_mark(team: Team, tmp_path: Path) -> None:
    """bob merges alice's file (her mark with it) and removes the document before his project ever met the
    server: the outbox did not exist then, and queuing the project's rows at the first sync found no mark
    row (it went with the document), so nothing went up and alice's mark stayed on the server for good."""
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        sync(alice, team.url("alice"))
        alice.set_curated(doc_of(alice).id, ("alice", T1), changed_at=T1)
        sync(alice)
        export(alice, "json", tmp_path / "alice.json")
        import_paths(bob, [tmp_path / "alice.json"], annotator="bob")
        assert mark_of(bob) == ("alice", T1)
        own = bob.add_document(Document.create("bob's own article, never sent.", title="Own"))[0]
        bob.set_curated(own.id, ("bob", T1))
        remove_document(bob, own.id, "bob")  # the server never has it: no clearing for it
        remove_document(bob, doc_of(bob).id, "bob")
        assert sync_local.waiting(bob) == 0  # not connected yet: nothing tracked
        sent = sync(bob, team.url("bob"))
        assert sent.pushed["curated_marks"] == 1 and not sent.refused and not sent.skipped
        assert server_marks(team) == [(None, None)]
        got = sync(alice)
        assert mark_of(alice) is None and got.pulled.structure["marks cleared"] == 1
        assert sync_local.waiting(bob) == 0 and not sync(bob).pushed.get("curated_marks")


def test_a_removal_before_the_first_sync_leaves_a_later_mark_of_the_team(team: Team, tmp_path: Path) -> None:
    """The clearing is stamped at the removal: a mark the team set after it stays."""
    later = "2099-01-01T00:00:00.000000Z"
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        bob.set_curated(doc_of(bob).id, ("bob", T1))
        remove_document(bob, doc_of(bob).id, "bob")
        sync(alice, team.url("alice"))
        alice.set_curated(doc_of(alice).id, ("alice", T2), changed_at=later)
        sync(alice)
        sent = sync(bob, team.url("bob"))
        assert not sent.refused and not sent.skipped
        assert server_marks(team) == [("alice", T2)]


def test_a_push_reads_the_removals_clearings_once(team: Team, tmp_path: Path) -> None:
    """The push found the clearings to send, then read them again for their documents' sha256."""
    with project(tmp_path, "alice") as alice:
        sync(alice, team.url("alice"))
        alice.set_curated(doc_of(alice).id, ("alice", T1))
        sync(alice)
        remove_document(alice, doc_of(alice).id, "alice")
        statements: list[str] = []
        alice._db.conn.set_trace_callback(statements.append)
        try:
            sent = sync(alice)
        finally:
            alice._db.conn.set_trace_callback(None)
        assert sent.pushed["curated_marks"] == 1 and server_marks(team) == [(None, None)]
        assert sum("mark_cleared_at IS NOT NULL" in s for s in statements) == 1, statements
