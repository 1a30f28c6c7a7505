"""Exporting a project: read one consistent snapshot of the store and hand its records to a format writer.

`export(store, fmt, out, *, document_id, annotator, label, progress)` is the one entry point of the
command line and the window. It checks the filters, opens a read snapshot (counts, documents and rows
agree even while another program writes), streams the selected annotations as records and feeds them to
the format's writer, into a file or folder that appears whole or not at all, or into a text stream.
The CSV, W3C and brat writers take records and know nothing of the store (see formats/records.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import partial
from itertools import groupby
from operator import itemgetter
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
from db.files import refuse_project_files
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Document
from factcheck.core.spans import check_label
from factcheck.services.formats import FORMATS, brat, csv_format, jsonl_format, project_json, w3c
from factcheck.services.formats.output import Progress, folder_output, reported, text_output
from factcheck.services.formats.records import Record

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
        # Replacing the project or a side file would lose it, or corrupt what a running app sees of it.
        refuse_project_files(out, store.path)
    sel = selection(
        store, document_id=document_id, annotator=annotator, label=label, include_deleted=fmt == "json"
    )
    with snapshot(store):
        if fmt == "brat":
            if not isinstance(out, Path):
                raise FactcheckError(
                    "brat writes a folder of files: give a folder to write to (--out FOLDER)."
                )
            with folder_output(out, keep_existing=("annotation.conf", "visual.conf")) as folder:
                return _brat(store, folder, sel, progress)
        with text_output(out, bom=fmt == "csv") as fh:
            return _STREAM_WRITERS[fmt](store, fh, sel, progress)


# -- feeding each writer ---------------------------------------------------------------------------


def _rows(
    store: Store,
    columns: Sequence[str],
    sel: Selection,
    progress: Progress | None,
    *,
    guard: bool = False,
    guarded: Collection[str] | None = None,
) -> Iterator[Record]:
    """The selected annotations as records, progress reported as they are consumed. The total is
    counted only when someone watches: a plain command-line export need not pay for the query."""
    rows = annotation_rows(store, columns, sel, guard=guard, guarded=guarded)
    return reported(rows, partial(count_annotations, store, sel), progress)


def _csv(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    rows = _rows(
        store,
        csv_format.RECORD_COLUMNS,
        sel,
        progress,
        guard=True,
        guarded=csv_format.FREE_TEXT,
    )
    return csv_format.write(rows, fh, guarded=True)


def _w3c(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    total = count_annotations(store, sel)
    rows = reported(annotation_rows(store, w3c.COLUMNS, sel), total, progress)
    return w3c.write(rows, fh, total=total)


def _brat(store: Store, folder: Path, sel: Selection, progress: Progress | None) -> int:
    return brat.write(_brat_documents(store, sel, progress), folder, store.labels())


def _brat_documents(
    store: Store, sel: Selection, progress: Progress | None
) -> Iterator[tuple[Document, list[Record]]]:
    """Documents with their selected annotations (in id order), then, unless the selection narrows the
    annotations, the selected documents without any, with none (their text still goes out)."""
    documents = {d.id: d for d in store.documents()}
    done: set[str] = set()
    for doc_id, group in groupby(_rows(store, brat.COLUMNS, sel, progress), key=itemgetter(0)):
        done.add(doc_id)
        yield documents[doc_id], list(group)
    if sel.selects_annotations:
        return  # as the JSON export: only the documents the selected tags are on
    wanted = documents.keys() if sel.document_ids is None else dict.fromkeys(sel.document_ids)
    for doc_id in wanted:
        if doc_id not in done and doc_id in documents:
            yield documents[doc_id], []


def _json(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    documents = store.documents()
    if sel.document_ids is not None:
        wanted = set(sel.document_ids)
        documents = [d for d in documents if d.id in wanted]
    if sel.selects_annotations:
        # Filtering by annotator or label: only the documents those annotations are on.
        having = document_ids_with_annotations(store, sel)
        documents = [d for d in documents if d.id in having]
    documents.sort(key=lambda d: d.id)  # the order the annotation query returns them in
    rows = _rows(store, project_json.ROW_KEYS, sel, progress)
    return project_json.write(fh, store.labels(), documents, rows)


def _jsonl(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    return jsonl_format.write(fh, _rows(store, jsonl_format.KEYS, sel, progress))


#: The formats written to one text stream.
_STREAM_WRITERS: dict[str, Callable[[Store, TextIO, Selection, Progress | None], int]] = {
    "csv": _csv,
    "json": _json,
    "jsonl": _jsonl,
    "w3c": _w3c,
}
