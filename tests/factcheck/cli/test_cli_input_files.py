"""Inputs are looked at before they are opened: links to devices, FIFOs and huge files are refused."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.inputs import MAX_EXPORT_BYTES
from tests.helpers.dbfiles import content_digest


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # opening it for reading would wait for a writer forever


def _link_to_fifo(path: Path) -> None:
    os.mkfifo(path.with_name("pipe"))
    path.symlink_to("pipe")


MAKERS: dict[str, Callable[[Path], None]] = {
    "dev-zero": _dev_zero,
    "fifo": _fifo,
    "link-to-fifo": _link_to_fifo,
}


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".json", ".jsonl", ".db"])
@pytest.mark.parametrize("kind", list(MAKERS))
def test_a_non_regular_input_is_refused_before_it_is_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, suffix: str
) -> None:
    project = tmp_path / "p.db"
    Store.open(project).close()
    before = content_digest(project)
    good = tmp_path / "good.txt"
    good.write_text("A good article.\n", encoding="utf-8")
    bad = tmp_path / f"input{suffix}"
    MAKERS[kind](bad)
    assert main(["--db", str(project), "import", str(good), str(bad)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"factcheck: {bad} is not a regular file (a device, pipe or socket), so it cannot be an input; "
        "nothing was imported. Give the file itself.\n"
    )
    assert content_digest(project) == before


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_an_export_over_the_size_cap_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    project = tmp_path / "p.db"
    Store.open(project).close()
    big = tmp_path / f"big{suffix}"
    with big.open("wb") as fh:
        fh.write(b'{"format": "factcheck", ')
        fh.truncate(MAX_EXPORT_BYTES + 1)  # sparse: long, yet nothing on disk
    assert main(["--db", str(project), "import", str(big)]) == 1
    err = capsys.readouterr().err
    size_mb, cap_mb = (MAX_EXPORT_BYTES + 1) // 1_000_000, MAX_EXPORT_BYTES >> 20
    assert err.startswith(f"factcheck: {big} is {size_mb} MB, more than the {cap_mb} MB an input may have;")
    assert err.count("\n") == 1


def test_dash_for_standard_input_is_refused_with_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`... | factcheck import -` said "-: unknown file type (no extension)", and created the project."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "p.db"
    assert main(["--db", str(db), "import", "-"]) == 2
    assert "standard input ('-') is not read" in capsys.readouterr().err
    assert not db.exists()
    (tmp_path / "-").write_text("An article in a file named dash.", encoding="utf-8")
    assert main(["--db", str(db), "import", "./-"]) == 1  # a file of that name: refused for its type
    assert "unknown file type" in capsys.readouterr().err
