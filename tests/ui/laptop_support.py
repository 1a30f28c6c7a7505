"""alice's laptop, for the window tests of undo steps after identical tags (twins): the window's article
with QUOTE tagged there first, so that the tag the window makes next is the newer twin. The laptop reaches
the window through the team server or a merged file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from db import Store
from factcheck.core.model import Annotation
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.sync import sync
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow

QUOTE = "crime fell by 20%"


def laptop_tag(path: Path, db_path: Path) -> tuple[Store, Annotation]:
    """alice's laptop: the window's article, QUOTE tagged as a claim there (first: the older tag)."""
    with Store.open(db_path) as ours:
        (doc,) = ours.documents()
    laptop = Store.open(path)
    laptop.add_document(doc)
    start = doc.text.index(QUOTE)
    return laptop, laptop.add_annotation(
        new_annotation(doc, start, start + len(QUOTE), "claim", "alice"), doc.text
    )


@contextmanager
def synced_laptop(
    open_window: OpenWindow, team: Team, tmp_path: Path, db_path: Path
) -> Iterator[tuple[MainWindow, Store, Annotation]]:
    """alice's window, and her laptop's tag already on the team server (the window has not synced yet).
    Yields the window, the laptop's project (closed after) and its tag, the one a sync keeps."""
    window = open_window(annotator="alice")
    laptop, kept = laptop_tag(tmp_path / "laptop.db", db_path)
    try:
        assert not sync(laptop, team.url("alice")).refused
        yield window, laptop, kept
    finally:
        laptop.close()


def laptop_file(
    open_window: OpenWindow, tmp_path: Path, db_path: Path
) -> tuple[MainWindow, Path, Annotation]:
    """alice's window, and her laptop's project exported as a file to merge. Returns the window, the file
    and the laptop's tag, the one a merge keeps."""
    window = open_window(annotator="alice")
    laptop, kept = laptop_tag(tmp_path / "laptop.db", db_path)
    with laptop:
        export(laptop, "json", tmp_path / "laptop.json")
    return window, tmp_path / "laptop.json", kept
