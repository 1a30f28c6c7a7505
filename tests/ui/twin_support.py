"""What the window tests of undo steps after identical tags (twins) share: a teammate's file in which a tag
of ours is dropped as identical to another (what a team sync leaves in their project), merged in."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Annotation
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.ui.window_support import finish_operations
from ui.import_export import start_import
from ui.main_window import MainWindow


def teammate_dropping(window: MainWindow, tmp_path: Path, tag: Annotation, name: str = "teammate") -> Path:
    """A teammate's project file holding all we hold, but tag as a tombstone and an identical copy of it
    (another id, made first on another computer) live: what their sync left when it kept the copy."""
    ours = tmp_path / f"{name}-start.json"
    export(window.project.store, "json", ours)
    with Store.open(tmp_path / f"{name}.db") as theirs:
        import_paths(theirs, [ours], annotator=tag.annotator)
        doc = theirs.document(tag.document_id)
        theirs.delete_annotation(tag.id)
        made = new_annotation(doc, tag.start, tag.end, tag.label, tag.annotator)
        theirs.add_annotation(replace(made, created_at=tag.created_at[:4] + "-01-01T00:00:00.000000Z"))
        path = tmp_path / f"{name}.json"
        export(theirs, "json", path)
    return path


def merge_file(window: MainWindow, qtbot: QtBot, path: Path) -> None:
    """Import path into the window's project as the fact-checker does (File › Import), and wait for it."""
    job = start_import(window.feedback, window.project, [str(path)], window.annotator, report=False)
    assert job is not None
    finish_operations(qtbot, window)


def kept_for(window: MainWindow, tag: Annotation) -> Annotation:
    """The live tag identical to tag (which a merge dropped): what the steps naming tag act on now."""
    stored = window.project.store.annotation(tag.id)
    assert stored is not None and stored.deleted
    (kept,) = [
        t
        for t in window.project.store.annotations(tag.document_id)
        if (t.start, t.end, t.label, t.annotator, t.fragments)
        == (tag.start, tag.end, tag.label, tag.annotator, tag.fragments)
    ]
    assert kept.id != tag.id
    return kept
