"""`factcheck labels add` / `factcheck link-types add` of a name the team renamed away: the command line
cannot ask, so it says what the new name means, and the next sync keeps it as a name of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factcheck.cli.test_cli_sync import cli
from tests.factcheck.services.sync_support import project, tag
from tests.pg import Team


def test_adding_a_former_team_name_says_what_it_means_and_it_stays_its_own(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bob.db"
    with project(tmp_path, "bob") as bob:
        tag(bob, "bob", 4, 45, "denial")
    assert cli(capsys, "--db", str(db), "sync", "--server", team.url("bob"))[0] == 0
    assert cli(capsys, "server", "rename-label", team.url("rita"), "denial", "rebuttal")[0] == 0
    assert cli(capsys, "server", "rename-link-type", team.url("rita"), "denies", "rebuts")[0] == 0
    assert cli(capsys, "--db", str(db), "sync")[0] == 0

    code, out, err = cli(capsys, "--db", str(db), "labels", "add", "denial")
    assert (code, err) == (0, ""), err
    first, note = out.strip().splitlines()
    assert first.startswith("Added the label 'denial'")
    assert note.startswith("The team renamed the label 'denial' to 'rebuttal' on 20")
    assert note.endswith("the team's tags of the old meaning stay 'rebuttal'.")
    code, out, err = cli(capsys, "--db", str(db), "link-types", "add", "denies")
    assert (code, err) == (0, "") and "The team renamed the link type 'denies' to 'rebuts' on" in out

    with project(tmp_path, "bob", article=False) as bob:
        new = tag(bob, "bob", 46, 85, "denial")
    code, _out, err = cli(capsys, "--db", str(db), "sync")
    assert (code, err) == (0, ""), err
    with team.server.admin(team.database) as conn:
        label = conn.execute("SELECT label FROM factcheck.annotations WHERE id = %s", [new.id]).fetchone()
        aliases = conn.execute("SELECT kind, old FROM factcheck.scheme_aliases").fetchall()
    assert label == ("denial",) and aliases == []
