"""A Bundle is what an import brings in: labels plus documents with their annotations.

Format readers (JSON, JSONL, a teammate's database) produce one; `factcheck.services.merge` lands it in a
store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from factcheck.core.claims import ClaimsPart
from factcheck.core.curated_marks import Mark
from factcheck.core.links import Link, LinkType
from factcheck.core.model import Annotation, Document, Label
from factcheck.core.speakers import Speaker


@dataclass
class Bundle:
    labels: list[Label] = field(default_factory=list)
    # A reader may hand a read-only sequence (rows turned into Annotations only when read).
    documents: list[tuple[Document, Sequence[Annotation]]] = field(default_factory=list)
    source: str = ""  # where it came from (file name), for messages
    # -- structure: links per document (by the bundle's document id), speakers, link types
    links: dict[str, list[Link]] = field(default_factory=dict)
    speakers: list[Speaker] = field(default_factory=list)
    link_types: list[LinkType] = field(default_factory=list)
    # Claim cards, their votes and verdicts, the verdict scale and organization (None: none came).
    claims: ClaimsPart | None = None
    # The documents' curated marks, by the bundle's document id (unchecked until `check_bundle`).
    curated: dict[str, Mark] = field(default_factory=dict)

    @property
    def annotation_count(self) -> int:
        return sum(len(anns) for _, anns in self.documents)
