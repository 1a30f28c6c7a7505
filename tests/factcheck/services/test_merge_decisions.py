"""A reviewer's decision merged from a teammate's file (a JSON project file or the project database
itself) beside the owner's later change of the tag: the rule the team sync applies. A change of what the
decision judges (label, span, pieces) or a deletion: the owner's tag stands and the decision is not
applied, said so; a change of the note alone: both kept. Either way round, both projects agree."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from db import Store
from factcheck.core.model import Document
from factcheck.core.report import ImportReport
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.factcheck.services.sync_support import ARTICLE, JUDGED_CHANGES, span_of, tag
from tests.helpers.optional import present
from tests.helpers.review import set_review


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    alice, rita = Store.open(tmp_path / "alice.db"), Store.open(tmp_path / "rita.db")
    try:
        alice.add_document(Document.create(ARTICLE, title="Crime figures", source="crime.txt"))
        yield alice, rita
    finally:
        alice.close()
        rita.close()


def _send(store: Store, into: Store, path: Path, how: str) -> ImportReport:
    if how == "db":
        store.backup(path.with_suffix(".db"))
        return import_paths(into, [path.with_suffix(".db")])
    export(store, "json", path.with_suffix(".json"))
    return import_paths(into, [path.with_suffix(".json")])


def _tags(store: Store) -> dict[str, Any]:
    return {a.id: asdict(a) for a in store.annotations(include_deleted=True)}


def _delete(alice: Store, key: str) -> None:
    alice.delete_annotation(key)


CHANGES: dict[str, Callable[[Store, str], None]] = {**JUDGED_CHANGES, "deletion": _delete}


@pytest.mark.parametrize("how", ["json", "db"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_decision_on_a_copy_older_than_the_owners_change_is_not_applied_either_way(
    pair: tuple[Store, Store], tmp_path: Path, change: str, how: str
) -> None:
    alice, rita = pair
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    _send(alice, rita, tmp_path / "start", how)
    set_review(rita, a1.id, "accepted", "rita", "checked")
    CHANGES[change](alice, a1.id)
    expected = asdict(present(alice.annotation(a1.id)))
    to_alice = _send(rita, alice, tmp_path / "from-rita", how)
    to_rita = _send(alice, rita, tmp_path / "from-alice", how)
    what = "deleted" if change == "deletion" else "changed"
    quote = expected["quote"]
    note = (
        f"alice {what} tag {a1.id} “{quote}” after rita's copy: rita's decision (accepted) was not applied; "
        + ("review it again" if what == "changed" else "review it again if they restore it")
    )
    assert note in to_alice.notes and note in to_alice.summary()
    assert note in to_rita.notes
    assert not to_alice.conflicts and not to_rita.conflicts
    assert _tags(alice) == _tags(rita) == {a1.id: expected}
    assert expected["status"] is None


@pytest.mark.parametrize("how", ["json", "db"])
def test_a_decision_beside_the_owners_later_note_is_kept_with_it_either_way(
    pair: tuple[Store, Store], tmp_path: Path, how: str
) -> None:
    """What was judged is unchanged: the owner's note and the reviewer's decision both stand, the same
    row in both projects (its stamp just after the owner's), and a further exchange changes nothing."""
    alice, rita = pair
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    _send(alice, rita, tmp_path / "start", how)
    set_review(rita, a1.id, "rejected", "rita", "an opinion")
    alice.update_annotation(a1.id, note="the base year")
    to_alice = _send(rita, alice, tmp_path / "from-rita", how)
    to_rita = _send(alice, rita, tmp_path / "from-alice", how)
    assert not to_alice.notes and not to_rita.notes and to_alice.updated == to_rita.updated == 1
    got = present(alice.annotation(a1.id))
    assert (got.note, got.status, got.reviewer, got.reason) == (
        "the base year",
        "rejected",
        "rita",
        "an opinion",
    )
    assert _tags(alice) == _tags(rita)
    again = _send(alice, rita, tmp_path / "again", how)
    assert again.updated == 0 and _tags(alice) == _tags(rita)


@pytest.mark.parametrize("how", ["json", "db"])
def test_a_decision_made_on_the_owners_change_still_wins_as_the_newer(
    pair: tuple[Store, Store], tmp_path: Path, how: str
) -> None:
    """rita had alice's new label when she decided: the decision is on what she saw, and goes across."""
    alice, rita = pair
    a1 = tag(alice, "alice", *span_of(alice, "crime fell by 20%"))
    JUDGED_CHANGES["label"](alice, a1.id)
    _send(alice, rita, tmp_path / "start", how)
    set_review(rita, a1.id, "accepted", "rita", "checked")
    to_alice = _send(rita, alice, tmp_path / "from-rita", how)
    assert not to_alice.notes and to_alice.updated == 1
    got = present(alice.annotation(a1.id))
    assert (got.label, got.status) == ("denial", "accepted")
    assert _tags(alice) == _tags(rita)
