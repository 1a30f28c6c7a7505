"""Titles, ids, names and file names reach the terminal with their control characters escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation

#: Sets the terminal's title, rings, clears the screen; a C1 CSI; a right-to-left override.
EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def project(store: Store, db_path: Path) -> Path:
    doc, _ = store.add_document(Document.create("Some text here, and more text.", title=f"Title {EVIL}"))
    store.add_annotation(new_annotation(doc, 0, 4, "claim", f"ana{EVIL}"))
    store.add_annotation(new_annotation(doc, 0, 4, "claim", "ben"))
    store.close()
    return db_path


@pytest.mark.parametrize(
    "verb",
    [["list"], ["agreement"], ["agreement", "--format", "json"], ["agreement", "--format", "csv"]],
    ids=" ".join,
)
def test_what_is_printed_holds_no_raw_control_character(
    project: Path, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    assert main(["--db", str(project), *verb]) == 0
    out, err = capsys.readouterr()
    assert not RAW.search(out + err), repr(out)
    assert "\\x1b]0;pwned\\x07" in out or "\\u001b]0;pwned\\u0007" in out


def test_the_json_stays_the_same_data(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(project), "agreement", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["annotator_a"] for r in rows} == {f"ana{EVIL}"}


def test_file_names_and_ids_in_messages_are_escaped(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / f"a{EVIL}.txt"
    article.write_text("An article.\n", encoding="utf-8")
    assert main(["--db", str(project), "import", str(article)]) == 0
    gone = tmp_path / f"gone{EVIL}.txt"
    assert main(["--db", str(project), "import", str(gone)]) == 1
    out = tmp_path / f"out{EVIL}.csv"
    assert main(["--db", str(project), "export", "--format", "csv", "--out", str(out)]) == 0
    assert main(["--db", str(project), "backup", str(tmp_path / f"b{EVIL}.db")]) == 0
    printed, err = capsys.readouterr()
    assert not RAW.search(printed + err), repr(printed + err)
    assert printed.count("pwned") == 2 and err.count("pwned") == 2


def _shown_on_a_terminal(command: list[str]) -> str:
    """What command writes to standard output when it is a terminal (a pty)."""
    import os
    import pty
    import subprocess

    main_fd, terminal = pty.openpty()
    child = subprocess.Popen(command, stdout=terminal, stderr=subprocess.PIPE)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the terminal closed: the child is done
            break
        if not chunk:
            break
        shown += chunk
    child.communicate()
    os.close(main_fd)
    assert child.returncode == 0
    return shown.decode("utf-8")  # the terminal turns each LF into CRLF


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_shown_on_a_terminal_is_escaped_and_one_piped_is_data(project: Path, fmt: str) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "factcheck", "--db", str(project), "export", "--format", fmt]
    piped = subprocess.run(command, capture_output=True, check=True).stdout.decode("utf-8")
    assert "\x1b]0;pwned\x07" in piped or "\\u001b]0;pwned\\u0007" in piped  # data as stored
    text = _shown_on_a_terminal(command)
    assert "pwned" in text and not RAW.search(re.sub("\r+\n", "\n", text)), repr(text[:300])
    assert "\\x0d" not in text  # CSV's CRLF line ends stay line ends


def test_the_claims_csv_shown_on_a_terminal_is_escaped_and_one_piped_is_data(db_path: Path) -> None:
    """claims --format csv on standard output wrote a card's escape sequences raw to the terminal."""
    import subprocess
    import sys

    from db import claims
    from tests.helpers.claims import make_debate

    with Store.open(db_path) as store:
        card = make_debate(store).cards[0]
        claims.update_card(store, card.id, "alice", text=f"Crime fell {EVIL}")
    command = [sys.executable, "-m", "factcheck", "--db", str(db_path), "claims", "--format", "csv"]
    piped = subprocess.run(command, capture_output=True, check=True).stdout.decode("utf-8")
    assert EVIL in piped  # data as stored
    text = _shown_on_a_terminal(command)
    assert "pwned" in text and not RAW.search(re.sub("\r+\n", "\n", text)), repr(text[:300])
