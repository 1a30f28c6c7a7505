"""Adding, renaming, reordering and removing link types (db.link_types, factcheck.services.link_types)."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import link_types as db_link_types
from db import links as db_links
from db import sync_local
from db.errors import StoreError
from db.store import Store
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services import link_types as service
from factcheck.services.sync import STATE_URL


def _names(store: Store) -> list[str]:
    return [t.name for t in db_links.link_types(store)]


def _pair(store: Store, document: Document) -> tuple[Annotation, Annotation]:
    a = store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    b = store.add_annotation(new_annotation(document, 9, 17, "denial", "bob"))
    return a, b


def test_add_checks_the_name(store: Store) -> None:
    added = db_link_types.add_link_type(store, "  supports   it ", symmetric=True)
    assert (added.name, added.symmetric) == ("supports it", True)
    assert _names(store)[-1] == "supports it"
    with pytest.raises(StoreError, match="already"):
        db_link_types.add_link_type(store, "DENIES")
    with pytest.raises(StoreError, match="needs a name"):
        db_link_types.add_link_type(store, "   ")
    with pytest.raises(StoreError, match="control characters"):
        db_link_types.add_link_type(store, "bad\x1bname")
    with pytest.raises(StoreError, match="at most 60"):
        db_link_types.add_link_type(store, "x" * 61)
    assert _names(store) == ["denies", "characterizes", "same_claim", "corrects", "supports it"]


def test_rename_takes_the_links_along(store: Store, document: Document) -> None:
    a, b = _pair(store, document)
    live = db_links.add_link(store, new_link(document.id, "denies", b.id, a.id, "bob"))
    gone = db_links.add_link(store, new_link(document.id, "denies", a.id, b.id, "ana"))
    db_links.delete_link(store, gone.id)
    assert db_link_types.rename_link_type(store, "denies", "refutes") == 2
    assert _names(store)[0] == "refutes"
    renamed = db_links.link(store, live.id)
    assert renamed is not None and renamed.type == "refutes" and renamed.updated_at >= live.updated_at
    assert db_links.link(store, gone.id).type == "refutes"  # type: ignore[union-attr]
    with pytest.raises(StoreError, match="already"):
        db_link_types.rename_link_type(store, "refutes", "Same_Claim")
    with pytest.raises(StoreError, match="no link type 'denies'"):
        db_link_types.rename_link_type(store, "denies", "x")
    with pytest.raises(StoreError, match="built in"):
        db_link_types.rename_link_type(store, "corrects", "fixes")
    assert db_link_types.rename_link_type(store, "refutes", "Refutes") == 2  # its own name, another case


def test_reorder_and_symmetric(store: Store) -> None:
    db_link_types.reorder(store, ["same_claim", "corrects", "denies", "characterizes"])
    assert _names(store) == ["same_claim", "corrects", "denies", "characterizes"]
    with pytest.raises(StoreError, match="every link type"):
        db_link_types.reorder(store, ["denies"])
    db_link_types.set_symmetric(store, "denies", True)
    assert {t.name: t.symmetric for t in db_links.link_types(store)}["denies"] is True
    with pytest.raises(StoreError, match="directed"):
        db_link_types.set_symmetric(store, "corrects", True)


def test_remove_only_when_unused_or_forced(store: Store, document: Document) -> None:
    a, b = _pair(store, document)
    live = db_links.add_link(store, new_link(document.id, "denies", b.id, a.id, "bob"))
    assert db_link_types.usage(store)["denies"] == (1, 1)
    with pytest.raises(StoreError, match="1 link has the type 'denies'"):
        db_link_types.remove_link_type(store, "denies")
    assert "denies" in _names(store)
    assert db_link_types.remove_link_type(store, "characterizes") == 0
    assert db_link_types.remove_link_type(store, "denies", force=True) == 1
    assert _names(store) == ["same_claim", "corrects"]
    tomb = db_links.link(store, live.id)
    assert tomb is not None and tomb.deleted  # kept as a tombstone: no merge brings it back
    assert db_links.links(store, document.id) == []
    with pytest.raises(StoreError, match="built in"):
        db_link_types.remove_link_type(store, "corrects", force=True)


def test_a_synced_project_keeps_its_shared_link_types(store: Store, document: Document) -> None:
    a, b = _pair(store, document)
    db_links.add_link(store, new_link(document.id, "denies", b.id, a.id, "bob"))
    with store.atomic():
        sync_local.set_state(store, {STATE_URL: "postgresql://team.example/factcheck"})
    with pytest.raises(StoreError, match=r"team server.*and 1 link of the team's"):
        service.rename_link_type(store, "denies", "refutes")
    with pytest.raises(StoreError, match="team server"):
        service.remove_link_type(store, "same_claim", force=True)
    db_link_types.add_link_type(store, "supports")  # adding and ordering stay possible
    db_link_types.reorder(store, list(reversed(_names(store))))
    assert set(_names(store)) == {"denies", "characterizes", "same_claim", "corrects", "supports"}


def test_a_removed_types_tombstones_export_and_import(
    tmp_path: Path, store: Store, document: Document
) -> None:
    from factcheck.services.exporting import export
    from factcheck.services.importing import import_paths

    a, b = _pair(store, document)
    db_link_types.add_link_type(store, "supports")
    gone = db_links.add_link(store, new_link(document.id, "supports", b.id, a.id, "bob"))
    db_link_types.remove_link_type(store, "supports", force=True)
    out = tmp_path / "project.json"
    export(store, "json", out)
    with Store.open(tmp_path / "other.db") as other:
        import_paths(other, [out])
        tomb = db_links.link(other, gone.id)
        assert tomb is not None and tomb.deleted  # the tombstone travels; the type is not brought back
        assert "supports" not in _names(other)
    import_paths(store, [out])  # and back into the project that removed it
    assert "supports" not in _names(store)


def test_restoring_a_tag_leaves_links_of_a_removed_type_deleted(store: Store, document: Document) -> None:
    a, b = _pair(store, document)
    db_link_types.add_link_type(store, "supports")
    kept = db_links.add_link(store, new_link(document.id, "denies", a.id, b.id, "ana"))
    gone = db_links.add_link(store, new_link(document.id, "supports", a.id, b.id, "ana"))
    store.delete_annotation(a.id)  # tombstones ana's links from it
    db_link_types.remove_link_type(store, "supports")  # no live link has it now
    store.restore_annotation(a.id)
    assert [lk.id for lk in db_links.links(store, document.id)] == [kept.id]
    assert db_links.link(store, gone.id).deleted  # type: ignore[union-attr]
