"""`factcheck export` (being written)."""

from __future__ import annotations

import argparse

from factcheck.errors import FactcheckError


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser("export", help="not yet available")


def run(args: argparse.Namespace) -> int:
    raise FactcheckError("'export' is not available yet.")
