"""`factcheck agreement`: table, JSON and CSV on a real database file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.agreement import CSV_FIELDS, MEASURES, ROW_FIELDS
from factcheck.core.model import Document
from factcheck.core.spans import annotation_at, new_annotation


@pytest.fixture
def two_annotators(db_path: Path, store: Store, document: Document) -> Document:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ben"))
    store.add_annotation(new_annotation(document, 9, 17, "denial", "ben"))
    store.close()
    return document


def run(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), "agreement", *args])


def test_json_is_the_list_of_rows(
    db_path: Path, two_annotators: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path, "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(list(r) == list(ROW_FIELDS) for r in rows)
    # 2 scopes (all documents, the document) x 6 labels (5 + all) x 4 measures, one pair
    assert len(rows) == 2 * 6 * 4
    overall = {r["measure"]: r["value"] for r in rows if r["document"] is None and r["label"] is None}
    # 1 exact match among 1 + 2 tags
    assert overall["f1_exact"] == pytest.approx(2 / 3)
    unused = [r for r in rows if r["label"] == "characterization"]
    assert unused and all(r["value"] is None for r in unused)
    assert {(r["annotator_a"], r["annotator_b"]) for r in rows} == {("ana", "ben")}


def test_csv_has_the_row_columns(
    db_path: Path, two_annotators: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path, "--format", "csv", "--document", two_annotators.id) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and list(rows[0]) == list(CSV_FIELDS)  # the decisions' cards last, empty here
    assert {r["document"] for r in rows} == {two_annotators.id}
    claim = {r["measure"]: r["value"] for r in rows if r["label"] == "claim"}
    assert claim == dict.fromkeys(MEASURES, "1.0")
    assert {r["value"] for r in rows if r["label"] == "characterization"} == {""}


def test_table_is_aligned_and_explains(
    db_path: Path, two_annotators: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["Document", "Label"]
    assert "Cohen's κ" in lines[0] and "Krippendorff's α" in lines[0]
    body = [line for line in lines[2:] if "ana" in line]
    assert len(body) == 12  # 6 label rows, all documents and the document
    # Right-aligned figures: every measure column ends at the same place.
    assert len({len(line) for line in body if not line.endswith("—")}) == 1
    assert "Roe on crime" in out and "chance-corrected" in out
    assert any(line.startswith("(all)") and "(all)" in line.split()[1] and "0.667" in line for line in body)


def test_no_pairs_says_what_to_do(
    db_path: Path, store: Store, document: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.close()
    assert run(db_path) == 0
    assert "two annotators" in capsys.readouterr().out
    assert run(db_path, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_unknown_document_is_one_line_on_stderr(
    db_path: Path, two_annotators: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path, "--document", "nope") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "nope" in captured.err and "Traceback" not in captured.err
    assert "factcheck list" in captured.err


def test_bad_format_is_usage_error(db_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        run(db_path, "--format", "xml")
    assert exc.value.code == 2


def test_links_and_attribution_are_reported_beside_the_spans(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.helpers.two_readers import two_readers

    two_readers(store)
    store.close()
    assert run(db_path) == 0
    out = capsys.readouterr().out
    assert "Links of type / attribution" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["(all)", "link", "denies", "alice", "bob", "0.000", "0.000"] in lines
    assert ["(all)", "link", "same_claim", "alice", "bob", "1.000", "1.000"] in lines
    assert ["(all)", "attribution", "alice", "bob", "0.500", "0.500"] in lines
    assert run(db_path, "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    measures = {r["measure"] for r in rows}
    assert {"link_f1_exact", "attribution_f1_overlap", "f1_exact"} <= measures


def test_the_worked_example_of_the_docs(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    # docs/agreement.md: 20 characters, ana's claim on 0-8, ben's on 4-12 and his denial on 14-18, the
    # five default labels. claim: n11 = 4, n10 = 4, n01 = 4, n00 = 8: κ = (12/20 - 208/400) / (1 - 208/400)
    # = 1/6, α = 1 - 39 * 8 / (16 * 24) = 0.1875. denial: n01 = 4, n00 = 16: κ 0, α = 1 - 39 * 4 / (4 * 36).
    # All labels = the two the pair used (n11 4, n10 4, n01 8, n00 24): κ = 0.08 / 0.38 = 4/19,
    # α = 1 - 79 * 12 / (20 * 60) = 0.21; F1 overlap 2 * 1 * 1 / (1 * 1 + 1 * 2) = 2/3.
    doc, _ = store.add_document(Document.create("Crime fell by 20% in", title="Twenty"))
    store.add_annotation(annotation_at(doc, 0, 8, "claim", "ana"))
    store.add_annotation(annotation_at(doc, 4, 12, "claim", "ben"))
    store.add_annotation(annotation_at(doc, 14, 18, "denial", "ben"))
    store.close()

    def figures(label: str | None) -> dict[str, float | None]:
        assert run(db_path, "--format", "json") == 0
        rows = json.loads(capsys.readouterr().out)
        return {r["measure"]: r["value"] for r in rows if r["document"] is None and r["label"] == label}

    claim = {"f1_exact": 0.0, "f1_overlap": 1.0, "cohen_kappa": 1 / 6, "krippendorff_alpha": 0.1875}
    assert figures("claim") == pytest.approx(claim)
    denial = {"f1_exact": 0.0, "f1_overlap": 0.0, "cohen_kappa": 0.0, "krippendorff_alpha": 1 - 156 / 144}
    assert figures("denial") == pytest.approx(denial)
    everything = {"f1_exact": 0.0, "f1_overlap": 2 / 3, "cohen_kappa": 4 / 19, "krippendorff_alpha": 0.21}
    assert figures(None) == pytest.approx(everything)
    # Labels nobody used change nothing, removed or added.
    for label in ("characterization", "source", "cue"):
        assert main(["--db", str(db_path), "labels", "remove", label, "--yes"]) == 0
    capsys.readouterr()
    assert figures(None) == pytest.approx(everything)
    for label in ("context", "rumour", "statistic"):
        assert main(["--db", str(db_path), "labels", "add", label]) == 0
    capsys.readouterr()
    assert figures(None) == pytest.approx(everything)
