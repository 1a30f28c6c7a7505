"""`factcheck speakers`: list with counts (table and JSON), add, merge; bad names are one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import Store, attribution, speakers
from factcheck.cli import main
from factcheck.core.speakers import Speaker, new_speaker
from tests.helpers.structure import seed


def run(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), "speakers", *args])


@pytest.fixture
def project(db_path: Path, store: Store) -> Path:
    s = seed(store)
    # Tillerson's source tag names a second speaker, who also speaks in another copy of the article.
    tillerson = speakers.add_speaker(store, speakers_new("Rex Tillerson"))
    attribution.set_speaker(store, s.tillerson.id, tillerson.id)
    store.close()
    return db_path


def speakers_new(name: str) -> Speaker:
    return new_speaker(name, same_as=("https://www.wikidata.org/wiki/Q58725",))


def test_the_list_counts_source_tags_and_attributed_content_tags(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert lines[0][:2] == ["Speaker", "Kind"]
    assert lines[2][:6] == ["Rex", "Tillerson", "person", "1", "1", "1"]  # the denial is attributed to him
    assert lines[3][:6] == ["Sergei", "Lavrov", "person", "1", "1", "1"]
    assert run(project, "list", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["name"], d["source_tags"], d["attributed_tags"]) for d in data] == [
        ("Rex Tillerson", 1, 1),
        ("Sergei Lavrov", 1, 1),
    ]
    assert data[0]["same_as"] == ["https://www.wikidata.org/wiki/Q58725"]


def test_merge_by_name_makes_one_speaker_of_two(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "add", "the secretary of state", "--kind", "person") == 0
    capsys.readouterr()
    assert run(project, "merge", "rex  tillerson", "The secretary of state") == 0
    assert "Merged the secretary of state into Rex Tillerson" in capsys.readouterr().out
    assert run(project, "--format", "json") == 0
    assert [d["name"] for d in json.loads(capsys.readouterr().out)] == ["Rex Tillerson", "Sergei Lavrov"]
    with Store.open(project) as store:
        merged = [s for s in speakers.speakers(store) if s.merged_into is not None]
        assert [s.name for s in merged] == ["the secretary of state"]


def test_unknown_speakers_and_merging_into_oneself_are_one_line_errors(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "merge", "Rex Tillerson", "Nobody") == 1
    err = capsys.readouterr().err
    assert "There is no speaker 'Nobody'" in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert run(project, "merge", "Rex Tillerson", "rex tillerson") == 1
    assert "one speaker already" in capsys.readouterr().err
    assert run(project, "add", "  ") == 1
    assert "empty" in capsys.readouterr().err


def test_an_empty_project_says_how_to_add_one(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    assert run(db_path) == 0
    assert "factcheck speakers add NAME" in capsys.readouterr().out


def test_show_lists_what_a_speaker_was_tagged_saying_across_documents(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "show", "Sergei Lavrov") == 0
    out = capsys.readouterr().out
    assert "Sergei Lavrov (person)" in out and "same as https://www.wikidata.org/wiki/Q155294" in out
    assert "claim (alice, indirect): Sergei Lavrov said: “Trump accepted Putin's assertions”" in out
    assert run(project, "show", "Rex Tillerson", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [(s["label"], s["quote"], s["source_quote"]) for s in data["said"]] == [
        ("denial", "it was not clear", "Tillerson")
    ]


def test_show_of_a_speaker_with_nothing_attributed_says_how_often_they_were_tagged(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "add", "Helena Marsh") == 0
    capsys.readouterr()
    assert run(project, "show", "Helena Marsh") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Never tagged as a source; nothing attributed yet."
