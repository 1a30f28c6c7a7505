"""Helpers shared by the verbs."""

from __future__ import annotations

import argparse
import getpass
import os

from db import Store


def open_store(args: argparse.Namespace) -> Store:
    return Store.open(args.db)


def annotator_name(args: argparse.Namespace) -> str:
    """--annotator, else $FACTCHECK_ANNOTATOR, else the login name."""
    name = getattr(args, "annotator", None) or os.environ.get("FACTCHECK_ANNOTATOR")
    if name:
        return str(name)
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "anonymous"
