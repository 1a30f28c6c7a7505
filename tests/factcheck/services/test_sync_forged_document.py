"""A document row forged under another text's sha256 before the server refused it (schema 7): the upgrade
deletes it, and the teammate who holds the real text gets their tags back onto it with their next sync."""

from __future__ import annotations

import hashlib
from pathlib import Path

import psycopg

from db.pg_schema import init_server
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import ARTICLE, doc_of, project, tag
from tests.factcheck.services.test_server_explorer_findings import _before_the_guards
from tests.pg import Team

T = "2026-11-29T12:00:00.000000Z"


def test_the_upgrade_gives_the_real_text_its_tags_back(team: Team, tmp_path: Path) -> None:
    _before_the_guards(team)
    with team.connect("bob") as bob_conn:  # bob's script: another text under the article's sha256
        bob_conn.execute(
            "INSERT INTO factcheck.documents (id, title, source, text, sha256, imported_at) "
            "VALUES ('forged', 't', 's', 'Nothing to see here, nothing at all, really nothing.', %s, %s)",
            [hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest(), T],
        )
    with (
        project(tmp_path, "alice") as alice,
        project(tmp_path, "bob", article=False) as bob,
        project(tmp_path, "vera", article=False) as vera,
    ):
        a1 = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        skipped = sync(bob, team.url("bob"))  # a1 is on the forged row's text: skipped, listed once
        assert bob.annotation(a1.id) is None and any(a1.id in d for d in skipped.details())
        with team.server.admin(team.database) as conn:
            assert conn.execute("SELECT document_id FROM factcheck.annotations").fetchall() == [("forged",)]
        with psycopg.connect(team.admin_url) as conn:
            repaired = init_server(conn)
            conn.commit()
        assert len(repaired) == 1 and "(forged)" in repaired[0]
        a2 = tag(alice, "alice", 13, 17)  # her next change on the article
        report = sync(alice)
        assert not report.refused, report.details()
        with team.server.admin(team.database) as conn:  # the real text under the forged row's id
            assert conn.execute("SELECT id, text FROM factcheck.documents").fetchall() == [
                ("forged", ARTICLE)
            ]
        assert not sync(vera, team.url("vera")).details()
        assert [d.text for d in vera.documents()] == [doc_of(alice).text]
        assert sorted(a.quote for a in vera.annotations()) == sorted([a1.quote, a2.quote])
        assert not sync(bob).details()
        assert sorted(a.quote for a in bob.annotations()) == sorted([a1.quote, a2.quote])
