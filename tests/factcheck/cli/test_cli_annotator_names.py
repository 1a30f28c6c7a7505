"""--annotator and $FACTCHECK_ANNOTATOR name what a verb records: a name holding control characters (an
escape sequence, a direction override) is refused saying why, shown escaped, and nothing is changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from db.documents import is_removed
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation

BAD = "b\u202een\x1b[2J"


def test_a_name_with_control_characters_is_refused(
    db_path: Path, store: Store, document: Document, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    store.close()
    code = main(["--db", str(db_path), "--annotator", BAD, "remove", "--yes", document.id])
    _, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1
    assert "--annotator: a name cannot hold control characters" in err and "b\\u202een\\x1b[2J" in err
    assert "\x1b" not in err and "\u202e" not in err  # shown escaped: the terminal is not cleared
    monkeypatch.setenv("FACTCHECK_ANNOTATOR", BAD)
    code = main(["--db", str(db_path), "remove", "--yes", document.id])
    _, err = capsys.readouterr()
    assert code == 1 and "$FACTCHECK_ANNOTATOR: a name cannot hold control characters" in err
    with Store.open(db_path) as again:
        assert not is_removed(again, document.sha256)
    code = main(["--db", str(db_path), "--annotator", "ben", "remove", "--yes", document.id])
    assert code == 0


def test_a_name_kept_with_a_zero_width_character_reads_as_another_persons(
    db_path: Path, store: Store, document: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    # A team server's row keeps its login's name exactly (docs/team.md): one made in psql with a
    # zero-width space is another login than "bob", and the command line shows it so.
    for name, start in (("bob", 0), ("bob\u200b", 9)):
        store.add_annotation(new_annotation(document, start, start + 5, "claim", name))
    store.close()
    assert main(["--db", str(db_path), "list"]) == 0
    assert "by annotator: bob 1, bob\\u200b 1" in capsys.readouterr().out
    assert main(["--db", str(db_path), "agreement"]) == 0
    out = capsys.readouterr().out
    assert "bob\\u200b" in out and "\u200b" not in out
