"""The curated exports of a realistic project are byte for byte those of the version that read every
column of every tag before curating (tests/factcheck/services/curated_expected, written by it)."""

from __future__ import annotations

import re
from pathlib import Path

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
