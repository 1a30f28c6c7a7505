"""The bundled sample article, and what a newcomer made on it while trying factcheck out, stay in their
project: the first sync sent the sample article with the trial tags, links and claim cards on it, and it
reached every teammate's project (and their exports and agreement figures)."""

from __future__ import annotations

from pathlib import Path

from db import Store, claims, sync_local
from db.samples import sample_document_ids
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import ARTICLE, project, tried_sample
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
