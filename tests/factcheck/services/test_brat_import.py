"""brat into a real project and back out: the round trip through the store, all or nothing, labels
added on demand, speakers found, and the structure in the W3C, CSV and links CSV exports."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from db import Store
from db.exports import Selection
from db.import_terms import link_type_names, project_speakers
from db.speakers import add_speaker
from db.structure_exports import selected_links
from factcheck.core.errors import FactcheckError, ImportRefused
from factcheck.core.speakers import Speaker
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from factcheck.services.structure_export import shown_quote
from tests.factcheck.services.brat_helpers import CORPUS

TAG_KEYS = (
    "label", "start", "end", "fragments", "quote", "note", "status", "reviewer", "reason", "orphaned",
    "quotation", "annotator",
)  # fmt: skip


def _state(store: Store) -> dict[str, Any]:
    """A project's tags, links and speakers, by document text and quote (ids of documents and time
    stamps aside), with attribution and links as the quotes they join."""
    texts = {d.id: d.text for d in store.documents()}
    tags = store.annotations()
    quote = {a.id: (texts[a.document_id], a.start, a.quote) for a in tags}
    speakers = {s.id: (s.name, s.same_as) for s in project_speakers(store)}
    state = sorted(
        (
            texts[a.document_id],
            *(getattr(a, k) for k in TAG_KEYS),
            quote.get(a.source or ""),
            quote.get(a.cue or ""),
            speakers.get(a.speaker or ""),
        )
        for a in tags
    )
    links = sorted(
        (link.type, quote[link.from_id], quote[link.to_id], link.annotator)
        for per_doc in selected_links(store, Selection()).values()
        for link in per_doc
    )
    return {"tags": state, "links": links, "speakers": sorted(speakers.values())}


def test_brat_round_trip_through_the_project(store: Store, tmp_path: Path) -> None:
    report = import_paths(store, [CORPUS], annotator="ana")
    assert (report.documents_added, report.added) == (3, 13)
    first = _state(store)
    assert len(first["links"]) == 3 and len(first["speakers"]) == 2
    assert export(store, "brat", tmp_path / "out") == 13
    with Store.open(tmp_path / "again.db") as again:
        import_paths(again, [tmp_path / "out"], annotator="ana")
        assert _state(again) == first
        export(again, "brat", tmp_path / "out2")
    # The second export is the first, file for file (ids and order settle after one trip).
    first_files = {p.read_text(encoding="utf-8"): p for p in (tmp_path / "out").glob("*.txt")}
    for txt in (tmp_path / "out2").glob("*.txt"):
        ann = first_files[txt.read_text(encoding="utf-8")].with_suffix(".ann")
        assert txt.with_suffix(".ann").read_text(encoding="utf-8") == ann.read_text(encoding="utf-8")


def test_importing_the_same_corpus_again_changes_nothing(store: Store) -> None:
    import_paths(store, [CORPUS], annotator="ana")
    before = _state(store)
    report = import_paths(store, [CORPUS], annotator="ana")
    assert (report.added, report.updated, report.unchanged, report.documents_existing) == (0, 0, 13, 3)
    assert _state(store) == before
    # Another annotator's import of the same files is their own tags.
    report = import_paths(store, [CORPUS], annotator="bob")
    assert report.added == 13 and {a.annotator for a in store.annotations()} == {"ana", "bob"}


def test_txt_and_ann_pairs(store: Store, tmp_path: Path) -> None:
    ann = CORPUS / "seoul.ann"
    report = import_paths(store, [ann, CORPUS / "seoul.txt", CORPUS / "lavrov.ann"], annotator="ana")
    assert (report.documents_added, report.added) == (2, 13)


def test_a_bad_file_anywhere_imports_nothing(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(CORPUS, folder)
    article = tmp_path / "article.txt"
    article.write_text("A plain article.", encoding="utf-8")
    (folder / "zz.txt").write_text("Last one.", encoding="utf-8")
    (folder / "zz.ann").write_text("T1\tclaim 0 4\tLast\nT2\tclaim 5 99\tone.\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"zz\.ann, line 2: the span 5 99 ends past the text"):
        import_paths(store, [article, folder], annotator="ana")
    assert store.documents() == [] and store.annotations() == []
    assert selected_links(store, Selection()) == {} and project_speakers(store) == []


def test_unknown_types_refused_then_added_to_the_project(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Ana said it rains. Bob said it does not.", encoding="utf-8")
    (folder / "a.ann").write_text(
        "T1\tPerson 0 3\tAna\nT2\tStatement 9 17\tit rains\nT3\tStatement 28 39\tit does not\n"
        "E1\tAttribution:T4 Source:T1 Content:T2\nT4\tAttribution 4 8\tsaid\n"
        "R1\tcontradicts Arg1:T3 Arg2:T2\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as err:
        import_paths(store, [folder], annotator="ana")
    assert (
        "'Person'" in str(err.value) and "'Statement'" in str(err.value) and "'contradicts'" in str(err.value)
    )
    assert store.annotations() == []
    report = import_paths(store, [folder], annotator="ana", add_labels=True)
    roles = {lab.name: lab.role for lab in store.labels()}
    assert (roles["Person"], roles["Statement"]) == ("source", "content")
    assert "contradicts" in link_type_names(store)
    assert "Added to the project" in report.summary()
    tags = {a.quote: a for a in store.annotations()}
    # Without a Cue argument, the trigger on other text than source and content is the cue.
    assert tags["it rains"].cue == tags["said"].id and tags["said"].label == "cue"


def test_speakers_of_the_project_are_found_by_same_as(store: Store) -> None:
    rex = Speaker("rex", "Rex Tillerson", "person", "US secretary of state",
                  ("https://www.wikidata.org/wiki/Q7320",), "t", "t")  # fmt: skip
    add_speaker(store, rex)
    import_paths(store, [CORPUS], annotator="ana")
    tillerson = next(a for a in store.annotations() if a.quote == "Tillerson")
    assert tillerson.speaker == "rex"
    assert len(project_speakers(store)) == 2  # rex, and Lavrov made by the import


def _w3c(store: Store) -> dict[str, dict[str, Any]]:
    out = io.StringIO()
    export(store, "w3c", out)
    data = json.loads(out.getvalue())
    items = data["first"]["items"]
    assert data["total"] == len(items)
    return {item["id"]: item for item in items}


def test_w3c_export_of_the_structure(store: Store) -> None:
    import_paths(store, [CORPUS], annotator="ana")
    items = _w3c(store)
    tags = {a.quote: a for a in store.annotations()}
    linking = [i for i in items.values() if i["motivation"] == "linking"]
    # 3 links; attributions: 3 sources and 4 cues.
    assert len(linking) == 3 + 7
    denial, claim = (
        tags["it was not clear that Trump accepted them"],
        tags["Trump accepted Putin's assertions that Russia did not interfere"],
    )
    denies = next(i for i in linking if i["body"][0]["value"] == "denies")
    assert denies["target"] == [f"urn:uuid:{denial.id}", f"urn:uuid:{claim.id}"]
    lavrov = items[f"urn:uuid:{tags['Lavrov'].id}"]
    assert {"type": "SpecificResource", "purpose": "identifying",
            "source": "https://www.wikidata.org/wiki/Q182788"} in lavrov["body"]  # fmt: skip
    economy = items[f"urn:uuid:{tags['The economy, he said, is booming 📈'].id}"]
    assert [t["selector"][1]["start"] for t in economy["target"]] == [178, 200]


def test_csv_structure_columns_and_links_csv(store: Store, tmp_path: Path) -> None:
    import_paths(store, [CORPUS], annotator="ana")
    out = io.StringIO()
    export(store, "csv", out)
    rows = {r["quote"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    claim = rows["Trump accepted Putin's assertions that Russia did not interfere"]
    assert (claim["source"], claim["speaker"], claim["cue"], claim["quotation"]) == (
        "Lavrov",
        "Sergei Lavrov",
        "said",
        "indirect",
    )
    assert rows["Lavrov"]["speaker"] == "Sergei Lavrov" and rows["Lavrov"]["source"] == ""
    assert rows["The economy, he said, is booming 📈"]["fragments"] == "178 189;200 212"
    # A discontinuous cue is shown as its pieces, not its envelope.
    assert rows["“robust”"]["cue"] == "described … as" and rows["“robust”"]["source"] == "He"
    links = io.StringIO()
    assert export(store, "links-csv", links) == 3
    by_type = {r["type"]: r for r in csv.DictReader(io.StringIO(links.getvalue()))}
    assert by_type["denies"]["from_quote"] == "it was not clear that Trump accepted them"
    assert by_type["denies"]["to_label"] == "claim" and by_type["denies"]["annotator"] == "ana"
    # Filters: a link needs both its tags selected.
    assert export(store, "links-csv", io.StringIO(), label="claim") == 1  # same_claim only
    with pytest.raises(FactcheckError, match="bob"):  # nobody named so ever tagged here: refused
        export(store, "links-csv", io.StringIO(), annotator="bob")
    with pytest.raises(FactcheckError, match="no links"):
        export(store, "links-csv", io.StringIO(), curated=True)
    path = tmp_path / "links.csv"
    export(store, "links-csv", path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_shown_quote_of_a_discontinuous_tag() -> None:
    assert (
        shown_quote("The economy, he said, is booming", 10, "[[10,21],[32,42]]") == "The economy … is booming"
    )
    assert shown_quote("plain", 3, None) == "plain"


def test_another_projects_speaker_lands_on_ours_by_same_as(store: Store, tmp_path: Path) -> None:
    with Store.open(tmp_path / "other.db") as other:
        import_paths(other, [CORPUS], annotator="ana")
        export(other, "brat", tmp_path / "out")  # writes factcheck:<their speaker id> and Wikidata
    rex = Speaker("rex", "Rex Tillerson", "person", "", ("https://www.wikidata.org/wiki/Q7320",), "t", "t")
    add_speaker(store, rex)
    import_paths(store, [tmp_path / "out"], annotator="ana")
    assert next(a for a in store.annotations() if a.quote == "Tillerson").speaker == "rex"
    assert sorted(s.name for s in project_speakers(store)) == ["Rex Tillerson", "Sergei Lavrov"]


def test_two_files_of_one_text_land_as_one_document(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text("Ana said it rains.", encoding="utf-8")
        (folder / f"{name}.ann").write_text(
            "T1\tsource 0 3\tAna\nT2\tclaim 9 17\tit rains\nT3\tAttribution 4 8\tsaid\n"
            "E1\tAttribution:T3 Source:T1 Content:T2\nR1\tsame_claim Arg1:T2 Arg2:T1\n",
            encoding="utf-8",
        )
    report = import_paths(store, [folder], annotator="ana")
    assert (report.documents_added, report.added) == (1, 3)  # source, claim, and the cue (the trigger)
    assert len(selected_links(store, Selection())[store.documents()[0].id]) == 1
