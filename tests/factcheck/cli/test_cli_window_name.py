"""The command line records work under the name the window does: --annotator, else $FACTCHECK_ANNOTATOR,
else the name the window remembers (Edit › Your name…, its first-start question), else the login name. It
fell back to the login name, not the window's: a first `factcheck sync --server` of a project tagged in the
window as "María López" did not ask about that work (none under the computer's login name), connected, and
every tag was then refused for good ("it is María López's tag, not yours (alice)")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from db import Store
from factcheck.cli import main
from factcheck.cli.window_name import settings_file, window_name
from tests.factcheck.services.sync_support import project, tag
from tests.pg import Team
from ui.settings import Settings

YOURS = 'María López, "MJ"'  # a comma and quotes: written quoted and escaped by Qt


def _window_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    """The window's settings (its own class, Qt's INI) in a config folder of the test, holding name."""
    monkeypatch.delenv("FACTCHECK_ANNOTATOR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "config"))
    q = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    Settings(q).annotator = name
    Settings(q).add_recent_database(tmp_path / "x.db")
    q.sync()
    assert q.status() == QSettings.Status.NoError


def test_the_command_line_reads_the_windows_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _window_named(monkeypatch, tmp_path, f"  {YOURS} ")
    assert window_name() == YOURS  # stripped, as the window takes it
    _window_named(monkeypatch, tmp_path, "@home")
    assert window_name() == "@home"
    _window_named(monkeypatch, tmp_path, "b\u202een")  # the window asks again for it
    assert window_name() == "b\u202een"


def test_a_windows_name_it_would_ask_again_for_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _window_named(monkeypatch, tmp_path, "b\u202een")
    with project(tmp_path, "p") as store:
        (doc,) = store.documents()
    assert main(["--db", str(tmp_path / "p.db"), "remove", "--yes", doc.id]) == 1
    err = capsys.readouterr().err
    assert "The window's name (Edit > Your name…): a name cannot hold control characters" in err, err
    assert main(["--db", str(tmp_path / "p.db"), "--annotator", "ben", "remove", "--yes", doc.id]) == 0


def test_a_first_sync_from_the_command_line_asks_about_the_work_under_the_windows_name(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _window_named(monkeypatch, tmp_path, YOURS)
    with project(tmp_path, "alice") as store:  # tagged in the window, under its name
        tag(store, YOURS, 4, 12)
    db = str(tmp_path / "alice.db")
    assert main(["--db", db, "sync", "--server", team.url("alice")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and f"1 tag under your name {YOURS!r}" in err and "you connect as alice" in err, err
    with team.connect("alice") as conn:
        assert conn.execute("SELECT count(*) FROM factcheck.annotations").fetchone() == (0,)
    assert main(["--db", db, "sync", "--server", team.url("alice"), "--as-login"]) == 0
    capsys.readouterr()
    with team.connect("alice") as conn:
        assert conn.execute("SELECT annotator FROM factcheck.annotations").fetchall() == [("alice",)]
    with Store.open(db) as store:
        assert {a.annotator for a in store.annotations()} == {"alice"}
