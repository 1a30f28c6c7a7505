"""Reading a brat folder into a Bundle and writing one back, without a database."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from factcheck.core.links import Link
from factcheck.core.model import DEFAULT_LABELS, Label
from factcheck.services.brat_import import folder_source, read_files
from factcheck.services.formats import brat
from factcheck.services.formats.brat_bundle import BratImport, Project, to_bundle
from factcheck.services.formats.brat_names import DOCUMENTS_FILE
from factcheck.services.formats.records import record

CORPUS = Path(__file__).with_name("brat_corpus")
LINK_TYPES = ["denies", "characterizes", "same_claim"]


def read_corpus(
    folder: Path = CORPUS,
    *,
    labels: list[Label] | None = None,
    link_types: list[str] | None = None,
    annotator: str = "ana",
    add_labels: bool = False,
) -> BratImport:
    project = Project(
        list(DEFAULT_LABELS if labels is None else labels), LINK_TYPES if link_types is None else link_types
    )
    return to_bundle(
        read_files(folder_source(folder)), project, annotator, add_labels=add_labels, source=folder.name
    )


def write_bundle(result: BratImport, folder: Path, link_types: list[str] | None = None) -> int:
    links: dict[str, list[Link]] = defaultdict(list)
    for link in result.links:
        links[link.document_id].append(link)
    documents = [
        (doc, [record(brat.COLUMNS, doc, a) for a in sorted(anns, key=lambda a: (a.start, a.end, a.id))])
        for doc, anns in result.bundle.documents
    ]
    folder.mkdir(exist_ok=True)
    return brat.write(
        documents,
        folder,
        result.bundle.labels,
        links=lambda doc_id: links[doc_id],
        speakers={s.id: s for s in result.speakers},
        link_types=LINK_TYPES if link_types is None else link_types,
    )


TAG_KEYS = (
    "id", "label", "start", "end", "fragments", "quote", "note", "status", "reviewer", "reason",
    "orphaned", "speaker", "source", "cue", "quotation", "annotator",
)  # fmt: skip


def content(result: BratImport) -> dict[str, Any]:
    """What an import brought, without ids of documents or time stamps (which a round trip changes)."""
    by_text = {}
    for doc, anns in result.bundle.documents:
        by_text[doc.text] = sorted(tuple(getattr(a, k) for k in TAG_KEYS) for a in anns)
    links = sorted((link.id, link.type, link.from_id, link.to_id, link.annotator) for link in result.links)
    speakers = sorted((s.id, s.name, s.same_as) for s in result.speakers)
    return {"tags": by_text, "links": links, "speakers": speakers}


def brat_file(folder: Path, document_id: str, ext: str) -> Path:
    """The .txt or .ann a brat export wrote for the document (named after the article: the export's
    side file says which pair is which document)."""
    side = json.loads((folder / DOCUMENTS_FILE).read_text(encoding="utf-8"))
    stems = [stem for stem, entry in side["documents"].items() if entry["id"] == document_id]
    assert len(stems) == 1, f"{document_id} is not in {folder}"
    return folder / f"{stems[0]}.{ext}"
