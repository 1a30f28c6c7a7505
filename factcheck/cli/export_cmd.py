"""`factcheck export --format FMT [--out PATH | -] [filters] [--curated [--min-agree N]]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from factcheck.cli.common import Subparsers, data_stdout, open_store, printable
from factcheck.cli.document_ids import document_id
from factcheck.services.exporting import export
from factcheck.services.formats import CLAIM_FORMATS, DESCRIPTIONS, FORMATS


def add_parser(sub: Subparsers) -> None:
    formats = "; ".join(f"{name}: {text}" for name, text in DESCRIPTIONS.items())
    p = sub.add_parser(
        "export",
        help="export annotations as CSV, JSON, JSONL, W3C Web Annotation or brat",
        description=f"Export annotations. Formats: {formats}. Filters may be repeated or comma-separated.",
    )
    p.add_argument("--format", "-f", required=True, choices=FORMATS + CLAIM_FORMATS, help="the export format")
    p.add_argument(
        "--out", "-o", metavar="PATH", help="file to write ('-' or absent: standard output); brat: a folder"
    )
    p.add_argument(
        "--document",
        metavar="ID",
        action="append",
        help="only this document: its id or the start of it (see 'factcheck list')",
    )
    p.add_argument(
        "--annotator",
        dest="only_annotator",
        metavar="NAME",
        action="append",
        help="only this annotator's tags",
    )
    p.add_argument("--label", metavar="LABEL", action="append", help="only tags with this label")
    p.add_argument(
        "--status",
        metavar="DECISION",
        action="append",
        help="only tags with this review decision: accepted, rejected or unreviewed",
    )
    p.add_argument(
        "--curated",
        action="store_true",
        help=(
            "export the curated set: one tag per document, label and span, annotator 'curated', with its "
            "sources (every accepted tag; undecided ones that --min-agree annotators made identically; "
            "never a rejected one). See docs/curation.md"
        ),
    )
    p.add_argument(
        "--min-agree",
        metavar="N",
        type=_at_least_one,
        help="with --curated: annotators who must have made an undecided tag identically "
        "(default: all who tagged the document; 1: the union)",
    )


def _at_least_one(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return n


def _split(values: list[str] | None, known: Callable[[], Iterable[str]] = tuple) -> list[str] | None:
    """Repeated and comma-separated values; a value that is itself a known name keeps its commas.

    known is called only when there are values (listing the annotators is a query of its own)."""
    if values is None:
        return None
    names = set(known())
    out: list[str] = []
    for value in values:
        if value in names:
            out.append(value)
        else:
            out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


def _note_unknown_annotators(asked: list[str], live: list[str], known: list[str]) -> None:
    """A name the project knows but without a live tag (all deleted, or links only) gives an export empty
    of its tags: say why (the export still runs, as asked: a JSON export carries deleted tags). A name it
    never knew is refused by the export itself."""
    for name in asked:
        if name in known and name not in live:
            print(f"Note: no live tags by '{printable(name)}' in this project.", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    to_stdout = args.out in (None, "-")
    if args.format == "brat" and to_stdout:
        print("factcheck export: error: brat writes a folder of files; give --out FOLDER", file=sys.stderr)
        return 2
    with open_store(args, read_only=True) as store:
        documents = _split(args.document)
        if documents is not None:
            ids = store.document_ids()
            documents = [document_id(given, ids) for given in documents]
        known = store.known_annotators() if args.only_annotator else []
        annotators = _split(args.only_annotator, lambda: known)
        if annotators and set(annotators) <= set(known):  # else the export refuses it, in one line
            _note_unknown_annotators(annotators, store.annotators(), known)
        labels = _split(args.label, lambda: (lab.name for lab in store.labels()))
        statuses = _split(args.status)

        def run_export(out: Path | TextIO) -> int:
            return export(
                store,
                args.format,
                out,
                document_id=documents,
                annotator=annotators,
                label=labels,
                status=statuses,
                curated=args.curated,
                min_agree=args.min_agree,
            )

        if not to_stdout:
            n = run_export(Path(args.out))
            what = (
                "curated tag"
                if args.curated
                else "claim card"
                if args.format in CLAIM_FORMATS
                else "link"
                if args.format == "links-csv"
                else "annotation"
            )
            print(f"Exported {n} {what}{'s' if n != 1 else ''} to {args.out}.", file=sys.stderr)
            return 0
        with data_stdout() as stream:
            run_export(stream)
    return 0
