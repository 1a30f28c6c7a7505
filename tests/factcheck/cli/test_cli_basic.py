from __future__ import annotations

import sqlite3
import sys
import types
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation


def test_list_shows_counts_per_label_and_annotator(
    db_path: Path, store: Store, document: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.add_annotation(new_annotation(document, 9, 17, "denial", "ben"))
    store.close()
    assert main(["--db", str(db_path), "list"]) == 0
    out = capsys.readouterr().out
    assert document.id in out and "Roe on crime" in out
    assert "2 tags: claim 1, denial 1, characterization 0" in out
    assert "ana 1, ben 1" in out


def test_not_a_database_is_one_line_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("hello", encoding="utf-8")
    assert main(["--db", str(bad), "list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("factcheck: ") and "Traceback" not in err
    assert bad.read_text(encoding="utf-8") == "hello"


def test_backup_is_a_consistent_factcheck_database(
    db_path: Path, store: Store, document: Document, tmp_path: Path
) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    dest = tmp_path / "copy" / "backup.db"
    assert main(["--db", str(db_path), "backup", str(dest)]) == 0
    with Store.open(dest) as copy:
        assert len(copy.annotations()) == 1
    conn = sqlite3.connect(dest)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["list", "--bogus"])
    assert exc.value.code == 2


def test_files_without_a_verb_open_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[dict[str, object]] = []
    # The app itself is tested in tests/ui; here only the dispatch of the command line.

    def run(**kw: object) -> int:
        calls.append(kw)
        return 0

    fake = types.SimpleNamespace(run=run)
    monkeypatch.setitem(sys.modules, "ui.app", fake)
    article = tmp_path / "story.txt"
    assert main(["--db", "x.db", str(article)]) == 0
    assert main(["--annotator", "ana"]) == 0
    assert calls == [
        {"db_path": "x.db", "annotator": None, "files": [str(article)]},
        {"db_path": None, "annotator": "ana", "files": []},
    ]


def test_help_lists_the_verbs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "import" in capsys.readouterr().out


def test_a_mistyped_verb_is_wrong_usage_not_a_file_for_the_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[dict[str, object]] = []

    def run(**kw: object) -> int:
        calls.append(kw)
        return 0

    monkeypatch.setitem(sys.modules, "ui.app", types.SimpleNamespace(run=run))
    with pytest.raises(SystemExit) as exc:
        main(["--db", "x.db", "lsit"])
    assert exc.value.code == 2 and calls == []
    assert "unknown verb 'lsit'" in capsys.readouterr().err


def test_each_verb_has_a_description(capsys: pytest.CaptureFixture[str]) -> None:
    for verb in ("import", "export", "list", "agreement", "backup"):
        with pytest.raises(SystemExit):
            main([verb, "--help"])
        out = capsys.readouterr().out
        usage, second = out.split("\n\n")[:2]  # argparse: usage, then the description (if any)
        assert usage.startswith(f"usage: factcheck {verb}"), verb
        assert not second.startswith(("options:", "positional arguments:")), verb
