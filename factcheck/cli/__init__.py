"""The command line: `factcheck [--db PATH] [--annotator NAME] VERB ...`.

Each verb lives in its own module with `add_parser(subparsers)` and `run(args) -> int`. Errors the user
can act on are one line on stderr with exit status 1; wrong usage exits 2 (argparse).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from factcheck import __version__
from factcheck.errors import FactcheckError

VERBS = ("import", "export", "list", "agreement", "backup")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck",
        description="Annotate news articles: tag claims, denials and characterizations.",
        epilog="With no verb, opens the desktop app (on FILE... when given).",
    )
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="the project database (default: in your user data folder)"
    )
    parser.add_argument("--annotator", metavar="NAME", help="your name, recorded on every tag")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in VERBS:
        _verb_module(verb).add_parser(sub)
    return parser


def _verb_module(verb: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"factcheck.cli.{verb}_cmd")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # No verb: the desktop app, possibly with article files. argparse would take a file for a verb.
    args, rest = parser.parse_known_args(argv)
    if args.verb is None:
        bad = [a for a in rest if a.startswith("-")]
        if bad:
            parser.error(f"unrecognized arguments: {' '.join(bad)}")
        # Imported by name so that the command line and the core never import Qt.
        app = importlib.import_module("ui.app")
        return int(app.run(db_path=args.db, annotator=args.annotator, files=rest))
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        return int(_verb_module(args.verb).run(args))
    except FactcheckError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("factcheck: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
