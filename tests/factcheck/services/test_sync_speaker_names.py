"""Speakers' names on the team server: ours with control characters (kept from before the naming rule)
are not sent, with a message saying which and what to do; one already on the server (a bypassing or
older client) arrives cleaned, so that the tags naming it still find it."""

from __future__ import annotations

from pathlib import Path

from db import speakers
from factcheck.core.speakers import new_speaker
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import older_speaker_refused, speaker_rewritten_on_server
from tests.pg import Team


def test_our_older_hostile_name_stops_the_sync_before_anything_is_sent_until_renamed(
    team: Team, tmp_path: Path
) -> None:
    with older_speaker_refused(team, tmp_path, name="The\u202e minister") as (alice, older, message):
        assert "The\\u202e minister" in message and "rename it" in message and "Nothing was sent" in message
        speakers.update_speaker(alice, older.id, name="The minister")
        report = sync(alice)
        assert report.pushed["speakers"] == 1 and report.pushed["annotations"] == 1


def test_a_hostile_name_on_the_server_arrives_cleaned_and_its_tags_keep_it(
    team: Team, tmp_path: Path
) -> None:
    made = new_speaker("The minister")
    rewritten = ["The\x1b[2J\nminister"]
    with speaker_rewritten_on_server(team, tmp_path, made, "name = %s", rewritten) as (_, report, got):
        assert got.name == "The [2J minister"  # the escape and the line break made spaces
        assert any("held control characters" in line for line in report.details()), report.details()
