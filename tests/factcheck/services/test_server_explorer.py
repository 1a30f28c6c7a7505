"""The server explorer (tests/factcheck/services/server_explorer.py): a few seeds in the suite, many
outside it (FACTCHECK_SERVER_SEEDS=0-199 FACTCHECK_SERVER_STEPS=12)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factcheck.services.server_explorer import run_case
from tests.pg import PgServer, Team


def _seeds() -> list[int]:
    spec = os.environ.get("FACTCHECK_SERVER_SEEDS", "")
    if not spec:
        return [1, 2]
    if "-" in spec:
        first, last = spec.split("-")
        return list(range(int(first), int(last) + 1))
    return [int(s) for s in spec.split(",")]


STEPS = int(os.environ.get("FACTCHECK_SERVER_STEPS", "8"))


@pytest.fixture
def teams(pg_server: PgServer) -> Iterator[list[Team]]:
    made: list[Team] = []
    yield made
    with pg_server.admin() as conn:
        for team in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{team.database}" WITH (FORCE)')


def test_explore_bypassing_writes_on_the_team_server(
    pg_server: PgServer, teams: list[Team], tmp_path: Path, qapp: object
) -> None:
    findings: list[str] = []
    for seed in _seeds():
        name = f"explore_{os.getpid()}_{seed}"
        with pg_server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE team_template')
        team = Team(pg_server, name)
        teams.append(team)
        folder = tmp_path / f"seed{seed}"
        folder.mkdir()
        case = run_case(team, folder, seed, STEPS)
        findings.extend(case.findings)
        if os.environ.get("FACTCHECK_SERVER_SEEDS"):
            landed = sum(w.landed for w in case.writes)
            print(
                f"seed {seed}: {case.attacker}, {landed}/{len(case.writes)} writes landed, "
                f"{len(case.findings)} findings"
            )
    assert not findings, "\n\n".join(findings)
