"""`factcheck server init URL`, `factcheck server add-annotator URL NAME`: prepare a team server;
`factcheck server rename-label URL OLD NEW` (`rename-link-type`): rename the team's scheme, once, for all;
`factcheck server remove-sample URL`: remove the sample article an older factcheck sent there."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TypeVar

from db.pg_renames import Kind
from factcheck.cli.common import Subparsers
from factcheck.core.errors import FactcheckError
from factcheck.services.sync import PasswordNeeded
from factcheck.services.team_admin import add_login, prepare_server, remove_sample
from factcheck.services.team_renames import done_sentence, rename_for_team

T = TypeVar("T")
_KINDS: dict[str, Kind] = {"rename-label": "label", "rename-link-type": "link_type"}


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "server",
        help="prepare a PostgreSQL database as the team server (administrators)",
        description=(
            "Prepare a PostgreSQL database for team sync, as its owner or a superuser (URL is "
            "postgresql://ADMIN@HOST/DATABASE); rename the team's labels and link types, as a reviewer. The "
            "password comes from PGPASSWORD, ~/.pgpass or a prompt. See docs/team.md."
        ),
    )
    verbs = p.add_subparsers(dest="server_verb", metavar="ACTION", required=True)
    init = verbs.add_parser(
        "init",
        help="create (or upgrade) the factcheck schema, the group roles and the access rules",
        description=(
            "Create the schema factcheck, the group roles factcheck_annotator and factcheck_reviewer, "
            "and the row-level-security policies. Safe to run again; upgrades an older schema."
        ),
    )
    init.add_argument("url", metavar="URL")
    add = verbs.add_parser(
        "add-annotator",
        help="create a login for an annotator (or reset an annotator's password)",
        description=(
            "Create the login role NAME in factcheck_annotator (with --reviewer: also in "
            "factcheck_reviewer), or set a new password for an annotator's existing login. Its password "
            "is read from standard input (--password-stdin) or asked twice; only a SCRAM verifier of it "
            "reaches the server. The administrator's login and any other existing role that is not an "
            "annotator's are refused, unchanged."
        ),
    )
    add.add_argument("url", metavar="URL")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--reviewer", action="store_true", help="may record review decisions")
    add.add_argument("--password-stdin", action="store_true", help="read the new password from stdin")
    sample = verbs.add_parser(
        "remove-sample",
        help="remove the sample article an older factcheck sent to the server, with the trial work on it",
        description=(
            "Delete from the team server the bundled sample article that a factcheck older than 'the "
            "sample stays local' sent there, with the tags, links and claim cards made on it while trying "
            "factcheck out (a card also holding a real article's tag keeps that tag). Teammates' pulls "
            "leave it out anyway; this takes it off the server. As the server's owner or a superuser."
        ),
    )
    sample.add_argument("url", metavar="URL")
    for verb, noun, rows in (("rename-label", "label", "tag"), ("rename-link-type", "link type", "link")):
        rename = verbs.add_parser(
            verb,
            help=f"rename a {noun} for the whole team (reviewers or the server's owner)",
            description=(
                f"Rename the {noun} OLD to NEW on the team server, once for the whole team: every {rows} "
                f"with it follows, whoever's it is, and each teammate's project renames its {noun} and "
                f"{rows}s at its next sync (its offline {rows}s too). URL is postgresql://NAME@HOST/DATABASE "
                "as a reviewer (or the server's owner). A name already in use is refused."
            ),
        )
        rename.add_argument("url", metavar="URL")
        rename.add_argument("old", metavar="OLD")
        rename.add_argument("new", metavar="NEW")


_SAMPLE_NOUNS = (
    ("documents", "document", "documents"),
    ("annotations", "tag", "tags"),
    ("links", "link", "links"),
    ("claims", "claim card", "claim cards"),
    ("claim_tags", "card's tag", "cards' tags"),
    ("checkworthy", "vote", "votes"),
    ("verdicts", "verdict", "verdicts"),
)


def removed_sentence(removed: dict[str, int]) -> str:
    if not removed:
        return "The team server holds no sample article: nothing was removed."
    parts = [
        f"{n} {one if n == 1 else many}" for table, one, many in _SAMPLE_NOUNS if (n := removed.get(table, 0))
    ]
    return f"Removed the sample article from the team server: {', '.join(parts)}."


def with_password(action: Callable[[str | None], T]) -> T:
    """Run action with libpq's password; if the server asks for one it found nowhere, prompt once."""
    try:
        return action(None)
    except PasswordNeeded as exc:
        if not sys.stdin.isatty():
            raise PasswordNeeded(f"{exc} Set PGPASSWORD or put it in ~/.pgpass (see docs/team.md).") from None
        return action(getpass.getpass("Password for the team server: "))


def _new_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise FactcheckError(
            "No terminal to ask the new password: pass it on standard input with --password-stdin."
        )
    first = getpass.getpass(f"New password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        raise FactcheckError("The two passwords differ; nothing was changed.")
    return first


def run(args: argparse.Namespace) -> int:
    if args.server_verb == "init":
        repaired = with_password(lambda pw: prepare_server(args.url, password=pw))
        for sentence in repaired:
            print(f"Repaired: {sentence}")
        print("The team server is ready: schema factcheck, roles factcheck_annotator and factcheck_reviewer.")
        return 0
    if args.server_verb == "remove-sample":
        removed = with_password(lambda pw: remove_sample(args.url, password=pw))
        print(removed_sentence(removed))
        return 0
    if args.server_verb in _KINDS:
        kind = _KINDS[args.server_verb]
        rows = with_password(lambda pw: rename_for_team(args.url, kind, args.old, args.new, password=pw))
        print(done_sentence(kind, args.old, args.new, rows))
        return 0
    new = _new_password(args)
    created = with_password(
        lambda pw: add_login(args.url, args.name, new, reviewer=args.reviewer, password=pw)
    )
    group = "factcheck_reviewer" if args.reviewer else "factcheck_annotator"
    print(f"{'Created' if created else 'Updated'} the login {args.name} in {group}.")
    return 0
