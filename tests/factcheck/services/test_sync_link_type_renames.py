"""A link type renamed before the project joined the team server (a synced project refuses renames:
factcheck.services.link_types): teammates' links of the old name, pulled or sent back by the server,
land under the new name, and the old type does not come back. The server is left as it is: it keeps
both names (it has no table of former names), and a teammate who never renamed keeps the old one."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import link_types as db_link_types
from db import links
from db.errors import StoreError
from db.store import Store
from factcheck.core.links import new_link
from factcheck.services import link_types as link_types_service
from factcheck.services.importing import import_paths
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import doc_of, project, tag
from tests.pg import Team


def _names(store: Store) -> list[str]:
    return [t.name for t in links.link_types(store)]


def test_a_type_renamed_before_joining_takes_the_teams_links_of_its_old_name(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "bob") as bob, project(tmp_path, "alice", article=False) as alice:
        claim = tag(bob, "bob", 4, 45)
        denial = tag(bob, "bob", 93, 133, "denial")
        bobs = links.add_link(bob, new_link(doc_of(bob).id, "denies", denial.id, claim.id, "bob"))
        assert sync(bob, team.url("bob")).refused == []
        # alice holds bob's work from a file, renames denies, and links a tag of her own.
        import_paths(alice, [tmp_path / "bob.db"])
        assert db_link_types.rename_link_type(alice, "denies", "rebuts") == 1
        own = tag(alice, "alice", 0, 12)
        hers = links.add_link(alice, new_link(doc_of(alice).id, "rebuts", own.id, claim.id, "alice"))

        report = sync(alice, team.url("alice"))
        # bob's link is bob's: the server refuses alice's renamed copy, and its own copy (of the old
        # name) comes back under the new name, not as a type 'denies' of its own.
        assert [(r.table, r.key) for r in report.refused] == [("links", bobs.id)]
        assert _names(alice) == ["rebuts", "characterizes", "same_claim", "corrects"]
        back = links.link(alice, bobs.id)
        assert back is not None and (back.type, back.updated_at) == ("rebuts", bobs.updated_at)
        assert sync(alice).refused == []  # what the pull put is not sent again

        # bob never renamed: he gets alice's type and link, and keeps his own of the old name.
        sync(bob)
        assert _names(bob) == ["denies", "characterizes", "same_claim", "corrects", "rebuts"]
        got = links.link(bob, hers.id)
        assert got is not None and got.type == "rebuts"
        assert links.link(bob, bobs.id) == bobs
        # bob's later links of the old name reach alice under the new one.
        later = links.add_link(bob, new_link(doc_of(bob).id, "denies", claim.id, denial.id, "bob"))
        sync(bob)
        pulled = sync(alice)
        assert pulled.pulled.structure.get("links of renamed types") == 1, pulled.details()
        arrived = links.link(alice, later.id)
        assert arrived is not None and arrived.type == "rebuts"
        assert _names(alice) == ["rebuts", "characterizes", "same_claim", "corrects"]
        assert sorted(lk.type for lk in links.links(alice)) == ["rebuts", "rebuts", "rebuts"]
        # Connected now: renaming is refused (the server would send the old name back to the others).
        with pytest.raises(StoreError, match="team server"):
            link_types_service.rename_link_type(alice, "rebuts", "denies")
