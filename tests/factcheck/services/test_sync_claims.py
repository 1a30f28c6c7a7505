"""Claim cards through a real team server: cards, votes, verdicts and the final verdict reach every
teammate; the server's rules hold (only reviewers mark a verdict final) and its copy comes back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from db import Store, claim_settings, claims
from db.claims_sync import CLAIM_SYNC_KEYS, rows_by_key
from factcheck.core.claims import Organization
from factcheck.core.model import utc_now
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import project, tag
from tests.pg import Team


def claim_state(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the claim tables, tombstones included."""
    out = {}
    for table, key in CLAIM_SYNC_KEYS.items():
        keys = [r[0] for r in store._db.execute(f"SELECT {key} FROM {table}")]
        out[table] = sorted(rows_by_key(store, table, keys))
    return out


def test_cards_votes_and_verdicts_reach_every_teammate(team: Team, tmp_path: Path) -> None:
    alice, bob, rita = project(tmp_path, "alice"), project(tmp_path, "bob"), project(tmp_path, "rita")
    try:
        claim = tag(alice, "alice", 4, 45)  # "minister said crime fell by 20% last year"
        card, _ = claims.create_card(alice, [claim.id], "alice", text="Crime fell by 20% last year")
        claims.vote(alice, card.id, "alice", "yes", "a number")
        claims.give_verdict(alice, card.id, "alice", "Mostly true", "close to the figures")
        claim_settings.set_organization(alice, Organization("Fact Desk", "https://factdesk.example"))
        first = sync(alice, team.url("alice"))
        assert first.pushed["claims"] == 1 and first.pushed["verdicts"] == 1
        assert "1 claim card" in first.summary()
        received = sync(bob, team.url("bob"))
        assert claims.card(bob, card.id) == card
        assert "Claim cards: cards 1 added" in received.summary()
        claims.vote(bob, card.id, "bob", "unsure", "")
        claims.give_verdict(bob, card.id, "bob", "Half true")
        sync(bob)
        sync(rita, team.url("rita"))
        claims.set_final_verdict(rita, card.id, "rita", "Half true", "the base year differs")
        sync(rita)
        sync(alice)
        sync(bob)
        assert claim_state(alice) == claim_state(bob) == claim_state(rita)
        final = claims.final_verdict(alice, card.id)
        assert final is not None and (final.annotator, final.verdict) == ("rita", "Half true")
        assert claim_settings.organization(bob) == Organization("Fact Desk", "https://factdesk.example")
        # Edits go on: a withdrawn vote and a changed card text travel too.
        claims.withdraw_vote(bob, card.id, "bob")
        claims.update_card(alice, card.id, "alice", text="Crime fell by a fifth last year")
        sync(bob)
        sync(alice)
        sync(bob)
        assert claim_state(alice) == claim_state(bob)
        assert [v.annotator for v in claims.votes(alice, card.id)] == ["alice"]
        assert claims.card(bob, card.id).text == "Crime fell by a fifth last year"  # type: ignore[union-attr]
    finally:
        for store in (alice, bob, rita):
            store.close()


def test_an_annotators_final_verdict_is_refused_and_the_servers_copy_comes_back(
    team: Team, tmp_path: Path
) -> None:
    alice = project(tmp_path, "alice")
    try:
        claim = tag(alice, "alice", 4, 45)
        card, _ = claims.create_card(alice, [claim.id], "alice")
        mine = claims.give_verdict(alice, card.id, "alice", "True")
        sync(alice, team.url("alice"))
        # A client that bypasses the window marks its own verdict final: the server says no.
        claims.put_verdicts(alice, [replace(mine, final=True, updated_at=utc_now())])
        report = sync(alice)
        assert any(r.table == "verdicts" and "only reviewers" in r.why for r in report.refused), (
            report.details()
        )
        assert [v.final for v in claims.verdicts(alice)] == [False]  # the server's copy
    finally:
        alice.close()


def test_a_reviewers_status_change_reaches_the_maker_and_an_annotators_is_refused(
    team: Team, tmp_path: Path
) -> None:
    alice, bob, rita = project(tmp_path, "alice"), project(tmp_path, "bob"), project(tmp_path, "rita")
    try:
        claim = tag(alice, "alice", 4, 45)
        card, _ = claims.create_card(alice, [claim.id], "alice", text="Crime fell by 20% last year")
        claims.set_status(alice, card.id, "alice", "checking")
        sync(alice, team.url("alice"))
        sync(rita, team.url("rita"))
        claims.set_final_verdict(rita, card.id, "rita", "Half true", "the base year differs")
        assert claims.require_card(rita, card.id).status == "rated"  # in the same step
        claims.set_status(rita, card.id, "rita", "published")
        report = sync(rita)
        assert not report.refused, report.details()
        sync(alice)
        assert claims.require_card(alice, card.id).status == "published"
        # A client that bypasses the window moves someone else's card back: the server says no.
        sync(bob, team.url("bob"))
        forged = replace(claims.require_card(bob, card.id), status="new", updated_at=utc_now())
        claims.put_cards(bob, [forged])
        refused = sync(bob)
        assert any(r.table == "claims" for r in refused.refused), refused.details()
        assert claims.require_card(bob, card.id).status == "published"  # the server's copy
        assert claim_state(alice) == claim_state(rita)
    finally:
        for store in (alice, bob, rita):
            store.close()
