"""JSONL: one annotation per line, with its document's id, sha256 and title (pandas, pipelines).

    {"document_id", "document_sha256", "document_title", "id", "label", "start", "end", "quote",
     "prefix", "suffix", "annotator", "note", "created_at", "updated_at", "deleted_at", "status",
     "reviewer", "reason", "reviewed_at", "orphaned"}

Lines carry no article text, so reading them back needs a project that holds the documents: each line's
document is found by sha256, then by id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from db import Store, StoreError
from db.exports import Selection, annotation_rows, count_annotations
from factcheck.core.bundle import Bundle
from factcheck.core.model import Annotation, Document
from factcheck.services.formats.output import Progress, chunked
from factcheck.services.formats.project_json import row_dict
from factcheck.services.formats.validate import (
    ANNOTATION_KEYS,
    Refusal,
    check_unique,
    describe,
    expect_object,
    expect_str,
    parse_annotation,
)

DOCUMENT_KEYS = ("document_id", "document_sha256", "document_title")
KEYS = DOCUMENT_KEYS + ANNOTATION_KEYS

_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def write(store: Store, fh: TextIO, selection: Selection, progress: Progress | None = None) -> int:
    rows = annotation_rows(store, KEYS, selection)
    written = 0
    for chunk in chunked(rows, lambda: count_annotations(store, selection), progress):
        fh.write("\n".join([_dumps(row_dict(KEYS, row)) for row in chunk]) + "\n")
        written += len(chunk)
    return written


def parse(text: str, store: Store | None) -> Bundle:
    """A Bundle from JSONL text; every line checked, every document found in store. Raises Refusal."""
    if store is None:
        raise Refusal(
            "", "JSONL lines carry no article text; import them into a project that has the articles"
        )
    labels = store.labels()
    label_names: dict[str, object] = {lab.name: None for lab in labels}
    bundle = Bundle(labels=labels)
    groups: dict[str, tuple[Document, list[Annotation]]] = {}
    resolved: dict[tuple[str, str], Document] = {}
    seen: dict[str, Annotation] = {}
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"line {n}"
        try:
            obj = expect_object(json.loads(line), where)
        except json.JSONDecodeError as exc:
            raise Refusal(where, f"it is not valid JSON ({exc.msg} at column {exc.colno})") from None
        except RecursionError:  # brackets nested thousands deep
            raise Refusal(where, "its brackets are nested too deeply to be a factcheck export") from None
        except ValueError:  # an integer of more than 4300 digits
            raise Refusal(where, "it holds a number too long to read (thousands of digits)") from None
        doc_id = expect_str(obj, "document_id", where, default="")
        sha256 = expect_str(obj, "document_sha256", where, default="")
        if not doc_id and not sha256:
            raise Refusal(where, 'the line names no document ("document_id" or "document_sha256")')
        doc = resolved.get((doc_id, sha256))
        if doc is None:
            doc = (store.document_by_sha256(sha256) if sha256 else None) or _by_id(store, doc_id)
            if doc is None:
                title = obj.get("document_title")
                name = describe(title) if isinstance(title, str) and title else repr(doc_id or sha256)
                raise Refusal(
                    where,
                    f"its document {name} is not in this project; import the article or a JSON export first",
                )
            resolved[(doc_id, sha256)] = doc
        ann = parse_annotation(obj, where, doc, label_names)
        if check_unique(ann, seen, where):
            groups.setdefault(doc.id, (doc, []))[1].append(ann)
    bundle.documents = list(groups.values())
    return bundle


def _by_id(store: Store, doc_id: str) -> Document | None:
    if not doc_id:
        return None
    try:
        return store.document(doc_id)
    except StoreError:
        return None


def write_records(fh: TextIO, rows: Iterable[Sequence[Any]], keys: Sequence[str]) -> int:
    """Like `write`, from records (the curated set): rows of keys (`KEYS`, then e.g. ``sources``)."""
    written = 0
    for chunk in chunked(rows, 0, None):
        fh.write("\n".join([_dumps(row_dict(keys, row)) for row in chunk]) + "\n")
        written += len(chunk)
    return written
