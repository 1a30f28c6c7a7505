"""No output (export, backup, agreement --out, brat folder) may land on the project or its side files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from tests.helpers.dbfiles import content_digest, files_digest


def _targets(db_path: Path) -> list[str]:
    """Every way of naming the project and its side files that a user (or a link) might give."""
    folder = db_path.parent
    (folder / "sub").mkdir(exist_ok=True)
    link = folder / "link.csv"
    link.symlink_to(db_path.name)
    hard = folder / "hard.csv"
    os.link(db_path, hard)
    wal_link = folder / "wal-link.csv"
    wal_link.symlink_to(db_path.name + "-wal")  # dangling while no app holds the project open
    folder_link = folder / "here"
    folder_link.symlink_to(folder)
    return [
        str(db_path),
        f"{db_path}-wal",
        f"{db_path}-shm",
        f"{db_path}-journal",
        str(folder / "sub" / ".." / db_path.name),
        str(link),
        str(hard),
        str(wal_link),
        str(folder_link / f"{db_path.name}-wal"),
        str(folder / f"{db_path.name.upper()}-WAL"),  # one file where case is ignored (macOS, Windows)
    ]


COMMANDS = [
    ["export", "--format", "csv", "--out"],
    ["export", "--format", "json", "--out"],
    ["export", "--format", "brat", "--out"],
    ["agreement", "--format", "csv", "--out"],
    ["backup"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:3]))
def test_an_output_onto_the_project_or_its_side_files_is_refused(
    store: Store, document: object, db_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    store.close()
    targets = _targets(db_path)
    before_files = files_digest(db_path)
    before = content_digest(db_path)
    listing = sorted(p.name for p in db_path.parent.iterdir())
    for target in targets:
        assert main(["--db", str(db_path), *command, target]) == 1, target
        err = capsys.readouterr().err
        assert err.startswith(f"factcheck: Cannot write {target}: ") and err.count("\n") == 1, err
        assert "it is the project" in err or "file of the project" in err
        assert "nothing was written" in err
    assert files_digest(db_path) == before_files
    assert sorted(p.name for p in db_path.parent.iterdir()) == listing  # no side file, folder or partial
    assert content_digest(db_path) == before


def test_the_check_does_not_refuse_other_files(
    store: Store, document: object, db_path: Path, tmp_path: Path
) -> None:
    store.close()
    for name in ("project.db.csv", "project.db-wal.csv", "other.db"):
        assert main(["--db", str(db_path), "export", "--format", "csv", "--out", str(tmp_path / name)]) == 0
    assert main(["--db", str(db_path), "backup", str(tmp_path / "project.db.bak")]) == 0


def test_a_backup_whose_partial_file_would_be_the_project_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """backup DEST writes DEST.partial first, removing a stale one: with the project at DEST.partial,
    that would delete the project."""
    project = tmp_path / "work.db.partial"
    Store.open(project).close()
    before = content_digest(project)
    assert main(["--db", str(project), "backup", str(tmp_path / "work.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"factcheck: Cannot write {project}: it is the project") and err.count("\n") == 1
    assert content_digest(project) == before
    assert not (tmp_path / "work.db").exists()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:3]))
def test_an_output_onto_a_pipe_is_refused_and_the_pipe_kept(
    store: Store, document: object, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:  # fmt: skip
    """A named pipe (or a device: `backup /dev/null` run as root) was replaced by a regular file, the
    pipe's reader left waiting for ever and the device node gone."""
    store.close()
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert main(["--db", str(db_path), *command, str(pipe)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and str(pipe) in err
    assert pipe.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["pipe", db_path.name])


def test_a_brat_export_into_the_folder_one_is_in(
    store: Store, document: object, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """`--out .` named a folder without a name of its own: a traceback (ValueError) instead of the export."""
    store.close()
    here = tmp_path / "corpus"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["--db", str(db_path), "export", "--format", "brat", "--out", "."]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert sorted(p.suffix for p in here.iterdir() if p.suffix in (".ann", ".txt")) == [".ann", ".txt"]
    assert not [p for p in here.parent.iterdir() if p.name.endswith(".partial")]


@pytest.mark.parametrize("dest", ["", ".", "/"])
def test_a_backup_to_a_folder_without_a_name_says_so_in_one_line(
    store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], dest: str,
) -> None:  # fmt: skip
    store.close()
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["--db", str(db_path), "backup", dest]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "it is a folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_backup_to_dash_is_refused_not_written_to_a_file_named_dash(
    store: Store,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """'-' is standard output for export, agreement and claims; backup wrote a file named '-'."""
    store.close()
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(db_path), "backup", "-"]) == 2
    assert "not standard output" in capsys.readouterr().err
    assert not (tmp_path / "-").exists()
    assert main(["--db", str(db_path), "backup", "./-"]) == 0
    assert (tmp_path / "-").is_file()
