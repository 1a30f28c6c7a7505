"""What the server explorer found (tests/factcheck/services/server_explorer.py): rows a client that
bypasses factcheck wrote on the team server, which a pull applied unchecked (the project then held rows
its own JSON export could not import again) or crashed on. Each is now skipped and listed with its
reason, by the same checks a file import makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db import Store, attribution, claims, links, speakers
from db.annotation_rows import ANNOTATION_COLUMNS
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import new_speaker
from factcheck.services.exporting import export
from factcheck.services.sync import SyncReport, sync
from tests.factcheck.services.server_explorer import _local_row, _same, _server_row
from tests.factcheck.services.sync_support import doc_of, project, tag
from tests.pg import Team

FUTURE = "2999-01-01T00:00:00.000000Z"


def _bypass(team: Team, role: str, query: str, params: list[Any]) -> None:
    with team.connect(role) as conn:  # plain psycopg: what a client bypassing factcheck may write
        conn.execute(query, params)


def _before_the_guards(team: Team) -> None:
    """The server as version 7 left it, without the value triggers (`db.pg_value_guards`): the rows
    these tests write are refused now, but one written before the upgrade is still met by a pull."""
    with team.server.admin(team.database) as conn:
        for table in conn.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'b_values'"
        ).fetchall():
            conn.execute(f'DROP TRIGGER b_values ON factcheck."{table[0]}"')


def _twin_on_server(team: Team, tag_id: str) -> None:
    """alice's bypassing client copies her tag under the id '0-twin' (it sorts first: the tag kept)."""
    names = ", ".join(f'"{c}"' for c in ANNOTATION_COLUMNS)
    values = names.replace('"id"', "'0-twin'", 1)
    _bypass(
        team,
        "alice",
        f"INSERT INTO factcheck.annotations ({names}) SELECT {values} FROM factcheck.annotations "
        "WHERE id = %s",
        [tag_id],
    )


def _listed(report: SyncReport, key: str, words: str) -> bool:
    return any(key in line and words in line for line in report.details())


def _exports_and_imports_again(store: Store, tmp_path: Path) -> None:
    from factcheck.cli import main

    out = tmp_path / "export.json"
    export(store, "json", out)
    assert main(["--db", str(tmp_path / "again.db"), "import", "--add-labels", str(out)]) == 0


def _tag_update(team: Team, role: str, key: str, column: str, value: object) -> None:
    _bypass(
        team,
        role,
        f'UPDATE factcheck.annotations SET "{column}" = %s, updated_at = %s WHERE id = %s',
        [value, "2026-11-29T12:00:00.000000Z", key],
    )


def test_a_review_status_factcheck_never_writes_is_skipped_and_listed(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        good = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        _tag_update(team, "rita", good.id, "status", "Accepted")  # a reviewer's script, not factcheck
        report = sync(bob, team.url("bob"))
        assert bob.annotation(good.id) is None
        assert _listed(report, good.id, '"status" must be "accepted", "rejected" or null')
        _exports_and_imports_again(bob, tmp_path)


def test_a_tag_stamped_far_in_the_future_is_skipped_and_listed(team: Team, tmp_path: Path) -> None:
    # It would win every later merge: its owner's next edit could never replace it.
    _before_the_guards(team)
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        good = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        _bypass(
            team, "alice", "UPDATE factcheck.annotations SET updated_at = %s WHERE id = %s", [FUTURE, good.id]
        )
        report = sync(bob, team.url("bob"))
        assert bob.annotation(good.id) is None
        assert _listed(report, good.id, "more than a day in the future")


def test_a_tag_whose_time_stamp_does_not_parse_is_skipped_and_listed(team: Team, tmp_path: Path) -> None:
    _before_the_guards(team)
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        other = tag(alice, "alice", 13, 18)
        sync(alice, team.url("alice"))
        _bypass(
            team,
            "alice",
            "INSERT INTO factcheck.annotations SELECT 'bad-stamp', document_id, label, start, "
            "\"end\", quote, prefix, suffix, annotator, note, 'x', 'not a time', deleted_at, status, "
            "reviewer, reason, reviewed_at, orphaned, fragments, speaker, source, cue, quotation "
            "FROM factcheck.annotations WHERE id = %s",
            [other.id],
        )
        report = sync(bob, team.url("bob"))
        assert bob.annotation("bad-stamp") is None and bob.annotation(other.id) is not None
        assert _listed(report, "bad-stamp", "is not an ISO-8601 date and time")
        _exports_and_imports_again(bob, tmp_path)


def test_pieces_nested_thousands_deep_are_skipped_and_listed_not_a_crash(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        good = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        _tag_update(team, "alice", good.id, "fragments", "[" * 5000 + "]" * 5000)
        report = sync(bob, team.url("bob"))
        assert bob.annotation(good.id) is None
        assert _listed(report, good.id, "pieces")


def test_a_link_or_speaker_stamped_far_in_the_future_is_skipped_and_listed(
    team: Team, tmp_path: Path
) -> None:
    _before_the_guards(team)
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        claim, denial = tag(alice, "alice", 4, 45), tag(alice, "alice", 93, 133, "denial")
        link = links.add_link(alice, new_link(doc_of(alice).id, "denies", denial.id, claim.id, "alice"))
        speaker = speakers.add_speaker(alice, new_speaker("The minister"))
        sync(alice, team.url("alice"))
        for table, key in (("links", link.id), ("speakers", speaker.id)):
            _bypass(
                team, "alice", f"UPDATE factcheck.{table} SET updated_at = %s WHERE id = %s", [FUTURE, key]
            )
        report = sync(bob, team.url("bob"))
        assert links.link(bob, link.id) is None and speakers.speaker(bob, speaker.id) is None
        assert _listed(report, link.id, "more than a day in the future")
        assert _listed(report, speaker.id, "more than a day in the future")
        _exports_and_imports_again(bob, tmp_path)


def test_a_document_whose_sha256_is_not_its_texts_is_skipped_and_listed_with_its_tags(
    team: Team, tmp_path: Path
) -> None:
    _before_the_guards(team)
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob", article=False) as bob:
        tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        _bypass(
            team,
            "alice",
            "INSERT INTO factcheck.documents (id, title, source, text, sha256, imported_at) "
            "VALUES ('forged', 't', 's', 'Another text.', %s, '2026-11-29T12:00:00.000000Z')",
            ["f" * 64],
        )
        _bypass(
            team,
            "alice",
            'INSERT INTO factcheck.annotations (id, document_id, label, start, "end", quote, prefix, '
            "suffix, annotator, note, created_at, updated_at, orphaned) VALUES ('on-forged', 'forged', "
            "'claim', 0, 7, 'Another', '', '', 'alice', '', %s, %s, 0)",
            ["2026-11-29T12:00:00.000000Z"] * 2,
        )
        report = sync(bob, team.url("bob"))
        assert [d.text for d in bob.documents()] == [doc_of(alice).text]
        assert _listed(report, "forged", "sha256")
        assert _listed(report, "on-forged", "forged")


def test_a_tag_naming_a_speaker_the_pull_skipped_is_skipped_too_not_the_whole_pull(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        source = tag(alice, "alice", 0, 12, "source")  # "The minister"
        speaker = speakers.add_speaker(alice, new_speaker("The minister"))
        attribution.set_speaker(alice, source.id, speaker.id)
        other = tag(alice, "alice", 13, 17, "cue")
        sync(alice, team.url("alice"))
        _bypass(
            team,
            "alice",
            "UPDATE factcheck.speakers SET kind = 'person', same_as = '[' WHERE id = %s",
            [speaker.id],
        )
        report = sync(bob, team.url("bob"))  # raised: the merge met a tag naming no speaker it had
        assert bob.annotation(other.id) is not None
        assert speakers.speaker(bob, speaker.id) is None and bob.annotation(source.id) is None
        assert _listed(report, speaker.id, "same_as")
        assert _listed(report, source.id, "speaker")


def test_labels_the_project_would_refuse_are_skipped_and_listed_with_their_tags(
    team: Team, tmp_path: Path
) -> None:
    # Its own export then failed to import ("The project has a label 'claim' already").
    bad = {
        "CLAIM": ("#E69F00", "content"),  # the label claim but for case
        " denial": ("#56B4E9", "content"),
        "evil\u202eclaim": ("#56B4E9", "content"),
        "odd colour": ("a\nb", "content"),
        "odd role": ("#56B4E9", "speaker\x1b[31m"),
    }
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        good = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        for name, (color, role) in {**bad, "fine": ("#123456", "content")}.items():
            _bypass(
                team,
                "alice",
                "INSERT INTO factcheck.labels (name, color, shortcut, position, role) "
                "VALUES (%s, %s, %s, 9, %s)",
                [name, color, "\u202e" if name == "fine" else "", role],
            )
        _bypass(
            team,
            "alice",
            "INSERT INTO factcheck.annotations SELECT 'on-CLAIM', document_id, 'CLAIM', start, "
            '"end", quote, prefix, suffix, annotator, note, created_at, updated_at, deleted_at, status, '
            "reviewer, reason, reviewed_at, orphaned, fragments, speaker, source, cue, quotation "
            "FROM factcheck.annotations WHERE id = %s",
            [good.id],
        )
        report = sync(bob, team.url("bob"))
        names = {lab.name: lab for lab in bob.labels()}
        assert not set(bad) & set(names)
        assert names["fine"].shortcut == ""  # a key that is no digit is left off
        for name in bad:
            assert _listed(report, repr(name), "skipped label")
        assert bob.annotation("on-CLAIM") is None and _listed(report, "on-CLAIM", "label")
        _exports_and_imports_again(bob, tmp_path)


def test_a_link_type_the_project_would_refuse_is_listed(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        _bypass(
            team,
            "alice",
            "INSERT INTO factcheck.link_types VALUES ('rebuts ', 9, 0)",
            [],
        )
        report = sync(bob, team.url("bob"))
        assert "rebuts " not in {t.name for t in links.link_types(bob)}
        assert _listed(report, "'rebuts '", "skipped link type")


def test_a_time_stamp_in_the_stored_form_on_a_day_no_month_has_is_skipped_and_listed(
    team: Team, tmp_path: Path
) -> None:
    # The stored form's pattern took "2026-02-31T…" (and a 13th month, a 25th hour) as a time: the row
    # landed, and reading the card back (its JSON export's tags) met a date that is none.
    impossible = "2026-02-31T10:00:00.000000Z"
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        a1, a2 = tag(alice, "alice", 4, 12), tag(alice, "alice", 13, 18)
        card, _ = claims.create_card(alice, [a2.id], "alice", text="Crime fell")
        sync(alice, team.url("alice"))
        _tag_update(team, "alice", a1.id, "deleted_at", impossible)
        _bypass(
            team, "alice", "UPDATE factcheck.claims SET updated_at = %s WHERE id = %s", [impossible, card.id]
        )
        report = sync(bob, team.url("bob"))
        assert bob.annotation(a1.id) is None and claims.card(bob, card.id) is None
        assert _listed(report, a1.id, "ISO-8601") and _listed(report, card.id, "skipped claims row")
        _exports_and_imports_again(bob, tmp_path)


def test_a_second_vote_of_one_annotator_on_one_card_is_skipped_and_listed(team: Team, tmp_path: Path) -> None:
    # The project held both, and its own JSON export was refused ("'alice' appears twice in checkworthy").
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        card, _ = claims.create_card(alice, [tag(alice, "alice", 4, 45).id], "alice", text="Crime fell")
        vote = claims.vote(alice, card.id, "alice", "yes", "a number")
        sync(alice, team.url("alice"))
        _bypass(
            team,
            "alice",
            "INSERT INTO factcheck.checkworthy SELECT 'second-vote', claim_id, annotator, 'no', reason, "
            "created_at, updated_at, deleted_at FROM factcheck.checkworthy WHERE id = %s",
            [vote.id],
        )
        report = sync(bob, team.url("bob"))
        assert [v.id for v in claims.votes(bob, card.id)] == [vote.id]
        assert _listed(report, "second-vote", "its id is not the one factcheck gives a vote")
        _exports_and_imports_again(bob, tmp_path)


def test_a_tag_on_a_document_the_server_lacks_is_listed(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        good = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        _bypass(
            team,
            "alice",
            "INSERT INTO factcheck.annotations SELECT 'nowhere', 'no-such-document', label, start, \"end\", "
            "quote, prefix, suffix, annotator, note, created_at, updated_at, deleted_at, status, reviewer, "
            "reason, reviewed_at, orphaned, fragments, speaker, source, cue, quotation "
            "FROM factcheck.annotations WHERE id = %s",
            [good.id],
        )
        report = sync(bob, team.url("bob"))
        assert bob.annotation("nowhere") is None
        assert _listed(report, "nowhere", "'no-such-document' is not on the server")


def test_a_link_between_tags_of_two_documents_is_skipped_and_listed_not_the_whole_pull(
    team: Team, tmp_path: Path
) -> None:
    """A link whose end is a tag of another document than the link's: the merge refused the whole pull
    (every later sync too), for the project holding both tags and for a fresh one."""
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        claim, first = tag(alice, "alice", 4, 45), doc_of(alice)
        other, _ = alice.add_document(Document.create("Another article, another claim.\n", title="Other"))
        theirs = alice.add_annotation(new_annotation(other, 8, 15, "claim", "alice"), other.text)
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))  # bob holds both tags: the link's ends are his already
        stamp = claim.created_at
        _bypass(
            team,
            "alice",
            "INSERT INTO factcheck.links (id, document_id, type, from_id, to_id, annotator, created_at, "
            "updated_at) SELECT 'cross', document_id, 'denies', %s, %s, 'alice', %s, %s "
            "FROM factcheck.annotations WHERE id = %s",
            [claim.id, theirs.id, stamp, stamp, claim.id],
        )
        good = alice.add_annotation(new_annotation(first, 93, 133, "denial", "alice"), first.text)
        sync(alice)
        with project(tmp_path, "vera", article=False) as vera:
            for name, store in (("bob", bob), ("vera", vera)):
                report = sync(store, team.url("bob"))
                assert store.annotation(good.id) is not None, name
                assert links.link(store, "cross") is None, name
                assert _listed(report, "cross", "another document"), report.details()
                folder = tmp_path / name
                folder.mkdir()
                _exports_and_imports_again(store, folder)


def test_an_empty_claim_date_on_the_server_is_read_as_no_date_by_every_project(
    team: Team, tmp_path: Path
) -> None:
    """A card written with claim_date '' (not NULL) by a client bypassing factcheck: every project reads
    it as a file import and the card editor do (check_date: empty is no date), stores NULL and lists
    nothing. The explorer took that for a row neither applied nor listed; it now compares the same way."""
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        card, _ = claims.create_card(alice, [tag(alice, "alice", 4, 45).id], "alice", text="Crime fell")
        sync(alice, team.url("alice"))
        _bypass(
            team,
            "alice",
            "UPDATE factcheck.claims SET claim_date = '', updated_at = %s WHERE id = %s",
            ["2026-11-29T12:00:00.000000Z", card.id],
        )
        for name, store in (("alice", alice), ("bob", bob)):
            report = sync(store, team.url(name))
            got = claims.card(store, card.id)
            assert got is not None and got.claim_date is None, name
            assert not [line for line in report.details() if card.id in line], name
            ours, theirs = _local_row(store, "claims", card.id), _server_row(team, "claims", card.id)
            assert ours is not None and theirs is not None and theirs[3] == ""
            assert _same("claims", ours, theirs), (ours, theirs)
            folder = tmp_path / name
            folder.mkdir()
            _exports_and_imports_again(store, folder)


def test_a_pointer_on_a_tag_the_server_holds_stamped_ahead_is_not_moved_to_a_twin(
    team: Team, tmp_path: Path
) -> None:
    """A tag whose server row a bypassing client stamped far ahead is skipped by every pull: each project
    keeps its good copy. When a twin of its source came, its owner's project moved the pointer onto the
    twin kept and pushed it, but the server kept its newer stamp: only that project held the move, and
    the honest projects did not converge (found by the server explorer, seed 104). Since schema 8 the
    server refuses such a stamp; one written before the upgrade meets the same rule."""
    _before_the_guards(team)
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        source = tag(alice, "alice", 0, 12, "source")  # "The minister"
        claim = tag(alice, "alice", 18, 45)
        attribution.set_attribution(alice, claim.id, source=source.id, by="alice")
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        _bypass(
            team,
            "alice",
            "UPDATE factcheck.annotations SET updated_at = %s WHERE id = %s",
            [FUTURE, claim.id],
        )
        # A twin of the source (the same span, creation time and owner) whose id sorts first: the tag kept.
        _twin_on_server(team, source.id)
        report = sync(alice, team.url("alice"))
        assert _listed(report, claim.id, "stamped ahead")
        assert _listed(report, source.id, "kept that one")  # the twin itself is dropped as before
        sync(bob, team.url("bob"))
        mine, bobs = alice.annotation(claim.id), bob.annotation(claim.id)
        assert mine is not None and bobs is not None
        assert mine.source == bobs.source == source.id
        assert mine.updated_at == bobs.updated_at
        assert bob.annotation(source.id).deleted and alice.annotation(source.id).deleted  # type: ignore[union-attr]


def test_a_link_the_server_holds_stamped_ahead_is_not_moved_to_a_twin(team: Team, tmp_path: Path) -> None:
    """The same for a link of the owner's from a tag that got a twin: its project tombstoned it and made
    the moved one, the server kept the link's newer stamp, and only that project held it deleted (found
    by the server explorer, seed 194)."""
    _before_the_guards(team)
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        claim, denial = tag(alice, "alice", 4, 45), tag(alice, "alice", 47, 84, "denial")
        link = links.add_link(alice, new_link(doc_of(alice).id, "denies", denial.id, claim.id, "alice"))
        sync(alice, team.url("alice"))
        sync(bob, team.url("bob"))
        _bypass(team, "alice", "UPDATE factcheck.links SET updated_at = %s WHERE id = %s", [FUTURE, link.id])
        _twin_on_server(team, claim.id)
        report = sync(alice, team.url("alice"))
        assert _listed(report, link.id, "stamped ahead")
        sync(bob, team.url("bob"))

        def held(store: Store) -> list[tuple[str, str, str, str, str | None]]:
            every = links.links(store, doc_of(store).id, include_deleted=True)
            return sorted((lk.id, lk.from_id, lk.to_id, lk.updated_at, lk.deleted_at) for lk in every)

        assert held(alice) == held(bob) == [(link.id, denial.id, claim.id, link.updated_at, None)]
