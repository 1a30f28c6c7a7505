"""`factcheck server init|add-annotator` and `factcheck sync`, against a real PostgreSQL."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from db import Store
from db.pg_schema import SCHEMA_VERSION
from factcheck.cli import main
from tests.factcheck.services.sync_support import project, tag
from tests.pg import PgServer, Team, password_of


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def empty_db(pg_server: PgServer) -> str:
    """A database with no factcheck schema yet."""
    name = f"empty_{uuid.uuid4().hex}"
    with pg_server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def _columns(server: PgServer, database: str) -> set[str]:
    with server.admin(database) as conn:
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'factcheck' AND table_name = 'annotations'"
        ).fetchall()
    return {r[0] for r in rows}


def test_server_init_creates_is_idempotent_and_upgrades(
    pg_server: PgServer, empty_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_server.url("postgres", empty_db)
    assert cli(capsys, "server", "init", url)[0] == 0
    assert {"id", "status", "change_no"} <= _columns(pg_server, empty_db)
    assert cli(capsys, "server", "init", url)[0] == 0  # again: nothing breaks
    # An older schema: a column and a policy missing, an older version number.
    with pg_server.admin(empty_db) as conn:
        conn.execute("ALTER TABLE factcheck.annotations DROP COLUMN reason")
        conn.execute("DROP POLICY fc_update ON factcheck.annotations")
        conn.execute("UPDATE factcheck.meta SET value = '0' WHERE key = 'schema_version'")
    code, _out, err = cli(capsys, "server", "init", url)
    assert (code, err) == (0, ""), err
    assert "reason" in _columns(pg_server, empty_db)
    with pg_server.admin(empty_db) as conn:
        policies = {
            r[0] for r in conn.execute("SELECT policyname FROM pg_policies WHERE schemaname = 'factcheck'")
        }
        version = conn.execute("SELECT value FROM factcheck.meta WHERE key = 'schema_version'").fetchone()
    assert "fc_update" in policies and version == (str(SCHEMA_VERSION),)


def test_server_init_refuses_a_newer_schema(
    pg_server: PgServer, empty_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_server.url("postgres", empty_db)
    cli(capsys, "server", "init", url)
    with pg_server.admin(empty_db) as conn:
        conn.execute("UPDATE factcheck.meta SET value = '99' WHERE key = 'schema_version'")
    code, _out, err = cli(capsys, "server", "init", url)
    assert code == 1 and "newer" in err and err.count("\n") == 1


def test_add_annotator_reads_the_password_from_stdin(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pässword\n"))
    code, out, err = cli(capsys, "server", "add-annotator", team.admin_url, "carl_cli", "--password-stdin")
    assert (code, err) == (0, "") and "Created the login carl_cli in factcheck_annotator" in out
    assert "s3cret" not in out
    with psycopg.connect(team.url("carl_cli"), password="s3cret-pässword") as conn:
        row = conn.execute(
            "SELECT pg_has_role('factcheck_annotator', 'MEMBER'), pg_has_role('factcheck_reviewer', 'MEMBER')"
        ).fetchone()
    assert row == (True, False)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(team.url("carl_cli"), password="wrong")
    # Again, as a reviewer: the password is reset and the group added.
    monkeypatch.setattr("sys.stdin", io.StringIO("another\n"))
    code, out, err = cli(
        capsys, "server", "add-annotator", team.admin_url, "carl_cli", "--reviewer", "--password-stdin"
    )
    assert code == 0 and "Updated the login carl_cli in factcheck_reviewer" in out
    with psycopg.connect(team.url("carl_cli"), password="another") as conn:
        assert conn.execute("SELECT pg_has_role('factcheck_reviewer', 'MEMBER')").fetchone() == (True,)


def test_server_init_or_add_annotator_by_a_teammate_says_only_the_administrator_may(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run with an annotator's login (the URL everyone on the desk has) they read "The team server refused
    the sync: permission denied to create role": no sync was run, and nothing said whose login it takes."""
    code, _out, err = cli(capsys, "server", "init", team.url("alice"))
    assert code == 1 and err.count("\n") == 1, err
    assert "refused to prepare it for factcheck" in err and "Only its administrator may" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("Some-Secret-1\n"))
    code, _out, err = cli(capsys, "server", "add-annotator", team.url("alice"), "zed", "--password-stdin")
    assert code == 1 and err.count("\n") == 1, err
    assert "refused to add the login zed" in err and "Only its administrator may" in err
    assert "sync" not in err


def _role_state(team: Team, role: str) -> tuple[object, ...] | None:
    """The role's stored password, its rights and its groups, as the superuser reads them."""
    with team.server.admin(team.database) as conn:
        return conn.execute(
            "SELECT a.rolpassword, a.rolsuper, a.rolcanlogin, ARRAY(SELECT g.rolname FROM pg_auth_members m "
            "JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = a.oid ORDER BY 1) "
            "FROM pg_authid a WHERE a.rolname = %s",
            [role],
        ).fetchone()


def test_add_annotator_refuses_the_administrator_and_other_roles_that_are_not_annotators(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`add-annotator URL postgres` reset the superuser's password and made it an annotator; so it did for
    the database's owner, or any other program's role on the server."""
    suffix = uuid.uuid4().hex[:8]
    owner, other = f"newsroom_owner_{suffix}", f"reporting_app_{suffix}"
    with team.server.admin(team.database) as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN CREATEDB PASSWORD 'owner-pw'")
        conn.execute(f'ALTER DATABASE "{team.database}" OWNER TO {owner}')
        conn.execute(f"CREATE ROLE {other} LOGIN PASSWORD 'app-pw'")
    for name, why in (
        ("postgres", "is the server's administrator"),
        (owner, "is the server's administrator"),
        (other, "not a factcheck annotator"),
    ):
        before = _role_state(team, name)
        for extra in ((), ("--reviewer",)):
            monkeypatch.setattr("sys.stdin", io.StringIO("Taken-Over-9\n"))
            code, out, err = cli(
                capsys, "server", "add-annotator", team.admin_url, name, *extra, "--password-stdin"
            )
            assert (code, out) == (1, "") and err.count("\n") == 1, (name, out, err)
            assert why in err and name in err and "left as they are" in err, err
            assert _role_state(team, name) == before, name
    with psycopg.connect(team.url(other), password="app-pw") as conn:
        assert conn.execute("SELECT pg_has_role('factcheck_annotator', 'MEMBER')").fetchone() == (False,)
    # An annotator's login is still one the administrator may reset, and a reviewer one too.
    for name in ("bob", "rita"):
        monkeypatch.setattr("sys.stdin", io.StringIO(password_of(name) + "\n"))
        code, out, err = cli(capsys, "server", "add-annotator", team.admin_url, name, "--password-stdin")
        assert (code, err) == (0, "") and f"Updated the login {name}" in out, err


def test_add_annotator_without_a_terminal_or_stdin_option_says_what_to_do(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _out, err = cli(capsys, "server", "add-annotator", team.admin_url, "nobody_cli")
    assert code == 1 and "--password-stdin" in err and err.count("\n") == 1


def test_sync_connects_remembers_the_url_and_never_stores_the_password(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "Only-In-Memory-7x"
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    cli(capsys, "server", "add-annotator", team.admin_url, "dora_cli", "--password-stdin")
    db = tmp_path / "dora.db"
    with project(tmp_path, "dora") as store:
        tag(store, "dora_cli", 4, 12)
    # The password in the URL: used for this sync only.
    at = team.url("dora_cli").replace("dora_cli@", f"dora_cli:{secret}@")
    code, out, err = cli(capsys, "--db", str(db), "sync", "--server", at)
    assert (code, err) == (0, ""), err
    assert "as dora_cli" in out and "Sent 1 tag, 1 document, 5 labels." in out and secret not in out
    # From PGPASSWORD the next time, with the remembered URL.
    monkeypatch.setenv("PGPASSWORD", secret)
    code, out, err = cli(capsys, "--db", str(db), "sync")
    assert (code, err) == (0, ""), err
    monkeypatch.delenv("PGPASSWORD")
    for path in tmp_path.glob("dora.db*"):
        assert secret.encode() not in path.read_bytes(), path
    with Store.open(db) as store:
        from factcheck.services.sync import server_url

        assert server_url(store) == team.url("dora_cli")
    # Without any password (no PGPASSWORD, not in the pgpass file, no terminal): one line, what to do.
    code, out, err = cli(capsys, "--db", str(db), "sync")
    assert code == 1 and "PGPASSWORD" in err and err.count("\n") == 1


def test_a_password_percent_encoded_in_the_url_is_read_as_libpq_reads_it(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A password holding @, :, / or # (or a letter beyond ASCII) can only be written in a URL
    percent-encoded; it was sent encoded ("p%40ss"), and the login refused."""
    secret = "p@ss:w/rd#Ü%1"
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    cli(capsys, "server", "add-annotator", team.admin_url, "enc_cli", "--password-stdin")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))  # only the URL holds it
    with project(tmp_path, "enc"):
        pass
    at = team.url("enc_cli").replace("enc_cli@", f"enc_cli:{quote(secret, safe='')}@")
    code, out, err = cli(capsys, "--db", str(tmp_path / "enc.db"), "sync", "--server", at)
    assert (code, err) == (0, ""), err
    assert "as enc_cli" in out


def test_sync_offline_says_how_many_changes_wait(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "alice.db"
    with project(tmp_path, "alice") as store:
        tag(store, "alice", 4, 12)
    assert cli(capsys, "--db", str(db), "sync", "--server", team.url("alice"))[0] == 0
    with Store.open(db) as store:
        tag(store, "alice", 13, 18)
        from db import sync_local

        sync_local.set_state(store, {"server_url": team.unreachable_url("alice")})  # the server moved away
    code, _out, err = cli(capsys, "--db", str(db), "sync")
    assert code == 1 and "Cannot reach the team server" in err and "1 change wait" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_first_connection_that_cannot_reach_the_server_does_not_say_offline(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped host at the first `sync --server` read "Working offline: 0 changes wait for the next
    sync" (and the window "Offline: 0 changes waiting", for good): the project was not connected, and the
    next `factcheck sync` said it had no team server."""
    db = tmp_path / "alice.db"
    with project(tmp_path, "alice") as store:
        tag(store, "alice", 4, 12)
    code, _out, err = cli(capsys, "--db", str(db), "sync", "--server", team.unreachable_url("alice"))
    assert code == 1 and err.count("\n") == 1, err
    assert "Cannot reach the team server" in err and "not connected to it yet" in err
    assert "offline" not in err.lower() and "wait for the next sync" not in err
    with Store.open(db) as store:
        from factcheck.services.sync_status import sync_store

        outcome = sync_store(store, url=team.unreachable_url("alice"))
        assert outcome.kind == "error" and "not connected" in outcome.text
        assert "Offline" not in outcome.text and "not connected to it yet" in outcome.detail


def test_sync_without_server_and_unknown_scheme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    code, _out, err = cli(capsys, "--db", str(db), "sync")
    assert code == 1 and "sync --server" in err
    code, _out, err = cli(capsys, "--db", str(db), "sync", "--server", "mysql://x@y/z")
    assert code == 1 and "postgresql://" in err


def test_sync_with_a_server_never_prepared_or_a_login_outside_the_team(
    team: Team, pg_server: PgServer, empty_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.db"
    code, _out, err = cli(capsys, "--db", str(db), "sync", "--server", pg_server.url("alice", empty_db))
    assert code == 1 and "factcheck server init" in err and err.count("\n") == 1
    with pg_server.admin() as admin:
        admin.execute("DROP ROLE IF EXISTS stranger")
        admin.execute("CREATE ROLE stranger LOGIN PASSWORD 'x'")
    try:
        url = team.url("stranger").replace("stranger@", "stranger:x@")
        code, _out, err = cli(capsys, "--db", str(db), "sync", "--server", url)
        assert code == 1 and "not a factcheck annotator" in err and "add-annotator" in err
    finally:
        with pg_server.admin() as admin:
            admin.execute("DROP ROLE stranger")


def test_a_wrong_database_name_is_said_so_not_taken_for_offline(
    team: Team, pg_server: PgServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo in the URL's database read "Cannot reach the team server … Working offline", and the
    window said "Offline: 0 changes waiting", as if the network were down."""
    db = tmp_path / "p.db"
    code, _out, err = cli(capsys, "--db", str(db), "sync", "--server", pg_server.url("alice", "newsrom"))
    assert code == 1 and err.count("\n") == 1, err
    assert "no database 'newsrom'" in err and "offline" not in err.lower()
    with Store.open(db) as store:
        from factcheck.services.sync_status import sync_store

        outcome = sync_store(store, url=pg_server.url("alice", "newsrom"))
        assert outcome.kind == "error" and "no database 'newsrom'" in outcome.detail


def test_a_server_closed_to_this_computer_is_said_so_not_taken_for_offline(
    team: Team, pg_server: PgServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The administrator has not let the desk in yet (pg_hba.conf): not "Working offline", for ever."""
    hba = pg_server.pgdata / "pg_hba.conf"
    before = hba.read_text(encoding="utf-8")
    hba.write_text(f"local {team.database} alice reject\n" + before, encoding="utf-8")
    try:
        with pg_server.admin() as admin:
            admin.execute("SELECT pg_reload_conf()")
        code, _out, err = cli(capsys, "--db", str(tmp_path / "p.db"), "sync", "--server", team.url("alice"))
    finally:
        hba.write_text(before, encoding="utf-8")
        with pg_server.admin() as admin:
            admin.execute("SELECT pg_reload_conf()")
    assert code == 1 and err.count("\n") == 1, err
    assert "does not let this computer in" in err and "offline" not in err.lower()


def test_sync_says_on_stderr_and_in_its_exit_status_that_the_server_refused_rows(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    from db import claims
    from factcheck.core.model import utc_now

    db = tmp_path / "alice.db"
    with project(tmp_path, "alice") as store:
        card, _ = claims.create_card(store, [tag(store, "alice", 4, 45).id], "alice")
    assert cli(capsys, "--db", str(db), "sync", "--server", team.url("alice"))[0] == 0
    with Store.open(db) as store:  # a client that bypasses the window publishes the card
        claims.put_cards(store, [replace(card, status="published", updated_at=utc_now())])
        tag(store, "alice", 47, 85)
    code, out, err = cli(capsys, "--db", str(db), "sync")
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("factcheck: the team server refused 1 row") and "everything else was synced" in err
    assert f"refused claim {card.id}: " in out and "Sent 1 tag" in out
    with Store.open(db) as store:
        assert claims.require_card(store, card.id).status == "new"


def test_a_first_connection_under_another_login_asks_what_to_do_with_your_earlier_tags(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tagged as "Alice Smith", connecting as alice: every earlier tag was refused ("it is Alice Smith's
    tag, not yours (alice)") and stayed local for good, with no word before."""
    for name in ("asked", "kept", "taken"):
        with project(tmp_path, name) as store:
            tag(store, "Alice Smith", 4, 12)
            tag(store, "Alice Smith", 18, 30)
    you = ("--annotator", "Alice Smith")
    code, out, err = cli(
        capsys, "--db", str(tmp_path / "asked.db"), *you, "sync", "--server", team.url("alice")
    )
    assert (code, out) == (1, "") and err.count("\n") == 1, err
    assert "2 tags under your name 'Alice Smith'" in err and "you connect as alice" in err, err
    assert "--as-login" in err and "--keep-names" in err
    with Store.open(tmp_path / "asked.db") as store:
        from factcheck.services.sync import server_url

        assert server_url(store) is None  # not connected: asked again next time
    with team.connect("alice") as conn:
        assert conn.execute("SELECT count(*) FROM factcheck.documents").fetchone() == (0,)

    # Kept: connected, the tags stay here (the server refuses them), as before.
    code, out, err = cli(
        capsys, "--db", str(tmp_path / "kept.db"), *you, "sync", "--server", team.url("alice"), "--keep-names"
    )
    assert code == 1 and "refused 2 rows" in err, err
    # Taken: they go up as alice's, and are alice's here too.
    code, out, err = cli(
        capsys, "--db", str(tmp_path / "taken.db"), *you, "sync", "--server", team.url("alice"), "--as-login"
    )
    assert (code, err) == (0, ""), err
    with Store.open(tmp_path / "taken.db") as store:
        assert {a.annotator for a in store.annotations()} == {"alice"}
    with team.connect("alice") as conn:
        rows = conn.execute("SELECT annotator, count(*) FROM factcheck.annotations GROUP BY 1").fetchall()
    assert rows == [("alice", 2)]


def test_remove_then_sync_clears_the_documents_curated_mark_on_the_server(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "alice.db"
    with project(tmp_path, "alice") as store:
        (doc,) = store.documents()
        store.set_curated(doc.id, ("alice", "2026-01-05T10:00:00.000000Z"))
    assert cli(capsys, "--db", str(db), "sync", "--server", team.url("alice"))[0] == 0
    assert cli(capsys, "--db", str(db), "--annotator", "alice", "remove", "--yes", doc.id)[0] == 0
    code, out, err = cli(capsys, "--db", str(db), "sync")
    assert (code, err) == (0, ""), err
    assert "Sent 1 curated mark." in out
    with team.server.admin(team.database) as conn:
        marks = conn.execute("SELECT curator, curated_at, sent_by FROM factcheck.curated_marks").fetchall()
    assert marks == [(None, None, "alice")]
