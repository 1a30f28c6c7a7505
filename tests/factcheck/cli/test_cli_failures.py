"""Failures end in one line on standard error, never a traceback or an "Exception ignored" message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.helpers.dbfiles import content_digest
from tests.helpers.disks import small_disk


def factcheck(
    *args: str, stdout: int | None = subprocess.PIPE, env: dict[str, str] | None = None
) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return done.returncode, done.stderr


def one_line(err: str) -> None:
    assert err.startswith("factcheck: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """2,000 tags by two annotators: exports far larger than the small disks below."""
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create("word " * 2000, title="Words"))
        with store.atomic():
            store.put_annotations(
                new_annotation(doc, i * 5, i * 5 + 4, "claim", ("ana", "ben")[i % 2]) for i in range(2000)
            )
    return path


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "verb",
    [
        ["list"],
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
        ["agreement"],
        ["agreement", "--format", "csv"],
        ["labels", "list"],
        ["speakers"],
        ["claims", "--format", "json"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "unbuffered"])
def test_standard_output_on_a_full_device(project: Path, verb: list[str], unbuffered: str) -> None:
    """Buffered (as a user's shell runs it: PYTHONUNBUFFERED unset), a short output failed only in the
    flush at exit: "Exception ignored ... OSError", exit status 120."""
    with open("/dev/full", "w") as full:
        code, err = factcheck(
            "--db", str(project), *verb, stdout=full.fileno(), env={"PYTHONUNBUFFERED": unbuffered}
        )
    assert code == 1
    one_line(err)
    assert "No space left on device" in err


def test_a_full_temporary_folder(project: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "tmp") as tmp:  # room to start, not to finish
        code, err = factcheck("--db", str(project), "export", "--format", "csv", env={"TMPDIR": str(tmp)})
    assert code == 1
    one_line(err)
    assert "temporary folder" in err and "nothing was written" in err


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "w3c", "brat"])
def test_an_export_to_a_full_disk(project: Path, tmp_path: Path, fmt: str) -> None:
    with small_disk(tmp_path / "disk") as disk:
        code, err = factcheck("--db", str(project), "export", "--format", fmt, "--out", str(disk / "out"))
        left = sorted(p.name for p in disk.iterdir())
    assert code == 1
    one_line(err)
    assert "No space left on device" in err and "nothing was written" in err
    assert left == []


@pytest.mark.parametrize(
    "line",
    ["[" * 100_000 + "]" * 100_000, '{"document_id": "x", "start": ' + "7" * 5000 + "}"],
    ids=["nested brackets", "5000-digit number"],
)
def test_a_jsonl_line_python_cannot_parse_is_refused_in_one_line(
    project: Path, tmp_path: Path, line: str
) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    before = content_digest(project)
    code, err = factcheck("--db", str(project), "import", str(path))
    assert code == 1
    one_line(err)
    assert "odd.jsonl" in err and "line 1" in err
    assert content_digest(project) == before


#: Ctrl+C (a real SIGINT) while the verbs' modules load, before any verb runs.
_INTERRUPTED_WHILE_LOADING = """
import os, signal, sys
import factcheck.cli as cli

loaded = cli._verb_module

def interrupted_while_loading(verb):
    os.kill(os.getpid(), signal.SIGINT)
    return loaded(verb)

cli._verb_module = interrupted_while_loading
sys.exit(cli.main(sys.argv[1:]))
"""


def test_ctrl_c_while_starting_is_one_line_and_exit_130(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_WHILE_LOADING, "--db", str(project), "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (130, "")
    assert done.stderr == "factcheck: interrupted.\n"


@pytest.mark.parametrize(
    "verb", [["list"], ["agreement"], ["labels", "list"], ["export", "--format", "csv"]], ids=" ".join
)
def test_a_reader_gone_before_a_short_output_is_written_is_no_error(project: Path, verb: list[str]) -> None:
    """`factcheck list | true`, buffered as a user's shell runs it: the broken pipe surfaced in the flush at
    exit ("Exception ignored ... BrokenPipeError", status 120); now as for a long output: quiet, status 0."""
    read, write = os.pipe()
    os.close(read)  # the reader left before anything was written
    try:
        code, err = factcheck("--db", str(project), *verb, stdout=write, env={"PYTHONUNBUFFERED": ""})
    finally:
        os.close(write)
    assert (code, err) == (0, "")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--help"], ["export", "--help"], ["--version"]], ids=" ".join)
def test_help_to_a_full_device_is_reported(args: list[str]) -> None:
    """argparse prints and exits; the text, still buffered, failed in the flush at exit (status 120)."""
    with open("/dev/full", "w") as full:
        code, err = factcheck(*args, stdout=full.fileno(), env={"PYTHONUNBUFFERED": ""})
    assert code == 1
    one_line(err)
    assert "No space left on device" in err


def test_ctrl_d_at_a_password_question_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """getpass raises EOFError at the end of input (Ctrl+D): that was a traceback."""
    import getpass

    from factcheck.cli import main

    def no_answer(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", no_answer)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert main(["server", "add-annotator", "postgresql://admin@localhost/team", "ana"]) == 1
    err = capsys.readouterr().err
    assert err.endswith("factcheck: no answer (end of input); nothing was changed.\n"), err
