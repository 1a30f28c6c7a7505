"""Claim cards between teammates: JSON exports and databases merge by id with the rules of tags."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from db import Store, claim_settings, claims
from factcheck.core.claims import Organization, ScaleEntry
from factcheck.core.errors import ImportRefused
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.claims import make_debate


def _json(store: Store, path: Path) -> dict[str, Any]:
    export(store, "json", path)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _verdicts(store: Store) -> dict[tuple[str, str, bool], tuple[str, str]]:
    return {(v.claim_id, v.annotator, v.final): (v.verdict, v.explanation) for v in claims.verdicts(store)}


def test_verdicts_of_two_teammates_meet_in_both_projects(tmp_path: Path) -> None:
    alice = Store.open(tmp_path / "alice.db")
    debate = make_debate(alice)
    bob = Store.open(tmp_path / "bob.db")
    import_paths(bob, [tmp_path / "alice.db"])  # bob starts from alice's project
    card = debate.cards[1].id
    # Offline, each changes their own verdict; bob adds a vote, alice a new card's worth of work.
    claims.give_verdict(alice, card, "alice", "Mostly false", "on reflection")
    claims.give_verdict(bob, card, "bob", "Half true", "the wage data is mixed")
    claims.vote(bob, card, "bob", "no", "opinion")
    _json(alice, tmp_path / "alice.json")
    _json(bob, tmp_path / "bob.json")
    to_bob = import_paths(bob, [tmp_path / "alice.json"])
    to_alice = import_paths(alice, [tmp_path / "bob.json"])
    assert _verdicts(alice) == _verdicts(bob)
    assert _verdicts(alice)[(card, "alice", False)] == ("Mostly false", "on reflection")
    assert _verdicts(alice)[(card, "bob", False)] == ("Half true", "the wage data is mixed")
    assert {(v.annotator, v.value) for v in claims.votes(alice, card)} == {("alice", "yes"), ("bob", "no")}
    for report in (to_bob, to_alice):
        assert re.search(r"verdicts [^;.]*\b1 updated", report.summary()), report.summary()
    # Each side's older copy of the other's row was skipped, not written back.
    assert "older (ours kept)" in to_bob.summary()
    again = import_paths(alice, [tmp_path / "bob.json"])  # bob's file is stale on alice's verdict
    assert "updated" not in again.summary() and "added" not in again.summary()


def test_a_deleted_card_and_a_withdrawn_vote_travel_in_a_teammates_database(tmp_path: Path) -> None:
    alice = Store.open(tmp_path / "alice.db")
    debate = make_debate(alice)
    bob = Store.open(tmp_path / "bob.db")
    import_paths(bob, [tmp_path / "alice.db"])
    stale = Store.open(tmp_path / "stale.db")  # a copy of alice's work from before the deletions
    import_paths(stale, [tmp_path / "alice.db"])
    first = debate.cards[0].id
    claims.delete_card(alice, debate.cards[3].id, "alice")
    claims.withdraw_vote(alice, first, "alice")
    claims.detach_tag(alice, first, claims.tag_ids(alice, first)[0], "alice")
    report = import_paths(bob, [tmp_path / "alice.db"])
    assert claims.card(bob, debate.cards[3].id).deleted  # type: ignore[union-attr]
    assert [v.annotator for v in claims.votes(bob, first)] == ["bob"]
    assert claims.tag_ids(bob, first) == []
    assert "cards 1 deleted" in report.summary()
    # An older live copy never brings them back, neither as a database nor as a JSON export.
    _json(stale, tmp_path / "stale.json")
    for path in (tmp_path / "stale.db", tmp_path / "stale.json"):
        import_paths(bob, [path])
        assert claims.card(bob, debate.cards[3].id).deleted  # type: ignore[union-attr]
        assert [v.annotator for v in claims.votes(bob, first)] == ["bob"]
        assert claims.tag_ids(bob, first) == []


def test_a_copy_naming_another_maker_is_a_conflict_and_not_applied(store: Store, tmp_path: Path) -> None:
    debate = make_debate(store)
    data = _json(store, tmp_path / "out.json")
    card = next(c for c in data["claims"] if c["id"] == debate.cards[0].id)
    card["annotator"] = "mallory"
    card["text"] = "Unemployment rose"
    card["updated_at"] = "2026-11-28T00:00:00.000000Z"
    card["created_at"] = debate.cards[0].created_at
    (tmp_path / "forged.json").write_text(json.dumps(data), encoding="utf-8")
    report = import_paths(store, [tmp_path / "forged.json"])
    assert claims.card(store, debate.cards[0].id) == debate.cards[0]
    assert any("changes its annotator" in n and "not applied" in n for n in report.notes)


def test_the_same_stamp_with_other_content_is_a_conflict_ours_kept(store: Store, tmp_path: Path) -> None:
    debate = make_debate(store)
    data = _json(store, tmp_path / "out.json")
    card = next(c for c in data["claims"] if c["id"] == debate.cards[0].id)
    verdict = next(v for v in card["verdicts"] if v["annotator"] == "bob")
    verdict["explanation"] = "edited elsewhere at the same microsecond"
    (tmp_path / "same.json").write_text(json.dumps(data), encoding="utf-8")
    before = _verdicts(store)
    report = import_paths(store, [tmp_path / "same.json"])
    assert _verdicts(store) == before
    assert any("changed on both sides" in n for n in report.notes)


def test_unknown_verdict_names_are_refused_unless_added(store: Store, tmp_path: Path) -> None:
    debate = make_debate(store)
    data = _json(store, tmp_path / "out.json")
    data["verdict_scale"].append({"name": "Pants on fire", "value": 0, "color": "#000000"})
    card = next(c for c in data["claims"] if c["id"] == debate.cards[0].id)
    card["verdicts"][0].update(verdict="Pants on fire", updated_at="2026-11-28T00:00:00.000000Z")
    path = tmp_path / "fire.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    other = Store.open(tmp_path / "other.db")
    with pytest.raises(
        ImportRefused, match=r"'Pants on fire' is not on this project's verdict scale.*--add-labels"
    ):
        import_paths(other, [path])
    assert other.documents() == [] and claims.cards(other) == []  # nothing at all was imported
    report = import_paths(other, [path], add_labels=True)
    assert claim_settings.scale(other).entry("Pants on fire") is not None
    assert claim_settings.scale(other).value_of("Pants on fire") == 0
    assert "Pants on fire" in report.summary()
    assert claim_settings.organization(other) == Organization("Fact Desk", "https://factdesk.example.org")


def test_the_organization_of_a_file_never_replaces_ours(store: Store, tmp_path: Path) -> None:
    make_debate(store)
    _json(store, tmp_path / "out.json")
    other = Store.open(tmp_path / "other.db")
    claim_settings.set_organization(other, Organization("Our desk", "https://ours.example"))
    import_paths(other, [tmp_path / "out.json"])
    assert claim_settings.organization(other) == Organization("Our desk", "https://ours.example")


def test_a_json_export_gives_the_cards_back_whole(store: Store, tmp_path: Path) -> None:
    debate = make_debate(store)
    claims.delete_card(store, debate.cards[3].id, "alice")
    claims.update_card(store, debate.cards[0].id, "alice", appearances=["https://tv.example/clip"])
    data = _json(store, tmp_path / "out.json")
    assert [c["id"] for c in data["claims"]] == [c.id for c in debate.cards]  # the deleted one too
    assert data["claims"][3]["deleted_at"] is not None
    other = Store.open(tmp_path / "other.db")
    import_paths(other, [tmp_path / "out.json"])
    assert claims.cards(other, include_deleted=True) == claims.cards(store, include_deleted=True)
    assert claims.votes(other) == claims.votes(store)
    assert claims.verdicts(other) == claims.verdicts(store)
    assert [t.annotation_id for t in claims.claim_tags(other)] == [
        t.annotation_id for t in claims.claim_tags(store)
    ]
    assert claim_settings.organization(other) == claim_settings.organization(store)


def test_a_teammates_newer_scale_colour_and_organization_win(tmp_path: Path) -> None:
    ours = Store.open(tmp_path / "ours.db")
    make_debate(ours)
    theirs = Store.open(tmp_path / "theirs.db")
    import_paths(theirs, [tmp_path / "ours.db"])
    entries = [
        ScaleEntry(e.name, e.value, "#000000" if e.name == "True" else e.color)
        for e in claim_settings.scale(theirs).entries
    ]
    claim_settings.set_scale(theirs, entries)
    claim_settings.set_organization(theirs, Organization("Fact Desk Ltd", "https://factdesk.example.org"))
    theirs.close()
    import_paths(ours, [tmp_path / "theirs.db"])
    assert claim_settings.scale(ours).entry("True") == ScaleEntry("True", 5, "#000000")
    assert claim_settings.organization(ours).name == "Fact Desk Ltd"
    # Ours newer now: their older copy changes nothing.
    claim_settings.set_organization(ours, Organization("Fact Desk", "https://factdesk.example.org"))
    import_paths(ours, [tmp_path / "theirs.db"])
    assert claim_settings.organization(ours).name == "Fact Desk"


def test_a_reviewers_final_verdict_and_status_reach_the_makers_project(tmp_path: Path) -> None:
    alice = Store.open(tmp_path / "alice.db")
    debate = make_debate(alice)
    rita = Store.open(tmp_path / "rita.db")
    import_paths(rita, [tmp_path / "alice.db"])
    card = debate.cards[3].id  # alice's card, no final verdict: new
    claims.set_status(alice, card, "alice", "checking")
    _json(alice, tmp_path / "alice.json")
    import_paths(rita, [tmp_path / "alice.json"])
    claims.set_final_verdict(rita, card, "rita", "False", "police figures")  # rated, in the same step
    claims.set_status(rita, card, "rita", "published")
    _json(rita, tmp_path / "rita.json")
    report = import_paths(alice, [tmp_path / "rita.json"])
    assert not report.conflicts, report.conflicts
    assert claims.require_card(alice, card).status == "published"
    assert claims.final_verdict(alice, card).annotator == "rita"  # type: ignore[union-attr]
    alice.close()
    rita.close()
