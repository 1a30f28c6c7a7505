"""`factcheck agreement` on a real database file compares discontinuous tags by their pieces, both
between annotators and against the curated set; continuous tags keep their figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import Store, attribution
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation

TEXT = "The economy, he said, is booming. Prices rose.\n"
PIECES = [(0, 11), (22, 32)]  # "The economy" … "is booming": 21 characters of the 32 of the envelope


def _pieces(store: Store, doc: Document, who: str, parts: list[tuple[int, int]]) -> None:
    tag = store.add_annotation(new_annotation(doc, *parts[0], "claim", who))
    attribution.set_pieces(store, tag.id, parts)


@pytest.fixture
def doc(db_path: Path) -> Document:
    with Store.open(db_path) as store:
        d, _ = store.add_document(Document.create(TEXT, title="economy"))
        _pieces(store, d, "ana", PIECES)  # ana: the pieces
        store.add_annotation(new_annotation(d, 0, 32, "claim", "ben"))  # ben: the envelope, one piece
        _pieces(store, d, "cy", PIECES)  # cy: the same pieces as ana
        for who in ("ana", "ben", "cy"):
            store.add_annotation(new_annotation(d, 34, 45, "claim", who))
    return d


def _rows(db_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert main(["--db", str(db_path), "agreement", "--format", "json", *args]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_pairs_match_by_pieces(db_path: Path, doc: Document, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _rows(db_path, capsys)

    def claim(a: str, b: str) -> dict[object, object]:
        return {
            r["measure"]: r["value"]
            for r in rows
            if r["document"] is None
            and r["label"] == "claim"
            and (r["annotator_a"], r["annotator_b"]) == (a, b)
        }

    # same pieces: every measure perfect
    assert claim("ana", "cy") == {
        "f1_exact": 1.0,
        "f1_overlap": 1.0,
        "cohen_kappa": 1.0,
        "krippendorff_alpha": 1.0,
    }
    ana_ben = claim("ana", "ben")
    assert ana_ben["f1_exact"] == 0.5  # only "Prices rose" is the same tag; the envelope is not the pieces
    assert ana_ben["f1_overlap"] == 1.0  # every tag shares characters with one of the other's
    # characters: both 21 + 11, ben alone the 11 of ", he said, " (the gap), 47 in all
    n11, n10, n01, n00 = 32, 0, 11, 47 - 43
    n = n11 + n10 + n01 + n00
    observed, a1, b1 = (n11 + n00) / n, (n11 + n10) / n, (n11 + n01) / n
    expected = a1 * b1 + (1 - a1) * (1 - b1)
    assert ana_ben["cohen_kappa"] == pytest.approx((observed - expected) / (1 - expected))


def test_scores_against_the_curated_set_by_pieces(
    db_path: Path, doc: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    # two agreeing make the curated set: ana and cy's pieces, and "Prices rose"; not ben's envelope
    rows = _rows(db_path, capsys, "--against", "curated", "--min-agree", "2")
    overall = {
        (r["annotator"], r["measure"]): r["value"]
        for r in rows
        if r["document"] is None and r["label"] is None
    }
    assert overall[("ana", "f1_exact")] == 1.0 and overall[("cy", "f1_exact")] == 1.0
    assert overall[("ben", "precision_exact")] == 0.5  # his envelope is not the curated pieces
    assert overall[("ben", "recall_exact")] == 0.5
    assert overall[("ben", "f1_overlap")] == 1.0  # but it covers them
