"""Seeded random edits of a project by one teammate, for the convergence tests (files and team sync):
tags added, relabelled, moved, deleted, restored, noted, attributed, split into pieces, linked, and, by
reviewers, review decisions on others' tags. Refused edits (duplicates, rules) change nothing."""

from __future__ import annotations

import random

from db import Store, attribution, links
from factcheck.core.decisions import decided
from factcheck.core.errors import FactcheckError
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation

TEXT = (
    "😀 Mayor Helena Marsh said on Tuesday that ridership had “more than doubled” since fares were cut.\n"
    "A spokesperson 👩‍👩‍👧 said the agency “has never published any number […] to support it”.\n\n"
    "Critics called it “a fairy tale”, she said… Marsh denied it.\u00a0NBSP here. é accents\n"
)
LABELS = ["claim", "denial", "characterization", "source", "cue"]


def random_span(text: str, rng: random.Random, longest: int = 30) -> tuple[int, int]:
    """A span of text that starts and ends on a non-space, at most longest code points."""
    while True:
        a = rng.randrange(len(text) - 3)
        b = min(len(text), a + rng.randrange(2, longest))
        if text[a:b].strip() and not text[a].isspace() and not text[b - 1].isspace():
            return a, b


def random_edit(store: Store, me: str, doc: Document, rng: random.Random, *, reviewer: bool = True) -> None:
    """One random edit by me of my own work, or (a reviewer) a decision on another's tag."""
    tags = store.annotations(doc.id, include_deleted=True)
    mine = [t for t in tags if t.annotator == me]
    live: list[Annotation] = [t for t in mine if t.deleted_at is None]
    op = rng.choice(["add", "relabel", "move", "delete", "restore", "note", "attribute", "pieces", "link",
                     "unlink", "review"])  # fmt: skip
    try:
        if op == "add" or not live:
            store.add_annotation(
                new_annotation(doc, *random_span(doc.text, rng), rng.choice(LABELS), me), doc.text
            )
        elif op == "relabel":
            store.update_annotation(rng.choice(live).id, label=rng.choice(LABELS))
        elif op == "move":
            store.update_annotation(rng.choice(live).id, span=random_span(doc.text, rng))
        elif op == "delete":
            store.delete_annotation(rng.choice(live).id)
        elif op == "restore" and len(mine) > len(live):
            store.restore_annotation(rng.choice([t for t in mine if t.deleted_at]).id)
        elif op == "note":
            store.update_annotation(rng.choice(live).id, note=f"{me} {rng.random():.3f}")
        elif op == "attribute":
            sources: list[str | None] = [t.id for t in live if t.label == "source"] or [None]
            cues: list[str | None] = [t.id for t in live if t.label == "cue"] or [None]
            attribution.set_attribution(
                store, rng.choice(live).id, source=rng.choice(sources), cue=rng.choice(cues), by=me
            )
        elif op == "pieces":
            tag = rng.choice(live)
            attribution.set_pieces(
                store, tag.id, [(tag.start, tag.end), random_span(doc.text, rng, 8)], by=me
            )
        elif op == "link" and len(live) >= 2:
            a, b = rng.sample(live, 2)
            links.add_link(store, new_link(doc.id, rng.choice(["denies", "characterizes"]), a.id, b.id, me))
        elif op == "unlink":
            own = [link for link in links.links(store, doc.id) if link.annotator == me]
            if own:
                links.delete_link(store, rng.choice(own).id, by=me)
        elif op == "review" and reviewer:
            theirs = [t for t in tags if t.annotator != me and t.deleted_at is None]
            if theirs:
                status = rng.choice(["accepted", "rejected", None])
                store.put_annotation(decided(rng.choice(theirs), status, me, "checked"))  # type: ignore[arg-type]
    except FactcheckError:
        pass  # a refused edit (a duplicate, a rule) changes nothing
