"""`factcheck backup DEST`: a consistent copy through the SQLite backup API."""

from __future__ import annotations

import argparse

from factcheck.cli.common import Subparsers, open_store


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "backup",
        help="copy the database safely, even while the app is open",
        description="A consistent copy of the project database through the SQLite backup API.",
    )
    p.add_argument(
        "dest",
        metavar="DEST",
        help="the file to write (replaced if it exists and no program has it open; folders are created)",
    )


def run(args: argparse.Namespace) -> int:
    with open_store(args, read_only=True) as store:
        dest = store.backup(args.dest)
    print(f"Backed up to {dest}")
    return 0
