"""`factcheck import FILE...`: articles (files or web addresses), teammates' exports and databases, all or
nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from db.store import Store
from factcheck.cli.common import Subparsers, open_store, recording_name
from factcheck.core.articles import ARTICLE_SUFFIXES
from factcheck.core.errors import FactcheckError, ImportRefused
from factcheck.services.importing import BUNDLE_SUFFIXES, DATABASE_SUFFIXES, import_paths
from factcheck.services.labels import HOW_TO_ADD, add_missing, missing_labels
from factcheck.services.web_pages import looks_like_address


def add_parser(sub: Subparsers) -> None:
    articles, exports, databases = (
        " ".join(s) for s in (ARTICLE_SUFFIXES, BUNDLE_SUFFIXES, DATABASE_SUFFIXES)
    )
    p = sub.add_parser(
        "import",
        help=f"import articles ({articles}, or https:// addresses), exports ({exports}) and teammates' "
        "databases",
        description=(
            f"Import articles ({articles}), factcheck exports ({exports}) and teammates' factcheck "
            f"databases ({databases}, read without being modified), and brat standoff: a folder, or .ann "
            "files each read with the .txt beside it; brat tags are --annotator's. An http:// or https:// "
            "address is downloaded and read as a saved web page (its source is the address it ends at). "
            "Tags are matched by id: "
            "importing the same work twice changes nothing. All files land in one transaction: if one is "
            "refused, nothing is imported. Prints, per file, what was added, updated, unchanged, skipped, "
            "conflicting and orphaned."
        ),
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="the files to import; a folder is a brat collection, a .ann is read with its .txt; an "
        "https:// address is a web page to download",
    )
    p.add_argument(
        "--add-labels",
        action="store_true",
        help="add what the files use that the project lacks instead of refusing them: labels, brat "
        "entity and relation types (as labels and link types), verdict ratings of claim cards (with the "
        "file's values); see docs/importing.md",
    )


def _explained(store: Store, files: list[str], exc: FactcheckError) -> FactcheckError:
    """A refusal for labels the project lacks, saying which ones and how to add them."""
    if "label" not in str(exc):
        return exc
    try:
        found = [(Path(f), missing_labels(store, [Path(f)])) for f in _files(files)]
    except Exception:  # the file itself is wrong (whatever the reason): the import's message says how
        return exc
    found = [(path, missing) for path, missing in found if missing]
    if not found:
        return exc
    path, missing = found[0]
    names = ", ".join(repr(lab.name) for lab in missing)
    return ImportRefused(
        f"{path.name} uses label{'s' if len(missing) > 1 else ''} {names}, which this project lacks. "
        f"{HOW_TO_ADD} Nothing was imported."
    )


def _files(sources: list[str]) -> list[str]:
    """The files among the sources (web pages carry no labels)."""
    return [f for f in sources if not looks_like_address(f)]


def run(args: argparse.Namespace) -> int:
    if "-" in args.files:  # elsewhere standard input or output: say so rather than "unknown file type"
        print(
            "factcheck import: error: standard input ('-') is not read; save the article or export to a "
            "file (.txt, .md, .html, .json...) and import that (./- for a file named '-')",
            file=sys.stderr,
        )
        return 2
    with open_store(args) as store:
        annotator = recording_name(args, store)
        if args.add_labels:
            # One transaction: the labels are added only if the import goes through.
            with store.atomic():
                added = add_missing(store, missing_labels(store, [Path(f) for f in _files(args.files)]))
                report = import_paths(store, args.files, annotator=annotator, add_labels=True)
            for lab in added:
                print(f"Added the label {lab.name!r} ({lab.color}, key {lab.shortcut or 'none'}).")
        else:
            try:
                report = import_paths(store, args.files, annotator=annotator)
            except FactcheckError as exc:
                raise _explained(store, args.files, exc) from exc
    for file_report in report.files:
        print(f"{file_report.source}: {file_report.summary()}")
        for line in file_report.details():
            print(f"    {line}")
    if len(report.files) > 1:
        print(f"Total: {report.summary()}")
    return 0
