"""Speakers' descriptions and same-as addresses on the team server: ours that the rules refuse (kept from
before them) are not sent, with a message saying which speaker, which field and what to do; a bad one
already on the server (a bypassing or older client) arrives cleaned, each change listed, so that
everyone's sync goes on and the tags naming the speaker still find it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from db import attribution, speakers, sync_local
from factcheck.core.speakers import new_speaker
from factcheck.services.sync import sync
from factcheck.services.sync_structure import SpeakerNameRefused
from tests.factcheck.services.sync_support import project, tag
from tests.pg import Team

GOOD = "https://www.wikidata.org/wiki/Q58574"


@pytest.mark.parametrize(
    ("values", "said"),
    [
        (
            {"same_as": ("javascript:alert(1)",)},
            "has a same_as the team would not accept: “javascript:alert(1)”",
        ),
        ({"description": "paid by \u202eSU"}, "has a description the team would not accept"),
    ],
)
def test_our_older_bad_values_stop_the_sync_before_anything_is_sent_until_corrected(
    team: Team, tmp_path: Path, values: dict[str, object], said: str
) -> None:
    with project(tmp_path, "alice") as alice:
        source = tag(alice, "alice", 0, 12, "source")
        older = replace(new_speaker("The minister"), **values)  # type: ignore[arg-type]
        speakers.put_speakers(alice, [older])  # as an older factcheck let it be typed
        sync_local.start_tracking(alice)
        attribution.set_speaker(alice, source.id, older.id)
        with pytest.raises(SpeakerNameRefused) as refused:
            sync(alice, team.url("alice"))
        message = str(refused.value)
        assert "“The minister”" in message and said in message, message
        assert "Project › Speakers" in message and "Nothing was sent" in message and "\u202e" not in message
        with team.connect("alice") as conn:
            assert conn.execute("SELECT count(*) FROM factcheck.annotations").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM factcheck.speakers").fetchone() == (0,)
        speakers.update_speaker(alice, older.id, same_as=[GOOD], description="Minister.")
        report = sync(alice)
        assert report.pushed["speakers"] == 1 and report.pushed["annotations"] == 1


def test_bad_values_on_the_server_arrive_cleaned_listed_and_the_tags_keep_the_speaker(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        source = tag(alice, "alice", 0, 12, "source")
        minister = speakers.add_speaker(alice, new_speaker("The minister", same_as=(GOOD,)))
        attribution.set_speaker(alice, source.id, minister.id)
        sync(alice, team.url("alice"))
        hostile = ["javascript:alert(1)", GOOD, GOOD, "file:///etc/passwd"]
        with team.connect("alice") as conn:  # plain psycopg: what a client bypassing factcheck may write
            conn.execute(
                "UPDATE factcheck.speakers SET description = %s, same_as = %s WHERE id = %s",
                ["paid by \u202eSU\x1b[2J\nsince 2019", json.dumps(hostile), minister.id],
            )
        report = sync(bob, team.url("bob"))
        got = speakers.speaker(bob, minister.id)
        assert got is not None
        assert (got.description, got.same_as) == ("paid by  SU [2J\nsince 2019", (GOOD,))
        bobs_source = bob.annotation(source.id)
        assert bobs_source is not None and bobs_source.speaker == minister.id
        details = "\n".join(report.details())
        assert "its description held control or invisible characters" in details, details
        assert (
            "dropped same_as entries that are no web address" in details and "javascript:alert(1)" in details
        )
        assert sync(bob).pushed.get("speakers", 0) == 0  # cleaned on arrival, not sent back as an edit
