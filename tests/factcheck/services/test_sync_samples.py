"""The bundled sample article, and what a newcomer made on it while trying factcheck out, stay in their
project: the first sync sent the sample article with the trial tags, links and claim cards on it, and it
reached every teammate's project (and their exports and agreement figures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store, claims, sync_local
from db.samples import sample_document_ids
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services import sync_samples
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import ARTICLE, SAMPLE, project, tried_sample
from tests.pg import Team


def test_the_sample_article_and_the_work_on_it_never_go_to_the_team(team: Team, tmp_path: Path) -> None:
    alice = Store.open(tmp_path / "alice.db")  # a first start: the sample article, tried out
    ids = tried_sample(alice)
    trial_claim, trial_denial = ids["trial claim"], ids["trial denial"]
    # Then her own work: an article, a claim, a card holding it and the trial claim.
    doc, _ = alice.add_document(Document.create(ARTICLE, title="Crime figures"))
    start = ARTICLE.index("crime fell by 20%")
    real = alice.add_annotation(new_annotation(doc, start, start + 17, "claim", "alice"), ARTICLE)
    mixed, _ = claims.create_card(alice, [real.id, trial_claim], "alice", text="Crime fell by 20%")

    report = sync(alice, team.url("alice"))
    assert report.refused == []
    assert sync_local.waiting(alice) == 0  # nothing of the sample left waiting for ever either

    with team.connect("alice") as conn:
        assert conn.execute("SELECT count(*) FROM factcheck.documents").fetchone() == (1,)
        tags = {r[0] for r in conn.execute("SELECT id FROM factcheck.annotations")}
        cards = {r[0] for r in conn.execute("SELECT id FROM factcheck.claims")}
        assert conn.execute("SELECT count(*) FROM factcheck.links").fetchone() == (0,)
        members = {r[0] for r in conn.execute("SELECT annotation_id FROM factcheck.claim_tags")}
        assert conn.execute("SELECT count(*) FROM factcheck.checkworthy").fetchone() == (0,)
    assert tags == {real.id} and cards == {mixed.id} and members == {real.id}

    with project(tmp_path, "bob", article=False) as bob:
        sync(bob, team.url("bob"))
        assert [d.title for d in bob.documents()] == ["Crime figures"]
        assert sample_document_ids(bob) == []
        assert [a.id for a in bob.annotations()] == [real.id]
    # Still all there in alice's project, to go on trying.
    assert {a.id for a in alice.annotations(ids["sample"])} == {trial_claim, trial_denial}
    alice.close()


def _older_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """A factcheck from before the sample stayed local: its push sends the sample and the work on it."""
    monkeypatch.setattr(sync_samples, "drop_sample_rows", lambda store, rows: frozenset())


def _server_counts(team: Team) -> dict[str, int]:
    with team.server.admin(team.database) as conn:
        return {
            table: int(conn.execute(f"SELECT count(*) FROM factcheck.{table}").fetchone()[0])  # type: ignore[index]
            for table in ("documents", "annotations", "links", "claims", "claim_tags", "checkworthy")
        }


def test_a_sample_an_older_factcheck_sent_is_left_out_of_every_pull_and_the_admin_removes_it(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    alice = Store.open(tmp_path / "alice.db")
    ids = tried_sample(alice)
    doc, _ = alice.add_document(Document.create(ARTICLE, title="Crime figures"))
    start = ARTICLE.index("crime fell by 20%")
    real = alice.add_annotation(new_annotation(doc, start, start + 17, "claim", "alice"), ARTICLE)
    mixed, _ = claims.create_card(alice, [real.id, ids["trial claim"]], "alice", text="Crime fell by 20%")
    with monkeypatch.context() as older:
        _older_client(older)
        sync(alice, team.url("alice"))
    assert _server_counts(team) == {
        "documents": 2, "annotations": 3, "links": 1, "claims": 2, "claim_tags": 3, "checkworthy": 1,
    }  # fmt: skip

    # bob, on a project that opened on its own sample (the same text): none of alice's trial comes down.
    bob = Store.open(tmp_path / "bob.db")
    own_sample = tried_sample(bob)["sample"]
    first = sync(bob, team.url("bob"))
    assert [d.title for d in bob.documents() if d.id != own_sample] == ["Crime figures"]
    assert {a.id for a in bob.annotations()} == {real.id} | {
        a.id for a in bob.annotations(own_sample)
    }  # his own trial tags, not alice's
    assert all(bob.annotation(ids[trial]) is None for trial in ("trial claim", "trial denial"))
    assert claims.card(bob, ids["trial card"]) is None and claims.votes(bob, ids["trial card"]) == []
    assert claims.tag_ids(bob, mixed.id) == [real.id]
    said = first.summary()
    assert said.count("sample article") == 1 and "factcheck server remove-sample URL" in said
    # Said once: alice's older factcheck trying more on her sample is left out again, silently.
    with monkeypatch.context() as older:
        _older_client(older)
        more = SAMPLE.index("The authority denied it")
        sample = alice.document(ids["sample"])
        assert sample is not None
        later = alice.add_annotation(new_annotation(sample, more, more + 13, "claim", "alice"), SAMPLE)
        sync(alice)
    again = sync(bob)
    assert "sample" not in again.summary()
    assert bob.annotation(later.id) is None
    assert {a.id for a in bob.annotations()} == {real.id} | {a.id for a in bob.annotations(own_sample)}

    from factcheck.cli import main

    assert main(["server", "remove-sample", team.url("rita")]) != 0  # a reviewer is no administrator
    assert "administrator" in capsys.readouterr().err and _server_counts(team)["documents"] == 2
    assert main(["server", "remove-sample", team.admin_url]) == 0
    removed = "Removed the sample article from the team server: 1 document, 3 tags, 1 link, 1 claim card"
    assert removed in capsys.readouterr().out
    assert _server_counts(team) == {
        "documents": 1, "annotations": 1, "links": 0, "claims": 1, "claim_tags": 1, "checkworthy": 0,
    }  # fmt: skip
    assert main(["server", "remove-sample", team.admin_url]) == 0
    assert "holds no sample article" in capsys.readouterr().out
    alice.close()
    bob.close()
