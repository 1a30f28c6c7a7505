"""`factcheck sync [--server URL]`: sync the project with the team server, both ways."""

from __future__ import annotations

import argparse

from factcheck.cli.common import Subparsers, open_store, recording_name
from factcheck.cli.server_cmd import with_password
from factcheck.core.errors import FactcheckError
from factcheck.services.sync import ServerUnreachable, pending_changes, server_url, sync
from factcheck.services.sync_identity import NameDiffers
from factcheck.services.sync_status import NOT_CONNECTED_YET


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "sync",
        help="send your changes to the team server and receive your teammates'",
        description=(
            "Sync the project with the team server (PostgreSQL): documents, labels, tags, review "
            "decisions and deletions, both ways, with the rules of a file merge. --server connects the "
            "project (remembered without any password); later syncs need no option. The password comes "
            "from PGPASSWORD, ~/.pgpass or a prompt, and is never stored. Prints what was sent and "
            "received, and each row the server refused, with why."
        ),
    )
    p.add_argument("--server", metavar="URL", help="postgresql://NAME@HOST/DATABASE (connects the project)")
    names = p.add_mutually_exclusive_group()
    names.add_argument(
        "--as-login",
        action="store_true",
        help="first connection: put the work under your name (--annotator) under the server login instead",
    )
    names.add_argument(
        "--keep-names",
        action="store_true",
        help="first connection: keep the work under your name local (the server takes only the login's)",
    )


def run(args: argparse.Namespace) -> int:
    as_login = True if args.as_login else False if args.keep_names else None
    with open_store(args) as store:
        # Your name here: a synced project's is its login (its work is under it), as the window's is.
        name = recording_name(args, store)
        try:
            report = with_password(
                lambda pw: sync(store, args.server, password=pw, name=name, as_login=as_login)
            )
        except NameDiffers as exc:
            raise FactcheckError(
                f"{exc} Run it again with --as-login to put them under {exc.login}, or with --keep-names "
                "to connect and keep them here only."
            ) from None
        except ServerUnreachable as exc:
            if server_url(store) is None:  # a first connection that failed: no "next sync" to wait for
                raise ServerUnreachable(f"{exc} {NOT_CONNECTED_YET} Then run this again.") from None
            waiting = pending_changes(store)
            plural = "s" if waiting != 1 else ""
            raise ServerUnreachable(
                f"{exc} Working offline: {waiting:,} change{plural} wait for the next sync."
            ) from None
    print(report.summary())
    for line in report.details():
        print(f"    {line}")
    if report.push_held:  # received, nothing sent: the changes wait here
        raise FactcheckError(report.push_held)
    if report.refused:  # the rest landed; a script must still learn that not everything did
        n = len(report.refused)
        raise FactcheckError(
            f"the team server refused {n} row{'s' if n != 1 else ''} (listed above, with why); where the "
            "server has a copy, it replaced yours; everything else was synced."
        )
    return 0
