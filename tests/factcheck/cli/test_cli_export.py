"""`factcheck export`: files, standard output, filters, usage errors, one-line failures."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.services.reading import read_bundle
from tests.factcheck.services.brat_helpers import brat_file
from tests.factcheck.services.formats_helpers import Rich, build, content


@pytest.fixture
def rich(store: Store) -> Rich:
    rich = build(store)
    return rich


def _cli(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), "export", *args])


def test_json_to_a_file_reads_back_exactly(
    rich: Rich, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    assert _cli(db_path, "--format", "json", "--out", str(out)) == 0
    n = len(rich.store.annotations())  # live tags: deleted ones go out as tombstones, not counted
    assert n < len(rich.store.annotations(include_deleted=True))
    assert capsys.readouterr().err == f"Exported {n} annotations to {out}.\n"
    bundle = read_bundle(out, rich.store)
    _, anns = content(rich.store)
    assert sorted((a for _, aa in bundle.documents for a in aa), key=lambda a: a.id) == anns


def test_csv_to_standard_output(rich: Rich, db_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert _cli(db_path, "--format", "csv") == 0
    out, err = capfd.readouterr()
    assert err == ""
    assert not out.startswith("\ufeff")  # no BOM in a pipe
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert {r["annotation_id"] for r in rows} == {a.id for a in rich.store.annotations()}


def test_dash_is_standard_output_and_filters_repeat_or_use_commas(
    rich: Rich, db_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = [
        "--format",
        "jsonl",
        "--out",
        "-",
        "--annotator",
        "ana",
        "--annotator",
        "bo",
        "--label",
        "claim,denial",
    ]
    assert _cli(db_path, *args) == 0
    ids = {json.loads(line)["id"] for line in capfd.readouterr().out.splitlines()}
    expected = {a.id for a in rich.store.annotations(annotator=["ana", "bo"], label=["claim", "denial"])}
    assert ids == expected and ids
    assert _cli(db_path, "-f", "jsonl", "--document", rich.second.id) == 0
    ids = {json.loads(line)["id"] for line in capfd.readouterr().out.splitlines()}
    assert ids == {a.id for a in rich.store.annotations(document_id=rich.second.id)}


def test_a_misspelt_annotator_is_refused_naming_the_known_ones(
    rich: Rich, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert _cli(db_path, "-f", "csv", "--annotator", "Ana,bo", "--out", str(out)) == 1
    err = capsys.readouterr().err.splitlines()
    known = ", ".join(rich.store.known_annotators())
    assert err == [f"factcheck: Nobody named 'Ana' ever tagged in this project; known annotators: {known}."]
    assert not out.exists()  # no export of bo's tags alone
    assert _cli(db_path, "-f", "csv", "--annotator", "ana", "--out", str(out)) == 0
    assert "Note" not in capsys.readouterr().err


def test_an_annotator_name_with_a_comma_is_kept_whole(
    rich: Rich, db_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    rich.store.put_annotations([replace(rich.claim, annotator="Roe, Jane")])
    assert _cli(db_path, "-f", "jsonl", "--annotator", "Roe, Jane") == 0
    lines = capfd.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [rich.claim.id]


def test_brat_writes_a_folder(rich: Rich, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    assert _cli(db_path, "--format", "brat", "--out", str(folder)) == 0
    assert brat_file(folder, rich.doc.id, "txt").read_bytes().decode("utf-8") == rich.doc.text


@pytest.mark.parametrize("out", [None, "-"])
def test_brat_to_standard_output_is_a_usage_error(
    rich: Rich, db_path: Path, capsys: pytest.CaptureFixture[str], out: str | None
) -> None:
    args = ["--format", "brat"] + (["--out", out] if out else [])
    assert _cli(db_path, *args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "--out FOLDER" in captured.err


def test_wrong_usage_exits_2(rich: Rich, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _cli(db_path, "--format", "xml")
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        _cli(db_path)  # --format is required
    assert info.value.code == 2


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--document", "nope"], "no document with id 'nope'"),
        (["--label", "opinion"], "Unknown label 'opinion'"),
        (["--out", "{tmp}/missing/out.csv"], "does not exist"),
        (["--out", "{tmp}"], "is a folder"),
    ],
)
def test_errors_are_one_line_and_write_nothing(
    rich: Rich,
    db_path: Path,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    args: list[str],
    words: str,
) -> None:
    before = sorted(tmp_path.iterdir())
    assert _cli(db_path, "--format", "csv", *[a.format(tmp=tmp_path) for a in args]) == 1
    out, err = capfd.readouterr()
    assert out == ""
    assert err.startswith("factcheck: ") and err.count("\n") == 1 and words in err
    assert sorted(tmp_path.iterdir()) == before


def test_the_installed_command_writes_utf8_whatever_the_locale(rich: Rich, db_path: Path) -> None:
    """A real process with an ASCII locale: the emoji and curly quotes still come out as UTF-8."""
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "--db", str(db_path), "export", "-f", "jsonl"],
        capture_output=True,
        env={"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    quotes = {json.loads(line)["quote"] for line in result.stdout.decode("utf-8").splitlines()}
    assert "“misleading”.\nRoe denied it" in quotes
