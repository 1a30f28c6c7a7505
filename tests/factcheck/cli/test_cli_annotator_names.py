"""--annotator and $FACTCHECK_ANNOTATOR name what a verb records: a name holding control characters (an
escape sequence, a direction override) is refused saying why, shown escaped, and nothing is changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from db.documents import is_removed
from factcheck.cli import main
from factcheck.core.model import Document

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
