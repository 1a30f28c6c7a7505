"""Speakers' descriptions and same-as addresses follow their rules (factcheck.core.speaker_fields)
wherever one is made or arrives: the store, the CLI, and every import (JSON, JSONL, brat, a teammate's
database), which is refused whole in one line naming the speaker and the field. A project made before
the rules still opens; its values are shown escaped and survive an edit of the speaker's other fields."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from db import Store, attribution, speakers
from factcheck.cli import main
from factcheck.core.errors import FactcheckError
from factcheck.core.speakers import Speaker, new_speaker
from factcheck.services.exporting import export
from tests.helpers.structure import seed

BAD_SAME_AS = [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "https://wikidata.org@evil.example/",
    "https://a b",
]
BAD_DESCRIPTIONS = ["paid by \u202eSU", "Rex\x1b[2J", "zero\u200bwidth"]


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _rows(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    with Store.open(path) as store:
        return sorted(
            (s.name, s.description, s.same_as) for s in speakers.speakers(store, include_deleted=True)
        )


@pytest.mark.parametrize("url", BAD_SAME_AS)
def test_the_store_refuses_a_same_as_that_is_no_web_address(store: Store, url: str) -> None:
    with pytest.raises(FactcheckError, match="Cannot keep the speaker Jane Roe"):
        speakers.add_speaker(store, new_speaker("Jane Roe", same_as=(url,)))
    roe = speakers.add_speaker(store, new_speaker("Jane Roe", same_as=("https://www.wikidata.org/wiki/Q1",)))
    with pytest.raises(FactcheckError, match=r"web address|user name"):
        speakers.update_speaker(store, roe.id, same_as=["https://www.wikidata.org/wiki/Q1", url])
    twice = ["https://example.org/x", "https://example.org/x"]
    with pytest.raises(FactcheckError, match="listed twice"):
        speakers.update_speaker(store, roe.id, same_as=twice)
    assert [(s.name, s.same_as) for s in speakers.speakers(store)] == [
        ("Jane Roe", ("https://www.wikidata.org/wiki/Q1",))
    ]


@pytest.mark.parametrize("text", BAD_DESCRIPTIONS)
def test_the_store_refuses_a_description_that_hides_text_and_keeps_prose(store: Store, text: str) -> None:
    with pytest.raises(FactcheckError, match="description cannot hold"):
        speakers.add_speaker(store, new_speaker("Jane Roe", description=text))
    roe = speakers.add_speaker(store, new_speaker("Jane Roe", description="Mayor.\n\tSince 2019."))
    with pytest.raises(FactcheckError, match="description cannot hold"):
        speakers.update_speaker(store, roe.id, description=text)
    assert _stored(store, roe.id).description == "Mayor.\n\tSince 2019."


def _stored(store: Store, speaker_id: str) -> Speaker:
    found = speakers.speaker(store, speaker_id)
    assert found is not None
    return found


def test_cli_add_refuses_in_one_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, db_path, "speakers", "add", "Jane Roe", "--same-as", "javascript:alert(1)")
    assert code == 1 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert "“javascript:alert(1)” is not a web address" in err
    code, out, err = run(capsys, db_path, "speakers", "add", "Jane Roe", "--description", "a\u202eb")
    assert code == 1 and out == "" and err.count("\n") == 1 and "\\u202e" in err and "\u202e" not in err
    assert _rows(db_path) == []
    code, _, _ = run(
        capsys, db_path, "speakers", "add", "Jane Roe", "--same-as", "https://www.wikidata.org/wiki/Q1"
    )
    assert code == 0 and _rows(db_path) == [("Jane Roe", "", ("https://www.wikidata.org/wiki/Q1",))]


def _older(path: Path, **values: object) -> str:
    """A project made before the rules: the values stored as they were typed then."""
    with Store.open(path) as store:
        old = replace(new_speaker("Rex Tillerson"), **values)  # type: ignore[arg-type]
        speakers.put_speakers(store, [old])
        return old.id


def test_an_older_project_opens_shows_escaped_and_keeps_its_values_through_edits(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    speaker_id = _older(db_path, description="paid by \u202eSU", same_as=("javascript:alert(1)",))
    code, out, _ = run(capsys, db_path, "speakers", "show", speaker_id)
    assert code == 0 and "\\u202e" in out and "\u202e" not in out and "same as javascript:alert(1)" in out
    with Store.open(db_path) as store:  # its kind and name may change: its other values are kept
        changed = speakers.update_speaker(store, speaker_id, kind="organization", name="Rex W. Tillerson")
        assert (changed.description, changed.same_as) == ("paid by \u202eSU", ("javascript:alert(1)",))
        with pytest.raises(FactcheckError, match="not a web address"):  # a change follows the rules
            speakers.update_speaker(store, speaker_id, same_as=["javascript:alert(2)"])
        fixed = speakers.update_speaker(store, speaker_id, same_as=[], description="Paid by us.")
        assert (fixed.description, fixed.same_as) == ("Paid by us.", ())


def _export_with(tmp_path: Path, fmt: str, **values: object) -> tuple[Path, Path]:
    """A teammate's export (fmt) whose speaker Jane Roe has values the rules refuse, and the project
    it goes into (for JSONL, which holds tags of documents the project has: a copy of the teammate's
    project from before Jane Roe was made)."""
    theirs = tmp_path / "ben.db"
    target = tmp_path / "mine.db"
    with Store.open(theirs) as store:
        s = seed(store)
    if fmt == "jsonl":
        shutil.copy(theirs, target)  # closed: the WAL is in the file
    else:
        Store.open(target).close()
    with Store.open(theirs) as store:
        roe = replace(new_speaker("Jane Roe"), **values)  # type: ignore[arg-type]
        speakers.put_speakers(store, [roe])  # as an older factcheck let it be typed
        attribution.set_speaker(store, s.tillerson.id, roe.id)
        path = tmp_path / (f"ben.{fmt}" if fmt != "brat" else "brat")
        if fmt != "db":
            export(store, fmt, path)
    return (theirs if fmt == "db" else path), target


@pytest.mark.parametrize("fmt", ["json", "jsonl", "db"])
@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("same_as", ("javascript:alert(1)",), "“javascript:alert(1)” is not a web address"),
        ("same_as", ("https://x.org/a", "https://x.org/a"), "listed twice"),
        ("description", "paid by \u202eSU", "it holds \\u202e"),
    ],
)
def test_an_import_holding_a_bad_value_is_refused_whole_naming_speaker_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, field: str, value: object, said: str
) -> None:
    path, target = _export_with(tmp_path, fmt, **{field: value})
    before = _rows(target)
    assert all(name != "Jane Roe" for name, _, _ in before)  # she would arrive with this import
    with Store.open(target) as store:
        documents = len(store.documents())
    code, out, err = run(capsys, target, "import", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "the speaker “Jane Roe” (" in err and f"its {field}: " in err and said in err, err
    assert "nothing was imported" in err and "Project › Speakers" in err and "\u202e" not in err
    assert _rows(target) == before
    with Store.open(target) as store:
        assert len(store.documents()) == documents


def _brat_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder, target = _export_with(tmp_path, "brat")
    assert (folder / "factcheck-documents.json").is_file()  # the side file: the export is factcheck's
    return folder, target


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("\tJane\u202eRoe", ["cannot hold control characters", "Jane\\u202eRoe", "rename that speaker"]),
        ("\tJane\x1b[2JRoe", ["cannot hold control characters", "Jane\\x1b[2JRoe", "rename that speaker"]),
    ],
)
def test_a_brat_folder_naming_a_speaker_badly_is_refused_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, said: list[str]
) -> None:
    folder, target = _brat_folder(tmp_path)
    (ann,) = folder.glob("*.ann")
    text = ann.read_text(encoding="utf-8")
    assert "\tJane Roe\n" in text
    ann.write_text(text.replace("\tJane Roe\n", line + "\n"), encoding="utf-8")
    code, out, err = run(capsys, target, "import", str(folder))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert all(s in err for s in said) and "nothing was imported" in err and ", line " in err, err
    assert "\x1b" not in err and "\u202e" not in err
    with Store.open(target) as store:
        assert store.documents() == [] and speakers.speakers(store) == []


@pytest.mark.parametrize("norm", ["URL:javascript:alert(1)", "URL:file:///etc/passwd", "GND:118540238"])
def test_a_brat_same_as_that_is_no_web_address_is_refused_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], norm: str
) -> None:
    folder, target = _brat_folder(tmp_path)
    (ann,) = folder.glob("*.ann")
    text = ann.read_text(encoding="utf-8")
    ann.write_text(text.replace("Wikidata:Q155294", norm), encoding="utf-8")
    code, out, err = run(capsys, target, "import", str(folder))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "the speaker “Sergei Lavrov”, its same_as: " in err and "is not a web address" in err, err
    with Store.open(target) as store:
        assert store.documents() == [] and speakers.speakers(store) == []


def test_a_json_file_holding_good_values_still_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, target = _export_with(
        tmp_path, "json", description="Mayor.\nSince 2019.", same_as=("https://www.wikidata.org/wiki/Q1",)
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {s["name"] for s in data["speakers"]} == {"Jane Roe", "Sergei Lavrov"}
    code, _, err = run(capsys, target, "import", str(path))
    assert code == 0, err
    assert ("Jane Roe", "Mayor.\nSince 2019.", ("https://www.wikidata.org/wiki/Q1",)) in _rows(target)


def test_exports_for_other_tools_give_only_web_addresses_of_an_older_project(
    store: Store, tmp_path: Path
) -> None:
    from tests.helpers.claims import make_debate

    make_debate(store)
    smith = speakers.speaker(store, "sp-smith")
    assert smith is not None
    wikidata = "https://www.wikidata.org/wiki/Q1"
    speakers.put_speakers(store, [replace(smith, same_as=("javascript:alert(1)", wikidata))])  # older
    export(store, "claimreview", tmp_path / "reviews.json")
    reviews = json.loads((tmp_path / "reviews.json").read_text(encoding="utf-8"))
    authors = [
        r["itemReviewed"]["author"] for r in reviews if r["itemReviewed"]["author"]["name"] == "Anna Smith"
    ]
    assert authors and all(a["sameAs"] == [wikidata] for a in authors)
    export(store, "w3c", tmp_path / "tags.jsonld")
    written = (tmp_path / "tags.jsonld").read_text(encoding="utf-8")
    assert "javascript:" not in written and wikidata in written


def test_cli_edit_changes_or_refuses_in_one_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    speaker_id = _older(db_path, description="paid by \u202eSU", same_as=("javascript:alert(1)",))
    code, out, err = run(capsys, db_path, "speakers", "edit", speaker_id, "--same-as", "file:///etc/passwd")
    assert (
        code == 1
        and out == ""
        and err.count("\n") == 1
        and "“file:///etc/passwd” is not a web address" in err
    )
    code, out, err = run(capsys, db_path, "speakers", "edit", "Rex Tillerson", "--kind", "organization")
    assert code == 0 and "Changed Rex Tillerson (organization)" in out  # the older values are kept
    assert _rows(db_path) == [("Rex Tillerson", "paid by \u202eSU", ("javascript:alert(1)",))]
    code, _, err = run(
        capsys, db_path, "speakers", "edit", speaker_id, "--description", "Former CEO.\nSecretary of State.",
        "--same-as", "https://www.wikidata.org/wiki/Q58574",
    )  # fmt: skip
    assert code == 0, err
    assert _rows(db_path) == [
        ("Rex Tillerson", "Former CEO.\nSecretary of State.", ("https://www.wikidata.org/wiki/Q58574",))
    ]
    assert run(capsys, db_path, "speakers", "edit", speaker_id, "--no-same-as")[0] == 0
    assert _rows(db_path)[0][2] == ()
