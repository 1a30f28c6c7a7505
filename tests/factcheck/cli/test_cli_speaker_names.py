"""Speakers' names follow the rule of labels' names: a name holding control or format characters
(line breaks, escape sequences, direction overrides, zero-width spaces) is refused wherever it would be
made, whole and in one line; the zero-width joiners scripts spell words with are kept; a project made
before the rule still opens, its names shown escaped, and may rename them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from db import Store, attribution, speakers
from factcheck.cli import main
from factcheck.core.errors import FactcheckError
from factcheck.core.names import cleaned, shown
from factcheck.core.speakers import new_speaker
from factcheck.services.exporting import export
from tests.helpers.structure import seed

HOSTILE = ["Rex\x1b[31m", "Rex\u202eTillerson", "Rex\u200bTillerson", "Rex\nTillerson", "Rex\tT", "Rex\x07"]


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _names(path: Path) -> list[str]:
    with Store.open(path) as store:
        return sorted(s.name for s in speakers.speakers(store, include_deleted=True))


@pytest.mark.parametrize("name", HOSTILE)
def test_the_store_refuses_a_hostile_name_made_or_renamed(store: Store, name: str) -> None:
    with pytest.raises(ValueError, match="cannot hold control characters"):
        new_speaker(name)
    roe = speakers.add_speaker(store, new_speaker("Jane Roe"))
    with pytest.raises(FactcheckError, match="cannot hold control characters"):
        speakers.update_speaker(store, roe.id, name=name)
    forged = new_speaker("x").__class__(**{**new_speaker("x").__dict__, "name": name})
    with pytest.raises(FactcheckError, match="cannot hold control characters"):
        speakers.add_speaker(store, forged)
    assert [s.name for s in speakers.speakers(store)] == ["Jane Roe"]


def test_joiners_scripts_need_are_kept_and_spaces_tidied(store: Store) -> None:
    persian = "می\u200cخواهم"  # the zero-width non-joiner spells the word
    assert speakers.add_speaker(store, new_speaker(persian)).name == persian
    roe = speakers.add_speaker(store, new_speaker("Jane Roe"))
    assert speakers.update_speaker(store, roe.id, name="  Jane   Q.  Roe ").name == "Jane Q. Roe"


def test_shown_escapes_and_cleaned_tidies() -> None:
    assert shown("Rex\u202eTillerson\n") == "Rex\\u202eTillerson\\n"
    assert shown("a\x1bb") == "a\\x1bb" and shown("می\u200cخواهم") == "می\u200cخواهم"
    assert cleaned("Rex\u202eTillerson\n") == "Rex Tillerson"


def test_cli_add_and_rename_refuse_in_one_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, db_path, "speakers", "add", "Rex\u202eTillerson")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "cannot hold control characters" in err and "Rex\\u202eTillerson" in err
    assert run(capsys, db_path, "speakers", "add", "Rex Tillerson")[0] == 0
    code, out, err = run(capsys, db_path, "speakers", "rename", "rex tillerson", "Rex\nTillerson")
    assert code == 1 and out == "" and err.count("\n") == 1 and "Rex\\nTillerson" in err
    assert "Traceback" not in err
    assert _names(db_path) == ["Rex Tillerson"]
    code, out, _ = run(capsys, db_path, "speakers", "rename", "Rex Tillerson", "Rex W. Tillerson")
    assert code == 0 and "Renamed Rex Tillerson to Rex W. Tillerson." in out
    assert _names(db_path) == ["Rex W. Tillerson"]


def _older_project(path: Path, name: str) -> str:
    """A project made before the rule: the name stored as it was typed then."""
    with Store.open(path) as store:
        old = new_speaker("placeholder")
        speakers.put_speakers(store, [old.__class__(**{**old.__dict__, "name": name})])
        return old.id


def test_an_older_project_opens_shows_escaped_keeps_the_name_through_edits_and_renames(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    speaker_id = _older_project(db_path, "Rex\u202eTillerson")
    code, out, _ = run(capsys, db_path, "speakers")
    assert code == 0 and "Rex\\u202eTillerson" in out and "\u202e" not in out
    with Store.open(db_path) as store:  # its kind may change: the name it has is kept as it is
        assert speakers.update_speaker(store, speaker_id, kind="organization").name == "Rex\u202eTillerson"
    code, out, _ = run(capsys, db_path, "speakers", "rename", speaker_id, "Rex Tillerson")
    assert code == 0 and _names(db_path) == ["Rex Tillerson"]


def _json_with(tmp_path: Path, store: Store, name: str) -> Path:
    s = seed(store)
    roe = speakers.add_speaker(store, new_speaker("Jane Roe"))
    attribution.set_speaker(store, s.tillerson.id, roe.id)
    path = tmp_path / "ben.json"
    export(store, "json", path)
    text = path.read_text(encoding="utf-8").replace('"Jane Roe"', json.dumps(name))
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_an_import_holding_a_hostile_name_is_refused_whole(
    tmp_path: Path, db_path: Path, store: Store, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    s = seed(store)
    roe = speakers.add_speaker(store, new_speaker("Jane Roe"))
    attribution.set_speaker(store, s.tillerson.id, roe.id)
    path = tmp_path / f"ben.{fmt}"
    export(store, fmt, path)
    store.close()
    text = path.read_text(encoding="utf-8").replace('"Jane Roe"', '"Jane\\u202eRoe"')
    path.write_text(text, encoding="utf-8")
    target = tmp_path / "mine.db"
    if fmt == "jsonl":  # tags of documents the project holds
        shutil.copy(db_path, target)
    else:
        Store.open(target).close()
    before = _names(target)
    code, out, err = run(capsys, target, "import", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert (
        "cannot hold control characters" in err and "Jane\\u202eRoe" in err and "rename that speaker" in err
    )
    assert _names(target) == before


def test_a_teammates_database_holding_a_hostile_name_is_refused_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = tmp_path / "ben.db"
    with Store.open(theirs) as store:
        s = seed(store)
        old = new_speaker("placeholder")
        hostile = old.__class__(**{**old.__dict__, "name": "Jane\x1b[2JRoe"})
        speakers.put_speakers(store, [hostile])  # as an older factcheck let it be typed
        attribution.set_speaker(store, s.tillerson.id, hostile.id)
    target = tmp_path / "mine.db"
    Store.open(target).close()
    code, out, err = run(capsys, target, "import", str(theirs))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert (
        "cannot hold control characters" in err and "Jane\\x1b[2JRoe" in err and "nothing was imported" in err
    )
    with Store.open(target) as mine:
        assert mine.documents() == [] and speakers.speakers(mine) == []
