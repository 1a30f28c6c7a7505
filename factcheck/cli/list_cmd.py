"""`factcheck list`: documents with their annotation counts per label and per annotator."""

from __future__ import annotations

import argparse
import json
from typing import Any

from db.documents import removed_documents
from db.store import DocumentSummary
from factcheck.cli.common import Subparsers, data_stdout, open_store, printable_json
from factcheck.core.curation import DocumentState
from factcheck.core.names import shown
from factcheck.services.curating import document_states


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "list",
        help="list documents with annotation counts per label and annotator",
        description=(
            "List the project's documents: id and title, where it came from (its source), the review "
            "state (not reviewed; in review, with "
            "the disagreements still open; curated), then the live tags per label and per annotator. "
            "The ids are what 'export --document' and 'agreement --document' take."
        ),
    )
    p.add_argument(
        "--removed",
        action="store_true",
        help="list the removed documents instead (merges leave them out; importing the file brings one back)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="write the listing as JSON (UTF-8) for scripts: a list of documents with the same fields as "
        "the table, ids whole",
    )


def run(args: argparse.Namespace) -> int:
    with open_store(args, read_only=True) as store:
        if args.removed:
            removed = removed_documents(store)
            if args.json:
                keys = ("id", "title", "source", "removed_by", "removed_at")
                return _write_json([dict(zip(keys, row, strict=True)) for row in removed])
            if not removed:
                print("No document was removed from this project.")
            for doc_id, title, source, who, when in removed:
                print(f"{doc_id}  {title}")
                print(f"    removed by {who} at {when}" + (f"; source: {source}" if source else ""))
            return 0
        labels = [lab.name for lab in store.labels()]
        summaries = store.document_summaries()
        states = document_states(store)
    if args.json:
        return _write_json([_document(s, states[s.id], labels) for s in summaries])
    if not summaries:
        print("No documents yet. Add one with: factcheck import ARTICLE.txt")
        return 0
    for s in summaries:
        print(f"{s.id}  {s.title}")
        if s.source:
            print(f"    source: {s.source}")
        print(f"    {states[s.id].describe()}")
        counts = ", ".join(f"{lab} {s.by_label.get(lab, 0)}" for lab in labels)
        print(f"    {s.total} tags: {counts}")
        if s.by_annotator:
            # A team server's login may hold a zero-width character (kept exactly, as the server's
            # owner): written as its escape, "bob" and "bob\\u200b" read as two people.
            people = ", ".join(f"{shown(name)} {n}" for name, n in sorted(s.by_annotator.items()))
            print(f"    by annotator: {people}")
    return 0


def _document(s: DocumentSummary, state: DocumentState, labels: list[str]) -> dict[str, Any]:
    """One document as `list --json` writes it: the table's fields, its names exact (JSON tells "bob"
    from "bob\\u200b" itself)."""
    return {
        "id": s.id,
        "title": s.title,
        "source": s.source,
        "state": state.kind,  # not_reviewed, in_review, curated
        "open_disagreements": state.open,
        "review": state.describe(),  # the table's words
        "tags": s.total,
        "by_label": {lab: s.by_label.get(lab, 0) for lab in labels},  # every label, in the project's order
        "by_annotator": dict(sorted(s.by_annotator.items())),
    }


def _write_json(items: list[dict[str, Any]]) -> int:
    """items as a JSON list on standard output: UTF-8 whatever the locale, as exports are."""
    with data_stdout() as stream:
        stream.write(printable_json(json.dumps(items, indent=2, ensure_ascii=False)) + "\n")
    return 0
