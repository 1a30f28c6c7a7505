"""What the import explorer (import_explorer.py) found, each replayed small: a damaged file that crashed
the import instead of being refused in one line with the project unchanged."""

from __future__ import annotations

import json
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from db import Store, attribution, links
from factcheck.cli import main
from factcheck.core.errors import ImportRefused
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services import labels
from factcheck.services.exporting import export
from factcheck.services.formats import jsonl_format
from factcheck.services.formats.brat_names import DOCUMENTS_FILE
from factcheck.services.importing import import_paths
from tests.factcheck.services.brat_helpers import CORPUS
from tests.helpers.claims import make_debate
from tests.helpers.dbfiles import content_digest, execute
from tests.helpers.structure import seed


def refused_in_one_line(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    before = content_digest(db)
    assert main(["--db", str(db), "--annotator", "bea", "import", *args]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("factcheck: ") and err.count("\n") == 1, err
    assert content_digest(db) == before
    return err


def test_a_brat_documents_file_nested_deep_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seed 501, case 552: brackets nested 1000 deep in factcheck-documents.json raised RecursionError."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    deep = "[" * 100_000 + "]" * 100_000
    (folder / DOCUMENTS_FILE).write_text('{"format": ' + deep + "}", encoding="utf-8")
    db = tmp_path / "p.db"
    Store.open(db).close()  # the project the import goes into
    capsys.readouterr()
    err = refused_in_one_line(capsys, db, str(folder))
    assert DOCUMENTS_FILE in err


def test_a_brat_documents_file_with_a_number_too_long_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    (folder / DOCUMENTS_FILE).write_text('{"version": ' + "9" * 5000 + "}", encoding="utf-8")
    db = tmp_path / "p.db"
    Store.open(db).close()  # the project the import goes into
    capsys.readouterr()
    err = refused_in_one_line(capsys, db, str(folder))
    assert DOCUMENTS_FILE in err


def test_a_jsonl_line_without_end_is_refused_without_reading_it_whole(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSONL file of NUL bytes with no line break (a sparse file, a disk image renamed): its one line
    was read whole (near 2 GB of memory at the 2 GB input limit, twice that decoded). Now a line longer
    than any tag's is refused once its limit is read."""
    monkeypatch.setattr(jsonl_format, "MAX_LINE_BYTES", 1 << 20, raising=False)
    path = tmp_path / "image.jsonl"
    with path.open("wb") as fh:
        fh.truncate(64 << 20)  # sparse: 64 MiB of NUL bytes, no line break
    before = content_digest(store.path) if store.path else ""
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused) as refused:
            import_paths(store, [path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak
    message = str(refused.value)
    assert "image.jsonl" in message and "line 1" in message and "longer" in message, message
    assert content_digest(store.path) == before if store.path else True


def test_adding_labels_reads_no_line_whole_either(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--add-labels looks for the labels a JSONL file uses before importing it: the same limit."""
    monkeypatch.setattr(jsonl_format, "MAX_LINE_BYTES", 1 << 20, raising=False)
    monkeypatch.setattr(labels, "MAX_LINE_BYTES", 1 << 20, raising=False)
    path = tmp_path / "image.jsonl"
    with path.open("wb") as fh:
        fh.truncate(64 << 20)
    tracemalloc.start()
    try:
        assert labels.missing_labels(store, [path]) == []
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak


def own_project(store: Store) -> None:
    """alice's attributed claim and a denial linked to it."""
    doc, _ = store.add_document(Document.create(BRAT_TEXT, title="Marsh", source="marsh.txt"))

    def tag(words: str, label: str) -> Annotation:
        start = doc.text.index(words)
        return store.add_annotation(new_annotation(doc, start, start + len(words), label, "alice"), doc.text)

    source, cue = tag("Mayor Helena Marsh", "source"), tag("said", "cue")
    claim = tag("ridership had more than doubled", "claim")
    attribution.set_attribution(store, claim.id, source=source.id, cue=cue.id, quotation="indirect")
    denial = tag("has never published any number", "denial")
    links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "alice"))


BRAT_TEXT = (
    "Mayor Helena Marsh said ridership had more than doubled. The agency has never published any number.\n"
)


def test_our_own_brat_export_imported_back_makes_no_second_identical_tag(
    store: Store, tmp_path: Path
) -> None:
    """Window sessions, seed 103: bob's brat folder imported by alice made a second tag identical to each
    of hers (brat tags are the importer's, with ids of their own); the store refuses such twins on every
    other path (core.duplicates). Now a brat tag identical to a live one of the project is that tag."""
    own_project(store)
    export(store, "brat", tmp_path / "brat")
    tags = {(t.id, t.label, t.start, t.end, t.source, t.cue) for t in store.annotations()}
    made = {(lk.type, lk.from_id, lk.to_id) for lk in links.links(store)}
    report = import_paths(store, [tmp_path / "brat"], annotator="alice")
    assert {(t.id, t.label, t.start, t.end, t.source, t.cue) for t in store.annotations()} == tags
    assert {(lk.type, lk.from_id, lk.to_id) for lk in links.links(store)} == made
    assert len(links.links(store)) == 1
    assert report.added == 0 and report.unchanged == 4, report.summary()
    # Another annotator's import of the same files is theirs: four tags of carol's and her link.
    import_paths(store, [tmp_path / "brat"], annotator="carol")
    assert sum(t.annotator == "carol" for t in store.annotations()) == 4
    assert len(links.links(store)) == 2


@pytest.mark.parametrize(
    "where",
    [
        ("claims", 0, "verdicts", 0, "explanation"),  # after the documents (seed 900, case 439)
        ("speakers", 0, "name"),  # before them
        ("organization", "name"),
    ],
    ids=["a verdict's explanation", "a speaker's name", "the organization's name"],
)
def test_a_lone_surrogate_outside_the_documents_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: tuple[str | int, ...]
) -> None:
    """A lone surrogate (\\udfff written as an escape) in a claim card's verdict raised UnicodeEncodeError
    as the verdict was stored: the documents were checked for them, the rest of the file was not."""
    db = tmp_path / "p.db"
    with Store.open(tmp_path / "teammate.db") as teammate:
        make_debate(teammate)
        export(teammate, "json", tmp_path / "good.json")
    data = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    place: Any = data
    for key in where[:-1]:
        place = place[key]
    place[where[-1]] = "\udfff"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    Store.open(db).close()  # the project the import goes into
    capsys.readouterr()
    err = refused_in_one_line(capsys, db, str(bad))
    assert "surrogate" in err


@pytest.mark.parametrize(
    ("table", "column"),
    [("verdicts", "evidence"), ("claims", "appearances")],
    ids=["evidence", "appearances"],
)
@pytest.mark.parametrize(
    "value", ["[" * 50_000 + "]" * 50_000, "[" + "9" * 5000 + "]"], ids=["deep", "long number"]
)
def test_a_teammates_card_list_nested_deep_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, column: str, value: str
) -> None:
    """Seed 900, case 286: a verdict's evidence in a teammate's database nested 50,000 deep raised
    RecursionError while the database was read."""
    teammate = tmp_path / "teammate.db"
    with Store.open(teammate) as store:
        make_debate(store)
    execute(
        teammate, f"UPDATE {table} SET {column} = ? WHERE rowid = (SELECT min(rowid) FROM {table})", [value]
    )
    db = tmp_path / "p.db"
    Store.open(db).close()  # the project the import goes into
    capsys.readouterr()
    err = refused_in_one_line(capsys, db, str(teammate))
    assert column in err


def test_one_cue_for_two_attributions_in_brat_is_one_tag(store: Store, tmp_path: Path) -> None:
    """Seed 7 (import explorer), case 189: two attribution events sharing one trigger ("Smith said wages
    fell and rents rose": one "said" for both claims) made two identical cue tags."""
    (tmp_path / "a.txt").write_text("Smith said wages fell and rents rose.\n", encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tsource 0 5\tSmith\nT2\tclaim 11 21\twages fell\nT3\tclaim 26 36\trents rose\n"
        "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Source:T1 Content:T2\n"
        "T5\tAttribution 6 10\tsaid\nE2\tAttribution:T5 Source:T1 Content:T3\n",
        encoding="utf-8",
    )
    report = import_paths(store, [tmp_path / "a.ann"], annotator="bea")
    tags = store.annotations()
    cues = [t for t in tags if t.label == "cue"]
    assert len(cues) == 1 and len(tags) == 4, [(t.label, t.start, t.end) for t in tags]
    assert {t.cue for t in tags if t.label == "claim"} == {cues[0].id}
    assert report.added == 4


@pytest.mark.parametrize("end", ["9" * 5000, "9223372036854775808"], ids=["5000 digits", "past 64 bits"])
def test_a_teammates_piece_too_large_for_an_integer_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], end: str
) -> None:
    """Seed 2000, case 84: a tag's pieces in a teammate's database ending at a 5000-digit number passed the
    check (SQLite calls it an integer) and raised ValueError as the tag was read."""
    teammate = tmp_path / "teammate.db"
    with Store.open(teammate) as store:
        seed(store)
    execute(teammate, f"UPDATE annotations SET fragments = '[[0, {end}]]' WHERE fragments IS NOT NULL")
    db = tmp_path / "p.db"
    Store.open(db).close()  # the project the import goes into
    capsys.readouterr()
    err = refused_in_one_line(capsys, db, str(teammate))
    assert "fragments" in err


def test_a_brat_link_between_two_identical_tags_is_no_link_of_a_tag_to_itself(
    store: Store, tmp_path: Path
) -> None:
    """Window sessions, seed 244: once identical brat tags were one tag, a relation between them became a
    link of that tag to itself, which the project's JSON export then could not import back."""
    (tmp_path / "a.txt").write_text("Smith said wages fell and rents rose.\n", encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tclaim 11 21\twages fell\nT2\tclaim 11 21\twages fell\nT3\tdenial 26 36\trents rose\n"
        "R1\tsame_claim Arg1:T1 Arg2:T2\nR2\tdenies Arg1:T3 Arg2:T2\n",
        encoding="utf-8",
    )
    import_paths(store, [tmp_path / "a.ann"], annotator="bea")
    assert len(store.annotations()) == 2
    made = links.links(store)
    assert [(lk.type, lk.from_id != lk.to_id) for lk in made] == [("denies", True)]
    export(store, "json", tmp_path / "back.json")
    with Store.open(tmp_path / "fresh.db") as fresh:
        import_paths(fresh, [tmp_path / "back.json"])
        assert len(links.links(fresh)) == 1


def test_a_teammates_twin_of_our_tag_under_another_id_is_no_second_tag(store: Store, tmp_path: Path) -> None:
    own_project(store)
    export(store, "json", tmp_path / "ours.json")
    data = json.loads((tmp_path / "ours.json").read_text(encoding="utf-8"))
    tag = data["documents"][0]["annotations"][0]
    tag["id"] = tag["id"].upper()  # the same tag of alice's, written by another copy under another id
    (tmp_path / "twin.json").write_text(json.dumps(data), encoding="utf-8")
    import_paths(store, [tmp_path / "twin.json"])
    shapes = [(t.document_id, t.label, t.annotator, t.start, t.end) for t in store.annotations()]
    assert len(shapes) == len(set(shapes))
