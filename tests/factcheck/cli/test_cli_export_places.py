"""Exports into places that already hold things: all targets checked first, stale partials cleaned."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under folder: a file's sha256, or 'folder'."""
    return {
        str(p.relative_to(folder)): "folder" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def project(store: Store, db_path: Path) -> Path:
    for i in range(3):
        doc, _ = store.add_document(Document.create(f"Article number {i} says something.", title=f"A{i}"))
        store.add_annotation(new_annotation(doc, 0, 7, "claim", "ana"))
    store.close()
    return db_path


def test_a_brat_export_that_cannot_replace_a_file_replaces_none(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "brat"
    assert main(["--db", str(project), "export", "--format", "brat", "--out", str(folder)]) == 0
    # The last file in name order becomes a folder: every file before it would be replaced first.
    last = max(p for p in folder.iterdir() if p.suffix in (".txt", ".ann"))
    last.unlink()
    last.mkdir()
    (last / "mine").write_text("keep me", encoding="utf-8")
    with Store.open(project) as store:  # the next export differs in every .ann
        for doc in store.documents():
            store.add_annotation(new_annotation(doc, 8, 14, "denial", "ben"))
    before = snapshot(folder)
    capsys.readouterr()
    assert main(["--db", str(project), "export", "--format", "brat", "--out", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"factcheck: Cannot write the folder {folder}: {last.name} in it is a folder, where a file must go; "
        "nothing was written. Move it away, or export to a new folder.\n"
    )
    assert snapshot(folder) == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_partials_of_exports_killed_earlier_are_removed_by_the_next_export(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tags.json"
    # A real export killed mid-way (SIGKILL): it leaves its hidden partial file behind.
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from db import Store
        from factcheck.services.exporting import export
        def stop(done, total):
            print("writing", flush=True)
            time.sleep(60)
        export(Store.open({str(project)!r}), "json", __import__("pathlib").Path({str(out)!r}), progress=stop)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    killed = [p.name for p in tmp_path.iterdir() if p.name.startswith(".tags.json.")]
    assert len(killed) == 1 and killed[0].endswith(".partial")
    # One of an earlier version (no process id), a folder of a killed brat export, and one being
    # written right now by a live process (ours here), which must stay.
    (tmp_path / ".tags.json.0123abcd.partial").write_text("old", encoding="utf-8")
    (tmp_path / f".brat.{child.pid}-0123abcd.partial").mkdir()
    (tmp_path / f".brat.{child.pid}-0123abcd.partial" / "x.txt").write_text("x", encoding="utf-8")
    live = tmp_path / f".tags.json.{os.getpid()}-89abcdef.partial"
    live.write_text("busy", encoding="utf-8")
    mine = tmp_path / ".tags.json.notes.partial"  # not of our naming: not ours to remove
    mine.write_text("user file", encoding="utf-8")
    assert main(["--db", str(project), "export", "--format", "json", "--out", str(out)]) == 0
    assert main(["--db", str(project), "export", "--format", "brat", "--out", str(tmp_path / "brat")]) == 0
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert left == sorted([live.name, mine.name])
