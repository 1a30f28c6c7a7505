"""Helpers shared by the verbs."""

from __future__ import annotations

import argparse
import getpass
import os
from typing import TypeAlias

from db import Store

#: What each verb's add_parser(sub) receives (a string: argparse's class is not subscriptable at run time).
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


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
