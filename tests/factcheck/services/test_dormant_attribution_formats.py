"""A project whose cue or source was relabelled after it was attached (a dormant pointer) exports and
imports again: JSON and JSONL carry the pointer as the project holds it, brat leaves it out."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from factcheck.core.attribution import live_attribution, roles
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.structure import Seed, seed


@pytest.fixture
def dormant(store: Store) -> Seed:
    """The seed with Lavrov's "said" (the claim's cue) relabelled a denial and Tillerson's source tag a
    characterization: the claim and the denial keep pointers to tags that are no cue / source now."""
    seeded = seed(store)
    store.update_annotation(seeded.said.id, label="denial")
    store.update_annotation(seeded.tillerson.id, label="characterization")
    return seeded


def _pointers(store: Store, seeded: Seed) -> list[tuple[str | None, str | None]]:
    tags = {a.id: a for a in store.annotations(include_deleted=True)}
    return [(tags[t.id].source, tags[t.id].cue) for t in (seeded.claim, seeded.denial)]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_and_jsonl_carry_the_dormant_pointer_back(dormant: Seed, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"project.{fmt}"
    export(dormant.store, fmt, out)
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        if fmt == "jsonl":
            fresh.add_document(dormant.doc)
        import_paths(fresh, [out])  # before: refused ("its cue … is a denial tag, not a cue tag")
        assert _pointers(fresh, dormant) == _pointers(dormant.store, dormant)
        tags = {a.id: a for a in fresh.annotations()}
        source, cue = live_attribution(tags[dormant.claim.id], tags, roles(fresh.labels()))
        assert (source and source.id, cue) == (dormant.lavrov.id, None)  # read as no cue
        # Relabelled back in the copy, the attribution is there again.
        fresh.update_annotation(dormant.said.id, label="cue")
        tags = {a.id: a for a in fresh.annotations()}
        assert (
            live_attribution(tags[dormant.claim.id], tags, roles(fresh.labels()))[1] == tags[dormant.said.id]
        )
    finally:
        fresh.close()


def test_brat_leaves_the_dormant_pointer_out_and_imports_again(dormant: Seed, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    export(dormant.store, "brat", folder)
    ann = next(folder.glob("*.ann")).read_text(encoding="utf-8")
    t_of = {
        line.split("\t")[1].split(" ")[0] + ":" + line.split("\t")[2].strip(): line.split("\t")[0]
        for line in ann.splitlines()
        if line.startswith("T")
    }
    said = t_of["denial:said"]
    events = [line for line in ann.splitlines() if line.startswith("E")]
    assert events and not any(f":{said}" in e for e in events)  # no Cue: argument naming the denial
    fresh = Store.open(tmp_path / "fresh.db")
    try:
        report = import_paths(fresh, [folder], annotator="alice")  # before: refused (the Cue of E1 …)
        assert report.added == 7
        claim = next(a for a in fresh.annotations() if a.quote == dormant.claim.quote)
        lavrov = next(a for a in fresh.annotations() if a.quote == dormant.lavrov.quote)
        assert (claim.source, claim.cue) == (lavrov.id, None)
    finally:
        fresh.close()
