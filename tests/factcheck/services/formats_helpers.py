"""A project with everything an export must carry exactly (shared by the test_formats_* modules)."""

from __future__ import annotations

from dataclasses import dataclass

from db import Store
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.helpers.optional import present
from tests.helpers.review import set_review

# Emoji (outside the BMP: 2 UTF-16 units, 1 code point) before every span; CRLF line ends on import.
ARTICLE = (
    "Minister “Jane Roe” said on Monday 😀 that crime fell by 20%… "
    "Critics [including the mayor] called the claim “misleading”.\r\n"
    "Roe denied it — “We never said that,” she said.\r\n"
)
SECOND = '=HYPERLINK("http://evil")\nA second article, with "quotes", commas; and semicolons.\n'


@dataclass
class Rich:
    store: Store
    doc: Document
    second: Document
    claim: Annotation
    nested: Annotation
    overlapping: Annotation
    across_lines: Annotation
    noted: Annotation
    reviewed: Annotation
    deleted: Annotation
    formula: Annotation


def span(doc: Document, needle: str) -> tuple[int, int]:
    start = doc.text.index(needle)
    return start, start + len(needle)


def build(store: Store) -> Rich:
    doc, _ = store.add_document(Document.create(ARTICLE, title="Roe on crime", source="roe.txt"))
    second, _ = store.add_document(
        Document.create(SECOND, title="=cmd|' /C calc'!A0", source="https://example.org/a?b=1")
    )

    def add(d: Document, needle: str, label: str, annotator: str, note: str = "") -> Annotation:
        return store.add_annotation(new_annotation(d, *span(d, needle), label, annotator, note))

    claim = add(doc, "that crime fell by 20%", "claim", "ana")
    nested = add(doc, "crime fell", "denial", "bo")  # inside the claim
    overlapping = add(doc, "by 20%… Critics", "characterization", "ana")  # crosses the claim's end
    across_lines = add(doc, "“misleading”.\nRoe denied it", "denial", "bo", note="spans\ntwo lines")
    noted = add(doc, "Jane Roe", "claim", "chen", note='=SUM(A1:A9)\nsecond line, "quoted"; semi')
    reviewed = add(doc, "We never said that", "denial", "ana")
    set_review(store, reviewed.id, "rejected", "rita", "not a denial,\nan aside")
    reviewed = present(store.annotation(reviewed.id))
    accepted = add(doc, "Critics", "characterization", "bo")
    set_review(store, accepted.id, "accepted", "rita")
    deleted = add(doc, "she said", "claim", "bo")
    deleted = store.delete_annotation(deleted.id)
    formula = add(second, "A second article", "claim", "-dash", note="+1\t@mention")
    add(second, '"quotes", commas; and semicolons', "denial", "@at")
    return Rich(
        store, doc, second, claim, nested, overlapping, across_lines, noted, reviewed, deleted, formula
    )


def content(store: Store) -> tuple[list[Document], list[Annotation]]:
    """Everything a round trip must keep, in a stable order."""
    docs = sorted(store.documents(), key=lambda d: d.id)
    anns = sorted(store.annotations(include_deleted=True), key=lambda a: a.id)
    return docs, anns
