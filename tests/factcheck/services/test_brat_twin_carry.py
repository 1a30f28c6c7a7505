"""A brat tag identical to a tag already here (ours, or an earlier one of the same import) is read as it
(`brat_import.onto_twins`) and carries its attribution onto it when it has none, by the rule of every
merge and of the team sync (services.brat_twin_carry); importing the files again changes nothing."""

from __future__ import annotations

from pathlib import Path

from db import Store, attribution
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.importing import import_paths
from tests.helpers.dbfiles import content_digest

TEXT = "Ana said it rains."
TAGS = "T1\tsource 0 3\tAna\nT2\tclaim 9 17\tit rains\nT3\tcue 4 8\tsaid\n"
EVENT = "E1\tAttribution:T3 Source:T1 Content:T2\n"


def _folder(tmp_path: Path, name: str, anns: dict[str, str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for stem, ann in anns.items():
        (folder / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
        (folder / f"{stem}.ann").write_text(ann, encoding="utf-8")
    return folder


def tagged_here(store: Store) -> dict[str, Annotation]:
    """ana's same three tags, tagged in the project (ids of its own, unlike brat's)."""
    doc, _ = store.add_document(Document.create(TEXT, title="a", source="a.txt"))
    made = {}
    for words, label in (("Ana", "source"), ("it rains", "claim"), ("said", "cue")):
        start = TEXT.index(words)
        made[words] = store.add_annotation(
            new_annotation(doc, start, start + len(words), label, "ana"), doc.text
        )
    return made


def _by_quote(store: Store) -> dict[str, Annotation]:
    return {a.quote: a for a in store.annotations()}


def test_a_brat_twins_attribution_goes_onto_our_tag(store: Store, tmp_path: Path) -> None:
    ours = tagged_here(store)
    assert ours["it rains"].source is None
    report = import_paths(store, [_folder(tmp_path, "attributed", {"a": TAGS + EVENT})], annotator="ana")
    tags = _by_quote(store)
    assert {k: t.id for k, t in tags.items()} == {k: t.id for k, t in ours.items()}  # no second tag
    claim = tags["it rains"]
    assert (claim.source, claim.cue) == (ours["Ana"].id, ours["said"].id)
    assert "Carried onto our tags from their identical copies: 1 attribution." in report.summary()
    assert store.path is not None
    digest = content_digest(store.path)
    again = import_paths(store, [tmp_path / "attributed"], annotator="ana")
    assert "Carried" not in again.summary() and content_digest(store.path) == digest


def test_a_different_attribution_stays_ours_and_theirs_is_listed(store: Store, tmp_path: Path) -> None:
    ours = tagged_here(store)
    attribution.set_attribution(store, ours["it rains"].id, quotation="direct")
    report = import_paths(
        store,
        [_folder(tmp_path, "indirect", {"a": TAGS + EVENT + "A1\tQuotation T2 indirect\n"})],
        annotator="ana",
    )
    claim = _by_quote(store)["it rains"]
    assert f"Tag {claim.id} kept its quotation; its identical copy " in report.summary()
    assert (claim.source, claim.cue, claim.quotation) == (ours["Ana"].id, ours["said"].id, "direct")
