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
from tests.helpers.review import set_review


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
        (["--status", ","], "No review status given"),
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


def test_list_shows_each_documents_review_state(
    team: Team, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(db_path, "list") == 0
    out = capsys.readouterr().out
    # the crime article has decisions; its one disagreement (chen's lone denial) is decided
    assert f"{team.doc.id}  Crime\n    source: crime.txt\n    in review, 0 open disagreements\n" in out
    assert f"{team.solo.id}  Solo\n    not reviewed\n" in out
    lone = team.add("bo", "percent", "denial")  # another lone tag, undecided: open
    set_review(team.store, team.solo_tag.id, "accepted", "rita")
    assert _run(db_path, "list") == 0
    out = capsys.readouterr().out
    assert f"{team.doc.id}  Crime\n    source: crime.txt\n    in review, 1 open disagreement\n" in out
    assert f"{team.solo.id}  Solo\n    in review, 0 open disagreements\n" in out
    set_review(team.store, lone.id, "rejected", "rita")
    team.store.set_curated(team.doc.id, ("rita", "2026-01-01T00:00:00.000000Z"))
    assert _run(db_path, "list") == 0
    assert f"{team.doc.id}  Crime\n    source: crime.txt\n    curated\n" in capsys.readouterr().out


def test_agreement_against_curated_json_csv_and_table(
    team: Team, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(db_path, "agreement", "--against", "curated", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert set(rows[0]) == {"document", "label", "annotator", "measure", "value"}
    overall = {
        (r["annotator"], r["measure"]): r["value"]
        for r in rows
        if r["document"] is None and r["label"] is None
    }
    # curated on the crime article: the claim (all three) and chen's accepted denial; on Solo: Ana's claim.
    # ana: claim, characterization, rejected claim, solo claim = 4 tags, 2 match; 3 curated tags where
    # she tagged (both documents), she matched 2.
    assert overall[("ana", "precision_exact")] == pytest.approx(2 / 4)
    assert overall[("ana", "recall_exact")] == pytest.approx(2 / 3)
    assert overall[("ana", "f1_exact")] == pytest.approx(2 * 2 / (4 + 3))
    # chen: claim, accepted denial, rejected claim = 3 tags, 2 match, of the 2 curated tags of the article
    assert overall[("chen", "precision_exact")] == pytest.approx(2 / 3)
    assert overall[("chen", "recall_exact")] == pytest.approx(1.0)
    measures = {r["measure"] for r in rows}
    assert measures == {
        "precision_exact",
        "recall_exact",
        "f1_exact",
        "precision_overlap",
        "recall_overlap",
        "f1_overlap",
    }
    assert _run(db_path, "agreement", "--against", "curated", "--format", "csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "document,label,annotator,measure,value"
    assert _run(db_path, "agreement", "--against", "curated") == 0
    table = capsys.readouterr().out
    assert "P exact" in table and "R overlap" in table and "curated set" in table


def test_agreement_min_agree_needs_against(
    team: Team, db_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert _run(db_path, "agreement", "--min-agree", "2") != 0
    assert "--min-agree applies to --against curated only" in capfd.readouterr().err
