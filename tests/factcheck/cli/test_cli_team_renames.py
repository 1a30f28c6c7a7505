"""`factcheck server rename-label|rename-link-type URL OLD NEW` and what `factcheck sync` then says,
against a real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.pg_schema import SCHEMA_VERSION
from tests.factcheck.cli.test_cli_sync import cli
from tests.factcheck.services.sync_support import project, tag
from tests.pg import Team


def test_a_reviewer_renames_a_label_for_the_team_and_sync_says_so(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bob.db"
    with project(tmp_path, "bob") as bob:
        synced = tag(bob, "bob", 4, 45, "denial")
    assert cli(capsys, "--db", str(db), "sync", "--server", team.url("bob"))[0] == 0

    code, out, err = cli(capsys, "server", "rename-label", team.url("rita"), "denial", "rebuttal")
    assert (code, err) == (0, ""), err
    assert out.strip() == (
        "Renamed the label 'denial' to 'rebuttal' for the whole team (1 tag on the server); each teammate's "
        "project follows at its next sync."
    )
    code, out, err = cli(capsys, "--db", str(db), "sync")
    assert (code, err) == (0, ""), err
    assert "Renamed for the team: label 'denial' is now 'rebuttal' (renamed by rita)." in out
    with project(tmp_path, "bob", article=False) as bob:
        assert bob.annotation(synced.id).label == "rebuttal"  # type: ignore[union-attr]

    code, out, err = cli(capsys, "server", "rename-link-type", team.url("rita"), "denies", "rebuts")
    assert (code, err) == (0, ""), err
    assert "Renamed the link type 'denies' to 'rebuts' for the whole team (0 links" in out


def test_a_new_name_is_said_as_the_team_will_see_it(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server makes each run of white space one space: the sentence and the sync say that name, not
    the line break or the padding that was typed."""
    db = tmp_path / "bob.db"
    with project(tmp_path, "bob") as bob:
        synced = tag(bob, "bob", 4, 45, "denial")
    assert cli(capsys, "--db", str(db), "sync", "--server", team.url("bob"))[0] == 0
    code, out, err = cli(capsys, "server", "rename-label", team.url("rita"), "denial", " flat\n  denial ")
    assert (code, err) == (0, ""), err
    assert out.startswith("Renamed the label 'denial' to 'flat denial' for the whole team (1 tag")
    code, out, err = cli(capsys, "--db", str(db), "sync")
    assert "label 'denial' is now 'flat denial' (renamed by rita)" in out
    with project(tmp_path, "bob", article=False) as bob:
        assert bob.annotation(synced.id).label == "flat denial"  # type: ignore[union-attr]
    code, out, err = cli(capsys, "server", "rename-label", team.url("rita"), "flat denial", "claim\t")
    assert code != 0 and "to 'claim': the team server has a label 'claim' already" in err


@pytest.mark.parametrize(
    ("role", "new", "why"),
    [
        ("bob", "rebuttal", "only reviewers (members of factcheck_reviewer) or the server's owner rename"),
        ("rita", "claim", "the team server has a label 'claim' already; choose another name"),
        ("rita", "", "the new name '' is empty"),
    ],
)
def test_a_refused_rename_is_one_line_and_a_failure(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str, new: str, why: str
) -> None:
    with project(tmp_path, "bob") as bob:
        tag(bob, "bob", 4, 45, "denial")
    assert cli(capsys, "--db", str(tmp_path / "bob.db"), "sync", "--server", team.url("bob"))[0] == 0
    code, out, err = cli(capsys, "server", "rename-label", team.url(role), "denial", new)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("factcheck: The team server refused to rename the label 'denial'")
    assert why in err and err.rstrip().endswith("Nothing was changed.")


def test_a_client_of_schema_6_meets_schema_7_with_the_clear_message(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The version check is unchanged: an older build (6) refuses the upgraded server in words."""
    from db import pg_connection
    from db.pg_schema import ServerSchemaError

    assert SCHEMA_VERSION >= 7
    monkeypatch.setattr(pg_connection, "SCHEMA_VERSION", 6)
    newer = rf"schema \(version {SCHEMA_VERSION}\) is newer than this factcheck: update"
    with team.connect("bob") as bob, pytest.raises(ServerSchemaError, match=newer):
        pg_connection.check_schema(bob)
