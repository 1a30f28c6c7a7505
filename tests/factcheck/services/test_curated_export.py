"""Exports by review decision, and the curated set in every format, through the real store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from db import Store
from db.labels import add_label
from factcheck.core.curation import CURATED, DocumentState, curated_id
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.formats.brat_names import DOCUMENTS_FILE
from factcheck.services.importing import import_paths
from tests.factcheck.services.brat_helpers import brat_file
from tests.helpers.review import set_review

TEXT = "The minister said crime fell by twenty percent. Critics called that misleading. He denied it.\n"


def _span(doc: Document, needle: str) -> tuple[int, int]:
    start = doc.text.index(needle)
    return start, start + len(needle)


class Team:
    """Three annotators on one article, one on a second; some decisions."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.doc, _ = store.add_document(Document.create(TEXT, title="Crime", source="crime.txt"))
        self.solo, _ = store.add_document(Document.create("Only Ana read this one.\n", title="Solo"))
        self.agreed = [self.add(p, "crime fell by twenty percent", "claim") for p in ("ana", "bo", "chen")]
        self.two = [self.add(p, "called that misleading", "characterization") for p in ("ana", "bo")]
        self.accepted = self.add("chen", "He denied it", "denial", note="his words")
        set_review(self.store, self.accepted.id, "accepted", "rita", "a denial")
        self.rejected = [self.add(p, "The minister", "claim") for p in ("ana", "bo", "chen")]
        for t in self.rejected:
            set_review(self.store, t.id, "rejected", "rita", "a speaker, not a claim")
        self.solo_tag = self.add("ana", "Only Ana", "claim", doc=self.solo)
        self.deleted = self.store.delete_annotation(self.add("ana", "Critics", "claim").id)

    def add(
        self, annotator: str, needle: str, label: str, note: str = "", doc: Document | None = None
    ) -> Annotation:
        d = doc or self.doc
        return self.store.add_annotation(new_annotation(d, *_span(d, needle), label, annotator, note))


@pytest.fixture
def team(store: Store) -> Team:
    return Team(store)


def _text(store: Store, fmt: str, **kwargs: object) -> str:
    buf = io.StringIO()
    export(store, fmt, buf, **kwargs)  # type: ignore[arg-type]
    return buf.getvalue()


def _jsonl(store: Store, **kwargs: object) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _text(store, "jsonl", **kwargs).splitlines()]


# -- the status filter -------------------------------------------------------------------------------
def test_status_filter_in_every_format(team: Team, tmp_path: Path) -> None:
    rejected = {t.id for t in team.rejected}
    assert {r["id"] for r in _jsonl(team.store, status="rejected")} == rejected
    assert {r["id"] for r in _jsonl(team.store, status="accepted")} == {team.accepted.id}
    unreviewed = {a.id for a in team.store.annotations() if a.status is None}
    assert {r["id"] for r in _jsonl(team.store, status="unreviewed")} == unreviewed
    both = {r["id"] for r in _jsonl(team.store, status=["accepted", "unreviewed"])}
    assert both == unreviewed | {team.accepted.id}

    rows = list(csv.DictReader(io.StringIO(_text(team.store, "csv", status="accepted"))))
    assert [r["annotation_id"] for r in rows] == [team.accepted.id]
    data = json.loads(_text(team.store, "json", status="rejected"))
    assert {a["id"] for d in data["documents"] for a in d["annotations"]} == rejected
    assert [d["id"] for d in data["documents"]] == [team.doc.id]  # only the documents those tags are on
    w3c = json.loads(_text(team.store, "w3c", status="accepted"))
    assert w3c["total"] == 1
    assert export(team.store, "brat", tmp_path / "brat", status="rejected") == 3
    side = json.loads((tmp_path / "brat" / DOCUMENTS_FILE).read_text(encoding="utf-8"))["documents"]
    assert [entry["id"] for entry in side.values()] == [team.doc.id]  # not team.solo: no rejected tag
    assert len(list((tmp_path / "brat").glob("*.ann"))) == 1


def test_an_unknown_status_is_refused(team: Team) -> None:
    with pytest.raises(FactcheckError, match="Unknown review status 'approved'"):
        _text(team.store, "csv", status="approved")


# -- the curated set ---------------------------------------------------------------------------------
def test_curated_jsonl_default_is_unanimous_plus_accepted(team: Team) -> None:
    rows = _jsonl(team.store, curated=True)
    got = {(r["document_id"], r["label"], r["quote"]) for r in rows}
    assert got == {
        (team.doc.id, "claim", "crime fell by twenty percent"),  # all three made it
        (team.doc.id, "denial", "He denied it"),  # accepted
        (team.solo.id, "claim", "Only Ana"),  # the only annotator of that document
    }
    assert {r["annotator"] for r in rows} == {CURATED}
    claim = next(r for r in rows if r["label"] == "claim" and r["document_id"] == team.doc.id)
    assert claim["sources"] == [{"id": t.id, "annotator": t.annotator} for t in team.agreed]
    assert claim["id"] == curated_id(team.doc.id, "claim", claim["start"], claim["end"])
    denial = next(r for r in rows if r["label"] == "denial")
    assert denial["note"] == "his words" and denial["status"] == "accepted" and denial["reviewer"] == "rita"


def test_curated_min_agree(team: Team) -> None:
    two = {r["quote"] for r in _jsonl(team.store, curated=True, min_agree=2)}
    # an explicit N holds everywhere: the one-person document has no tag made by two
    assert two == {"crime fell by twenty percent", "called that misleading", "He denied it"}
    # min_agree 1 is the union, still without the rejected copies nor the deleted tag
    union = {r["quote"] for r in _jsonl(team.store, curated=True, min_agree=1)}
    assert "The minister" not in union and "Critics" not in union
    assert union == two | {"Only Ana"}


def test_curated_filters(team: Team) -> None:
    only_claims = _jsonl(team.store, curated=True, label="claim")
    assert {r["quote"] for r in only_claims} == {"crime fell by twenty percent", "Only Ana"}
    # narrowing to two annotators: they are "everyone" now, so their shared characterization stands
    pair = {r["quote"] for r in _jsonl(team.store, curated=True, annotator=["ana", "bo"])}
    assert pair == {"crime fell by twenty percent", "called that misleading", "Only Ana"}
    one_doc = _jsonl(team.store, curated=True, document_id=team.solo.id)
    assert [r["quote"] for r in one_doc] == ["Only Ana"]


def test_curated_csv_has_a_sources_column(team: Team) -> None:
    rows = list(csv.DictReader(io.StringIO(_text(team.store, "csv", curated=True).lstrip("\ufeff"))))
    assert len(rows) == 3
    assert all(r["annotator"] == CURATED for r in rows)
    claim = next(r for r in rows if r["quote"] == "crime fell by twenty percent")
    assert json.loads(claim["sources"]) == [{"id": t.id, "annotator": t.annotator} for t in team.agreed]
    assert claim["document_title"] == "Crime"


def test_curated_w3c_and_brat(team: Team, tmp_path: Path) -> None:
    w3c = json.loads(_text(team.store, "w3c", curated=True))
    assert w3c["total"] == 3 and len(w3c["first"]["items"]) == 3
    assert export(team.store, "brat", tmp_path / "b", curated=True) == 3
    ann = brat_file(tmp_path / "b", team.doc.id, "ann").read_text(encoding="utf-8")
    assert "crime fell by twenty percent" in ann and "The minister" not in ann
    assert brat_file(tmp_path / "b", team.solo.id, "ann").exists()


def test_curated_json_imports_into_a_fresh_project(team: Team, tmp_path: Path) -> None:
    out = tmp_path / "curated.json"
    assert export(team.store, "json", out, curated=True) == 3
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {d["id"] for d in data["documents"]} == {team.doc.id, team.solo.id}
    with Store.open(tmp_path / "fresh.db") as fresh:
        import_paths(fresh, [out], annotator="editor")
        anns = fresh.annotations()
        assert len(anns) == 3 and {a.annotator for a in anns} == {CURATED}
        assert {a.quote for a in anns} == {"crime fell by twenty percent", "He denied it", "Only Ana"}
        assert {a.id for a in anns} == {r["id"] for r in _jsonl(team.store, curated=True)}
        # exporting again from the fresh project gives the same set, its own sources now
        again = _jsonl(fresh, curated=True)
        assert {r["id"] for r in again} == {a.id for a in anns}
        # and importing the same curated file twice adds nothing
        import_paths(fresh, [out], annotator="editor")
        assert len(fresh.annotations()) == 3


def test_curated_refusals(team: Team) -> None:
    with pytest.raises(FactcheckError, match="--status does not combine"):
        _text(team.store, "csv", curated=True, status="accepted")
    with pytest.raises(FactcheckError, match="--min-agree applies to the curated set only"):
        _text(team.store, "csv", min_agree=2)
    with pytest.raises(FactcheckError, match="at least 1"):
        _text(team.store, "csv", curated=True, min_agree=0)


def test_curated_csv_guards_formulas_in_notes_and_titles(store: Store) -> None:
    doc, _ = store.add_document(Document.create("=1+1 is two. Really.\n", title="=cmd|' /C calc'!A0"))
    for who in ("ana", "bo"):
        store.add_annotation(new_annotation(doc, 0, 4, "claim", who, note="@SUM(A1)"))
    rows = list(csv.DictReader(io.StringIO(_text(store, "csv", curated=True).lstrip("\ufeff"))))
    (row,) = rows
    assert row["quote"] == "'=1+1"
    assert row["note"] == "'@SUM(A1)"
    assert row["document_title"].startswith("'=")
    assert json.loads(row["sources"])[0]["annotator"] == "ana"


def test_curated_csv_guards_a_label_named_like_a_formula(store: Store) -> None:
    add_label(store, "@cmd", key="7")
    doc, _ = store.add_document(Document.create("Crime fell by 20% last year.\n", title="Crime"))
    for who in ("ana", "bo"):
        store.add_annotation(new_annotation(doc, 0, 10, "@cmd", who))
    (row,) = csv.DictReader(io.StringIO(_text(store, "csv", curated=True).lstrip("\ufeff")))
    assert row["label"] == "'@cmd"


def test_document_states_follow_decisions_through_the_cache(team: Team) -> None:
    from factcheck.services.curating import StateCache, document_states

    cache: StateCache = {}
    states = document_states(team.store, cache)
    assert states[team.doc.id].describe() == "in review, 0 open disagreements"
    assert states[team.solo.id].describe() == "not reviewed"
    assert set(cache) == {team.doc.id}  # only documents in review are worth keeping
    lone = team.add("bo", "percent", "denial")
    assert document_states(team.store, cache)[team.doc.id].open == 1  # its tags changed: recomputed
    set_review(team.store, lone.id, "rejected", "rita")
    assert document_states(team.store, cache)[team.doc.id].open == 0
    team.store.set_curated(team.doc.id, ("rita", "2026-01-01T00:00:00.000000Z"))
    assert document_states(team.store, cache)[team.doc.id].kind == "curated"
    assert set(cache) == {team.doc.id}  # its open count is still shown: kept


def test_a_curated_document_keeps_its_open_count(team: Team) -> None:
    from factcheck.services.curating import document_state_of, document_states

    team.add("bo", "percent", "denial")  # undecided, alone: open
    team.store.set_curated(team.doc.id, ("rita", "2026-01-01T00:00:00.000000Z"))
    expected = DocumentState("curated", 1)
    assert document_states(team.store)[team.doc.id] == expected
    assert document_state_of(team.store, team.doc.id) == expected
    assert expected.describe() == "curated, 1 open disagreement"
