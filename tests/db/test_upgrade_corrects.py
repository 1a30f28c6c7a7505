"""A project made before the `corrects` link type (schema up to m007) gains it when opened, after its
own link types; a type of that name the project made itself is kept as it is."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from db import Store, links
from db.migrations import APPLICATION_ID, migrations
from factcheck.core.links import LinkType


def _project_before_corrects(path: Path, *, own_types: list[tuple[str, int, int]]) -> None:
    with Database(str(path)) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.apply(db, stop_before="m012_corrects_link_type")
        with db.atomic():
            db.execute(
                "INSERT INTO labels (name, color, shortcut, position, role) "
                "VALUES ('claim', '#E69F00', '1', 0, 'content')"
            )
            db.conn.executemany(
                "INSERT INTO link_types (name, position, symmetric) VALUES (?, ?, ?)", own_types
            )


def test_an_upgraded_project_gains_corrects_after_its_own_link_types(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _project_before_corrects(path, own_types=[("supports", 7, 0)])
    with Store.open(path) as store:
        assert links.link_types(store) == [
            LinkType("denies", 0),
            LinkType("characterizes", 1),
            LinkType("same_claim", 2, symmetric=True),
            LinkType("supports", 7),
            LinkType("corrects", 8),
        ]
    assert list(tmp_path.glob("old.db.before-m012_corrects_link_type-*.bak"))  # backed up first


def test_a_projects_own_corrects_type_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _project_before_corrects(path, own_types=[("corrects", 5, 1)])
    with Store.open(path) as store:
        assert [t for t in links.link_types(store) if t.name == "corrects"] == [LinkType("corrects", 5, True)]


def test_a_new_project_has_corrects(store: Store) -> None:
    assert [t.name for t in links.link_types(store)] == ["denies", "characterizes", "same_claim", "corrects"]
