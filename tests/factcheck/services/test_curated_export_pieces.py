"""The curated set keeps a discontinuous tag's pieces in every format, through the real store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from db import Store, attribution
from factcheck.core.curation import CURATED, curated_id
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.factcheck.services.brat_helpers import brat_file

TEXT = "The economy, he said, is booming. Prices rose.\n"
PIECES = [(0, 11), (22, 32)]  # "The economy" … "is booming": " he said," was nobody's claim


class Team:
    """alice and bob tag the same pieces; carol tags their envelope, continuous; dan other pieces."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.doc, _ = store.add_document(Document.create(TEXT, title="Economy"))
        self.same = [self.add(who, PIECES) for who in ("alice", "bob")]
        self.add("carol", [(0, 32)])
        self.add("dan", [(0, 3), (22, 32)])
        self.prices = [self.add(who, [(34, 45)]) for who in ("alice", "bob", "carol", "dan")]

    def add(self, who: str, parts: list[tuple[int, int]]) -> Any:
        tag = self.store.add_annotation(new_annotation(self.doc, parts[0][0], parts[0][1], "claim", who))
        return attribution.set_pieces(self.store, tag.id, parts) if len(parts) > 1 else tag


@pytest.fixture
def team(store: Store) -> Team:
    return Team(store)


def _text(store: Store, fmt: str, **kwargs: object) -> str:
    buf = io.StringIO()
    export(store, fmt, buf, curated=True, **kwargs)  # type: ignore[arg-type]
    return buf.getvalue()


def _jsonl(store: Store, **kwargs: object) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _text(store, "jsonl", **kwargs).splitlines()]


def test_jsonl_keeps_the_pieces_and_tells_envelopes_apart(team: Team) -> None:
    # unanimity (four annotators): only "Prices rose"; two agreeing: alice and bob's pieces too
    assert [r["quote"] for r in _jsonl(team.store)] == ["Prices rose"]
    rows = _jsonl(team.store, min_agree=2)
    assert len(rows) == 2
    pieces = next(r for r in rows if r["start"] == 0)
    assert pieces["fragments"] == [list(p) for p in PIECES]
    assert (pieces["start"], pieces["end"]) == (0, 32)
    assert {s["annotator"] for s in pieces["sources"]} == {"alice", "bob"}
    assert pieces["id"] == curated_id(team.doc.id, "claim", 0, 32, tuple(PIECES))
    prices = next(r for r in rows if r["start"] == 34)
    assert not prices.get("fragments") and prices["id"] == curated_id(team.doc.id, "claim", 34, 45)
    # the union: three different tags on one envelope, each with its own pieces
    union = [r for r in _jsonl(team.store, min_agree=1) if r["start"] == 0]
    assert sorted(str(r.get("fragments") or []) for r in union) == sorted(
        ["[]", "[[0, 3], [22, 32]]", "[[0, 11], [22, 32]]"]
    )
    assert len({r["id"] for r in union}) == 3


def test_csv_has_the_pieces_column(team: Team) -> None:
    text = _text(team.store, "csv", min_agree=2).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[-4:] == ["fragments", "sources", "document_curator", "document_curated_at"]
    by_start = {int(r["start"]): r for r in rows}
    assert by_start[0]["fragments"] == "0 11;22 32"
    assert by_start[34]["fragments"] == ""
    assert json.loads(by_start[0]["sources"]) == [{"id": t.id, "annotator": t.annotator} for t in team.same]


def test_w3c_targets_each_piece(team: Team) -> None:
    data = json.loads(_text(team.store, "w3c", min_agree=2))
    items = data["first"]["items"]
    assert data["total"] == 2 and len(items) == 2
    targets = [i["target"] for i in items]
    pieces = next(t for t in targets if isinstance(t, list))
    exact = [t["selector"] for t in pieces]
    assert [s for sel in exact for s in sel if s["type"] == "TextPositionSelector"] == [
        {"type": "TextPositionSelector", "start": s, "end": e} for s, e in PIECES
    ]
    assert any(isinstance(t, dict) for t in targets)  # "Prices rose": one target


def test_brat_writes_the_pieces(team: Team, tmp_path: Path) -> None:
    assert export(team.store, "brat", tmp_path / "b", curated=True, min_agree=2) == 2
    ann = brat_file(tmp_path / "b", team.doc.id, "ann").read_text(encoding="utf-8")
    assert "\tclaim 0 11;22 32\tThe economy is booming\n" in ann
    assert "\tclaim 34 45\tPrices rose\n" in ann


def test_json_round_trip_keeps_the_pieces(team: Team, tmp_path: Path) -> None:
    out = tmp_path / "curated.json"
    assert export(team.store, "json", out, curated=True, min_agree=2) == 2
    with Store.open(tmp_path / "fresh.db") as fresh:
        import_paths(fresh, [out], annotator="editor")
        anns = {a.start: a for a in fresh.annotations()}
        assert anns[0].fragments == tuple(PIECES) and anns[0].annotator == CURATED
        assert anns[34].fragments == ()
        # curating the fresh project again gives the same ids: importing twice adds nothing
        assert {r["id"] for r in _jsonl(fresh, min_agree=1)} == {a.id for a in anns.values()}
        import_paths(fresh, [out], annotator="editor")
        assert len(fresh.annotations()) == 2
