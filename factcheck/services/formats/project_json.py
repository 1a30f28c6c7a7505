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
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any, BinaryIO, TextIO

import ijson

from factcheck.core.errors import FactcheckError
from factcheck.core.model import FORMAT_VERSION, Document, Label
from factcheck.services.formats import json_stream
from factcheck.services.formats.validate import (
    ANNOTATION_KEYS,
    CheckedAnnotations,
    Refusal,
    SeenIds,
    check_annotations,
    describe,
    expect_list,
    expect_object,
    parse_document,
    parse_labels,
)

FORMAT_NAME = "factcheck"
#: The columns of the rows `write` takes: the document id, then the annotation's keys.
ROW_KEYS = ("document_id", *ANNOTATION_KEYS)

_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def row_dict(keys: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """An exported row as its JSON object: SQLite's 0/1 `orphaned` becomes false/true."""
    d = dict(zip(keys, row, strict=True))
    d["orphaned"] = bool(d["orphaned"])
    return d


def write(
    fh: TextIO, labels: Iterable[Label], documents: Iterable[Document], rows: Iterable[Sequence[Any]]
) -> int:
    """Write a project; the number of annotations written.

    rows: `ROW_KEYS` tuples (document id first), each document's rows together and in the order of
    documents (an export's query orders both by document id). A document without rows is written with
    an empty list; a row whose document is not among documents is an error (never dropped silently).
    """
    fh.write(f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION},\n"labels": ')
    fh.write(_dumps([{"name": lab.name, "color": lab.color, "shortcut": lab.shortcut} for lab in labels]))
    fh.write(',\n"documents": [')
    keys = ANNOTATION_KEYS
    # Stream rows, grouped per document, into their document's "annotations" list.
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
            # One annotation per line: diffs between two exports stay readable.
            fh.write("\n" + ",\n".join(map(_dumps, dicts)) + "\n")
            written += len(dicts)
            current = next(per_doc, None)
        fh.write("]}")
    if current is not None:  # the foreign key makes this impossible; never drop tags silently
        raise FactcheckError(f"Annotations refer to a missing document {current[0]!r}; nothing was written.")
    fh.write("\n]}\n")
    return written


#: Annotations checked and handed on at a time (a document with more is handed on in parts).
BATCH = 20_000
_HEADER_KEYS = ("format", "version", "labels")


@dataclass
class Reading:
    """A project file being read: its labels, then its documents' annotations in checked parts (one
    document may come in several parts, and again further down the file). Iterating `parts` reads the
    file; a Refusal is raised where it goes wrong, so a caller that stores parts as they come must do
    so in one transaction."""

    labels: list[Label]
    parts: Iterator[tuple[Document, CheckedAnnotations]]


def read(
    fh: BinaryIO,
    project_labels: Collection[str] | None = None,
    on_read: Callable[[int], object] | None = None,
) -> Reading:
    """Start reading a project file (binary, seekable); raises Refusal. project_labels: the labels the
    annotations may use (those of the project being imported into), else the file's own. on_read(bytes)
    is called as the file is read."""
    top = _header(fh)
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
    if project_labels is not None:
        label_names = {name: None for name in label_names if name in project_labels}
    expect_list(top, "documents", "the top level")  # only its kind is known yet: a list
    fh.seek(0)
    return Reading(labels, _parts(json_stream.Source(fh, on_read), label_names))


def _parts(
    source: json_stream.Source, label_names: Mapping[str, object]
) -> Iterator[tuple[Document, CheckedAnnotations]]:
    seen = SeenIds()
    documents: dict[str, tuple[str, str, str]] = {}  # id -> sha256, title, source: a repeat must match
    for i, item in enumerate(json_stream.items(source, "documents.item")):
        where = f"documents[{i}]"
        obj = expect_object(item, where)
        doc = parse_document(obj, where)
        items = expect_list(obj, "annotations", where)
        del item, obj
        earlier = documents.setdefault(doc.id, (doc.sha256, doc.title, doc.source))
        if earlier != (doc.sha256, doc.title, doc.source):
            raise Refusal(where, f"the document id {doc.id!r} appears twice with different content")
        for first in range(0, max(len(items), 1), BATCH):
            part = items[first : first + BATCH]
            yield doc, check_annotations(part, _places(where, first), doc, label_names, seen)
    if source.lone_surrogate_line:
        raise json_stream.lone_surrogate(source.lone_surrogate_line)


def _places(where: str, first: int) -> Callable[[int], str]:
    return lambda j: f"{where}.annotations[{first + j}]"


def _header(fh: BinaryIO) -> dict[str, Any]:
    """The top level's format, version and labels, and whether "documents" is there: the value of
    "documents" is not built, but [] stands for a list and the value itself for anything else.
    Reads only as far as needed (factcheck writes these first)."""
    source = json_stream.Source(fh)
    top: dict[str, Any] = {}
    with json_stream.parsing(source):
        events = ijson.parse(source, use_float=True, buf_size=json_stream.CHUNK)
        _, event, value = next(events, ("", "end", None))
        if event != "start_map":
            raise Refusal(
                "the top level", f"expected an object, found {_describe_start(event, value, events)}"
            )
        for prefix, event, value in events:
            if prefix != "" or event != "map_key":
                continue  # the end of the top level
            key = value
            if key == "documents":
                _, event, value = next(events)
                if event == "start_array":
                    top[key] = []
                    if all(k in top for k in _HEADER_KEYS):
                        break
                    _skip(events, 1)
                else:
                    top[key] = _build(event, value, events)
            elif key in _HEADER_KEYS:
                _, event, value = next(events)
                top[key] = _build(event, value, events)
            else:
                _, event, value = next(events)
                if event in ("start_map", "start_array"):
                    _skip(events, 1)
    return top


def _build(event: str, value: Any, events: Iterator[tuple[str, str, Any]]) -> Any:
    """The JSON value that starts with (event, value), built from the events that follow."""
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1 if event in ("start_map", "start_array") else 0
    while depth:
        _, event, value = next(events)
        builder.event(event, value)
        depth += event in ("start_map", "start_array")
        depth -= event in ("end_map", "end_array")
    return builder.value


def _skip(events: Iterator[tuple[str, str, Any]], depth: int) -> None:
    while depth:
        _, event, _ = next(events)
        depth += event in ("start_map", "start_array")
        depth -= event in ("end_map", "end_array")


def _describe_start(event: str, value: Any, events: Iterator[tuple[str, str, Any]]) -> str:
    if event == "start_array":
        return "a list"
    if event == "end":
        return "nothing"
    return describe(value)
