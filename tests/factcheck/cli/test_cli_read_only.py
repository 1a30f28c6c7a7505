"""Files on read-only media: a project can be read (list, export, agreement, backup), a teammate's
database with a -wal is imported, not called damaged."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from tests.db.test_teammate import fingerprint, make_teammate
from tests.helpers.disks import remount_read_only, small_disk


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "media", "8m") as folder:
        yield folder


@pytest.mark.parametrize(
    "verb",
    [
        ["list"],
        ["export", "--format", "csv"],
        ["export", "--format", "json", "--out", "{out}/x.json"],
        ["agreement"],
        ["backup", "{out}/copy.db"],
    ],
    ids=" ".join,
)
def test_a_project_on_read_only_media_can_be_read(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    project = media / "p.db"
    make_teammate(project, "ana", [("Critics", "denial")])
    remount_read_only(media)
    before = fingerprint(project)
    args = [a.replace("{out}", str(tmp_path)) for a in verb]
    assert main(["--db", str(project), *args]) == 0, capsys.readouterr().err
    assert fingerprint(project) == before


@pytest.mark.parametrize("with_shm", [False, True], ids=["wal only", "wal and shm"])
def test_a_teammate_database_with_a_wal_on_read_only_media_is_imported(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], with_shm: bool
) -> None:
    live = tmp_path / "live" / "bob.db"
    live.parent.mkdir()
    make_teammate(live, "bob", [("Critics", "denial")])
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE annotations SET note = 'in the wal only'")
    writer.commit()
    for suffix in ("", "-wal", *(("-shm",) if with_shm else ())):
        shutil.copyfile(f"{live}{suffix}", f"{media / 'bob.db'}{suffix}")
    writer.close()
    remount_read_only(media)
    project = tmp_path / "ours.db"
    code = main(["--db", str(project), "import", str(media / "bob.db")])
    assert code == 0, capsys.readouterr().err
    with Store.open(project) as store:
        assert [a.note for a in store.annotations()] == ["in the wal only"]
