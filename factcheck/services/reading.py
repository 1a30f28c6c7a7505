"""Reading a factcheck JSON or JSONL export: checked records, nothing stored.

`read_export(path, store)` reads a file as it goes (a 450 MB export in flat memory): its labels, then
checked parts (document, annotations) that an import stores inside its transaction as they come.
`read_bundle(path, store=None)` collects them into one `Bundle`. Both refuse (ImportRefused, one line
naming the file and the place) any file that is not exactly right. See docs/formats.md.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from db import Store, StoreError
from db.labels import renamed_labels
from factcheck.core.bundle import Bundle
from factcheck.core.claims import ClaimsPart
from factcheck.core.curated_marks import Mark
from factcheck.core.errors import ImportRefused
from factcheck.core.links import Link, LinkType
from factcheck.core.model import Annotation, Document, Label
from factcheck.core.speakers import Speaker
from factcheck.services.collector import collector_paused
from factcheck.services.formats import claims_json, jsonl_format, project_json
from factcheck.services.formats.validate import (
    ANNOTATION_KEYS,
    CheckedAnnotations,
    Refusal,
    SeenIds,
    check_annotations,
)
from factcheck.services.formats.validate_curated import parse_mark

__all__ = ["JSONL_SUFFIXES", "Export", "check_bundle", "read_bundle", "read_export"]

JSONL_SUFFIXES = (".jsonl", ".ndjson")

Part = tuple[Document, CheckedAnnotations]


@dataclass
class Export:
    """An export being read: labels, then its parts as they are read (ImportRefused where it goes wrong)."""

    path: Path
    size: int
    labels: list[Label]
    parts: Iterator[Part]
    #: The file's speakers and link types, complete once parts were read to the end.
    speakers: list[Speaker] = field(default_factory=list)
    link_types: list[LinkType] = field(default_factory=list)
    #: The other top-level values of a JSON export (the claim cards), complete once parts are read.
    extra: dict[str, Any] = field(default_factory=dict)
    #: A JSONL export's claim cards, read line by line with the parts.
    cards: claims_json.CardReader | None = None
    #: The documents' curated marks (a JSON export's, by the file's document id; a JSONL export's, by the
    #: project's), complete once parts are read.
    curated: dict[str, Mark] = field(default_factory=dict)

    def claims(self) -> ClaimsPart | None:
        """The claim cards of the export (read them after the parts), checked; ImportRefused if bad."""
        if self.cards is not None:
            part = self.cards.result()
            # A JSONL card names only the tags its file carries: each must be here once they are stored.
            part.tag_places = {**self.cards.places}
            return part or None
        try:
            return claims_json.read(self.extra)
        except Refusal as exc:
            raise _refused(self.path, str(exc)) from None


def _refused(path: Path, problem: str) -> ImportRefused:
    return ImportRefused(f"Cannot import {path}: {problem}; nothing was imported.")


@contextlib.contextmanager
def read_export(
    path: Path | str, store: Store | None = None, on_read: Callable[[int], object] | None = None
) -> Iterator[Export]:
    """The export at path, open for reading (closed on leaving). With store, the labels used must be the
    project's too, and JSONL lines find their documents there. on_read(bytes) is called as it is read."""
    path = Path(path)
    try:
        fh = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRefused(f"Cannot import {path}: {exc.strerror or exc}.") from exc
    with fh:
        speakers: list[Speaker] = []
        link_types: list[LinkType] = []
        cards: claims_json.CardReader | None = None
        curated: dict[str, Mark] = {}
        try:
            extra: dict[str, Any] = {}
            if path.suffix.lower() in JSONL_SUFFIXES:
                cards = claims_json.CardReader()
                labels, parts = _jsonl(fh, store, on_read, speakers, cards, curated)
            else:
                # Names a label had before a rename here are accepted: the merge files them under the new one.
                project = (
                    None
                    if store is None
                    else {lab.name for lab in store.labels()} | set(renamed_labels(store))
                )
                reading = project_json.read(fh, project, on_read)
                labels, parts, extra = reading.labels, reading.parts, reading.extra
                speakers, link_types = reading.speakers, reading.link_types
                curated = reading.curated
        except Refusal as exc:
            raise _refused(path, str(exc)) from None
        except OSError as exc:
            raise _refused(path, f"it could not be read ({exc.strerror or exc})") from exc
        yield Export(
            path, size, labels, _translated(path, parts), speakers, link_types, extra, cards, curated
        )


def _label_names(store: Store) -> set[str]:
    """The labels a file may use: the project's, and the names they had before a rename here (the merge
    files those tags under the new name)."""
    return {lab.name for lab in store.labels()} | set(renamed_labels(store))


def _translated(path: Path, parts: Iterator[Part]) -> Iterator[Part]:
    try:
        yield from parts
    except Refusal as exc:
        raise _refused(path, str(exc)) from None
    except OSError as exc:
        raise _refused(path, f"it could not be read ({exc.strerror or exc})") from exc


def _jsonl(
    fh: BinaryIO,
    store: Store | None,
    on_read: Callable[[int], object] | None,
    speakers: list[Speaker],
    cards: claims_json.CardReader,
    curated: dict[str, Mark],
) -> tuple[list[Label], Iterator[Part]]:
    if store is None:
        raise Refusal(
            "", "JSONL lines carry no article text; import them into a project that has the articles"
        )
    labels = store.labels()

    def find_document(doc_id: str, sha256: str) -> Document | None:
        found = store.document_by_sha256(sha256) if sha256 else None
        if found is None and doc_id:
            try:
                found = store.document(doc_id)
            except StoreError:
                return None
        return found

    names = [lab.name for lab in labels] + list(renamed_labels(store))
    return labels, jsonl_format.read(fh, find_document, names, on_read, speakers, cards, curated)


def read_bundle(path: Path | str, store: Store | None = None) -> Bundle:
    """A factcheck JSON (.json) or JSONL (.jsonl, .ndjson) export, fully checked; nothing is stored.

    With store, the labels used must be the project's too, and JSONL lines find their documents there.
    Raises ImportRefused with one line naming the file and what is wrong.
    """
    # The collector paused as an import pauses it: every part is kept, and each collection would walk
    # them all again (a 100k-tag file read in 1.3 s instead of 0.6 s).
    with read_export(path, store) as export, collector_paused():
        documents: dict[str, tuple[Document, CheckedAnnotations]] = {}
        for doc, anns in export.parts:
            earlier = documents.get(doc.id)
            if earlier is None:
                documents[doc.id] = (doc, anns)
            else:
                earlier[1].extend(anns)  # the same document again further down the file
        return Bundle(
            labels=export.labels,
            documents=list(documents.values()),
            source=str(export.path),
            links={
                doc_id: [lk for lk, _ in anns.links] for doc_id, (_, anns) in documents.items() if anns.links
            },
            speakers=export.speakers,
            link_types=export.link_types,
            claims=export.claims(),
            curated=export.curated,
        )


def check_bundle(bundle: Bundle) -> Bundle:
    """bundle (a teammate's database, say) with every annotation held to the rules an export's are
    (`validate.check_annotations`: the same reference path, and its fast path), as checked row tuples;
    raises ImportRefused naming the tag. Labels are not checked here: merging checks them against the
    project (`merge_bundle`)."""
    seen = SeenIds()
    documents: list[tuple[Document, Sequence[Annotation]]] = []
    for doc, anns in bundle.documents:
        if isinstance(anns, CheckedAnnotations):
            if not anns.links and bundle.links.get(doc.id):
                anns.links = _placed_links(bundle, doc)
            documents.append((doc, anns))
            continue
        listed = list(anns)
        items = [{key: getattr(ann, key) for key in ANNOTATION_KEYS} for ann in listed]
        for item in items:  # held to the rules of a file, where pieces are JSON lists
            if item.get("fragments"):
                item["fragments"] = [list(piece) for piece in item["fragments"]]
        labels = dict.fromkeys(ann.label for ann in listed)
        try:
            checked = check_annotations(items, _tag_of(doc, listed), doc, labels, seen)
        except Refusal as exc:
            raise ImportRefused(f"{bundle.source or 'the import'}: {exc}; nothing was imported.") from None
        checked.links = _placed_links(bundle, doc)
        documents.append((doc, checked))
    return replace(bundle, documents=documents, curated=_checked_marks(bundle))


def _checked_marks(bundle: Bundle) -> dict[str, Mark]:
    """The bundle's curated marks held to a file's rules (`validate_curated.parse_mark`); ImportRefused
    naming the document. A mark of a document the bundle does not hold is left out."""
    held = {doc.id for doc, _ in bundle.documents}
    marks: dict[str, Mark] = {}
    for doc_id, (curator, at) in bundle.curated.items():
        try:
            mark = parse_mark({"curator": curator, "curated_at": at}, f"document {doc_id!r}")
        except Refusal as exc:
            raise ImportRefused(f"{bundle.source or 'the import'}: {exc}; nothing was imported.") from None
        if mark is not None and doc_id in held:
            marks[doc_id] = mark
    return marks


def _placed_links(bundle: Bundle, doc: Document) -> list[tuple[Link, str]]:
    return [(lk, f"link {lk.id!r} of document {doc.id!r}") for lk in bundle.links.get(doc.id, [])]


def _tag_of(doc: Document, anns: list[Annotation]) -> Callable[[int], str]:
    return lambda j: f"tag {anns[j].id!r} of document {doc.id!r}"
