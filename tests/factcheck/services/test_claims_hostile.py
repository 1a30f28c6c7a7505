"""Hostile claim cards in files and teammates' databases: refused with one line saying where, nothing
imported (the one check of untrusted cards, factcheck.core.claims_input)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from db import Store, claims
from factcheck.core.claims import verdict_id
from factcheck.core.errors import FactcheckError, ImportRefused
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.claims import make_debate

Data = dict[str, Any]


def _card(data: Data) -> Data:
    card: Data = data["claims"][0]
    return card


MUTATIONS: dict[str, tuple[Callable[[Data], None], str]] = {
    "claims not a list": (lambda d: d.update(claims={}), '"claims" must be a list'),
    "card not an object": (lambda d: d["claims"].__setitem__(0, "card"), "expected an object"),
    "text a number": (lambda d: _card(d).update(text=5), '"text" must be a string'),
    "text a megabyte": (lambda d: _card(d).update(text="x" * 1_000_000), "longer than"),
    "unknown status": (lambda d: _card(d).update(status="done"), "Unknown claim status"),
    "date not a date": (lambda d: _card(d).update(claim_date="2026-02-30"), "not a calendar date"),
    "date in another form": (lambda d: _card(d).update(claim_date="1/3/2026"), "YYYY-MM-DD"),
    "javascript appearance": (
        lambda d: _card(d).update(appearances=["javascript:alert(1)"]),
        "not an http or https address",
    ),
    "appearances not a list": (lambda d: _card(d).update(appearances="https://x.example"), "must be a list"),
    "empty card id": (lambda d: _card(d).update(id=" "), '"id" must be a name'),
    "annotator with a newline": (lambda d: _card(d).update(annotator="a\nb"), '"annotator" must be a name'),
    "stamp in the far future": (
        lambda d: _card(d).update(updated_at="2999-01-01T00:00:00Z"),
        "more than a day in the future",
    ),
    "stamp not a time": (lambda d: _card(d).update(created_at="yesterday"), "not an ISO-8601"),
    "tags not a list": (lambda d: _card(d).update(tags="abc"), '"tags" must be a list'),
    "tag id a number": (lambda d: _card(d).update(tags=[7]), "expected a tag id"),
    "vote value": (lambda d: _card(d)["checkworthy"][0].update(value="maybe"), "yes, no or unsure"),
    "vote twice": (
        lambda d: _card(d)["checkworthy"].append(dict(_card(d)["checkworthy"][0])),
        "appears twice in checkworthy",
    ),
    "final not a boolean": (lambda d: _card(d)["verdicts"][0].update(final="yes"), '"final" must be true'),
    "evidence ftp link": (
        lambda d: _card(d)["verdicts"][-1]["evidence"].append({"url": "ftp://x.example/f", "title": ""}),
        "not an http or https address",
    ),
    "review url file": (
        lambda d: _card(d)["verdicts"][0].update(review_url="file:///etc/passwd"),
        "not an http or https address",
    ),
    "scale colour": (lambda d: d["verdict_scale"][0].update(color="red"), "#rrggbb"),
    "scale value": (lambda d: d["verdict_scale"][0].update(value=2.5), '"value" must be a whole number'),
    "scale name twice": (lambda d: d["verdict_scale"].append(d["verdict_scale"][0]), "named twice"),
    "organization url": (lambda d: d["organization"].update(url="javascript:x"), "not an http or https"),
    "card twice": (lambda d: d["claims"].append(_card(d)), "appears twice"),
    "a verdict passed off as another's": (
        lambda d: _bobs_verdict(d).update(id=verdict_id(_card(d)["id"], "alice", False)),
        "which is not bob's verdict on this card",
    ),
}


def _bobs_verdict(data: Data) -> Data:
    found: Data = next(v for v in _card(data)["verdicts"] if v["annotator"] == "bob")
    return found


@pytest.fixture
def exported(tmp_path: Path) -> Data:
    with Store.open(tmp_path / "source.db") as source:
        make_debate(source)
        export(source, "json", tmp_path / "good.json")
    data: Data = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("case", list(MUTATIONS))
def test_a_hostile_json_file_is_refused_whole(
    case: str, exported: Data, store: Store, tmp_path: Path
) -> None:
    mutate, message = MUTATIONS[case]
    mutate(exported)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"bad\.json") as refused:
        import_paths(store, [path])
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert store.documents() == [] and claims.cards(store, include_deleted=True) == []


def test_votes_and_verdicts_of_a_card_the_file_lacks_are_refused(
    exported: Data, store: Store, tmp_path: Path
) -> None:
    from factcheck.core.claims import ClaimsPart, Verdict
    from factcheck.services.merge_claims import merge_claims

    part = ClaimsPart(verdicts=[Verdict("v", "nowhere", "bob", "True", "", (), False, "", None, "x", "x")])
    with pytest.raises(ImportRefused, match="neither in the file nor in this project"):
        merge_claims(store, part, "f.json")


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("claims", "appearances", '"https://x.example"', "not a JSON list"),
        ("claims", "appearances", '["javascript:alert(1)"]', "not an http or https address"),
        ("claims", "status", "weird", "Unknown claim status"),
        ("claims", "text", b"\x00binary", "must be a string"),
        ("verdicts", "evidence", '[{"url": 5}]', '"url" must be a string'),
        ("verdicts", "updated_at", "2999-01-01T00:00:00.000000Z", "more than a day in the future"),
        ("checkworthy", "value", "perhaps", "yes, no or unsure"),
        ("verdict_scale", "color", "#12", "#rrggbb"),
    ],
)
def test_a_teammates_database_with_bad_claim_rows_is_refused(
    table: str, column: str, value: object, message: str, store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "teammate.db"
    with Store.open(path) as theirs:
        make_debate(theirs)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = (SELECT min(rowid) FROM {table})", [value])
    conn.commit()
    conn.close()
    with pytest.raises(FactcheckError) as refused:
        import_paths(store, [path])
    assert message in str(refused.value) and table in str(refused.value)
    assert store.documents() == [] and claims.cards(store) == []


def test_a_teammates_database_whose_claims_are_a_view_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "teammate.db"
    with Store.open(path) as theirs:
        make_debate(theirs)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE claims")
    conn.execute("CREATE VIEW claims AS SELECT * FROM verdicts")  # views are dropped unread
    conn.commit()
    conn.close()
    with pytest.raises(FactcheckError, match=r"teammate\.db"):
        import_paths(store, [path])
    assert store.documents() == []
