"""Speakers' names on the team server: ours with control characters (kept from before the naming rule)
are not sent, with a message saying which and what to do; one already on the server (a bypassing or
older client) arrives cleaned, so that the tags naming it still find it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from db import attribution, speakers, sync_local
from factcheck.core.speakers import new_speaker
from factcheck.services.sync import sync
from factcheck.services.sync_structure import SpeakerNameRefused
from tests.factcheck.services.sync_support import project, tag
from tests.pg import Team


def test_our_older_hostile_name_stops_the_sync_before_anything_is_sent_until_renamed(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice:
        source = tag(alice, "alice", 0, 12, "source")
        made = new_speaker("placeholder")
        older = replace(made, name="The\u202e minister")
        speakers.put_speakers(alice, [older])  # as an older factcheck let it be typed
        sync_local.start_tracking(alice)
        attribution.set_speaker(alice, source.id, older.id)
        with pytest.raises(SpeakerNameRefused) as refused:
            sync(alice, team.url("alice"))
        message = str(refused.value)
        assert "The\\u202e minister" in message and "rename it" in message and "Nothing was sent" in message
        with team.connect("alice") as conn:
            assert conn.execute("SELECT count(*) FROM factcheck.annotations").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM factcheck.speakers").fetchone() == (0,)
        speakers.update_speaker(alice, older.id, name="The minister")
        report = sync(alice)
        assert report.pushed["speakers"] == 1 and report.pushed["annotations"] == 1


def test_a_hostile_name_on_the_server_arrives_cleaned_and_its_tags_keep_it(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        source = tag(alice, "alice", 0, 12, "source")
        minister = speakers.add_speaker(alice, new_speaker("The minister"))
        attribution.set_speaker(alice, source.id, minister.id)
        sync(alice, team.url("alice"))
        with team.connect("alice") as conn:  # plain psycopg: what a client bypassing factcheck may write
            conn.execute(
                "UPDATE factcheck.speakers SET name = %s WHERE id = %s", ["The\x1b[2J\nminister", minister.id]
            )
        report = sync(bob, team.url("bob"))
        got = speakers.speaker(bob, minister.id)
        assert got is not None and got.name == "The [2J minister"  # the escape and the line break made spaces
        bobs_source = bob.annotation(source.id)
        assert bobs_source is not None and bobs_source.speaker == minister.id
        assert any("held control characters" in line for line in report.details()), report.details()
