"""Withdrawn verdicts travel in the JSON and JSONL project files as they do in a project database: a
final verdict withdrawn on their side is withdrawn by the merge here too, and decides the card's status as
it does in a database merge (`factcheck.core.card_merge`). One project exported both ways and merged into
two copies of ours gives the same two projects. An older file without them still imports."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from db import Store, claims
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.claims import make_debate

State = tuple[dict[str, Any], ...]


def _state(store: Store) -> State:
    """Every card (with its live tag ids) and every verdict and vote, withdrawn ones too."""
    cards = {card.id: (asdict(card), tuple(tags)) for card, tags, _, _ in claims.export_rows(store)}
    verdicts = {v.id: asdict(v) for v in claims.verdicts(store, include_deleted=True)}
    votes = {v.id: asdict(v) for v in claims.votes(store, include_deleted=True)}
    return cards, verdicts, votes


def _send(store: Store, path: Path) -> Path:
    if path.suffix == ".db":
        store.backup(path)
    else:
        export(store, path.suffix[1:], path)
    return path


@pytest.mark.parametrize("how", ["json", "jsonl"])
def test_a_file_merge_gives_what_a_database_merge_gives_with_withdrawn_final_verdicts(
    tmp_path: Path, how: str
) -> None:
    """rita, on her copy of alice's project, withdraws her final verdicts: on one card only (it stays
    rated), on another moving it back to checking, on a third moving it back while alice edits its text
    here. Her project merged as a file and as a database into two copies of alice's: the same result."""
    alice = Store.open(tmp_path / "alice.db")
    debate = make_debate(alice)
    rita = Store.open(tmp_path / "rita.db")
    import_paths(rita, [tmp_path / "alice.db"])
    finals = [c.id for c in debate.cards if claims.final_verdict(alice, c.id) is not None]
    assert len(finals) >= 3
    only, back, both = finals[:3]
    for card in (only, back, both):
        assert claims.withdraw_verdict(rita, card, "rita", final=True) is not None
    claims.set_status(rita, back, "rita", "checking")
    claims.set_status(rita, both, "rita", "checking")
    claims.update_card(alice, both, "alice", text="Crime doubled, he said")
    file_copy, db_copy = Store.open(tmp_path / "ours-file.db"), Store.open(tmp_path / "ours-db.db")
    try:
        for copy in (file_copy, db_copy):
            import_paths(copy, [tmp_path / "alice.db"])
        assert _state(file_copy) == _state(db_copy) == _state(alice)
        by_file = import_paths(file_copy, [_send(rita, tmp_path / f"rita.{how}")])
        by_db = import_paths(db_copy, [_send(rita, tmp_path / "rita-copy.db")])
        assert not by_file.conflicts and not by_db.conflicts
        assert by_file.notes == by_db.notes
        assert _state(file_copy) == _state(db_copy)
        for copy in (file_copy, db_copy):
            assert claims.final_verdict(copy, only) is None  # withdrawn here too
            assert claims.require_card(copy, only).status == claims.require_card(rita, only).status
            assert claims.require_card(copy, back).status == "checking"
            got = claims.require_card(copy, both)
            assert (got.status, got.text) == ("checking", "Crime doubled, he said")
    finally:
        for store in (alice, rita, file_copy, db_copy):
            store.close()


def test_an_older_file_without_withdrawn_verdicts_still_imports(tmp_path: Path) -> None:
    """A file written before withdrawn verdicts were carried: it imports, and withdraws nothing."""
    alice = Store.open(tmp_path / "alice.db")
    debate = make_debate(alice)
    rita = Store.open(tmp_path / "rita.db")
    try:
        import_paths(rita, [tmp_path / "alice.db"])
        card = next(c.id for c in debate.cards if claims.final_verdict(alice, c.id) is not None)
        claims.withdraw_verdict(alice, card, "rita", final=True)
        path = _send(alice, tmp_path / "alice.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        assert any("withdrawn_verdicts" in c for c in data["claims"])
        for c in data["claims"]:
            c.pop("withdrawn_verdicts", None)
        path.write_text(json.dumps(data), encoding="utf-8")
        report = import_paths(rita, [path])
        assert not report.conflicts
        assert claims.final_verdict(rita, card) is not None  # nothing said it was withdrawn
    finally:
        alice.close()
        rita.close()


def test_a_verdict_both_standing_and_withdrawn_is_refused(tmp_path: Path) -> None:
    alice = Store.open(tmp_path / "alice.db")
    debate = make_debate(alice)
    card = next(c.id for c in debate.cards if claims.final_verdict(alice, c.id) is not None)
    claims.withdraw_verdict(alice, card, "rita", final=True)
    path = _send(alice, tmp_path / "alice.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    (entry,) = [c for c in data["claims"] if c["id"] == card]
    entry["verdicts"].append({k: v for k, v in entry["withdrawn_verdicts"][0].items() if k != "deleted_at"})
    path.write_text(json.dumps(data), encoding="utf-8")
    other = Store.open(tmp_path / "other.db")
    try:
        with pytest.raises(Exception, match="both standing and withdrawn"):
            import_paths(other, [path])
        assert claims.cards(other) == []
    finally:
        alice.close()
        other.close()


def test_a_file_with_withdrawn_verdicts_validates_against_the_schema(tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads(
        (Path(__file__).resolve().parents[3] / "resources" / "factcheck.schema.json").read_text()
    )
    alice = Store.open(tmp_path / "alice.db")
    try:
        debate = make_debate(alice)
        card = next(c.id for c in debate.cards if claims.final_verdict(alice, c.id) is not None)
        claims.withdraw_verdict(alice, card, "rita", final=True)
        data = json.loads(_send(alice, tmp_path / "alice.json").read_text(encoding="utf-8"))
        (entry,) = [c for c in data["claims"] if c["id"] == card]
        assert [(v["annotator"], v["final"]) for v in entry["withdrawn_verdicts"]] == [("rita", True)]
        validator = jsonschema.Draft202012Validator(schema)
        validator.validate(data)
        del entry["withdrawn_verdicts"][0]["deleted_at"]  # a withdrawn verdict says when
        assert not validator.is_valid(data)
    finally:
        alice.close()
