"""The JSON project format: lossless, the way teammates' work travels (see docs/formats.md).

    {"format": "factcheck", "version": 2, "labels": [{"name", "color", "shortcut", "role"}],
     "link_types": [{"name", "symmetric"}], "speakers": [{"id", "name", "kind", ...}],
     "documents": [{"id", "title", "source", "sha256", "text", "imported_at",
                    "annotations": [{"id", "label", "start", "end", "quote", "prefix", "suffix",
                                     "annotator", "note", "created_at", "updated_at", "deleted_at",
                                     "status", "reviewer", "reason", "reviewed_at", "orphaned",
                                     "fragments", "speaker", "source", "cue", "quotation"}],
                    "links": [{"id", "type", "from", "to", "annotator", "created_at",
                               "updated_at", "deleted_at"}],
                    "curated": {"curator", "curated_at"}}]}

Version 1 files (no link_types, speakers, links, nor the tags' structure keys) still import. A
document's "curated" (its curated mark) is written only when it has one; a reader that does not know
the key ignores it (it needs nothing from it), so it needs no new version.

Tombstoned annotations are written (with their deleted_at) so that a merge deletes them too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any, BinaryIO, TextIO

from factcheck.core.curated_marks import Mark, settled
from factcheck.core.errors import FactcheckError
from factcheck.core.links import Link, LinkType
from factcheck.core.model import FORMAT_VERSION, Document, Label, parse_fragments_json
from factcheck.core.speakers import Speaker
from factcheck.services.formats import json_stream
from factcheck.services.formats.json_text import dumps
from factcheck.services.formats.validate import (
    ANNOTATION_KEYS,
    CheckedAnnotations,
    Refusal,
    SeenIds,
    check_annotations,
    expect_list,
    expect_object,
    parse_document,
    parse_labels,
)
from factcheck.services.formats.validate_curated import CURATED, mark_dict, parse_mark
from factcheck.services.formats.validate_structure import (
    link_dict,
    link_type_dict,
    parse_link_types,
    parse_links,
    parse_speakers,
    speaker_dict,
)

FORMAT_NAME = "factcheck"
#: The columns of the rows `write` takes: the document id, then the annotation's keys.
ROW_KEYS = ("document_id", *ANNOTATION_KEYS)


def row_dict(keys: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """An exported row as its JSON object: SQLite's 0/1 `orphaned` becomes false/true."""
    d = dict(zip(keys, row, strict=True))
    d["orphaned"] = bool(d["orphaned"])
    if "fragments" in d:  # stored as JSON text (or NULL): a list in the file
        d["fragments"] = [list(p) for p in parse_fragments_json(d["fragments"])]
    return d


def write(
    fh: TextIO,
    labels: Iterable[Label],
    documents: Iterable[Document],
    rows: Iterable[Sequence[Any]],
    keys: Sequence[str] = ANNOTATION_KEYS,
    *,
    links: Mapping[str, Sequence[Link]] | None = None,
    speakers: Sequence[Speaker] = (),
    link_types: Sequence[LinkType] = (),
    tail: str = "",
    curated: Mapping[str, Mark] | None = None,
) -> int:
    """Write a project; the number of annotations written.

    rows: `ROW_KEYS` tuples (document id first), each document's rows together and in the order of
    documents (an export's query orders both by document id). A document without rows is written with
    an empty list; a row whose document is not among documents is an error (never dropped silently).
    keys: the annotation keys the rows hold after the document id; keys beyond the annotation's (the
    curated set's ``sources``) are written as given, and the reader ignores keys it does not know.
    links: per document id, its links; only those whose two ends are among the tags written go out.
    speakers and link_types: the project's (written before the documents, so a reader knows them).
    tail: more top-level keys after "documents", as JSON text starting with a comma (the claim cards).
    curated: the curated marks per document id: a marked document is written with its "curated".
    """
    fh.write(f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION},\n"labels": ')
    fh.write(
        dumps(
            [
                {"name": lab.name, "color": lab.color, "shortcut": lab.shortcut, "role": lab.role}
                for lab in labels
            ]
        )
    )
    fh.write(',\n"link_types": ' + dumps([link_type_dict(t) for t in link_types]))
    fh.write(',\n"speakers": [' + ",\n".join(dumps(speaker_dict(s)) for s in speakers) + "]")
    fh.write(',\n"documents": [')
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
        fh.write(("\n" if i == 0 else ",\n") + dumps(head)[:-1] + ', "annotations": [')
        ids: set[str] = set()
        if current is not None and current[0] == doc.id:
            dicts = [row_dict(keys, row[1:]) for row in current[1]]
            # One annotation per line: diffs between two exports stay readable.
            fh.write("\n" + ",\n".join(map(dumps, dicts)) + "\n")
            written += len(dicts)
            if links and links.get(doc.id):  # the ids, only where links must find their ends
                ids = {d["id"] for d in dicts}
            current = next(per_doc, None)
        fh.write("]")
        if links is not None:
            kept = [link_dict(lk) for lk in links.get(doc.id, ()) if lk.from_id in ids and lk.to_id in ids]
            fh.write(', "links": [' + ("\n" + ",\n".join(map(dumps, kept)) + "\n" if kept else "") + "]")
        mark = curated.get(doc.id) if curated else None
        if mark is not None:
            fh.write(f', "{CURATED}": ' + dumps(mark_dict(mark)))
        fh.write("}")
    if current is not None:  # the foreign key makes this impossible; never drop tags silently
        raise FactcheckError(f"Annotations refer to a missing document {current[0]!r}; nothing was written.")
    fh.write("\n]" + tail + "}\n")
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
    #: The file's speakers and link types: complete once `parts` has been read to its end (a file may
    #: list them after its documents).
    speakers: list[Speaker] = field(default_factory=list)
    link_types: list[LinkType] = field(default_factory=list)
    #: The other top-level values (the claim cards' keys), complete once `parts` is read to its end.
    extra: dict[str, Any] = field(default_factory=dict)
    #: The documents' curated marks, by the file's document id: complete once `parts` is read.
    curated: dict[str, Mark] = field(default_factory=dict)


def read(
    fh: BinaryIO,
    project_labels: Collection[str] | None = None,
    on_read: Callable[[int], object] | None = None,
) -> Reading:
    """Start reading a project file (binary, seekable); raises Refusal. project_labels: the labels the
    annotations may use (those of the project being imported into), else the file's own. on_read(bytes)
    is called as the file is read."""
    stream = json_stream.TextStream(fh, on_read)
    pairs = json_stream.top_level(stream, "documents")
    top: dict[str, Any] = {}
    documents: json_stream.Streamed | None = None
    for key, value in pairs:
        if isinstance(value, json_stream.Streamed):
            top[key] = []  # a list: its elements are read below
            if all(k in top for k in _HEADER_KEYS):
                documents = value
                break
            for _ in value.elements:  # the labels come after the documents: read on, then read again
                pass
        else:
            top[key] = value
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
    _refuse_lone_surrogates(stream, top, "the top level")
    labels = parse_labels(top)
    label_names: dict[str, object] = {lab.name: None for lab in labels}
    if project_labels is not None:
        label_names = {name: None for name in label_names if name in project_labels}
    expect_list(top, "documents", "the top level")
    if documents is None:  # read again from the start, the labels known now
        fh.seek(0)
        stream = json_stream.TextStream(fh, on_read)
        pairs = json_stream.top_level(stream, "documents")
        for _, value in pairs:
            if isinstance(value, json_stream.Streamed):
                documents = value
                break
    assert documents is not None  # "documents" is a list: it was seen above
    extra = {k: v for k, v in top.items() if k not in (*_HEADER_KEYS, "documents")}
    reading = Reading(labels, iter(()), parse_speakers(top), parse_link_types(top), extra)
    reading.parts = _parts(stream, documents, pairs, label_names, reading, version)
    return reading


def _parts(
    stream: json_stream.TextStream,
    documents: json_stream.Streamed,
    rest: Iterator[tuple[str, Any]],
    label_names: Mapping[str, object],
    reading: Reading,
    version: int,
) -> Iterator[tuple[Document, CheckedAnnotations]]:
    seen = SeenIds()
    known: dict[str, tuple[str, str, str]] = {}  # id -> sha256, title, source: a repeat must match
    for i, item in enumerate(documents.elements):
        where = f"documents[{i}]"
        obj = expect_object(item, where)
        doc = parse_document(obj, where)
        items = expect_list(obj, "annotations", where)
        links = parse_links(obj, where, doc.id) if version >= 2 else []
        mark = parse_mark(obj.get(CURATED), where)
        if mark is not None:  # the same document twice in a file: its marks settle as a merge does
            reading.curated[doc.id] = settled(reading.curated.get(doc.id), mark) or mark
        if stream.surrogate_escapes and json_stream.has_lone_surrogate(obj):
            raise Refusal(where, "a text holds an unpaired surrogate (\\uD8xx-\\uDFxx)")
        del item, obj
        earlier = known.setdefault(doc.id, (doc.sha256, doc.title, doc.source))
        if earlier != (doc.sha256, doc.title, doc.source):
            raise Refusal(where, f"the document id {doc.id!r} appears twice with different content")
        for first in range(0, max(len(items), 1), BATCH):
            part = items[first : first + BATCH]
            checked = check_annotations(part, _places(where, first), doc, label_names, seen)
            if first + BATCH >= len(items):  # a document's links ride with its last part
                checked.links = links
            yield doc, checked
    after: dict[str, Any] = {}
    for key, value in rest:  # the rest of the top level: read to its end (it must be JSON too)
        if isinstance(value, json_stream.Streamed):
            raise Refusal("the top level", f'the key "{key}" appears twice')
        _refuse_lone_surrogates(stream, value, f'"{key}"')
        after[key] = value
        reading.extra[key] = value
    if version >= 2:
        reading.speakers.extend(parse_speakers(after))
        reading.link_types.extend(parse_link_types(after))


def _refuse_lone_surrogates(stream: json_stream.TextStream, value: Any, where: str) -> None:
    """Refuse a lone surrogate anywhere in value (a speaker's name, a card's verdict): no text can be
    stored with one (SQLite's UTF-8), and the documents are not the only place a file holds text."""
    if stream.surrogate_escapes and json_stream.has_lone_surrogate(value):
        raise Refusal(where, "a text holds an unpaired surrogate (\\uD8xx-\\uDFxx)")


def _places(where: str, first: int) -> Callable[[int], str]:
    return lambda j: f"{where}.annotations[{first + j}]"
