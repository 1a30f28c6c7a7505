"""`factcheck remove ID`: remove a document and its tags (asks first, unless --yes)."""

from __future__ import annotations

import argparse
import sys

from db.documents import remove_document
from factcheck.cli.common import Subparsers, open_store, recording_name
from factcheck.cli.document_ids import document_id


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "remove",
        help="remove a document and its tags",
        description=(
            "Remove a document and every tag on it (everyone's). The project remembers that it was "
            "removed, so merging a teammate's work that still has it does not bring it back; importing "
            "the article file itself again does. Asks for confirmation unless --yes."
        ),
    )
    p.add_argument("id", metavar="ID", help="the document's id (see 'factcheck list')")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        doc = store.document(document_id(args.id, store.document_ids()))
        removed_by = recording_name(args, store)  # refused before asking, when it cannot be recorded
        tags = len(store.annotations(doc.id))
        what = f"“{doc.title}” and its {tags} tag{'s' if tags != 1 else ''}"
        if not args.yes:
            if not sys.stdin.isatty():
                print(f"factcheck: not removed: confirm with --yes to remove {what}.", file=sys.stderr)
                return 1
            try:
                answer = input(f"Remove {what}? [y/N] ").strip().lower()
            except EOFError:  # Ctrl+D: no answer, so no
                print()
                answer = ""
            if answer not in ("y", "yes"):
                print("Nothing was removed.")
                return 1
        remove_document(store, doc.id, removed_by)
    print(f"Removed {what}.")
    return 0
