"""A renamed link type's former names are remembered (db.link_types, db.renames), as a label's are:
chains, a rename back, a name added anew, a removal, and the built-in `corrects` left alone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import labels as db_labels
from db import link_types as db_link_types
from db import links as db_links
from db.errors import StoreError
from db.migrations import known_names
from db.store import Store
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation


def test_the_migration_after_the_label_renames_makes_the_table(db_path: Path, store: Store) -> None:
    names = known_names()
    assert names.index("m014_link_type_renames") == names.index("m013_claim_indexes") + 1
    store.close()
    with sqlite3.connect(db_path) as raw:
        columns = [r[1] for r in raw.execute("PRAGMA table_info(link_type_renames)")]
    assert columns == ["old", "new", "renamed_at"]


def test_a_rename_is_remembered_through_chains_and_back(store: Store) -> None:
    assert db_link_types.renamed_link_types(store) == {}
    db_link_types.rename_link_type(store, "denies", "refutes")
    assert db_link_types.renamed_link_types(store) == {"denies": "refutes"}
    db_link_types.rename_link_type(store, "refutes", "rebuts")  # an older name follows the type
    assert db_link_types.renamed_link_types(store) == {"denies": "rebuts", "refutes": "rebuts"}
    db_link_types.rename_link_type(store, "rebuts", "denies")  # back: the name in use is no alias
    assert db_link_types.renamed_link_types(store) == {"refutes": "denies", "rebuts": "denies"}
    db_link_types.rename_link_type(store, "denies", "denies")  # no change, nothing remembered
    assert db_link_types.renamed_link_types(store) == {"refutes": "denies", "rebuts": "denies"}
    # Labels keep their own former names: the two never mix.
    assert db_labels.renamed_labels(store) == {}
    db_labels.rename_label(store, "claim", "assertion")
    assert db_labels.renamed_labels(store) == {"claim": "assertion"}
    assert db_link_types.renamed_link_types(store) == {"refutes": "denies", "rebuts": "denies"}


def test_a_former_name_added_anew_or_a_removed_type_forget_the_alias(
    store: Store, document: Document
) -> None:
    db_link_types.rename_link_type(store, "denies", "rebuts")
    db_link_types.rename_link_type(store, "characterizes", "describes")
    db_link_types.add_link_type(store, "denies")  # a type of its own again
    assert db_link_types.renamed_link_types(store) == {"characterizes": "describes"}
    a = store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    b = store.add_annotation(new_annotation(document, 9, 17, "denial", "ana"))
    db_links.add_link(store, new_link(document.id, "describes", b.id, a.id, "ana"))
    with pytest.raises(StoreError, match="Confirm"):  # refused: the alias stays with the type
        db_link_types.remove_link_type(store, "describes")
    assert db_link_types.renamed_link_types(store) == {"characterizes": "describes"}
    db_link_types.remove_link_type(store, "describes", force=True)
    assert db_link_types.renamed_link_types(store) == {}


def test_corrects_is_never_renamed_nor_an_alias(store: Store) -> None:
    with pytest.raises(StoreError, match="built in"):
        db_link_types.rename_link_type(store, "corrects", "fixes")
    with pytest.raises(StoreError, match="already"):
        db_link_types.rename_link_type(store, "denies", "corrects")
    assert db_link_types.renamed_link_types(store) == {}
    assert "corrects" in {t.name for t in db_links.link_types(store)}
