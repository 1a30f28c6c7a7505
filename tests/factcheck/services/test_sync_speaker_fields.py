"""Speakers' descriptions and same-as addresses on the team server: ours that the rules refuse (kept from
before them) are not sent, with a message saying which speaker, which field and what to do; a bad one
already on the server (a bypassing or older client) arrives cleaned, each change listed, so that
everyone's sync goes on and the tags naming the speaker still find it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import speakers
from factcheck.core.speakers import new_speaker
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import older_speaker_refused, speaker_rewritten_on_server
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
    with older_speaker_refused(team, tmp_path, **values) as (alice, older, message):
        assert "“The minister”" in message and said in message, message
        assert "Project › Speakers" in message and "Nothing was sent" in message and "\u202e" not in message
        speakers.update_speaker(alice, older.id, same_as=[GOOD], description="Minister.")
        report = sync(alice)
        assert report.pushed["speakers"] == 1 and report.pushed["annotations"] == 1


def test_bad_values_on_the_server_arrive_cleaned_listed_and_the_tags_keep_the_speaker(
    team: Team, tmp_path: Path
) -> None:
    made = new_speaker("The minister", same_as=(GOOD,))
    hostile = ["javascript:alert(1)", GOOD, GOOD, "file:///etc/passwd"]
    rewritten = ["paid by \u202eSU\x1b[2J\nsince 2019", json.dumps(hostile)]
    columns = "description = %s, same_as = %s"
    with speaker_rewritten_on_server(team, tmp_path, made, columns, rewritten) as (bob, report, got):
        assert (got.description, got.same_as) == ("paid by  SU [2J\nsince 2019", (GOOD,))
        details = "\n".join(report.details())
        assert "its description held control or invisible characters" in details, details
        assert (
            "dropped same_as entries that are no web address" in details and "javascript:alert(1)" in details
        )
        assert sync(bob).pushed.get("speakers", 0) == 0  # cleaned on arrival, not sent back as an edit
