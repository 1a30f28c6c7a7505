"""export --status/--curated/--min-agree, list with review states, agreement --against curated."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.curation import CURATED
from tests.factcheck.services.test_curated_export import Team


@pytest.fixture
def team(store: Store) -> Team:
    return Team(store)


def _run(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_export_status_repeatable_and_comma_separated(
    team: Team, db_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert _run(db_path, "export", "-f", "jsonl", "--status", "accepted,rejected") == 0
    ids = {json.loads(line)["id"] for line in capfd.readouterr().out.splitlines()}
    assert ids == {team.accepted.id, *(t.id for t in team.rejected)}
    assert _run(db_path, "export", "-f", "jsonl", "--status", "accepted", "--status", "unreviewed") == 0
    ids = {json.loads(line)["id"] for line in capfd.readouterr().out.splitlines()}
    assert team.accepted.id in ids and not ids & {t.id for t in team.rejected}


def test_export_curated_csv_to_a_file(
    team: Team, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "curated.csv"
    assert _run(db_path, "export", "-f", "csv", "--curated", "--min-agree", "2", "-o", str(out)) == 0
    assert capsys.readouterr().err == f"Exported 3 curated tags to {out}.\n"
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["annotator"] for r in rows} == {CURATED}
    assert "sources" in rows[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "maybe"], "Unknown review status 'maybe'"),
        (["--curated", "--status", "accepted"], "--status does not combine with --curated"),
        (["--min-agree", "2"], "--min-agree applies to the curated set only"),
    ],
)
def test_export_refusals_are_one_line(
    team: Team, db_path: Path, capfd: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert _run(db_path, "export", "-f", "csv", *args) != 0
    out, err = capfd.readouterr()
    assert out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_export_min_agree_zero_is_a_usage_error(team: Team, db_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        _run(db_path, "export", "-f", "csv", "--curated", "--min-agree", "0")
    assert exc.value.code == 2
