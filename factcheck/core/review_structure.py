"""The open document's link and attribution disagreements as rows of the reviewer's list.

``factcheck.core.structure_disagreements`` says what one annotator linked or attributed that the other
did not make the same; this turns each into a ``Disagreement`` (kinds ``link`` and ``attribution``) over
the tags involved, read from the ``OpenDocument`` (its tags and links, as the review panel sees them),
so the review panel lists them beside the span disagreements and walks them with the same keys.

``structure_disagreements`` computes them all at once, over every pair: the reference. The review session
keeps them up to date edit by edit with ``core.review_structure_index``, which gives the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from factcheck.core.disagreements import Disagreement, sort_key
from factcheck.core.link_agreement import DocumentStructure
from factcheck.core.model import Annotation
from factcheck.core.open_document import OpenDocument
from factcheck.core.structure_disagreements import StructureDisagreement, disagreements


def row_of(document_id: str, d: StructureDisagreement, tags: Mapping[str, Annotation]) -> Disagreement:
    """The list's row for one record (``tags``: the live tags, holding every tag the record names)."""
    involved = [tags[i] for i in d.annotation_ids]
    return Disagreement(
        kind=d.kind,
        document_id=document_id,
        start=min(t.start for t in involved),
        end=max(t.end for t in involved),
        annotation_ids=tuple(d.annotation_ids),
        annotators=tuple(sorted(set(d.annotators))),
        labels=tuple(dict.fromkeys(t.label for t in involved)),
        description=d.description,
    )


def rows_of(
    document_id: str, records: Iterable[StructureDisagreement], tags: Mapping[str, Annotation]
) -> list[Disagreement]:
    """One row per (kind, tags, description): the same words about the same tags against several
    annotators are one row, naming the last of them (pairs in order, as ``disagreements`` gives them)."""
    rows: dict[tuple[str, tuple[str, ...], str], Disagreement] = {}
    for d in records:
        rows[(d.kind, d.annotation_ids, d.description)] = row_of(document_id, d, tags)
    return list(rows.values())


def structure_disagreements(
    open_document: OpenDocument, chosen: set[str] | None, symmetric: Mapping[str, bool]
) -> list[Disagreement]:
    """Link and attribution disagreements of the open document between the chosen annotators (None:
    every pair), in the review list's order (``sort_key``)."""
    doc_id = open_document.id
    if doc_id is None:
        return []
    live = [t for t in open_document.tags if chosen is None or t.annotator in chosen]
    structure = DocumentStructure.of(live, open_document.links)
    found = rows_of(doc_id, disagreements(doc_id, structure, symmetric), structure.tags)
    return sorted(found, key=sort_key)
