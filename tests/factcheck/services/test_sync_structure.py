"""Links, speakers and attribution through a real team server: alice's link reaches bob, bob cannot
change it, speakers merge newer-wins, and a project connected before links existed starts sending them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from db import attribution, links, speakers, sync_local
from factcheck.core.links import new_link
from factcheck.core.model import utc_now
from factcheck.core.speakers import new_speaker
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import doc_of, project, tag
from tests.pg import Team


def test_a_link_pushed_by_alice_is_pulled_by_bob_and_bob_cannot_change_it(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        claim = tag(alice, "alice", 4, 45)  # "minister said crime fell by 20% last year"
        denial = tag(alice, "alice", 93, 133, "denial")
        source = tag(alice, "alice", 0, 12, "source")
        attribution.set_attribution(alice, claim.id, source=source.id, quotation="indirect")
        minister = speakers.add_speaker(alice, new_speaker("The minister", "person"))
        attribution.set_speaker(alice, source.id, minister.id)
        link = links.add_link(alice, new_link(doc_of(alice).id, "denies", denial.id, claim.id, "alice"))
        first = sync(alice, team.url("alice"))
        assert first.pushed["links"] == 1 and first.pushed["speakers"] == 1 and first.refused == []
        pulled = sync(bob, team.url("bob"))
        assert pulled.pulled.structure["links added"] == 1, pulled.details()
        got = links.link(bob, link.id)
        assert got is not None and (got.type, got.from_id, got.to_id, got.annotator) == (
            "denies",
            denial.id,
            claim.id,
            "alice",
        )
        assert got.document_id == doc_of(bob).id  # on bob's own document for that text
        bobs_claim = bob.annotation(claim.id)
        assert bobs_claim is not None and (bobs_claim.source, bobs_claim.quotation) == (source.id, "indirect")
        assert [s.name for s in speakers.speakers(bob)] == ["The minister"]
        # bob goes around the rules and retypes alice's link in his copy: the server refuses it, and
        # bob's copy becomes the server's (alice's) again.
        links.put_links(bob, [replace(got, type="characterizes", updated_at=utc_now())])
        report = sync(bob)
        assert [(r.table, r.key, r.owner) for r in report.refused] == [("links", link.id, "alice")]
        back = links.link(bob, link.id)
        assert back is not None and back.type == "denies"
        # A link in alice's name made by bob is refused too, and never reaches alice.
        forged = links.add_link(bob, new_link(doc_of(bob).id, "same_claim", claim.id, denial.id, "alice"))
        assert [r.key for r in sync(bob).refused] == [forged.id]
        sync(alice)
        assert links.link(alice, forged.id) is None
        # bob's own link reaches alice; alice deleting her link reaches bob as a tombstone.
        own = links.add_link(bob, new_link(doc_of(bob).id, "characterizes", denial.id, claim.id, "bob"))
        sync(bob)
        links.delete_link(alice, link.id, by="alice")
        sync(alice)
        assert links.link(alice, own.id) is not None
        sync(bob)
        gone = links.link(bob, link.id)
        assert gone is not None and gone.deleted


def test_speakers_anyone_edits_merge_newer_wins(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        a = speakers.add_speaker(alice, new_speaker("Rex Tillerson"))
        b = speakers.add_speaker(alice, new_speaker("the secretary of state"))
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        speakers.update_speaker(bob, a.id, same_as=["https://www.wikidata.org/wiki/Q58725"])
        speakers.merge_speakers(bob, a.id, b.id)
        assert sync(bob).refused == []
        sync(alice)
        theirs = speakers.speakers_by_id(alice)
        assert theirs[a.id].same_as == ("https://www.wikidata.org/wiki/Q58725",)
        assert theirs[b.id].merged_into == a.id


def test_a_project_connected_before_links_existed_starts_sending_them(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        claim, denial = tag(alice, "alice", 4, 45), tag(alice, "alice", 93, 133, "denial")
        sync(alice, team.url("alice"))
        # As a project synced by an older factcheck: only its tags, documents and labels were tracked.
        for table in ("links", "speakers", "link_types"):
            for event in ("insert", "update"):
                alice._db.execute(f"DROP TRIGGER IF EXISTS sync_track_{table}_{event}")
        assert not sync_local.tracking(alice)
        link = links.add_link(alice, new_link(doc_of(alice).id, "denies", denial.id, claim.id, "alice"))
        assert sync(alice).pushed.get("links") == 1
        assert sync_local.tracking(alice)
        sync(bob, team.url("bob"))
        assert links.link(bob, link.id) is not None


def test_a_server_prepared_by_an_older_factcheck_is_refused_until_prepared_again(
    team: Team, tmp_path: Path
) -> None:
    import pytest

    from db.pg_errors import ServerError
    from db.pg_schema import SCHEMA_VERSION, init_server

    with team.server.admin(team.database) as conn:
        conn.execute("UPDATE factcheck.meta SET value = '1' WHERE key = 'schema_version'")
    with project(tmp_path, "alice") as alice:
        tag(alice, "alice", 4, 45)
        with pytest.raises(ServerError, match=r"older than this factcheck's .* server init"):
            sync(alice, team.url("alice"))
        assert sync_local.waiting(alice) == 0  # never connected: nothing queued, nothing sent
        with team.server.admin(team.database) as conn:
            init_server(conn)
            row = conn.execute("SELECT value FROM factcheck.meta WHERE key = 'schema_version'").fetchone()
        assert row == (str(SCHEMA_VERSION),)
        assert sync(alice, team.url("alice")).pushed["annotations"] == 1


def test_structure_a_bypassing_client_wrote_badly_is_skipped_and_listed_not_blocking(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        good = tag(alice, "alice", 4, 45)
        cue = tag(alice, "alice", 13, 17, "cue")  # "said"
        sync(alice, team.url("alice"))
        server_doc = doc_of(alice).id
        bad = {
            "bad-pieces": ("claim", "[[4, 20], [10, 45]]", None, None),  # overlapping pieces
            "bad-json": ("claim", "[[4,", None, None),
            "bad-envelope": ("claim", "[[4, 8], [20, 30]]", None, None),
            "bad-source": ("claim", None, "bad-source", None),  # itself as its source
            "bad-role": ("cue", None, None, "direct"),  # a cue tag with a quotation
        }  # (a quotation other than direct/indirect the server refuses by itself: a CHECK constraint)
        # A cue tag as the source is what a source relabelled since leaves: a dormant pointer, kept.
        dormant = {"dormant-source": ("claim", None, cue.id, None)}
        with team.connect("alice") as conn:  # plain psycopg: nothing checks the structure
            for tag_id, (label, fragments, source, quotation) in {**bad, **dormant}.items():
                conn.execute(
                    'INSERT INTO factcheck.annotations (id, document_id, label, start, "end", quote, '
                    "prefix, suffix, annotator, note, created_at, updated_at, orphaned, fragments, source, "
                    "quotation) VALUES (%s, %s, %s, 4, 45, %s, '', '', 'alice', '', %s, %s, 0, %s, %s, %s)",
                    [tag_id, server_doc, label, good.quote, good.created_at, good.updated_at, fragments,
                     source, quotation],
                )  # fmt: skip
        report = sync(bob, team.url("bob"))
        assert bob.annotation(good.id) is not None and bob.annotation(cue.id) is not None
        skipped = "\n".join(report.details())
        for tag_id in bad:
            assert bob.annotation(tag_id) is None
            assert tag_id in skipped
        kept = bob.annotation("dormant-source")
        assert kept is not None and kept.source == cue.id and "dormant-source" not in skipped


def test_deleting_a_tag_a_teammate_linked_to_refuses_nothing_and_leaves_their_link_theirs(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        claim = tag(alice, "alice", 4, 45)
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        denial = tag(bob, "bob", 93, 133, "denial")
        bobs = links.add_link(bob, new_link(doc_of(bob).id, "denies", denial.id, claim.id, "bob"))
        sync(bob)
        sync(alice)
        assert [lk.id for lk in links.links(alice, doc_of(alice).id)] == [bobs.id]
        alice.delete_annotation(claim.id)
        report = sync(alice)
        assert report.refused == []  # bob's link was not touched by alice's deletion
        sync(bob)
        kept = links.link(bob, bobs.id)
        assert kept is not None and not kept.deleted and kept.annotator == "bob"
        assert links.links(bob, doc_of(bob).id) == []  # it joins nothing while the claim is deleted
