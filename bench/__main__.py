"""Run every benchmark suite and print (and optionally write) the figures."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Each suite is bench/<name>.py with run() -> list[Figure]. Missing ones are skipped with a note.
SUITES = (
    "core", "ui", "agreement", "merge", "install", "sync", "curation", "search", "claims", "claims_ui",
    "structure", "review", "documents", "soak", "table_open",
)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--json", metavar="FILE", help="write {'figures': [...]} to FILE")
    parser.add_argument("--only", action="append", choices=SUITES, help="run only this suite")
    args = parser.parse_args()
    figures = []
    for name in args.only or SUITES:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.{name}":
                raise
            print(f"(suite {name} not present)", file=sys.stderr)
            continue
        for fig in module.run():
            figures.append(fig)
            goal = f"  (goal {fig.goal})" if fig.goal else ""
            print(f"{fig.name:28s} {fig.value:12.3f} {fig.unit}{goal}", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"figures": [f.as_dict() for f in figures]}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
