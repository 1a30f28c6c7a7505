"""`factcheck backup DEST`: a consistent copy through the SQLite backup API."""

from __future__ import annotations

import argparse
import sys

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
        help=(
            "the file to write (replaced if it exists and no program has it open; folders are created); "
            "not standard output"
        ),
    )


def run(args: argparse.Namespace) -> int:
    if args.dest == "-":  # elsewhere standard output: a file named "-" would surprise
        print(
            "factcheck backup: error: a backup is a database file, not standard output; give a file name "
            "(./- for a file named '-')",
            file=sys.stderr,
        )
        return 2
    with open_store(args, read_only=True) as store:
        dest = store.backup(args.dest)
    print(f"Backed up to {dest}")
    return 0
