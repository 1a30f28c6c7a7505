"""Export formats (CSV, JSON, JSONL, W3C Web Annotation, brat) and the readers of our own JSON/JSONL.

`export(store, fmt, out, ...)` writes one format from one consistent snapshot of the store, to a file or
folder that appears whole or not at all, or to a text stream. `read_bundle(path, store=None)` reads a
factcheck JSON or JSONL export into a `Bundle`, refusing (ImportRefused, one line naming the file) any
file that is not exactly right; it stores nothing. See docs/formats.md.
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from db import Store, StoreError
from db.exports import Selection, snapshot
from factcheck.core.bundle import Bundle
from factcheck.core.errors import FactcheckError, ImportRefused
from factcheck.core.spans import check_label
from factcheck.services.formats import brat, csv_format, jsonl_format, project_json, w3c
from factcheck.services.formats.output import Progress, folder_output, text_output
from factcheck.services.formats.validate import Refusal

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
    "json": project_json.write,
    "jsonl": jsonl_format.write,
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


# -- reading our own exports back ----------------------------------------------------------------

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def read_bundle(path: Path | str, store: Store | None = None) -> Bundle:
    """A factcheck JSON (.json) or JSONL (.jsonl, .ndjson) export, fully checked; nothing is stored.

    With store, the labels used must be the project's too, and JSONL lines find their documents there.
    Raises ImportRefused with one line naming the file and what is wrong.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"Cannot import {path}: {exc.strerror or exc}.") from exc

    def refuse(problem: str) -> ImportRefused:
        return ImportRefused(f"Cannot import {path}: {problem}; nothing was imported.")

    if not raw or raw.isspace():  # isspace() stops at the first other byte; strip() would copy it all
        raise refuse("the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(f"it is not UTF-8 text (undecodable byte at position {exc.start})") from None
    try:
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            bundle = jsonl_format.parse(text, store)
        else:
            bundle = project_json.parse(_load_json(text), store)
        if _SURROGATE_ESCAPE.search(text):
            _check_encodable(bundle)
    except Refusal as exc:
        raise refuse(str(exc)) from None
    bundle.source = str(path)
    return bundle


def _load_json(text: str) -> object:
    # The parsed tree holds no cycles, yet building it triggers full collections that rescan every
    # object made so far: pausing the collector makes reading a 100k-tag export ~15% faster.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise Refusal("", "the JSON ends too early (the file is truncated)") from None
        raise Refusal(
            "", f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except (RecursionError, ValueError) as exc:
        raise Refusal("", f"it is not valid JSON ({type(exc).__name__})") from None
    finally:
        if collecting:
            gc.enable()


def _check_encodable(bundle: Bundle) -> None:
    """JSON's \\uD800 escapes can give half a UTF-16 pair, which is not text (SQLite would refuse it)."""
    for doc, anns in bundle.documents:
        for where, value in (("document", doc), *(("annotation", a) for a in anns)):
            try:
                json.dumps(value.__dict__, ensure_ascii=False, default=str).encode("utf-8")
            except UnicodeEncodeError:
                raise Refusal(
                    f"{where} {getattr(value, 'id', '')!r}",
                    "a text holds an unpaired surrogate (\\uD8xx-\\uDFxx)",
                ) from None


__all__ = ["DESCRIPTIONS", "EXTENSIONS", "FORMATS", "Bundle", "export", "read_bundle", "selection"]
