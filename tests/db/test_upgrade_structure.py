"""A project made before links and speakers existed (schema up to m006) upgrades: backed up first, its
tags untouched and now continuous and unattributed, the source and cue labels added where free."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from db import Store, links, speakers
from db.migrations import APPLICATION_ID, migrations
from factcheck.core.links import new_link
from tests.helpers.dbfiles import integrity

T0 = "2024-01-01T00:00:00.000000Z"
TEXT = "Sergei Lavrov said that Trump accepted Putin's assertions. Tillerson said it was not clear."


def make_project_before_structure(path: Path, *, taken_key: str = "4", user_label: str = "") -> None:
    """A project as factcheck wrote it before the structure: migrations up to m006, the three default
    labels, one more label using the key 4 (and, optionally, a user's own label named like a new one)."""
    with Database(str(path)) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.apply(db, stop_before="m007_structure")
        with db.atomic():
            db.conn.executemany(
                "INSERT INTO labels (name, color, shortcut, position) VALUES (?, ?, ?, ?)",
                [
                    ("claim", "#E69F00", "1", 0),
                    ("denial", "#56B4E9", "2", 1),
                    ("characterization", "#CC79A7", "3", 2),
                    ("opinion", "#000000", taken_key, 3),
                    *([(user_label, "#111111", "", 4)] if user_label else []),
                ],
            )
            db.execute("INSERT INTO documents VALUES ('d1', 'Seed', 'seed.txt', ?, 'sha', ?)", [TEXT, T0])
            for tag_id, label, start, end in (("a1", "claim", 24, 57), ("a2", "denial", 74, 90)):
                db.execute(
                    'INSERT INTO annotations (id, document_id, label, start, "end", quote, annotator, '
                    "created_at, updated_at) VALUES (?, 'd1', ?, ?, ?, ?, 'alice', ?, ?)",
                    [tag_id, label, start, end, TEXT[start:end], T0, T0],
                )


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_an_existing_project_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    make_project_before_structure(path)
    before = _dump(path)
    with Store.open(path) as store:
        labels = {lab.name: (lab.shortcut, lab.role) for lab in store.labels()}
        assert labels == {
            "claim": ("1", "content"),
            "denial": ("2", "content"),
            "characterization": ("3", "content"),
            "opinion": ("4", "content"),
            "source": ("", "source"),  # its key 4 was taken: none, rather than two labels on one key
            "cue": ("5", "cue"),
        }
        claim = store.annotation("a1")
        assert claim is not None and claim.quote == "Trump accepted Putin's assertions"
        assert (claim.fragments, claim.speaker, claim.source, claim.cue, claim.quotation) == (
            (),
            None,
            None,
            None,
            None,
        )
        # The new structure works on the upgraded project.
        made = links.add_link(store, new_link("d1", "denies", "a2", "a1", "alice"))
        assert links.links(store, "d1") == [made]
        assert [t.name for t in links.link_types(store)] == ["denies", "characterizes", "same_claim"]
        assert speakers.speakers(store) == []
    (backup,) = tmp_path.glob("team.db.before-m007_structure-*.bak")
    assert integrity(backup) == "ok" and _dump(backup) == before  # the old project, exactly
    Store.open(path).close()  # opening again upgrades nothing and backs nothing up
    assert len(list(tmp_path.glob("*.bak"))) == 1


def test_a_users_own_label_named_source_is_kept_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    make_project_before_structure(path, taken_key="9", user_label="source")
    with Store.open(path) as store:
        labels = {lab.name: (lab.color, lab.shortcut, lab.role) for lab in store.labels()}
    assert labels["source"] == ("#111111", "", "content")  # theirs, not replaced by ours
    assert labels["cue"] == ("#D55E00", "5", "cue")
