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

from db import Store, links
from factcheck.core.model import Document
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.random_edits import TEXT, random_edit

State = tuple[dict[str, Any], dict[str, Any]]


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
                random_edit(alice, "alice", doc, rng)
                random_edit(bob, "bob", doc, rng)
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
