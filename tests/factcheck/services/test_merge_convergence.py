"""Two teammates edit their copies of a project independently (seeded random edits: tags added,
relabelled, moved, deleted, restored, noted, attributed, split into pieces, linked, reviewed), then swap
their work both ways, as a JSON export or as the project file itself: after one exchange both projects
hold exactly the same tags and links, field for field (newer wins, tombstones delete, nothing lost)."""

from __future__ import annotations

import random
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from db import Store, attribution, links
from factcheck.core.decisions import decided
from factcheck.core.errors import FactcheckError
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths

TEXT = (
    "😀 Mayor Helena Marsh said on Tuesday that ridership had “more than doubled” since fares were cut.\n"
    "A spokesperson 👩‍👩‍👧 said the agency “has never published any number […] to support it”.\n\n"
    "Critics called it “a fairy tale”, she said… Marsh denied it.\u00a0NBSP here. é accents\n"
)
LABELS = ["claim", "denial", "characterization", "source", "cue"]
State = tuple[dict[str, Any], dict[str, Any]]


def _span(rng: random.Random, longest: int = 30) -> tuple[int, int]:
    while True:
        a = rng.randrange(len(TEXT) - 3)
        b = min(len(TEXT), a + rng.randrange(2, longest))
        if TEXT[a:b].strip() and not TEXT[a].isspace() and not TEXT[b - 1].isspace():
            return a, b


def _edit(store: Store, me: str, doc: Document, rng: random.Random) -> None:
    """One random edit by me of my own work (or a review of another's tag); refusals are fine."""
    tags = store.annotations(doc.id, include_deleted=True)
    mine = [t for t in tags if t.annotator == me]
    live: list[Annotation] = [t for t in mine if t.deleted_at is None]
    op = rng.choice(["add", "relabel", "move", "delete", "restore", "note", "attribute", "pieces", "link",
                     "unlink", "review"])  # fmt: skip
    try:
        if op == "add" or not live:
            store.add_annotation(new_annotation(doc, *_span(rng), rng.choice(LABELS), me), doc.text)
        elif op == "relabel":
            store.update_annotation(rng.choice(live).id, label=rng.choice(LABELS))
        elif op == "move":
            store.update_annotation(rng.choice(live).id, span=_span(rng))
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
            attribution.set_pieces(store, tag.id, [(tag.start, tag.end), _span(rng, 8)], by=me)
        elif op == "link" and len(live) >= 2:
            a, b = rng.sample(live, 2)
            links.add_link(store, new_link(doc.id, rng.choice(["denies", "characterizes"]), a.id, b.id, me))
        elif op == "unlink":
            own = [link for link in links.links(store, doc.id) if link.annotator == me]
            if own:
                links.delete_link(store, rng.choice(own).id, by=me)
        elif op == "review":
            theirs = [t for t in tags if t.annotator != me and t.deleted_at is None]
            if theirs:
                status = rng.choice(["accepted", "rejected", None])
                store.put_annotation(decided(rng.choice(theirs), status, me, "checked"))  # type: ignore[arg-type]
    except FactcheckError:
        pass  # a refused edit (a duplicate, a rule) changes nothing


def _state(store: Store) -> State:
    return (
        {a.id: asdict(a) for a in store.annotations(include_deleted=True)},
        {link.id: asdict(link) for link in links.links(store, include_deleted=True)},
    )


@pytest.mark.parametrize("seed", range(8))
def test_two_teammates_converge_after_one_exchange(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    alice = Store.open(tmp_path / "alice.db")
    bob = Store.open(tmp_path / "bob.db")
    try:
        doc, _ = alice.add_document(Document.create(TEXT, title="Ridership", source="ridership.txt"))
        start = tmp_path / "start.json"
        export(alice, "json", start)
        import_paths(bob, [start])
        for round_no in range(3):
            for _ in range(12):
                _edit(alice, "alice", doc, rng)
                _edit(bob, "bob", doc, rng)
            how = rng.choice(["json", "db"])
            from_alice, from_bob = tmp_path / f"alice{round_no}.{how}", tmp_path / f"bob{round_no}.{how}"
            if how == "db":  # a teammate's project file itself (a consistent copy)
                alice.backup(from_alice)
                bob.backup(from_bob)
            else:
                export(alice, "json", from_alice)
                export(bob, "json", from_bob)
            to_bob, to_alice = import_paths(bob, [from_alice]), import_paths(alice, [from_bob])
            assert not to_bob.conflicts and not to_alice.conflicts
            assert _state(alice) == _state(bob), (round_no, how)
        assert len(_state(alice)[0]) > 5  # the sessions did things
    finally:
        alice.close()
        bob.close()
