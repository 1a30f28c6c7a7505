"""Scheme edits (labels, link types) on a real SQLite file: redo, undo, redo leave exactly the rows they
should, and an undo refused (the project synced with a team since) changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from db import Store, sync_local
from db.errors import StoreError
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services import scheme_edits as edits
from factcheck.services.sync import STATE_URL

Rows = list[tuple[Any, ...]]


def _rows(store: Store) -> tuple[Rows, Rows, Rows]:
    db = store._db
    return (
        db.execute("SELECT * FROM labels ORDER BY name").fetchall(),
        db.execute("SELECT * FROM annotations ORDER BY id").fetchall(),
        db.execute("SELECT * FROM label_renames ORDER BY old").fetchall(),
    )


def test_rename_then_remove_undo_to_the_very_rows(store: Store, document: Document) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    gone = store.add_annotation(new_annotation(document, 9, 17, "claim", "ben"))
    store.delete_annotation(gone.id)
    start = _rows(store)
    rename = edits.RenameLabel("claim", "assertion")
    rename.redo(store)
    renamed = _rows(store)
    assert rename.renamed == 2 and renamed[2][0][:2] == ("claim", "assertion")
    remove = edits.RemoveLabel("assertion", force=True)
    remove.redo(store)
    assert _rows(store)[1] == [] and _rows(store)[2] == []
    remove.undo(store)
    assert _rows(store) == renamed
    rename.undo(store)
    assert _rows(store) == start
    rename.redo(store)
    assert _rows(store) == renamed  # the former names as the first rename left them (same time)


def test_removing_without_force_is_refused_with_tags(store: Store, document: Document) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    start = _rows(store)
    with pytest.raises(StoreError, match="Confirm"):
        edits.RemoveLabel("claim", force=False).redo(store)
    assert _rows(store) == start


def test_an_undo_refused_changes_nothing(store: Store) -> None:
    rename = edits.RenameLabel("claim", "assertion")
    rename.redo(store)
    renamed = _rows(store)
    # The project syncs with a team server since: its scheme is the team's, not renamed here.
    sync_local.set_state(store, {STATE_URL: "https://team.example"})
    with pytest.raises(StoreError, match="team server"):
        rename.undo(store)
    assert _rows(store) == renamed
