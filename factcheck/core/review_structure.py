"""The open document's link and attribution disagreements as rows of the reviewer's list.

``factcheck.core.structure_disagreements`` says what one annotator linked or attributed that the other
did not make the same; this turns each into a ``Disagreement`` (kinds ``link`` and ``attribution``) over
the tags involved, read from the ``OpenDocument`` (its tags and links, as the review panel sees them),
so the review panel lists them beside the span disagreements and walks them with the same keys.
"""

from __future__ import annotations

from collections.abc import Mapping

from factcheck.core.disagreements import Disagreement
from factcheck.core.link_agreement import DocumentStructure
from factcheck.core.open_document import OpenDocument
from factcheck.core.structure_disagreements import disagreements


def structure_disagreements(
    open_document: OpenDocument, chosen: set[str] | None, symmetric: Mapping[str, bool]
) -> list[Disagreement]:
    """Link and attribution disagreements of the open document between the chosen annotators (None:
    every pair), in text order."""
    doc_id = open_document.id
    if doc_id is None:
        return []
    tags = open_document.tags
    live = [t for t in tags if chosen is None or t.annotator in chosen]
    structure = DocumentStructure.of(live, open_document.links)
    rows: dict[tuple[str, tuple[str, ...], str], Disagreement] = {}
    for d in disagreements(doc_id, structure, symmetric):
        involved = [structure.tags[i] for i in d.annotation_ids if i in structure.tags]
        if not involved:
            continue
        key = (d.kind, d.annotation_ids, d.description)
        rows[key] = Disagreement(
            kind=d.kind,
            document_id=doc_id,
            start=min(t.start for t in involved),
            end=max(t.end for t in involved),
            annotation_ids=tuple(d.annotation_ids),
            annotators=tuple(sorted(set(d.annotators))),
            labels=tuple(dict.fromkeys(t.label for t in involved)),
            description=d.description,
        )
    return sorted(rows.values(), key=lambda d: (d.start, d.end, d.kind, d.annotation_ids))
