"""Putting the work under your name under the team server's login, at a first connection: every row you
own or decided moves, in one step, or none when the login already owns work here."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store, claims, links
from db.owners import OWNER_COLUMNS
from factcheck.core.errors import FactcheckError
from factcheck.core.links import new_link
from factcheck.services.sync_identity import NameDiffers, check_name, take_as_login
from tests.factcheck.services.sync_support import doc_of, project, tag


def _owners(store: Store) -> set[str]:
    return {
        r[0]
        for table, column in OWNER_COLUMNS
        for r in store._db.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')
    }


def _tried(tmp_path: Path) -> Store:
    store = project(tmp_path, "alice")
    claim = tag(store, "Alice Smith", 4, 12)
    other = tag(store, "Alice Smith", 18, 30, "denial")
    links.add_link(store, new_link(doc_of(store).id, "denies", other.id, claim.id, "Alice Smith"))
    card, _ = claims.create_card(store, [claim.id], "Alice Smith", text="Crime fell")
    claims.vote(store, card.id, "Alice Smith", "yes", "worth it")
    return store


def test_every_row_under_your_name_goes_under_the_login(tmp_path: Path) -> None:
    with _tried(tmp_path) as store:
        with pytest.raises(NameDiffers, match=r"2 tags .* under your name 'Alice Smith'"):
            check_name(store, "Alice Smith", "alice")
        check_name(store, "alice", "alice")  # the same: nothing to ask
        check_name(store, "Bob", "alice")  # nothing under that name: nothing to ask
        assert take_as_login(store, "Alice Smith", "alice") == 6
        assert _owners(store) == {"alice"}


def test_a_login_with_work_here_already_takes_nothing(tmp_path: Path) -> None:
    with _tried(tmp_path) as store:
        tag(store, "alice", 40, 50)
        with pytest.raises(FactcheckError, match="already holds work under alice"):
            take_as_login(store, "Alice Smith", "alice")
        assert _owners(store) == {"alice", "Alice Smith"}
