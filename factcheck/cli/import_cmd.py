"""`factcheck import FILE...`: articles, teammates' exports and databases, all or nothing."""

from __future__ import annotations

import argparse

from factcheck.cli.common import annotator_name, open_store
from factcheck.importing import import_paths


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        help="import articles (.txt .md .html .htm), exports (.json .jsonl) and teammates' databases",
        description=(
            "Import articles, factcheck JSON/JSONL exports and teammates' factcheck databases "
            "(.db .sqlite .factcheck, read without being modified). All files land in one transaction: "
            "if one is refused, nothing is imported."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="the files to import")


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        report = import_paths(store, args.files, annotator=annotator_name(args))
    for file_report in report.files:
        print(f"{file_report.source}: {file_report.summary()}")
        for line in file_report.details():
            print(f"    {line}")
    if len(report.files) > 1:
        print(f"Total: {report.summary()}")
    return 0
