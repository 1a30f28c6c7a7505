"""Importing brat standoff: a folder (a brat collection, sub-folders included) or `.txt` + `.ann` pairs.

`brat_sources(paths)` sorts the paths of one import into brat sources and the rest; `read_brat` reads and
checks one source (every file, before the import's transaction opens) into a `BratImport`;
`store_brat` lands it inside the transaction: the labels and link types `--add-labels` adds, then the
bundle, merged like a teammate's export. Refusals name the file and the line; nothing is then stored.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from db import links as db_links
from db.import_terms import add_labels, add_link_types, link_type_names, project_speakers
from db.link_types import renamed_link_types
from db.store import Store
from factcheck.core.bundle import Bundle
from factcheck.core.errors import ImportRefused
from factcheck.core.fragments import pieces
from factcheck.core.links import Link
from factcheck.core.model import STAMP_FORMAT, Annotation, Document, Fragments
from factcheck.core.names import storable
from factcheck.core.report import ImportReport
from factcheck.services.brat_twin_carry import Carried, carry_attribution
from factcheck.services.formats.brat_bundle import BratFile, BratImport, Project, to_bundle
from factcheck.services.formats.brat_names import Kept, documents_by_stem, read_documents
from factcheck.services.formats.brat_read import decode, read_ann, read_bytes, stored_text
from factcheck.services.merge import merge_bundle

#: Most files one brat folder may hold: a guard against pointing the import at a home folder.
MAX_BRAT_FILES = 100_000


@dataclass
class BratSource:
    """What one brat source holds: (text, its .ann or None) pairs, and a name for messages."""

    name: str
    pairs: list[tuple[Path, Path | None]] = field(default_factory=list)


def brat_sources(paths: list[Path]) -> tuple[list[BratSource], list[Path]]:
    """(brat sources, other paths) of one import: each folder is a brat collection; each `.ann` is read
    with the `.txt` beside it (a `.txt` also given is then part of that pair, not an article)."""
    sources: list[BratSource] = []
    others: list[Path] = []
    anns = {p.with_suffix(".txt") for p in paths if p.suffix.lower() == ".ann"}
    pairs = BratSource(", ".join(storable(p.name) for p in paths if p.suffix.lower() == ".ann"))
    for path in paths:
        if path.is_dir():
            sources.append(folder_source(path))
        elif path.suffix.lower() == ".ann":
            pairs.pairs.append((path.with_suffix(".txt"), path))
        elif path.suffix.lower() == ".txt" and path.with_suffix(".txt") in anns:
            continue
        else:
            others.append(path)
    if pairs.pairs:
        sources.append(pairs)
    return sources, others


def folder_source(folder: Path) -> BratSource:
    source = BratSource(storable(folder.name or str(folder)))  # named as the import names a file
    texts: dict[Path, Path | None] = {}
    anns: list[Path] = []
    count = 0
    for root, dirs, files in os.walk(folder):  # links to folders are not followed
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            count += 1
            if count > MAX_BRAT_FILES:
                raise ImportRefused(
                    f"{folder} holds more than {MAX_BRAT_FILES:,} files; is it a brat collection? "
                    "Nothing was imported."
                )
            path = Path(root) / name
            suffix = path.suffix.lower()
            if name.startswith("."):
                continue
            if suffix == ".txt":
                texts.setdefault(path, None)
            elif suffix == ".ann":
                anns.append(path)
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if txt not in texts:
            raise ImportRefused(f"{ann}: there is no {txt.name} beside it; nothing was imported.")
        texts[txt] = ann
    if not texts:
        raise ImportRefused(
            f"{folder} holds no brat files (.txt and .ann); nothing was imported. factcheck imports a "
            "folder as a brat collection."
        )
    source.pairs = sorted(texts.items())
    return source


def _stamp(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime(STAMP_FORMAT)


def read_files(source: BratSource) -> list[BratFile]:
    """Every file of source read and checked against its text (no project needed). A pair that a
    factcheck export wrote is its document again (id, title, source, imported_at: from the folder's
    DOCUMENTS_FILE, when the text is still the one exported); any other `.txt` is a new article."""
    files: list[BratFile] = []
    side: dict[Path, dict[str, Kept]] = {}
    exported: dict[str, Document] = {}  # sha256 -> the document the side file names
    for txt, ann in source.pairs:
        raw = decode(txt, read_bytes(txt))
        text = stored_text(raw)
        if not text.strip():
            raise ImportRefused(f"{txt} holds no text (only spaces or line breaks); nothing was imported.")
        content = decode(ann, read_bytes(ann)) if ann is not None else ""
        parsed = read_ann(str(ann) if ann is not None else txt.name, raw, content)
        if txt.parent not in side:
            side[txt.parent] = read_documents(txt.parent)
        document = Document.create(text, source=str(txt.absolute()))
        kept = documents_by_stem(side[txt.parent], txt.stem, document.sha256)
        if kept is not None:
            document = replace(
                document,
                id=kept.id,
                title=kept.title,
                source=kept.source,
                imported_at=kept.imported_at,
            )
            exported.setdefault(document.sha256, document)
        mark = kept.curated if kept is not None else None
        files.append(BratFile(document, parsed, _stamp(ann if ann is not None else txt), mark))
    # One text is one document: when an id-named pair of an older export sits beside the pair that the
    # side file names, every file of that text is the exported document, whichever sorts first.
    for f in files:
        f.document = exported.get(f.document.sha256, f.document)
    return files


def read_brat(store: Store, source: BratSource, annotator: str, *, add_labels: bool = False) -> BratImport:
    """Every file of source read and checked, as one bundle for store's project (not stored yet)."""
    project = Project(
        store.labels(), link_type_names(store), project_speakers(store), renamed_link_types(store)
    )
    return to_bundle(read_files(source), project, annotator, add_labels=add_labels, source=source.name)


def store_brat(store: Store, brat: BratImport) -> ImportReport:
    """Inside the caller's transaction: what --add-labels adds, then the bundle."""
    add_labels(store, brat.new_labels)
    add_link_types(store, brat.new_link_types)
    bundle, twins, same_links, carried = onto_twins(store, brat.bundle)
    report = merge_bundle(store, bundle)  # tags, then their speakers and links
    carried.land(store, report, brat.bundle.source)
    report.unchanged += twins
    if same_links:
        report.structure["links unchanged"] = report.structure.get("links unchanged", 0) + same_links
    report.source = brat.bundle.source
    report.notes.extend(brat.notes)
    return report


def onto_twins(store: Store, bundle: Bundle) -> tuple[Bundle, int, int, Carried]:
    """bundle with each tag identical to a live tag of the project (same document text, pieces, label and
    annotator: core.duplicates), or to an earlier tag of the bundle, left out and read as that tag:
    attribution and links naming it name that one, and a link then the same as a live one of ours is left
    out too. brat tags are the importer's, with ids of their own: without this our own export imported back
    would make a second tag of every tag, and one cue of two attribution events two cue tags.
    What a tag left out held that its tag lacks (attribution) goes onto it (`brat_twin_carry`).
    Returns (bundle, tags of ours found again, links left out, what the twins carry)."""
    mapped: dict[str, str] = {}
    kept_docs: list[tuple[Document, Sequence[Annotation]]] = []
    ours_of: dict[str, str] = {}  # the bundle's document id -> ours
    found_again = 0
    twins: list[tuple[Annotation, str]] = []
    for doc, anns in bundle.documents:
        ours = store.document_by_sha256(doc.sha256)
        live: dict[tuple[str, str, Fragments], str] = {}
        if ours is not None:
            ours_of[doc.id] = ours.id
            tags = store.annotations(ours.id)
            live = {(a.label, a.annotator, pieces(a)): a.id for a in tags if not a.deleted}
        of_ours = set(live.values())
        for ann in anns:
            key = (ann.label, ann.annotator, pieces(ann))
            twin = live.get(key)
            if twin is not None and twin != ann.id and store.annotation(ann.id) is None:
                mapped[ann.id] = twin
                twins.append((ann, twin))
                found_again += twin in of_ours
            elif not ann.deleted:
                live.setdefault(key, ann.id)
        kept_docs.append((doc, [a for a in anns if a.id not in mapped]))
    if not mapped:
        return bundle, 0, 0, Carried()
    kept_tags = {a.id: a for _, anns in kept_docs for a in anns}
    carried = carry_attribution(store, twins, kept_tags, mapped)
    kept_docs = [(doc, [carried.in_bundle.get(a.id, a) for a in anns]) for doc, anns in kept_docs]
    documents: list[tuple[Document, Sequence[Annotation]]] = [
        (doc, [replace(a, source=mapped.get(a.source or "", a.source), cue=mapped.get(a.cue or "", a.cue))
               for a in anns])
        for doc, anns in kept_docs
    ]  # fmt: skip
    symmetric = {t.name for t in db_links.link_types(store) if t.symmetric}
    links: dict[str, list[Link]] = {}
    left_out = 0
    for doc_id, doc_links in bundle.links.items():
        existing = db_links.links(store, ours_of.get(doc_id, doc_id))
        have = {(lk.type, lk.annotator, lk.ends()) for lk in existing if not lk.deleted}
        for link in doc_links:
            link = replace(
                link, from_id=mapped.get(link.from_id, link.from_id), to_id=mapped.get(link.to_id, link.to_id)
            )
            if link.from_id == link.to_id:  # between a tag and its twin: no link of a tag to itself
                left_out += 1
                continue
            ways = [link.ends(), link.ends()[::-1]] if link.type in symmetric else [link.ends()]
            if not link.deleted and any((link.type, link.annotator, ends) in have for ends in ways):
                left_out += 1  # the same link as one of ours or an earlier one: not made twice
                continue
            links.setdefault(doc_id, []).append(link)
            if not link.deleted:
                have.add((link.type, link.annotator, link.ends()))  # a twin of it further on: left out
    return replace(bundle, documents=documents, links=links), found_again, left_out, carried
