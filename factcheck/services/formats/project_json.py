"""The JSON project format: lossless, the way teammates' work travels (see docs/formats.md).

    {"format": "factcheck", "version": 1, "labels": [{"name", "color", "shortcut"}],
     "documents": [{"id", "title", "source", "sha256", "text", "imported_at",
                    "annotations": [{"id", "label", "start", "end", "quote", "prefix", "suffix",
                                     "annotator", "note", "created_at", "updated_at", "deleted_at",
                                     "status", "reviewer", "reason", "reviewed_at", "orphaned"}]}]}

Tombstoned annotations are written (with their deleted_at) so that a merge deletes them too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, TextIO

from db import Store
from db.exports import Selection, annotation_rows, count_annotations, document_ids_with_annotations
from factcheck.core.bundle import Bundle
from factcheck.core.errors import FactcheckError
from factcheck.core.model import FORMAT_VERSION, Document, Label
from factcheck.services.formats.output import Progress, reported
from factcheck.services.formats.validate import (
    ANNOTATION_KEYS,
    CheckedAnnotations,
    Refusal,
    expect_list,
    expect_object,
    parse_annotations,
    parse_document,
    parse_labels,
)

FORMAT_NAME = "factcheck"

_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def row_dict(keys: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """An exported row as its JSON object: SQLite's 0/1 `orphaned` becomes false/true."""
    d = dict(zip(keys, row, strict=True))
    d["orphaned"] = bool(d["orphaned"])
    return d


def write(store: Store, fh: TextIO, selection: Selection, progress: Progress | None = None) -> int:
    documents = store.documents()
    if selection.document_ids is not None:
        wanted = set(selection.document_ids)
        documents = [d for d in documents if d.id in wanted]
    if selection.selects_annotations:
        # Filtering by annotator or label: only the documents those annotations are on.
        having = document_ids_with_annotations(store, selection)
        documents = [d for d in documents if d.id in having]
    documents.sort(key=lambda d: d.id)  # the order the annotation query returns them in

    fh.write(f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION},\n"labels": ')
    fh.write(
        _dumps([{"name": lab.name, "color": lab.color, "shortcut": lab.shortcut} for lab in store.labels()])
    )
    fh.write(',\n"documents": [')

    keys = ANNOTATION_KEYS
    rows = annotation_rows(store, ("document_id", *keys), selection)
    # Stream rows, grouped per document, into their document's "annotations" list.
    per_doc = groupby(
        reported(rows, lambda: count_annotations(store, selection), progress), key=itemgetter(0)
    )
    current = next(per_doc, None)
    written = 0
    for i, doc in enumerate(documents):
        head = {
            "id": doc.id,
            "title": doc.title,
            "source": doc.source,
            "sha256": doc.sha256,
            "text": doc.text,
            "imported_at": doc.imported_at,
        }
        fh.write(("\n" if i == 0 else ",\n") + _dumps(head)[:-1] + ', "annotations": [')
        if current is not None and current[0] == doc.id:
            dicts = [row_dict(keys, row[1:]) for row in current[1]]
            # One annotation per line: diffs between two exports stay readable.
            fh.write("\n" + ",\n".join(map(_dumps, dicts)) + "\n")
            written += len(dicts)
            current = next(per_doc, None)
        fh.write("]}")
    if current is not None:  # the foreign key makes this impossible; never drop tags silently
        raise FactcheckError(f"Annotations refer to a missing document {current[0]!r}; nothing was written.")
    fh.write("\n]}\n")
    return written


def parse(data: object, store: Store | None) -> Bundle:
    """A Bundle from decoded JSON, every value checked; raises Refusal."""
    top = expect_object(data, "the top level")
    fmt = top.get("format")
    if fmt != FORMAT_NAME:
        raise Refusal(
            "", f'it is not a factcheck export ("format" is {json.dumps(fmt)[:40]}, not "factcheck")'
        )
    version = top.get("version")
    if type(version) is not int:
        raise Refusal("the top level", f'"version" must be a whole number, not {json.dumps(version)[:40]}')
    if version > FORMAT_VERSION:
        raise Refusal(
            "",
            f"it was written by a newer factcheck (format version {version}; this one reads up to "
            f"{FORMAT_VERSION}). Update factcheck to import it",
        )
    if version < 1:
        raise Refusal("the top level", f"unknown format version {version}")
    labels = parse_labels(top)
    label_names: dict[str, object] = {lab.name: None for lab in labels}
    if store is not None:
        project = {lab.name for lab in store.labels()}
        label_names = {name: None for name in label_names if name in project}
    bundle = Bundle(labels=labels)
    seen: dict[str, tuple[Any, ...]] = {}
    checked: dict[str, tuple[Document, CheckedAnnotations]] = {}
    for i, item in enumerate(expect_list(top, "documents", "the top level")):
        where = f"documents[{i}]"
        obj = expect_object(item, where)
        doc = parse_document(obj, where)
        anns = parse_annotations(expect_list(obj, "annotations", where), where, doc, label_names, seen)
        if doc.id in checked:
            earlier, earlier_anns = checked[doc.id]
            if earlier.text != doc.text or earlier.title != doc.title or earlier.source != doc.source:
                raise Refusal(where, f"the document id {doc.id!r} appears twice with different content")
            earlier_anns.extend(anns)
            continue
        checked[doc.id] = (doc, anns)
    # A Sequence that reads like the list Bundle declares (merge_bundle takes its rows as they are).
    bundle.documents = [(doc, anns) for doc, anns in checked.values()]
    return bundle


# -- writing from records (the curated set) --------------------------------------------------------------


def write_records(
    fh: TextIO,
    labels: Iterable[Label],
    documents: Iterable[Document],
    rows: Iterable[Sequence[Any]],
    keys: Sequence[str],
) -> int:
    """Like `write`, from records instead of the store: rows are (document id, *values of keys), each
    document's together and in the order of documents. keys beyond the annotation's (``sources``) are
    written as given; the reader ignores keys it does not know, so such a file imports as usual."""
    fh.write(f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION},\n"labels": ')
    fh.write(_dumps([{"name": lab.name, "color": lab.color, "shortcut": lab.shortcut} for lab in labels]))
    fh.write(',\n"documents": [')
    per_doc = groupby(rows, key=itemgetter(0))
    current = next(per_doc, None)
    written = 0
    for i, doc in enumerate(documents):
        head = {
            "id": doc.id,
            "title": doc.title,
            "source": doc.source,
            "sha256": doc.sha256,
            "text": doc.text,
            "imported_at": doc.imported_at,
        }
        fh.write(("\n" if i == 0 else ",\n") + _dumps(head)[:-1] + ', "annotations": [')
        if current is not None and current[0] == doc.id:
            dicts = [row_dict(keys, row[1:]) for row in current[1]]
            fh.write("\n" + ",\n".join(map(_dumps, dicts)) + "\n")
            written += len(dicts)
            current = next(per_doc, None)
        fh.write("]}")
    if current is not None:
        raise FactcheckError(f"Annotations refer to a missing document {current[0]!r}; nothing was written.")
    fh.write("\n]}\n")
    return written
