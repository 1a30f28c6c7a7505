"""Exporting a project: read one consistent snapshot of the store and hand its records to a format writer.

`export(store, fmt, out, *, document_id, annotator, label, progress)` is the one entry point of the
command line and the window.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from db import Store
from db.files import refuse_project_files
from factcheck.services import formats
from factcheck.services.formats import Filter, selection
from factcheck.services.formats.output import Progress

__all__ = ["export", "selection"]


def export(
    store: Store,
    fmt: str,
    out: Path | str | TextIO,
    *,
    document_id: Filter = None,
    annotator: Filter = None,
    label: Filter = None,
    progress: Progress | None = None,
) -> int:
    """formats.export, after refusing an output that is, by any name, the project or one of its side
    files (replacing those would lose the project, or corrupt what a running app sees of it)."""
    if isinstance(out, str | os.PathLike):
        refuse_project_files(Path(out), store.path)
    return formats.export(
        store, fmt, out, document_id=document_id, annotator=annotator, label=label, progress=progress
    )
