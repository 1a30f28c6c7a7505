"""The command line: `factcheck [--db PATH] [--annotator NAME] VERB ...`.

Each verb lives in its own module with `add_parser(subparsers)` and `run(args) -> int`. Errors the user
can act on are one line on stderr with exit status 1; wrong usage exits 2 (argparse).
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from db.errors import classify
from factcheck import __version__
from factcheck.core.errors import FactcheckError

VERBS = ("import", "export", "list", "agreement", "backup", "install-desktop")


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
        "--annotator", metavar="NAME", help="your name, recorded on your tags (default: $FACTCHECK_ANNOTATOR)"
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
    try:
        return int(_verb_module(args.verb).run(args))
    except FactcheckError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        # A damaged page can surface on any read, after the file passed the checks at open.
        fixable = classify(exc)
        print(f"factcheck: {fixable or _damaged(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("factcheck: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


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
