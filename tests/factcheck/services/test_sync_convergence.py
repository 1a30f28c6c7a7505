"""Four teammates (two annotators, two reviewers) edit their projects at random and sync with the team
server in random order (seeded); once everyone has synced twice, every project holds the same tags and
links, field for field. No sync is refused anything: a reviewer's decision on a stale copy (a tag its owner
changed or deleted meanwhile) is no change or not applied, and said so (test_sync_stale_decisions.py).
(A longer exploration of this kind found a pull that skipped, for good, a tag whose cue had been
relabelled since it was attached: test_dormant_attribution_sync.py.)"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from db import Store, links
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import doc_of, projects
from tests.helpers.random_edits import random_edit
from tests.pg import ROLES, Team

NAMES = tuple(ROLES)  # alice, bob (annotators), rita, vera (reviewers)
#: More sessions for a longer exploration: FACTCHECK_SYNC_SEEDS=200 (FACTCHECK_SYNC_SEED_START=1000).
_FIRST = int(os.environ.get("FACTCHECK_SYNC_SEED_START", "0"))
SEEDS = range(_FIRST, _FIRST + int(os.environ.get("FACTCHECK_SYNC_SEEDS", "3")))


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Store]]:
    yield from projects(tmp_path, NAMES)


def _state(store: Store) -> tuple[dict[str, Any], dict[str, Any]]:
    """Tags and links, without the local document id (each project has its own; the text is the same)."""
    return (
        {a.id: {**asdict(a), "document_id": None} for a in store.annotations(include_deleted=True)},
        {link.id: {**asdict(link), "document_id": None} for link in links.links(store, include_deleted=True)},
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_a_team_editing_and_syncing_at_random_converges(
    stores: dict[str, Store], team: Team, seed: int
) -> None:
    rng = random.Random(seed)
    for name in NAMES:
        sync(stores[name], team.url(name))
    for _ in range(60):
        name = rng.choice(NAMES)
        if rng.random() < 0.25:
            report = sync(stores[name])
            assert not report.refused, report.details()
        else:
            random_edit(stores[name], name, doc_of(stores[name]), rng, reviewer=ROLES[name])
    for _ in range(2):
        for name in NAMES:
            assert sync(stores[name]).skipped == []
    first = _state(stores[NAMES[0]])
    assert len(first[0]) > 5  # the session did things
    for name in NAMES[1:]:
        assert _state(stores[name]) == first, name
