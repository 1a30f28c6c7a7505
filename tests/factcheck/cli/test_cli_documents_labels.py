"""`factcheck rename`, `remove`, `labels ...`, `list` showing the source, `import --add-labels`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from db import Store
from db.documents import is_removed
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_the_source_escaped(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db_path) as store:
        store.add_document(Document.create("Some text.", title="T", source="/news/\x1b[2Jroe.txt"))
    code, out, _ = run(capsys, db_path, "list")
    assert code == 0
    assert "    source: /news/\\x1b[2Jroe.txt" in out and "\x1b" not in out


def test_rename(db_path: Path, store: Store, document: Document, capsys: pytest.CaptureFixture[str]) -> None:
    store.close()
    code, out, _ = run(capsys, db_path, "rename", document.id, "Roe: crime figures")
    assert code == 0 and "Renamed “Roe on crime” to “Roe: crime figures”." in out
    code, _, err = run(capsys, db_path, "rename", document.id, "   ")
    assert code == 1 and err.startswith("factcheck: ") and "empty" in err and err.count("\n") == 1
    code, _, err = run(capsys, db_path, "rename", document.id, "Bad\x1b[2J t\u202eitle")
    assert code == 1 and err.count("\n") == 1 and "control characters" in err
    assert "\x1b" not in err and "\u202e" not in err  # shown escaped: the terminal is not cleared
    code, _, err = run(capsys, db_path, "rename", "nope", "x")
    assert code == 1 and "no document" in err
    with Store.open(db_path) as again:
        assert again.document(document.id).title == "Roe: crime figures"


def test_remove_asks_unless_yes(
    db_path: Path, store: Store, document: Document, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.close()
    code, _, err = run(capsys, db_path, "remove", document.id)  # no terminal to ask on
    assert code == 1 and "--yes" in err
    tty = io.StringIO("n\n")
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", tty)
    code, out, _ = run(capsys, db_path, "remove", document.id)
    assert code == 1 and "Remove “Roe on crime” and its 1 tag? [y/N]" in out and "Nothing was removed" in out
    with Store.open(db_path) as again:
        assert len(again.documents()) == 1
    code, out, _ = run(capsys, db_path, "list", "--removed")
    assert out.strip() == "No document was removed from this project."
    code, out, _ = run(capsys, db_path, "remove", "--yes", document.id)
    assert code == 0 and "Removed “Roe on crime” and its 1 tag." in out
    code, out, _ = run(capsys, db_path, "list", "--removed")
    assert out.startswith(f"{document.id}  Roe on crime\n    removed by tester at ")
    assert "source: roe.txt" in out
    with Store.open(db_path) as again:
        assert again.documents() == [] and again.annotations(include_deleted=True) == []
        assert is_removed(again, document.sha256)


def test_ctrl_d_at_the_remove_question_is_no(
    db_path: Path, store: Store, document: Document, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """End of input (Ctrl+D) at "Remove ...? [y/N]" raised EOFError: a traceback."""
    store.close()
    tty = io.StringIO("")  # at its end at once, as after Ctrl+D
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", tty)
    code, out, err = run(capsys, db_path, "remove", document.id)
    assert (code, err) == (1, "")
    assert out.endswith("[y/N] \nNothing was removed.\n")
    with Store.open(db_path) as again:
        assert len(again.documents()) == 1


def test_labels_verbs(
    db_path: Path, store: Store, document: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.add_annotation(new_annotation(document, 9, 17, "claim", "ben"))
    store.close()
    code, out, _ = run(capsys, db_path, "labels", "list")
    assert code == 0 and out.splitlines()[0] == "claim  #E69F00  key 1  2 tags"
    code, out, _ = run(capsys, db_path, "labels", "add", "verdict", "--color", "#112233", "--key", "7")
    assert code == 0 and "Added the label 'verdict' (#112233, key 7)." in out
    code, _, err = run(capsys, db_path, "labels", "add", "verdict")
    assert code == 1 and "already" in err
    code, out, _ = run(capsys, db_path, "labels", "rename", "claim", "assertion")
    assert code == 0 and "(2 tags)" in out
    code, _, err = run(capsys, db_path, "labels", "remove", "assertion")
    assert code == 1 and "2 tags have the label 'assertion'; add --yes" in err
    code, out, _ = run(capsys, db_path, "labels", "remove", "verdict")
    assert code == 0 and out.strip() == "Removed the label 'verdict'."
    code, out, _ = run(capsys, db_path, "labels", "remove", "--yes", "assertion")
    assert code == 0 and "and its 2 tags" in out
    with Store.open(db_path) as again:
        assert [lab.name for lab in again.labels()] == ["denial", "characterization", "source", "cue"]
        assert again.annotations(include_deleted=True) == []
    with pytest.raises(SystemExit) as usage:
        run(capsys, db_path, "labels")  # an action is required: argparse's usage, status 2
    assert usage.value.code == 2


def bens_project(folder: Path) -> None:
    """ben.db and its JSON export ben.json: one tag of a label 'verdict' this project lacks."""
    with Store.open(folder / "ben.db") as theirs:
        from db.labels import add_label

        add_label(theirs, "verdict", "#112233")
        doc, _ = theirs.add_document(Document.create("Ben's article text.", title="Ben"))
        theirs.add_annotation(new_annotation(doc, 0, 5, "verdict", "ben"))
        export(theirs, "json", folder / "ben.json")


def test_import_with_unknown_labels_says_how_and_add_labels_adds_them(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bens_project(tmp_path)
    for source in ("ben.json", "ben.db"):
        code, _, err = run(capsys, db_path, "import", str(tmp_path / source))
        assert code == 1 and "'verdict'" in err and "--add-labels" in err and "factcheck labels add" in err
    with Store.open(db_path) as store:
        assert store.documents() == [] and "verdict" not in {lab.name for lab in store.labels()}
    code, out, _ = run(capsys, db_path, "import", "--add-labels", str(tmp_path / "ben.json"))
    assert code == 0 and "Added the label 'verdict' (#112233, key 6)." in out and "1 added" in out
    with Store.open(db_path) as store:
        assert [a.label for a in store.annotations()] == ["verdict"]


def test_add_labels_refuses_a_label_name_with_control_characters_whole(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bens_project(tmp_path)
    path = tmp_path / "ben.json"
    hidden = path.read_text(encoding="utf-8").replace('"verdict"', '"ver\\u202edict"')
    path.write_text(hidden, encoding="utf-8")
    code, out, err = run(capsys, db_path, "import", "--add-labels", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "cannot hold control characters" in err and "ver\\u202edict" in err  # shown escaped
    with Store.open(db_path) as store:
        assert store.documents() == [] and [lab.name for lab in store.labels()] == [
            "claim", "denial", "characterization", "source", "cue"
        ]  # fmt: skip
