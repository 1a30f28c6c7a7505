"""The project's labels changed on a real file: add, rename (tags follow), recolour, key, order, remove."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from db import labels as db_labels
from db.errors import StoreError
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services import labels as labels_service
from factcheck.services.sync import STATE_URL


def _names(store: Store) -> list[str]:
    return [lab.name for lab in store.labels()]


def test_add_takes_a_free_colour_and_key_and_refuses_duplicates(store: Store) -> None:
    before = _names(store)
    used = {c.shortcut for c in store.labels()}
    lab = db_labels.add_label(store, "  verdict ")
    assert (lab.name, lab.shortcut) == ("verdict", next(k for k in "1234567890" if k not in used))
    assert lab.color not in {c.color for c in store.labels() if c.name != "verdict"}
    assert _names(store)[-1] == "verdict"
    with pytest.raises(StoreError, match="already"):
        db_labels.add_label(store, "Verdict")
    with pytest.raises(StoreError, match="key 1"):
        db_labels.add_label(store, "other", key="1")
    with pytest.raises(StoreError, match="one digit"):
        db_labels.add_label(store, "other", key="n")
    with pytest.raises(StoreError, match="not a colour"):
        db_labels.add_label(store, "other", color="red")
    assert _names(store) == [*before, "verdict"]


def test_rename_moves_every_tag_whoever_made_it(db_path: Path, store: Store, document: Document) -> None:
    mine = store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    theirs = store.add_annotation(new_annotation(document, 9, 17, "claim", "ben"))
    assert db_labels.rename_label(store, "claim", "assertion") == 2
    store.close()
    with Store.open(db_path) as again:
        assert _names(again)[0] == "assertion"
        assert {again.annotation(i).label for i in (mine.id, theirs.id)} == {"assertion"}  # type: ignore[union-attr]
        with pytest.raises(StoreError, match="already"):
            db_labels.rename_label(again, "assertion", "Denial")


def test_colour_key_and_order(store: Store) -> None:
    db_labels.set_color(store, "denial", "#112233")
    db_labels.set_key(store, "denial", "9")
    db_labels.reorder(store, ["characterization", "claim", "denial", "source", "cue"])
    assert store.labels()[2].color == "#112233" and store.labels()[2].shortcut == "9"
    assert _names(store) == ["characterization", "claim", "denial", "source", "cue"]
    with pytest.raises(StoreError, match="every label"):
        db_labels.reorder(store, ["claim"])
    db_labels.set_key(store, "claim", "")
    assert store.labels()[1].shortcut == ""


def test_remove_only_when_unused_or_forced(store: Store, document: Document) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    gone = store.add_annotation(new_annotation(document, 9, 17, "claim", "ana"))
    store.delete_annotation(gone.id)
    assert db_labels.usage(store)["claim"] == (1, 2)
    with pytest.raises(StoreError, match=r"1 tags? .*and 1 deleted"):
        db_labels.remove_label(store, "claim")
    assert "claim" in _names(store)
    assert db_labels.remove_label(store, "denial") == 0
    assert db_labels.remove_label(store, "claim", force=True) == 2
    assert _names(store) == ["characterization", "source", "cue"]
    assert store.annotations(include_deleted=True) == []
    with pytest.raises(StoreError, match="only label for content"):
        db_labels.remove_label(store, "characterization")


def test_a_synced_project_keeps_its_shared_labels(store: Store, document: Document) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    with store.atomic():
        from db import sync_local

        sync_local.set_state(store, {STATE_URL: "postgresql://team.example/factcheck"})
    with pytest.raises(StoreError, match="team server"):
        labels_service.rename_label(store, "claim", "assertion")
    with pytest.raises(StoreError, match="team server"):
        labels_service.remove_label(store, "claim", force=True)
    with pytest.raises(StoreError, match="bring 'denial' back"):
        labels_service.rename_label(store, "denial", "refutation")  # the server would send it back
    db_labels.set_color(store, "denial", "#112233")  # presentation stays each one's own
    assert _names(store) == ["claim", "denial", "characterization", "source", "cue"]


def test_work_made_before_a_rename_merges_under_the_new_name(
    tmp_path: Path, db_path: Path, store: Store, document: Document
) -> None:
    from factcheck.services.exporting import export
    from factcheck.services.importing import import_paths

    ours = store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    teammate = Store.open(tmp_path / "ben.db")
    teammate.add_document(document)
    teammate.put_annotation(ours)  # the copy they got of ana's tag, as it was
    theirs = teammate.add_annotation(new_annotation(document, 9, 17, "claim", "ben"))
    export(teammate, "json", tmp_path / "ben.json")
    export(teammate, "jsonl", tmp_path / "ben.jsonl")
    teammate.close()

    db_labels.rename_label(store, "claim", "assertion")
    db_labels.rename_label(store, "assertion", "statement")  # an older name follows the label
    assert db_labels.renamed_labels(store) == {"claim": "statement", "assertion": "statement"}
    for source in ("ben.json", "ben.jsonl", "ben.db"):
        report = import_paths(store, [tmp_path / source])
        assert not report.conflicts, source  # ana's own tag: unchanged, not a conflict
    assert {a.id: a.label for a in store.annotations()} == {ours.id: "statement", theirs.id: "statement"}
    assert "claim" not in {lab.name for lab in store.labels()}

    db_labels.add_label(store, "claim")  # the old name is a label of its own again: no alias
    assert db_labels.renamed_labels(store) == {"assertion": "statement"}
    db_labels.remove_label(store, "statement", force=True)
    assert db_labels.renamed_labels(store) == {}


@pytest.mark.parametrize(
    "name", ["red\x1b[31m", "rtl\u202eevil", "zero\u200bwidth", "two\nlines", "tab\tbed", "bell\x07"]
)
def test_a_name_that_does_not_read_as_it_is_is_refused(store: Store, name: str) -> None:
    """Escape sequences, direction overrides, invisible characters and line breaks: a label is shown in
    the window, in exports and on the team server (which refuses them too), so it must read as it is."""
    before = _names(store)
    with pytest.raises(StoreError, match="cannot hold control characters"):
        db_labels.add_label(store, name)
    with pytest.raises(StoreError, match="cannot hold control characters"):
        db_labels.rename_label(store, "claim", name)
    assert _names(store) == before
    assert db_labels.add_label(store, "  two   words ").name == "two words"  # plain spaces are tidied
    # The joiners some scripts spell words with (Persian "they say") are letters' business, not hidden.
    assert db_labels.add_label(store, "می\u200cگویند").name == "می\u200cگویند"


def test_a_name_taken_but_for_case_is_named_as_the_project_spells_it(store: Store) -> None:
    with pytest.raises(
        StoreError, match=r"has a label 'denial' already \('Denial' differs from it only in case"
    ):
        db_labels.rename_label(store, "claim", "Denial")
    with pytest.raises(StoreError, match=r"has a label 'denial' already \('DENIAL' differs"):
        db_labels.add_label(store, "DENIAL")
