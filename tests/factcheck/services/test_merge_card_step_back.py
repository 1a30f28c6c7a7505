"""A reviewer moves a rated card back to checking, keeping its final verdict, while its maker edits the
card's text: the parts are separable (the maker's text, the reviewer's step) when the maker's edit is the
later one, and both stand in a file merge and a database merge alike, whichever project merges which, as
the team server keeps both. In the other order a file cannot tell which text is the maker's latest: a
listed conflict, as before. Real projects, real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store, claims
from factcheck.core.report import ImportReport
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.claims import make_debate

NEW_TEXT = "Unemployment fell to 3.5% in 2025"


def _rated(tmp_path: Path) -> tuple[Store, Store, str]:
    """alice's card rated by rita's final verdict, in both projects."""
    alice = Store.open(tmp_path / "alice.db")
    card = make_debate(alice).cards[3].id  # alice's card without a final verdict
    claims.set_status(alice, card, "alice", "checking")
    rita = Store.open(tmp_path / "rita.db")
    import_paths(rita, [tmp_path / "alice.db"])
    claims.set_final_verdict(rita, card, "rita", "False")
    import_paths(alice, [_send(rita, tmp_path, "rita-rated", "json")])
    assert claims.require_card(alice, card).status == "rated"
    return alice, rita, card


def _send(store: Store, tmp_path: Path, name: str, kind: str) -> Path:
    if kind == "json":
        out = tmp_path / f"{name}.json"
        export(store, "json", out)
    else:
        out = tmp_path / f"{name}-copy.db"
        store.backup(out)
    return out


def _conflicts(report: ImportReport) -> list[str]:
    return [n for n in report.notes if n.startswith("claim conflict")]


@pytest.mark.parametrize("kind", ["json", "db"])
@pytest.mark.parametrize("first", ["alice", "rita"])
def test_a_step_back_before_the_makers_later_edit_both_stand(tmp_path: Path, kind: str, first: str) -> None:
    alice, rita, card = _rated(tmp_path)
    try:
        claims.set_status(rita, card, "rita", "checking")  # back, to check it again; the verdict stays
        claims.update_card(alice, card, "alice", text=NEW_TEXT)  # later
        stores = {"alice": alice, "rita": rita}
        second = "rita" if first == "alice" else "alice"
        one = import_paths(stores[first], [_send(stores[second], tmp_path, second, kind)])
        two = import_paths(stores[second], [_send(stores[first], tmp_path, f"{first}-merged", kind)])
        assert not _conflicts(one) and not _conflicts(two) and not one.conflicts, (one.notes, two.notes)
        for store in (alice, rita):
            got = claims.require_card(store, card)
            assert (got.status, got.text) == ("checking", NEW_TEXT)
            assert claims.final_verdict(store, card) is not None  # kept
        assert claims.require_card(alice, card) == claims.require_card(rita, card)  # stamp and all
        again = import_paths(alice, [_send(rita, tmp_path, "rita-again", kind)])
        assert "claims" not in again.summary() or "updated" not in again.summary()
    finally:
        alice.close()
        rita.close()


def test_a_step_back_after_the_makers_edit_is_still_a_listed_conflict(tmp_path: Path) -> None:
    """alice edits first, rita steps back later on her copy with the old text: her copy is the newer, and
    a file cannot tell her old text from a maker's edit alice has not seen (the team server can: it holds
    alice's latest text). Listed, never silent: the line says which text and status were taken."""
    alice, rita, card = _rated(tmp_path)
    try:
        claims.update_card(alice, card, "alice", text=NEW_TEXT)
        claims.set_status(rita, card, "rita", "checking")
        report = import_paths(alice, [_send(rita, tmp_path, "rita", "json")])
        (conflict,) = _conflicts(report)
        assert conflict.startswith(f"claim conflict: card {card} of alice: changed on both sides")
        assert "ours rated, theirs checking" in conflict and "their newer text taken" in conflict
    finally:
        alice.close()
        rita.close()
