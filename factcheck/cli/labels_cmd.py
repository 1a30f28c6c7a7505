"""`factcheck labels list|add|rename|remove`: the project's labels (its annotation scheme)."""

from __future__ import annotations

import argparse
import sys

from db import labels as db_labels
from factcheck.cli.common import Subparsers, open_store
from factcheck.services import labels as labels_service
from factcheck.services import team_renames


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "labels",
        help="list, add, rename or remove the project's labels",
        description=(
            "The project's labels: what tags can say. Renaming a label renames it on every tag that has it, "
            "whoever's; a label on tags is removed only with --yes, and its tags with it."
        ),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="the labels, their colours, keys and how many tags have each")
    add = actions.add_parser("add", help="add a label")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--color", default="", metavar="#RRGGBB", help="its colour (default: a free one)")
    add.add_argument("--key", default=None, metavar="DIGIT", help="its key (default: the next free digit)")
    rename = actions.add_parser("rename", help="rename a label, on every tag that has it")
    rename.add_argument("old", metavar="NAME")
    rename.add_argument("new", metavar="NEW_NAME")
    remove = actions.add_parser("remove", help="remove a label (with --yes also when tags have it)")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--yes", "-y", action="store_true", help="also remove the tags that have it")


def run(args: argparse.Namespace) -> int:
    action = args.action
    with open_store(args, read_only=action == "list") as store:
        if action == "list":
            counts = db_labels.usage(store)
            for lab in store.labels():
                live, _ = counts.get(lab.name, (0, 0))
                key = lab.shortcut or "-"
                print(f"{lab.name}  {lab.color}  key {key}  {_tags(live)}")
        elif action == "add":
            note = team_renames.taken_again_note(store, "label", args.name)
            lab = db_labels.add_label(store, args.name, args.color, args.key)
            print(f"Added the label {lab.name!r} ({lab.color}, key {lab.shortcut or 'none'}).")
            if note:
                print(note)
        elif action == "rename":
            n = labels_service.rename_label(store, args.old, args.new)
            print(f"Renamed the label {args.old!r} to {' '.join(args.new.split())!r} ({_tags(n)}).")
        else:
            live, total = db_labels.usage(store).get(args.name, (0, 0))
            if total and not args.yes:
                deleted = f" (and {total - live} deleted)" if total > live else ""
                print(
                    f"factcheck: not removed: {_tags(live)}{deleted} {'has' if live == 1 else 'have'} the "
                    f"label {args.name!r}; add --yes to remove it and them.",
                    file=sys.stderr,
                )
                return 1
            n = labels_service.remove_label(store, args.name, force=args.yes)
            print(f"Removed the label {args.name!r}" + (f" and its {_tags(n)}." if n else "."))
    return 0


def _tags(n: int) -> str:
    return "1 tag" if n == 1 else f"{n} tags"
