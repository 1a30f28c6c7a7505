"""`factcheck rename ID TITLE`: give a document another title."""

from __future__ import annotations

import argparse

from db.documents import rename_document
from factcheck.cli.common import Subparsers, open_store
from factcheck.cli.document_ids import document_id


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "rename",
        help="give a document another title",
        description="Give a document another title (its text, tags and id stay as they are). "
        "'factcheck list' shows the ids.",
    )
    p.add_argument("id", metavar="ID", help="the document's id (see 'factcheck list')")
    p.add_argument("title", metavar="TITLE", help="the new title")


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        doc_id = document_id(args.id, store.document_ids())
        old = store.document(doc_id).title
        doc = rename_document(store, doc_id, args.title)
    print(f"Renamed “{old}” to “{doc.title}”.")
    return 0
