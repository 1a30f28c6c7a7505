"""Helpers shared by the verbs."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import io
import os
import re
import shlex
import sys
from collections.abc import Iterator
from typing import Any, TextIO, TypeAlias, cast

from db import Store
from db.readonly import NoProject, open_for_reading
from factcheck.cli.window_name import window_name
from factcheck.core.errors import FactcheckError
from factcheck.core.names import BEYOND_C0, name_problem
from factcheck.core.names import printable as printable  # the command line's modules take it from here
from factcheck.services.sync import sync_role

#: What each verb's add_parser(sub) receives (a string: argparse's class is not subscriptable at run time).
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def open_store(args: argparse.Namespace, *, read_only: bool = False) -> Store:
    """The project of --db. read_only: the verb only reads, so a project that cannot be written (on
    read-only media) is opened for reading instead of refused; a project that is not there is refused
    rather than created."""
    if not read_only:
        return Store.open(args.db)
    try:
        return open_for_reading(args.db)
    except NoProject as exc:  # a mistyped --db, say: what to do about it
        raise FactcheckError(_no_project(exc, given=args.db is not None)) from None


def _no_project(exc: NoProject, *, given: bool) -> str:
    path = exc.path
    command = f"factcheck --db {shlex.quote(str(path))} import FILE"
    start = f"Start one there by importing articles into it ({command})."
    if exc.empty:
        return f"{path} is empty: it holds no project yet; it was left untouched. {start}"
    if not given:
        return (
            f"There is no project yet in your data folder ({path}); nothing was created. Start one by "
            "importing articles (factcheck import FILE) or opening the app, or give --db PATH."
        )
    return f"There is no project at {path}; nothing was created. Check the name, or: {start}"


def annotator_name(args: argparse.Namespace) -> str:
    """--annotator, else $FACTCHECK_ANNOTATOR, else the window's name (Edit › Your name…), else the login
    name: the window's order (`ui.app.resolve_annotator`), stripped as it strips them, so that the two
    record work under one name."""
    if name := _given_name(args):
        return name
    if remembered := window_name():
        if (problem := name_problem(remembered)) is not None:  # the window asks again for it
            raise FactcheckError(
                f"The window's name (Edit > Your name…): {problem}. Set it again there, or give --annotator; "
                "nothing was changed."
            )
        return remembered
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "anonymous"


def recording_name(args: argparse.Namespace, store: Store) -> str:
    """The name a verb records work under in store: in a project synced with a team server its login, as
    the window takes it there (the server takes only the login's rows, and would refuse the rest for
    good); else `annotator_name`'s. A name given that cannot be recorded is refused either way."""
    if role := sync_role(store):
        _given_name(args)
        return role
    return annotator_name(args)


def _given_name(args: argparse.Namespace) -> str:
    """--annotator, else $FACTCHECK_ANNOTATOR, stripped ("": neither); refused when it cannot be recorded."""
    name = str(getattr(args, "annotator", None) or os.environ.get("FACTCHECK_ANNOTATOR") or "").strip()
    if name and (problem := name_problem(name)) is not None:  # it would go on what the verb records
        given = "--annotator" if getattr(args, "annotator", None) else "$FACTCHECK_ANNOTATOR"
        raise FactcheckError(f"{given}: {problem}. Give the name without them; nothing was changed.")
    return name


#: What json.dumps(ensure_ascii=False) leaves raw (it escapes C0 itself).
_RAW_IN_JSON = re.compile(f"[{BEYOND_C0}]")


def printable_json(text: str) -> str:
    """JSON text with the characters above written as \\u escapes: the same data, safe to show."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class EscapingStream:
    """A text stream that writes `printable` text to another: for everything meant to be read on a
    terminal (messages, lists, tables), whose titles, ids and names come from articles and teammates."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def data_stdout() -> Iterator[TextIO]:
    """Standard output for data (JSON, CSV), written as `export` and the files of --out are: UTF-8 whatever
    the locale says (JSON has no other encoding; an ASCII locale would stop halfway with a traceback), and
    no newline translation (CSV writes its own CRLF). On a terminal the data is read, not kept: its
    control characters are shown as escapes, as in listings."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced sys.stdout (embedding): text as it takes it
        yield sys.stdout
        return
    sys.stdout.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:
        # EscapingStream stands in for a TextIO: it escapes writes and hands everything else on.
        yield cast(TextIO, EscapingStream(stream)) if sys.stdout.isatty() else stream
    finally:
        stream.detach()  # flushes; sys.stdout keeps the buffer
