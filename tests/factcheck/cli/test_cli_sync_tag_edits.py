"""`factcheck sync` says in words that an owner's offline edit of a tag a reviewer decided on meanwhile
went up with the reviewer's decision, and exits 0: nothing was refused, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from factcheck.services.sync import sync
from tests.factcheck.cli.test_cli_sync import cli
from tests.factcheck.services.sync_support import project, tag
from tests.helpers.optional import present
from tests.helpers.review import set_review
from tests.pg import Team


def test_sync_lists_the_edit_sent_with_the_reviewers_decision(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "alice.db"
    with project(tmp_path, "alice") as store:
        a1 = tag(store, "alice", 4, 12)
    assert cli(capsys, "--db", str(db), "sync", "--server", team.url("alice"))[0] == 0
    with project(tmp_path, "rita") as rita:
        sync(rita, team.url("rita"))
        set_review(rita, a1.id, "accepted", "rita")
        assert not sync(rita).refused
    with Store.open(db) as store:
        store.update_annotation(a1.id, label="denial")
    code, out, err = cli(capsys, "--db", str(db), "sync")
    assert (code, err) == (0, ""), err
    assert "Sent 1 tag." in out and "refused" not in out
    assert "1 edit of yours went up with a reviewer's decision made meanwhile: both are kept" in out
    assert f"    sent your edit of tag {a1.id} “minister” with the server's review decision: " in out
    assert "rita accepted it meanwhile" in out
    with Store.open(db) as store:
        got = present(store.annotation(a1.id))
        assert (got.label, got.status, got.reviewer) == ("denial", "accepted", "rita")
