"""In a project synced with a team server, work is recorded under the login, on the command line as in
the window (which takes the login as your name there: ui/team_sync.py). `factcheck import` of brat files
recorded their tags under --annotator / $FACTCHECK_ANNOTATOR / the window's name instead: the server
refused every one of them for good ("it is tester's tag, not yours (alice)")."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from tests.factcheck.cli.test_cli_window_name import _window_named
from tests.factcheck.services.sync_support import ARTICLE, project, tag
from tests.pg import Team


def test_a_brat_import_in_a_synced_project_is_the_logins_work(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with project(tmp_path, "alice") as store:
        tag(store, "alice", 4, 12)
    db = str(tmp_path / "alice.db")
    assert main(["--db", db, "sync", "--server", team.url("alice")]) == 0
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "crime.txt").write_text(ARTICLE, encoding="utf-8")
    start = ARTICLE.index("Critics")
    (folder / "crime.ann").write_text(f"T1\tclaim {start} {start + 7}\tCritics\n", encoding="utf-8")
    assert main(["--db", db, "--annotator", "Alice Smith", "import", str(folder)]) == 0
    with Store.open(db) as store:
        assert {a.annotator for a in store.annotations()} == {"alice"}
    capsys.readouterr()
    assert main(["--db", db, "sync"]) == 0, capsys.readouterr().err
    with team.connect("alice") as conn:
        assert conn.execute("SELECT count(*) FROM factcheck.annotations").fetchone() == (2,)


def test_moving_a_synced_project_to_another_server_asks_about_the_work_under_its_login(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The window asks, naming the project's login (its name there); the command line named yours, under
    which the project holds nothing, so it connected and the new server refused alice's tags for good."""
    with project(tmp_path, "alice") as store:
        tag(store, "alice", 4, 12)
    db = str(tmp_path / "alice.db")
    assert main(["--db", db, "sync", "--server", team.url("alice")]) == 0
    other = Team(team.server, f"{team.database}_b")
    with team.server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{other.database}" TEMPLATE team_template')
    try:
        capsys.readouterr()
        assert main(["--db", db, "--annotator", "Alice Smith", "sync", "--server", other.url("bob")]) == 1
        err = capsys.readouterr().err
        assert "1 tag under your name 'alice'" in err and "you connect as bob" in err, err
    finally:
        with team.server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{other.database}" WITH (FORCE)')


def test_a_synced_project_does_not_need_the_windows_name(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its tags carry the login: a window's name the window would ask again for stops nothing there."""
    with project(tmp_path, "alice") as store:
        tag(store, "alice", 4, 12)
    db = str(tmp_path / "alice.db")
    assert main(["--db", db, "sync", "--server", team.url("alice")]) == 0
    _window_named(monkeypatch, tmp_path, "b\u202een")
    assert main(["--db", db, "sync"]) == 0, capsys.readouterr().err
