"""The seed article tagged by alice and bob, who agree on the spans and differ on structure: bob links the
denial to another claim, and attributes the claim to another source."""

from __future__ import annotations

from dataclasses import dataclass

from db import Store, attribution, links
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.helpers.structure import at

TEXT = (
    "😀 Sergei Lavrov said that Trump accepted Putin's assertions. "
    "😀 A Kremlin aide said the talks went well. 😀 Tillerson said it was not clear."
)


@dataclass
class TwoReaders:
    doc: Document
    tags: dict[str, dict[str, Annotation]]  # annotator -> name -> tag


def two_readers(store: Store) -> TwoReaders:
    doc, _ = store.add_document(Document.create(TEXT, title="Two readers", source="two.txt"))
    tags: dict[str, dict[str, Annotation]] = {}
    for who in ("alice", "bob"):
        mine: dict[str, Annotation] = {}
        for name, words, label in (
            ("lavrov", "Sergei Lavrov", "source"),
            ("aide", "A Kremlin aide", "source"),
            ("said", "said", "cue"),
            ("claim", "Trump accepted Putin's assertions", "claim"),
            ("talks", "the talks went well", "claim"),
            ("denial", "it was not clear", "denial"),
        ):
            start, end = at(doc, words)
            mine[name] = store.add_annotation(new_annotation(doc, start, end, label, who), doc.text)
        tags[who] = mine
    a, b = tags["alice"], tags["bob"]
    links.add_link(store, new_link(doc.id, "denies", a["denial"].id, a["claim"].id, "alice"))
    links.add_link(store, new_link(doc.id, "denies", b["denial"].id, b["talks"].id, "bob"))  # another claim
    links.add_link(store, new_link(doc.id, "same_claim", a["claim"].id, b["claim"].id, "alice"))
    links.add_link(store, new_link(doc.id, "same_claim", b["claim"].id, a["claim"].id, "bob"))  # either way
    attribution.set_attribution(store, a["claim"].id, source=a["lavrov"].id, cue=a["said"].id)
    attribution.set_attribution(store, b["claim"].id, source=b["aide"].id, cue=b["said"].id)  # another source
    attribution.set_attribution(store, a["talks"].id, source=a["aide"].id)
    attribution.set_attribution(store, b["talks"].id, source=b["aide"].id)
    return TwoReaders(doc, tags)
