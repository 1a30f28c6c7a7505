"""Exporting a project: read one consistent snapshot of the store and hand its records to a format writer.

`export(store, fmt, out, *, document_id, annotator, label, status, curated, min_agree, progress)` is the
one entry point of the command line and the window. It checks the filters, opens a read snapshot
(counts, documents and rows agree even while another program writes), streams the selected annotations
as records and feeds them to the format's writer, into a file or folder that appears whole or not at
all, or into a text stream.
The CSV, W3C and brat writers take records and know nothing of the store (see formats/records.py).

With ``curated`` the export is the curated set instead (factcheck.core.curation): the selected tags are
read document by document (the fields the rule reads only), curated, the quote, context and decision
read of the few sources the curated tags take them from, and the curated tags written a batch at a
time, with their sources where the format has room for them (JSON, JSONL, CSV).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import partial
from itertools import chain, groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, TextIO, cast

from db import Store, StoreError
from db.exports import (
    Selection,
    annotation_rows,
    count_annotations,
    count_curation_rows,
    curation_rows,
    document_fields,
    document_ids_with_annotations,
    has_annotations,
    rows_by_id,
    snapshot,
)
from db.files import refuse_project_files
from factcheck.core import spreadsheet
from factcheck.core.curation import (
    KEY_FIELDS,
    WIDE_FIELDS,
    CuratedTag,
    CurationTag,
    Decision,
    curated_tag,
    decide_document,
)
from factcheck.core.errors import FactcheckError
from factcheck.core.model import STRUCTURE_FIELDS, Document, Fragments
from factcheck.core.names import known_names
from factcheck.core.spans import check_label
from factcheck.core.spreadsheet import neutralize
from factcheck.services import export_structure
from factcheck.services.collector import collector_paused
from factcheck.services.exporting_claims import claims_tail, export_cards, export_claims
from factcheck.services.formats import (
    CLAIM_FORMATS,
    FORMATS,
    brat,
    csv_format,
    jsonl_format,
    project_json,
    w3c,
)
from factcheck.services.formats.brat_folder import brat_output
from factcheck.services.formats.brat_names import file_names
from factcheck.services.formats.json_text import dumps
from factcheck.services.formats.jsonl_format import MARK_KEYS
from factcheck.services.formats.output import Progress, reported, text_output
from factcheck.services.formats.records import DOCUMENT_FIELDS, Record
from factcheck.services.formats.validate import ANNOTATION_KEYS
from factcheck.services.structure_export import (
    CSV_STRUCTURE_COLUMNS,
    brat_extras,
    csv_structure,
    links_csv,
    pieces_text,
    w3c_structure,
)

Filter = str | Iterable[str] | None

#: What `status` may select: a reviewer's decision, or none yet.
STATUSES = ("accepted", "rejected", "unreviewed")


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
    status: Filter = None,
    include_deleted: bool = False,
) -> Selection:
    """The export's filters, checked: an unknown document, label, status or annotator (one who never made a
    tag or link here) is an error, not an empty file."""
    statuses = _values(status)
    if statuses == ():
        raise FactcheckError(f"No review status given; choose from {', '.join(STATUSES)}.")
    for name in statuses or ():
        if name not in STATUSES:
            raise FactcheckError(f"Unknown review status {name!r}; choose from {', '.join(STATUSES)}.")
    sel = Selection(
        _values(document_id), _values(annotator), _values(label), include_deleted, statuses=statuses
    )
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
    if sel.annotators:
        known = store.known_annotators()
        for name in sel.annotators:
            if name not in known:
                raise FactcheckError(
                    f"Nobody named {name!r} ever tagged in this project; {known_names(known, 'annotators')}."
                )
    return sel


def export(
    store: Store,
    fmt: str,
    out: Path | str | TextIO,
    *,
    document_id: Filter = None,
    annotator: Filter = None,
    label: Filter = None,
    status: Filter = None,
    curated: bool = False,
    min_agree: int | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the selected annotations in format fmt to out; the number of live annotations written.

    out: a file path (a folder for brat) or a text stream (standard output). Filters take one exact value
    or several; status: "accepted", "rejected", "unreviewed". Only the JSON project format carries deleted
    tags (tombstones, so that merges delete). curated: write the curated set of the selected documents
    and annotators' tags instead (labels filter what is written; min_agree: see factcheck.core.curation).
    progress(done, total) is called as annotations are written (curated: as tags are read).
    """
    if fmt in CLAIM_FORMATS:  # one object or row per claim card: the tag filters do not apply
        if any(f is not None for f in (document_id, annotator, label, status, min_agree)) or curated:
            raise FactcheckError(f"The {fmt} export takes every claim card: drop the tag filters.")
        return export_claims(store, fmt, out)
    if fmt not in FORMATS:
        raise FactcheckError(
            f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS + CLAIM_FORMATS)}."
        )
    if min_agree is not None and not curated:
        raise FactcheckError("--min-agree applies to the curated set only: add --curated.")
    if curated and fmt == "links-csv":
        raise FactcheckError("The curated set has no links: export links without --curated.")
    if curated and status is not None:
        raise FactcheckError(
            "--status does not combine with --curated: the curated set is decided by the review itself."
        )
    if min_agree is not None and (type(min_agree) is not int or min_agree < 1):
        raise FactcheckError(f"--min-agree must be a whole number of at least 1, not {min_agree!r}.")
    if isinstance(out, str | os.PathLike):
        out = Path(out)
        # Replacing the project or a side file would lose it, or corrupt what a running app sees of it.
        refuse_project_files(out, store.path)
    sel = selection(
        store,
        document_id=document_id,
        annotator=annotator,
        label=label,
        status=status,
        include_deleted=fmt == "json" and not curated,
    )
    if curated:
        return _export_curated(store, fmt, out, sel, min_agree, progress)
    with snapshot(store):
        if fmt == "brat":
            if not isinstance(out, Path):
                raise FactcheckError(
                    "brat writes a folder of files: give a folder to write to (--out FOLDER)."
                )
            with brat_output(out) as folder:
                return _brat(store, folder, sel, progress)
        # The JSON project format carries deleted tags as tombstones (so that merges delete them too):
        # they are written, but the count is of live tags, the count the window and `list` show.
        tombstones = _tombstones(store, sel) if fmt != "links-csv" else 0
        with text_output(out, bom=fmt in ("csv", "links-csv")) as fh:
            return _STREAM_WRITERS[fmt](store, fh, sel, progress) - tombstones


def _tombstones(store: Store, sel: Selection) -> int:
    if not sel.include_deleted:
        return 0
    return count_annotations(store, sel) - count_annotations(
        store, dataclasses.replace(sel, include_deleted=False)
    )


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
        (*csv_format.RECORD_COLUMNS, *CSV_STRUCTURE_COLUMNS),
        sel,
        progress,
        guard=True,
        guarded=csv_format.FREE_TEXT,
    )
    return csv_format.write(csv_structure(store, rows), fh, guarded=True, extra=csv_format.STRUCTURE)


def _w3c(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    count = count_annotations(store, sel)
    rows = reported(annotation_rows(store, w3c.FULL_COLUMNS, sel), count, progress)
    speakers, links, total = w3c_structure(store, sel, count)
    return w3c.write(rows, fh, total=total, speakers=speakers, links=links, full=True)


def _links_csv(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    return links_csv(store, fh, sel, progress)


def _brat(store: Store, folder: Path, sel: Selection, progress: Progress | None) -> int:
    links, speakers, link_types = brat_extras(store, sel)
    every = store.documents()
    documents = _brat_documents(store, every, sel, progress)
    return brat.write(
        documents,
        folder,
        store.labels(),
        links=links,
        speakers=speakers,
        link_types=link_types,
        names=file_names(every),  # of the whole project: a selection does not rename an article
        curated=store.curated_documents(),  # in the side file: the .ann files have no place for it
    )


def _brat_documents(
    store: Store, every: list[Document], sel: Selection, progress: Progress | None
) -> Iterator[tuple[Document, list[Record]]]:
    """Documents with their selected annotations (in id order), then, unless the selection narrows the
    annotations, the selected documents without any, with none (their text still goes out)."""
    documents = {d.id: d for d in every}
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


def _selected_documents(store: Store, sel: Selection) -> list[Document]:
    """The documents an export of sel holds, in id order (the order the annotation query returns)."""
    documents = store.documents()
    if sel.document_ids is not None:
        wanted = set(sel.document_ids)
        documents = [d for d in documents if d.id in wanted]
    if sel.selects_annotations:
        # Filtering by annotator or label: only the documents those annotations are on.
        having = document_ids_with_annotations(store, sel)
        documents = [d for d in documents if d.id in having]
    documents.sort(key=lambda d: d.id)
    return documents


def _json(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    documents = _selected_documents(store, sel)
    rows = _rows(store, project_json.ROW_KEYS, sel, progress)
    tail = claims_tail(store, sel, {d.id for d in documents})  # the claim cards, after the documents
    return project_json.write(
        fh,
        store.labels(),
        documents,
        rows,
        links=export_structure.selected_links(store, sel),
        speakers=export_structure.project_speakers(store, sel),
        link_types=export_structure.project_link_types(store),
        tail=tail,
        curated=store.curated_documents(),  # the team's note that a document is done travels with it
    )


def _jsonl(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    documents = _selected_documents(store, sel)
    cards = export_cards(store, sel, {d.id for d in documents})
    marks = store.curated_documents()
    return jsonl_format.write(
        fh,
        _rows(store, jsonl_format.KEYS, sel, progress),
        links=export_structure.selected_links(store, sel),
        speakers=export_structure.project_speakers(store, sel),
        documents={d.id: d for d in store.documents()},
        # the claim cards as in JSON (a card names only the tags the file carries); with the verdict scale
        # and organization only where there are cards: a file of tags alone stays one tag a line
        cards=cards if cards.records else None,
        # the documents' marks, as JSON writes them: a document without a tag line gets one of its own
        marked=[(d.id, d.sha256, d.title, *marks[d.id]) for d in documents if d.id in marks],
    )


#: The formats written to one text stream.
_STREAM_WRITERS: dict[str, Callable[[Store, TextIO, Selection, Progress | None], int]] = {
    "csv": _csv,
    "json": _json,
    "jsonl": _jsonl,
    "w3c": _w3c,
    "links-csv": _links_csv,
}


# -- the curated set -------------------------------------------------------------------------------

#: The key the curated set's JSON and JSONL add to each tag, and its CSV column.
SOURCES = "sources"
#: A discontinuous tag's pieces: a key of JSON and JSONL, a CSV column (before the sources), as for tags.
FRAGMENTS = "fragments"


def _export_curated(
    store: Store,
    fmt: str,
    out: Path | TextIO,
    sel: Selection,
    min_agree: int | None,
    progress: Progress | None,
) -> int:
    # Hundreds of thousands of rows and tuples go by, no cycles: the collector would only walk them (a
    # tenth of the time of a 300k-tag export).
    with snapshot(store), collector_paused():
        curated = _Curated(store, sel, min_agree, progress)
        if fmt == "brat":
            if not isinstance(out, Path):
                raise FactcheckError(
                    "brat writes a folder of files: give a folder to write to (--out FOLDER)."
                )
            with brat_output(out) as folder:
                columns = (*brat.BASE_COLUMNS, FRAGMENTS)
                documents = curated.per_document(columns)
                names = file_names(store.documents())
                return brat.write(
                    documents,
                    folder,
                    store.labels(),
                    columns=columns,
                    names=names,
                    curated=store.curated_documents(),
                )
        with text_output(out, bom=fmt == "csv") as fh:
            if fmt == "csv":
                extra = (FRAGMENTS, SOURCES, *MARK_KEYS)  # last: the earlier columns keep their places
                rows = curated.records((*csv_format.RECORD_COLUMNS, *extra), for_csv=True)
                return csv_format.write(rows, fh, guarded=True, extra=extra)
            if fmt == "json":
                keys = (*ANNOTATION_KEYS, SOURCES)
                rows = curated.records(("document_id", *keys))
                docs = curated.tagged_documents()  # in id order, as the rows come
                marks = store.curated_documents()  # each document's "curated", as the project format's
                return project_json.write(fh, store.labels(), docs, rows, keys, curated=marks)
            if fmt == "jsonl":
                keys = (*jsonl_format.KEYS, SOURCES)
                return jsonl_format.write(fh, curated.records(keys), keys, marked=curated.marked())
            # the structure columns w3c.item reads: the pieces (then no speaker nor quotation)
            return w3c.write(curated.records((*w3c.COLUMNS, *w3c.STRUCTURE[:3])), fh)


class _Curated:
    """The curated set of a selection, read from the store one document at a time.

    The tags of the selected documents and annotators (every label: the default agreement threshold
    counts everyone who tagged the document) are curated; the selection's labels filter what comes out.
    The documents are those somebody tagged: a document whose tags all fell out is still part of the set.
    """

    def __init__(self, store: Store, sel: Selection, min_agree: int | None, progress: Progress | None):
        self.store = store
        self.input = Selection(sel.document_ids, sel.annotators)
        self.labels = None if sel.labels is None else frozenset(sel.labels)
        self.min_agree = min_agree
        self.progress = progress
        #: Every document's fields that records carry (DOCUMENT_FIELDS), by id: not the texts, which
        #: only JSON and brat write, one document at a time.
        self.document_fields = document_fields(store, list(DOCUMENT_FIELDS.values()))

    def tagged_documents(self) -> Iterator[Document]:
        """The documents of the set, in id order: those somebody (of the selected annotators) tagged.
        Only JSON and brat write documents; each is looked up in the index as it is written."""
        for doc_id in sorted(self.document_fields):
            if has_annotations(self.store, doc_id, self.input):
                yield self.store.document(doc_id)

    def marked(self) -> list[jsonl_format.MarkedDocument]:
        """The marked documents of the set (in id order), as JSONL's document lines give them: the
        documents JSON writes with their mark, found without reading their texts."""
        marks = self.store.curated_documents()
        names = list(DOCUMENT_FIELDS.values())  # the fields `document_fields` read, in this order
        sha_at, title_at = names.index("sha256"), names.index("title")
        return [
            (doc_id, str(fields[sha_at]), str(fields[title_at]), *marks[doc_id])
            for doc_id, fields in sorted(self.document_fields.items())
            if doc_id in marks and has_annotations(self.store, doc_id, self.input)
        ]

    def tags(self) -> Iterator[CuratedTag]:
        """The curated tags, in document and span order."""
        return chain.from_iterable(self._batches())

    def _batches(self) -> Iterator[list[CuratedTag]]:
        """The curated tags, a batch at a time. The rule reads the key fields of every tag
        (`KEY_FIELDS`); the wide ones (quote, context, decision) are read after, by row id, only of the
        sources the curated tags take them from, one query for a batch (memory holds one document's
        tags and one batch). Lists, not tag after tag: the callers' per-tag loops stay in C."""
        rows: Iterable[tuple[object, ...]] = curation_rows(self.store, KEY_FIELDS, self.input, row_id=True)
        if self.progress is not None:
            rows = reported(rows, partial(count_curation_rows, self.store, self.input), self.progress)
        # Plain rows of the key fields (and the row id after) serve as CurationTags: curation reads them
        # by index, and only those fields.
        # Small documents' decisions gather into one batch; a large document's go in several.
        pending: list[Decision] = []
        for _, tags in groupby(cast(Iterable[CurationTag], rows), key=itemgetter(1)):
            decisions = decide_document(tags, self.min_agree, in_span_order=True)
            if self.labels is not None:
                decisions = [d for d in decisions if d.label in self.labels]
            pending += decisions
            while len(pending) >= _BATCH:
                yield self._made(pending[:_BATCH])
                del pending[:_BATCH]
        if pending:
            yield self._made(pending)

    def _made(self, decisions: list[Decision]) -> list[CuratedTag]:
        """The curated tags of decisions, their sources' wide fields read by row id (the last column):
        the first source's, and every source's of an accepted tag (`wide_sources`)."""
        ids = [_row_id(d.sources[0]) for d in decisions]
        ids += [_row_id(t) for d in decisions if d.accepted for t in d.sources[1:]]
        wide = rows_by_id(self.store, WIDE_FIELDS, ids)
        return [
            curated_tag(
                d, wide[_row_id(d.sources[0])], [wide[_row_id(t)] for t in d.sources] if d.accepted else None
            )
            for d in decisions
        ]

    def records(self, columns: Sequence[str], *, for_csv: bool = False) -> Iterator[Record]:
        """The curated tags as records of columns: annotation fields, document fields and ``sources``.

        for_csv: sources as text, and the formula guard applied to the text a person or an article
        wrote (document fields once per document). The rest cannot start a formula: ids are made here,
        the annotator is `curated`, the sources a JSON list, times checked by the store."""
        # Each tag is extended with its document's fields and its sources, then one itemgetter picks the
        # columns (per-column Python calls would cost more than the curation itself).
        # (the tag's own `sources` and `fragments` fields, last, are tuples: the extension replaces them
        # with their written forms: sources as JSON or text, fragments as stored, JSON text or None)
        # Curation decides spans and their pieces only: a curated tag carries no attribution.
        extended = (
            *CuratedTag._fields[:-2], "", "", *DOCUMENT_FIELDS, *MARK_KEYS,
            SOURCES, FRAGMENTS, *_OTHER_STRUCTURE,
        )  # fmt: skip
        pick = itemgetter(*(extended.index(c) for c in columns))
        guard = neutralize if for_csv else _same
        # The document's curated mark (who, when; None, None without one): researchers filter on it. The
        # curator's name is free text a person or a teammate's file gave: guarded in a CSV cell.
        marks = self.store.curated_documents()
        heads: dict[str, tuple[object, ...]] = {
            doc_id: tuple(map(guard, (*fields, *marks.get(doc_id, _NO_MARK))))
            for doc_id, fields in self.document_fields.items()
        }
        sources = _sources_text if for_csv else CuratedTag.source_dicts
        # fragments: in a CSV cell as the tags' export writes them ("10 20;30 40", "" when continuous)
        written, blank = (pieces_text, "") if for_csv else (_stored_pieces, None)
        single = len(columns) == 1
        free = [extended.index(c) for c in _GUARDED] if for_csv else []

        def rows(batch: list[CuratedTag]) -> list[Record]:
            out: list[Record] = []
            for tag in batch:
                pieces = tag[-1]
                stored = written(pieces) if pieces else blank
                full: list[Any] = [*tag, *heads[tag.document_id], sources(tag), stored, *_NO_STRUCTURE]
                for i in free:
                    value = full[i]
                    # neutralize() only where it may act: most cells start with a letter or digit
                    if value and value[0] in _MAY_GUARD:
                        full[i] = neutralize(value)
                row = pick(full)
                out.append((row,) if single else row)
            return out

        return chain.from_iterable(map(rows, self._batches()))

    def per_document(self, columns: Sequence[str]) -> Iterator[tuple[Document, list[Record]]]:
        """Every tagged document (in id order) with its curated records, possibly none."""
        groups = groupby(self.records(("document_id", *columns)), key=itemgetter(0))
        current = next(groups, None)
        for doc in self.tagged_documents():
            doc_id = doc.id
            rows: list[Record] = []
            if current is not None and current[0] == doc_id:
                rows = [row[1:] for row in current[1]]
                current = next(groups, None)
            yield doc, rows


#: Curated tags made at a time (one query reads their sources' wide fields). Small: a batch's tags,
#: rows and records are held at once (the export's peak memory of 300k tags: ~8 MB with 200, ~12 MB with
#: 800), and a query of 200 row ids costs little more per id than one of 900.
_BATCH = 200
#: A tag's row id, where `_Curated` reads it: after the key fields.
_row_id = itemgetter(len(KEY_FIELDS))
#: The structure fields besides `fragments`: a curated tag has none of them.
_OTHER_STRUCTURE = tuple(name for name in STRUCTURE_FIELDS if name != FRAGMENTS)
_NO_STRUCTURE = (None,) * len(_OTHER_STRUCTURE)
#: A document's mark fields when it has none.
_NO_MARK = (None, None)

#: First characters of a cell that the formula guard may change: it leaves any other cell as it is.
_MAY_GUARD = frozenset(spreadsheet.GUARD + spreadsheet.BLANKS)

#: The tag's own text fields that a person or an article wrote (guarded in a CSV cell); a label is a
#: name a person gave, which may start with `=` as well.
_GUARDED = ("document_id", "label", "quote", "note", "reviewer", "reason")


def _same(value: object) -> object:
    return value


def _stored_pieces(pieces: Fragments) -> str:
    """A curated tag's pieces as a record holds them (`Annotation.fragments_json`: JSON text)."""
    return "[" + ",".join(f"[{s},{e}]" for s, e in pieces) + "]"


def _sources_text(tag: CuratedTag) -> str:
    """The sources in one CSV cell, as JSON (a spreadsheet shows it, a script parses it)."""
    return dumps(tag.source_dicts())
