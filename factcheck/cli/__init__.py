"""The command line: `factcheck [--db PATH] [--annotator NAME] VERB ...`.

Each verb lives in its own module with `add_parser(subparsers)` and `run(args) -> int`. Errors the user
can act on are one line on stderr with exit status 1; wrong usage exits 2 (argparse).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import locale
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TextIO

from factcheck import __version__
from factcheck.core.errors import FactcheckError

VERBS = (
    "import", "export", "list", "rename", "remove", "labels", "link-types", "claims", "speakers", "agreement",
    "backup", "install-desktop", "server", "sync",
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck",
        description="Annotate news articles: tag claims, denials and characterizations.",
        epilog="With no verb, opens the desktop app (on FILE... when given).",
    )
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    _global_options(parser)
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in VERBS:
        _verb_module(verb).add_parser(sub)
    return parser


def _global_options(parser: argparse.ArgumentParser) -> None:
    """The options before the verb (or, without a verb, for the app)."""
    parser.add_argument(
        "--db", metavar="PATH", help="the project database (default: in your user data folder)"
    )
    parser.add_argument(
        "--annotator",
        metavar="NAME",
        help=(
            "your name, recorded on your tags (default: $FACTCHECK_ANNOTATOR, else the window's Edit > Your "
            "name, else your login name)"
        ),
    )


def _verb_module(verb: str) -> ModuleType:
    return importlib.import_module(f"factcheck.cli.{verb.replace('-', '_')}_cmd")


def _first_positional(argv: Sequence[str]) -> str | None:
    """The first argument that is neither a global option nor its value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--db", "--annotator"):
            skip = True
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck", description="Open the desktop app.")
    _global_options(parser)
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="a project to open (.factcheck); articles and work to import"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # before a verb ran (the verbs' modules take a second to load): no traceback
        _error("interrupted.")
        return 130
    except SystemExit:  # argparse after --help, --version or a usage error: its text is written here
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _discard_output()
        except OSError as exc:
            _discard_output()
            _error(_os_error(exc))
            return 1
        raise


def _main(argv: Sequence[str] | None) -> int:
    # What loads the database layer is imported here, not above: Ctrl+C while it loads is then caught.
    from factcheck.cli.common import EscapingStream

    argv = list(sys.argv[1:] if argv is None else argv)
    first = _first_positional(argv)
    if first is None or first not in VERBS:
        if first is None and any(a in ("-h", "--help", "--version") for a in argv):
            build_parser().parse_args(argv)  # prints help or version and exits
        if first is not None and _mistyped_verb(first):
            build_parser().error(f"unknown verb {first!r} (choose from {', '.join(VERBS)})")  # exit 2
        # No verb: the desktop app, possibly with article files (a file name is no verb).
        args = _app_parser().parse_args(argv)
        # Imported by name so that the command line and the core never import Qt.
        app = importlib.import_module("ui.app")
        from factcheck.cli.opening import project_and_files  # the verbs need not load the importers

        db_path, files = project_and_files(args.db, args.files)
        return int(app.run(db_path=db_path, annotator=args.annotator, files=files))
    args = build_parser().parse_args(argv)
    # Titles, ids, names and file names come from articles and teammates: shown with their control
    # characters escaped. Exports to standard output are data, written as they are.
    real_out, real_err = sys.stdout, sys.stderr
    sys.stderr = EscapingStream(real_err)
    if args.verb in HUMAN_OUTPUT:
        sys.stdout = EscapingStream(real_out)
    try:
        with _showing_unencodable(real_out):
            return _run(args)
    finally:
        sys.stdout, sys.stderr = real_out, real_err


#: Verbs whose standard output is meant to be read (the others write data there).
HUMAN_OUTPUT = ("import", "list", "backup", "rename", "remove", "labels", "link-types")


def _run(args: argparse.Namespace) -> int:
    try:
        status = int(_verb_module(args.verb).run(args))
        # What is still buffered (a short listing) is written here, where a full disk or a closed pipe
        # is reported as below, not in the flush at exit ("Exception ignored ...", status 120).
        sys.stdout.flush()
        return status
    except FactcheckError as exc:
        _error(str(exc))
        return 1
    except sqlite3.DatabaseError as exc:
        from db.errors import classify

        # A damaged page can surface on any read, after the file passed the checks at open.
        fixable = classify(exc)
        _error(str(fixable or _damaged(exc)))
        return 1
    except KeyboardInterrupt:
        _error("interrupted; nothing more was written.")
        return 130
    except EOFError:  # Ctrl+D at a question (a password): no answer
        print(file=sys.stderr)
        _error("no answer (end of input); nothing was changed.")
        return 1
    except UnicodeEncodeError as exc:
        if "surrogates" not in exc.reason:
            raise
        # An argument typed in UTF-8 read in an ASCII locale (LC_ALL=C with PYTHONUTF8=0): Python keeps its
        # bytes as lone surrogates, which SQLite refuses. (File names of any bytes are read as they are.)
        _error(
            f"An argument holds characters that this locale ({locale.getpreferredencoding(False)}) cannot "
            "read, and the command stopped there. Run factcheck in a UTF-8 locale (LC_ALL=C.UTF-8) or with "
            "PYTHONUTF8=1."
        )
        return 1
    except BrokenPipeError:
        _discard_output()  # the reader left (| head): nothing is wrong, and nothing more to say
        return 0
    except OSError as exc:  # standard output or the temporary folder full, a drive gone
        _discard_output()
        _error(_os_error(exc))
        return 1


@contextlib.contextmanager
def _showing_unencodable(stream: TextIO) -> Iterator[None]:
    """Text the output's encoding cannot hold (an ASCII or Latin-1 terminal: LC_ALL=C without UTF-8 mode,
    PYTHONIOENCODING) written as \\u escapes, as standard error writes it, instead of a listing stopped
    halfway by a UnicodeEncodeError. Data (exports, JSON, CSV) is written as UTF-8 whatever the locale."""
    errors = getattr(stream, "errors", None)  # surrogateescape: Python's choice in the C locale
    if errors not in ("strict", "surrogateescape") or not isinstance(stream, io.TextIOWrapper):
        yield
        return
    stream.reconfigure(errors="backslashreplace")
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):  # standard output gone: nothing to restore it for
            stream.reconfigure(errors=errors)


def _os_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if exc.filename:
        return f"Cannot use {exc.filename}: {reason}. Free some space or check the drive, then try again."
    return (
        f"The output could not be written ({reason}); it may be incomplete. "
        "Free some space or write elsewhere (--out FILE), then try again."
    )


def _error(message: str) -> None:
    """One line on standard error (a line break in it, from a file name or SQLite, shown as \\n); if
    even that cannot be written, the exit status still tells."""
    with contextlib.suppress(OSError):
        print(f"factcheck: {message}".replace("\n", "\\n"), file=sys.stderr, flush=True)


def _discard_output() -> None:
    """Point standard output at the null device, so that the final flush at exit, of what could not be
    written, raises no second error ("Exception ignored ...")."""
    if sys.__stdout__ is None:  # no standard output at all (pythonw): nothing to flush
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())


def _mistyped_verb(arg: str) -> bool:
    """No file and no file name ending: not an article for the app, so a verb typed wrong ('lsit')."""
    path = Path(arg)
    return not path.suffix and not path.exists()


def _damaged(exc: sqlite3.DatabaseError) -> str:
    return (
        f"The database could not be read ({exc}); it may be damaged. "
        "Nothing was written. Restore a backup (factcheck backup) or run PRAGMA integrity_check on it."
    )


if __name__ == "__main__":
    sys.exit(main())
