"""`factcheck link-types list|add|rename|remove`: the types of the links between tags."""

from __future__ import annotations

import argparse
import sys

from db import link_types as db_link_types
from db import links as db_links
from factcheck.cli.common import Subparsers, open_store
from factcheck.services import link_types as link_types_service
from factcheck.services import team_renames


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "link-types",
        help="list, add, rename or remove the project's link types",
        description=(
            "The project's link types: what a link between two tags says (a denial denies a claim...). "
            "Renaming a type renames it on every link that has it, whoever's, and remembers the old name: "
            "a teammate's links of the old name imported later arrive under the new one. A type on links is "
            "removed only with --yes, and its links are deleted with it. 'corrects' is built in."
        ),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="the link types, in order, and how many links have each")
    add = actions.add_parser("add", help="add a link type")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--symmetric", action="store_true", help="A→B says the same as B→A (as same_claim)")
    rename = actions.add_parser("rename", help="rename a link type, on every link that has it")
    rename.add_argument("old", metavar="NAME")
    rename.add_argument("new", metavar="NEW_NAME")
    remove = actions.add_parser("remove", help="remove a link type (with --yes also when links have it)")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--yes", "-y", action="store_true", help="also delete the links that have it")


def run(args: argparse.Namespace) -> int:
    action = args.action
    with open_store(args, read_only=action == "list") as store:
        if action == "list":
            counts = db_link_types.usage(store)
            for t in db_links.link_types(store):
                live, _ = counts.get(t.name, (0, 0))
                kind = "symmetric" if t.symmetric else "directed"
                print(f"{t.name}  {kind}  {_links(live)}")
        elif action == "add":
            note = team_renames.taken_again_note(store, "link_type", args.name)
            t = db_link_types.add_link_type(store, args.name, symmetric=args.symmetric)
            print(f"Added the link type {t.name!r} ({'symmetric' if t.symmetric else 'directed'}).")
            if note:
                print(note)
        elif action == "rename":
            n = link_types_service.rename_link_type(store, args.old, args.new)
            print(f"Renamed the link type {args.old!r} to {' '.join(args.new.split())!r} ({_links(n)}).")
        else:
            live, _ = db_link_types.usage(store).get(args.name, (0, 0))
            if live and not args.yes:
                print(
                    f"factcheck: not removed: {_links(live)} {'has' if live == 1 else 'have'} the link type "
                    f"{args.name!r}; add --yes to remove it and delete them.",
                    file=sys.stderr,
                )
                return 1
            n = link_types_service.remove_link_type(store, args.name, force=args.yes)
            print(f"Removed the link type {args.name!r}" + (f" and deleted its {_links(n)}." if n else "."))
    return 0


def _links(n: int) -> str:
    return "1 link" if n == 1 else f"{n} links"
