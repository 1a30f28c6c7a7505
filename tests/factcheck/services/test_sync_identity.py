"""Putting the work under your name under the team server's login, at a first connection: every row you
own or decided moves, in one step, or none when the login already owns work here."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store, claims, links
from db.owners import OWNER_COLUMNS
from db.samples import SAMPLE_SOURCE
from factcheck.core.errors import FactcheckError
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.sync_identity import NameDiffers, check_name, take_as_login
from tests.factcheck.services.sync_support import ARTICLE, SAMPLE, doc_of, project, tag


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


def test_work_on_the_sample_article_alone_is_not_asked_about(tmp_path: Path) -> None:
    """The sample and what was tried on it never go to the server (`sync_samples`): a first connection
    asked whether to put that trial under the login, saying the server would refuse it for good."""
    with Store.open(tmp_path / "new.db") as store:
        sample, _ = store.add_document(Document.create(SAMPLE, source=SAMPLE_SOURCE))
        start = SAMPLE.index("ridership doubled")
        trial = store.add_annotation(
            new_annotation(sample, start, start + 17, "claim", "Alice Smith"), SAMPLE
        )
        card, _ = claims.create_card(store, [trial.id], "Alice Smith", text="Ridership doubled")
        claims.vote(store, card.id, "Alice Smith", "yes", "trying")
        check_name(store, "Alice Smith", "alice")  # nothing to ask
        doc, _ = store.add_document(Document.create(ARTICLE, title="Crime figures"))
        store.add_annotation(new_annotation(doc, 4, 12, "claim", "Alice Smith"), ARTICLE)
        with pytest.raises(NameDiffers, match=r"holds 1 tag under your name 'Alice Smith'") as asked:
            check_name(store, "Alice Smith", "alice")
        assert "other row" not in str(asked.value)  # the trial card and vote are not counted
