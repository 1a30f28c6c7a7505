"""`factcheck import FILE...`: articles, teammates' exports and databases, all or nothing."""

from __future__ import annotations

import argparse

from factcheck.cli.common import Subparsers, annotator_name, open_store
from factcheck.core.articles import ARTICLE_SUFFIXES
from factcheck.services.importing import BUNDLE_SUFFIXES, DATABASE_SUFFIXES, import_paths


def add_parser(sub: Subparsers) -> None:
    articles, exports, databases = (
        " ".join(s) for s in (ARTICLE_SUFFIXES, BUNDLE_SUFFIXES, DATABASE_SUFFIXES)
    )
    p = sub.add_parser(
        "import",
        help=f"import articles ({articles}), exports ({exports}) and teammates' databases",
        description=(
            f"Import articles ({articles}), factcheck exports ({exports}) and teammates' factcheck "
            f"databases ({databases}, read without being modified). Tags are matched by id: importing "
            "the same work twice changes nothing. All files land in one transaction: if one is refused, "
            "nothing is imported. Prints, per file, what was added, updated, unchanged, skipped, "
            "conflicting and orphaned."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="the files to import")
    p.add_argument(
        "--add-labels",
        action="store_true",
        help="add verdict ratings of claim cards that the project's verdict scale lacks (with the file's "
        "values); without it such a file is refused",
    )


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        report = import_paths(store, args.files, annotator=annotator_name(args), add_labels=args.add_labels)
    for file_report in report.files:
        print(f"{file_report.source}: {file_report.summary()}")
        for line in file_report.details():
            print(f"    {line}")
    if len(report.files) > 1:
        print(f"Total: {report.summary()}")
    return 0
