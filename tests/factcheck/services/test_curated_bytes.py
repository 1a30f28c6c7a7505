"""The curated exports of a realistic project are byte for byte those of the version that read every
column of every tag before curating (tests/factcheck/services/curated_expected, written by it)."""

from __future__ import annotations

import csv
import gc
import io
import re
from pathlib import Path

import pytest

from db import Store, exports
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.core.spreadsheet import neutralize
from factcheck.services import exporting
from factcheck.services.exporting import export
from tests.factcheck.services.curated_project import EXPECTED, VARIANTS, build, write_exports


def test_every_curated_export_is_byte_identical(tmp_path: Path) -> None:
    with build(tmp_path / "team.db") as store:
        written = write_exports(store, tmp_path / "out")
    names = [p.relative_to(tmp_path / "out") for p in written]
    expected = sorted(p.relative_to(EXPECTED) for p in EXPECTED.rglob("*") if p.is_file())
    assert names == expected
    assert len(names) > 30
    for name in names:
        assert _fixed(tmp_path / "out" / name) == _fixed(EXPECTED / name), name


def test_the_project_has_what_the_comparison_needs() -> None:
    """Emoji, NBSP, newlines in notes, pieces, decisions and several sources: a comparison of exports
    without them would prove little."""
    union = (EXPECTED / "union.jsonl").read_text(encoding="utf-8")
    for needle in ("📉", "\u00a0", "\\n", '"fragments":[[', '"status":"accepted"', "東京", "=HYPERLINK"):
        assert needle in union, needle
    assert union.count('"annotator":"') > 2 * union.count("\n")  # most curated tags have several sources
    assert {name for name, _, _ in VARIANTS} >= {"unanimous", "union"}


#: A W3C collection's own id: a new uuid at each export (the one part that may differ).
_COLLECTION_ID = re.compile(
    rb'^(\{"@context":"[^"]*","id":"urn:uuid:)[0-9a-f-]{36}(","type":"AnnotationCollection")'
)


def _fixed(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix != ".w3c":
        return data
    fixed, found = _COLLECTION_ID.subn(rb"\1<collection>\2", data, count=1)
    assert found == 1, path
    return fixed


def test_small_batches_write_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of a few tags and queries of a few row ids (many of each per document) change nothing."""
    monkeypatch.setattr(exports, "ROW_ID_BATCH", 7)
    monkeypatch.setattr(exporting, "_BATCH", 5)
    with build(tmp_path / "team.db") as store:
        for name in ("union.jsonl", "unanimous.csv"):
            export(store, name.split(".")[1], tmp_path / name, curated=True, **_kwargs(name))  # type: ignore[arg-type]
            assert (tmp_path / name).read_bytes() == (EXPECTED / name).read_bytes(), name


def _kwargs(name: str) -> dict[str, object]:
    return next(kwargs for variant, kwargs, _ in VARIANTS if variant == name.split(".")[0])


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_progress_counts_the_tags_curation_reads(tmp_path: Path, fmt: str) -> None:
    """Orphaned tags are not read: the count does not include them, and progress ends at its total."""
    seen: list[tuple[int, int]] = []
    with build(tmp_path / "team.db") as store:
        export(store, fmt, tmp_path / f"p.{fmt}", curated=True, progress=lambda d, t: seen.append((d, t)))
        live = [a for a in store.annotations() if not a.deleted and not a.orphaned]
    assert seen[-1] == (len(live), len(live))


def test_the_collector_is_back_as_it_was_after_an_export(tmp_path: Path) -> None:
    with build(tmp_path / "team.db") as store:
        assert gc.isenabled()
        export(store, "jsonl", tmp_path / "a.jsonl", curated=True)
        assert gc.isenabled()
        gc.disable()
        try:
            export(store, "jsonl", tmp_path / "b.jsonl", curated=True)
            assert not gc.isenabled()  # someone turned it off: left off
        finally:
            gc.enable()
        with pytest.raises(FactcheckError):
            export(store, "jsonl", tmp_path / "missing" / "c.jsonl", curated=True)
        assert gc.isenabled()


@pytest.mark.parametrize("note", ["\u00a0=1+1", "\t-2", "'quoted", "＠home", "plain", "\u200b@x"])
def test_the_csv_guard_acts_on_every_cell_it_should(tmp_path: Path, note: str) -> None:
    """The curated CSV skips the guard for cells it cannot change: the cells it can still get it."""
    text = "Totals: =SUM(A1) and +3 more.\n"
    with Store.open(tmp_path / "g.db") as store:
        doc, _ = store.add_document(Document.create(text, title="=cmd"))
        for who in ("ana", "bo"):
            for needle in ("=SUM(A1)", "+3 more"):
                start = text.index(needle)
                store.add_annotation(new_annotation(doc, start, start + len(needle), "claim", who, note))
        export(store, "csv", tmp_path / "g.csv", curated=True)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "g.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["quote"], r["note"]) for r in rows] == [
        (neutralize(q), neutralize(note)) for q in ("=SUM(A1)", "+3 more")
    ]
    assert rows[0]["document_title"] == "'=cmd"
