"""A teammate's work made before a link type was renamed here merges under the new name, from a JSON or
JSONL export and from their database: their links arrive renamed, the old type does not come back, and
our own links they hold an older copy of stay as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import link_types as db_link_types
from db import links as db_links
from db.store import Store
from factcheck.core.errors import ImportRefused
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths

SOURCES = ("ben.json", "ben.jsonl", "ben.db")


def _type_names(store: Store) -> list[str]:
    return [t.name for t in db_links.link_types(store)]


@pytest.fixture
def teammate_work(tmp_path: Path, store: Store, document: Document) -> dict[str, str]:
    """ana's claim and denial, and her link; ben (before any rename) holds copies of them and adds his
    own link, one link he deleted since, and a link of a type nobody renamed. Their ids by what they are."""
    claim = store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    denial = store.add_annotation(new_annotation(document, 9, 17, "denial", "ana"))
    anas = db_links.add_link(store, new_link(document.id, "denies", denial.id, claim.id, "ana"))
    ben = Store.open(tmp_path / "ben.db")
    ben.add_document(document)
    ben.put_annotation(claim)
    ben.put_annotation(denial)
    db_links.put_links(ben, [anas])
    bens = db_links.add_link(ben, new_link(document.id, "denies", claim.id, denial.id, "ben"))
    note = ben.add_annotation(new_annotation(document, 18, 25, "claim", "ben"))
    gone = db_links.add_link(ben, new_link(document.id, "characterizes", note.id, claim.id, "ben"))
    db_links.delete_link(ben, gone.id)
    same = db_links.add_link(ben, new_link(document.id, "same_claim", note.id, claim.id, "ben"))
    export(ben, "json", tmp_path / "ben.json")
    export(ben, "jsonl", tmp_path / "ben.jsonl")
    ben.close()
    return {"anas": anas.id, "bens": bens.id, "gone": gone.id, "same": same.id}


@pytest.mark.parametrize("source", SOURCES)
def test_links_made_before_renames_arrive_under_the_new_names(
    tmp_path: Path, store: Store, teammate_work: dict[str, str], source: str
) -> None:
    db_link_types.rename_link_type(store, "denies", "refutes")
    db_link_types.rename_link_type(store, "refutes", "rebuts")  # a chain: the first name follows
    db_link_types.rename_link_type(store, "characterizes", "describes")
    anas_before = db_links.link(store, teammate_work["anas"])
    report = import_paths(store, [tmp_path / source])
    assert not report.conflicts, report.conflicts
    assert _type_names(store) == ["rebuts", "describes", "same_claim", "corrects"]
    got = {lk.id: (lk.type, lk.deleted) for lk in db_links.links(store, include_deleted=True)}
    expected = {
        teammate_work["anas"]: ("rebuts", False),
        teammate_work["bens"]: ("rebuts", False),
        teammate_work["gone"]: ("describes", True),
        teammate_work["same"]: ("same_claim", False),
    }
    if source == "ben.jsonl":  # JSONL holds live links only: no tombstone to rename
        del expected[teammate_work["gone"]]
    assert got == expected
    assert db_links.link(store, teammate_work["anas"]) == anas_before  # our newer copy kept as it is
    (file_report,) = report.files
    assert file_report.structure["links of renamed types"] == (2 if source == "ben.jsonl" else 3)
    assert file_report.structure["links older"] == 1
    # Again: nothing changes, and the old names still do not come back.
    again = import_paths(store, [tmp_path / source])
    assert not again.conflicts and again.files[0].structure.get("links added", 0) == 0
    assert _type_names(store) == ["rebuts", "describes", "same_claim", "corrects"]


@pytest.mark.parametrize("source", SOURCES)
def test_a_rename_back_or_a_removal_merges_as_before(
    tmp_path: Path, store: Store, teammate_work: dict[str, str], source: str
) -> None:
    db_link_types.rename_link_type(store, "denies", "rebuts")
    db_link_types.rename_link_type(store, "rebuts", "denies")  # back: "rebuts" is no type nor alias now
    db_link_types.rename_link_type(store, "characterizes", "describes")
    db_link_types.remove_link_type(store, "describes")  # unused here: removed, its former name forgotten
    assert db_link_types.renamed_link_types(store) == {"rebuts": "denies"}
    report = import_paths(store, [tmp_path / source])
    assert not report.conflicts
    got = {lk.id: lk.type for lk in db_links.links(store, include_deleted=True)}
    assert got[teammate_work["bens"]] == "denies"
    if source == "ben.jsonl":  # JSONL holds live links only: the tombstone and its type stay out
        assert teammate_work["gone"] not in got
        assert _type_names(store) == ["denies", "same_claim", "corrects"]
        return
    # The removed type comes back with the teammate's link of it, as a removed type never renamed does.
    assert got[teammate_work["gone"]] == "characterizes"
    assert _type_names(store) == ["denies", "same_claim", "corrects", "characterizes"]


def test_a_brat_export_made_before_a_rename_lands_under_the_new_name(
    tmp_path: Path, store: Store, document: Document
) -> None:
    claim = store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    denial = store.add_annotation(new_annotation(document, 9, 17, "denial", "ana"))
    db_links.add_link(store, new_link(document.id, "denies", denial.id, claim.id, "ana"))
    export(store, "brat", tmp_path / "brat")
    with Store.open(tmp_path / "ours.db") as ours:
        db_link_types.rename_link_type(ours, "denies", "rebuts")
        import_paths(ours, [tmp_path / "brat"], annotator="ana")  # no --add-labels needed
        assert _type_names(ours) == ["rebuts", "characterizes", "same_claim", "corrects"]
        assert [lk.type for lk in db_links.links(ours)] == ["rebuts"]
    with Store.open(tmp_path / "other.db") as other:  # removed, never renamed: refused as before
        db_link_types.remove_link_type(other, "denies")
        with pytest.raises(ImportRefused, match="'denies'"):
            import_paths(other, [tmp_path / "brat"], annotator="ana")
