"""Export formats (CSV, JSON, JSONL, W3C Web Annotation, brat) and the readers of our own JSON/JSONL.

`export(store, fmt, out, ...)` writes one format from one consistent snapshot of the store, to a file or
folder that appears whole or not at all, or to a text stream. Reading our own exports back:
`factcheck.services.reading`. See docs/formats.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from db import Store, StoreError
from db.exports import (
    Selection,
    annotation_rows,
    count_annotations,
    document_ids_with_annotations,
    snapshot,
)
from factcheck.core.errors import FactcheckError
from factcheck.core.spans import check_label
from factcheck.services.formats import brat, csv_format, jsonl_format, project_json, w3c
from factcheck.services.formats.output import Progress, folder_output, reported, text_output

FORMATS = ("csv", "json", "jsonl", "w3c", "brat")

#: The usual file name ending of each format ("" for brat: a folder).
EXTENSIONS = {"csv": ".csv", "json": ".json", "jsonl": ".jsonl", "w3c": ".jsonld", "brat": ""}

#: One-line descriptions (CLI help, file dialogs).
DESCRIPTIONS = {
    "csv": "CSV for spreadsheets, one row per tag",
    "json": "factcheck JSON project: lossless, for teammates and backups",
    "jsonl": "JSON Lines, one tag per line, for pandas and pipelines",
    "w3c": "W3C Web Annotation JSON-LD collection",
    "brat": "brat standoff folder (.txt and .ann per article)",
}

_STREAM_WRITERS = {
    "csv": csv_format.write,
    "json": lambda store, fh, sel, progress: _write_json(store, fh, sel, progress),
    "jsonl": lambda store, fh, sel, progress: _write_jsonl(store, fh, sel, progress),
    "w3c": w3c.write,
}

Filter = str | Iterable[str] | None


def _values(value: Filter) -> tuple[str, ...] | None:
    if value is None:
        return None
    values = (value,) if isinstance(value, str) else tuple(value)
    return tuple(dict.fromkeys(values))


def selection(
    store: Store,
    *,
    document_id: Filter = None,
    annotator: Filter = None,
    label: Filter = None,
    include_deleted: bool = False,
) -> Selection:
    """The export's filters, checked: an unknown document or label is an error, not an empty file."""
    sel = Selection(_values(document_id), _values(annotator), _values(label), include_deleted)
    for doc_id in sel.document_ids or ():
        try:
            store.document(doc_id)
        except StoreError:
            raise FactcheckError(
                f"There is no document with id {doc_id!r}; 'factcheck list' shows the documents."
            ) from None
    if sel.labels is not None:
        labels = store.labels()
        for name in sel.labels:
            check_label(name, labels)
    return sel


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
    """Write the selected annotations in format fmt to out; the number of annotations written.

    out: a file path (a folder for brat) or a text stream (standard output). Filters take one exact value
    or several. Only the JSON project format carries deleted tags (tombstones, so that merges delete).
    progress(done, total) is called as annotations are written.
    """
    if fmt not in FORMATS:
        raise FactcheckError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if isinstance(out, str | os.PathLike):
        out = Path(out)
    sel = selection(
        store, document_id=document_id, annotator=annotator, label=label, include_deleted=fmt == "json"
    )
    with snapshot(store):  # one snapshot: counts, documents and rows agree even if another program writes
        if fmt == "brat":
            if not isinstance(out, Path):
                raise FactcheckError(
                    "brat writes a folder of files: give a folder to write to (--out FOLDER)."
                )
            with folder_output(out, keep_existing=("annotation.conf", "visual.conf")) as folder:
                return brat.write(store, folder, sel, progress)
        with text_output(out, bom=fmt == "csv") as fh:
            return _STREAM_WRITERS[fmt](store, fh, sel, progress)


def _write_json(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    """The store's records for project_json.write (the exporting service is to own this)."""
    documents = store.documents()
    if sel.document_ids is not None:
        wanted = set(sel.document_ids)
        documents = [d for d in documents if d.id in wanted]
    if sel.selects_annotations:
        # Filtering by annotator or label: only the documents those annotations are on.
        having = document_ids_with_annotations(store, sel)
        documents = [d for d in documents if d.id in having]
    documents.sort(key=lambda d: d.id)  # the order the annotation query returns them in
    rows = annotation_rows(store, project_json.ROW_KEYS, sel)
    counted = reported(rows, lambda: count_annotations(store, sel), progress)
    return project_json.write(fh, store.labels(), documents, counted)


def _write_jsonl(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    rows = annotation_rows(store, jsonl_format.KEYS, sel)
    return jsonl_format.write(fh, reported(rows, lambda: count_annotations(store, sel), progress))


__all__ = ["DESCRIPTIONS", "EXTENSIONS", "FORMATS", "export", "selection"]
