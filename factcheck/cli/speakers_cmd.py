"""`factcheck speakers [list] [--format table|json]`, `factcheck speakers add NAME [--kind K]
[--same-as URL]...`, `factcheck speakers merge A B`: the project's people and organizations."""

from __future__ import annotations

import argparse
import json
import sys

from db import Store
from db import speakers as speaker_store
from factcheck.cli.common import Subparsers, open_store, printable, printable_json
from factcheck.core.errors import FactcheckError
from factcheck.core.speakers import SPEAKER_KINDS, Speaker, new_speaker

FORMATS = ("table", "json")


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "speakers",
        help="list, add and merge the speakers (people, organizations) that source tags refer to",
        description=(
            "The project's speakers with how many source tags name them and how many content tags are "
            "attributed to them (speakers merged into another count as that one). 'merge A B' merges "
            "speaker B into A: B's tags then count as A's; nobody's tags are rewritten. A and B are ids or "
            "names."
        ),
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="table (default) or json")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help="list the speakers (the default)")
    add = actions.add_parser("add", help="add a speaker")
    add.add_argument("name")
    add.add_argument("--kind", choices=SPEAKER_KINDS, default="person")
    add.add_argument("--description", default="")
    add.add_argument("--same-as", action="append", default=[], metavar="URL", help="e.g. a Wikidata URL")
    merge = actions.add_parser("merge", help="merge speaker B into speaker A")
    merge.add_argument("into", metavar="A", help="the speaker who stays (id or name)")
    merge.add_argument("merged", metavar="B", help="the speaker merged into A (id or name)")


def run(args: argparse.Namespace) -> int:
    if args.action == "add":
        with open_store(args) as store:
            try:
                made = speaker_store.add_speaker(
                    store, new_speaker(args.name, args.kind, args.description, tuple(args.same_as))
                )
            except ValueError as exc:
                raise FactcheckError(f"Cannot add the speaker: {exc}.") from None
        print(printable(f"Added {made.name} ({made.kind}) [{made.id}]."))
        return 0
    if args.action == "merge":
        with open_store(args) as store:
            into, merged = find(store, args.into), find(store, args.merged)
            speaker_store.merge_speakers(store, into.id, merged.id)
            counts = {c.speaker.id: c for c in speaker_store.speaker_counts(store)}
        total = counts.get(into.id)
        tags = (
            f" ({total.source_tags} source tags, {total.attributed} attributed tags in all)" if total else ""
        )
        print(printable(f"Merged {merged.name} into {into.name}{tags}."))
        return 0
    with open_store(args, read_only=True) as store:
        rows = speaker_store.speaker_counts(store)
    if args.format == "json":
        data = [
            {
                "id": c.speaker.id,
                "name": c.speaker.name,
                "kind": c.speaker.kind,
                "description": c.speaker.description,
                "same_as": list(c.speaker.same_as),
                "source_tags": c.source_tags,
                "attributed_tags": c.attributed,
                "documents": c.documents,
            }
            for c in rows
        ]
        sys.stdout.write(printable_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")
        return 0
    if not rows:
        print("No speakers yet. Add one with: factcheck speakers add NAME")
        return 0
    header = ["Speaker", "Kind", "Source tags", "Attributed", "Documents", "Id"]
    body = [
        [
            printable(c.speaker.name),
            c.speaker.kind,
            str(c.source_tags),
            str(c.attributed),
            str(c.documents),
            c.speaker.id,
        ]
        for c in rows
    ]
    widths = [max(len(r[i]) for r in (header, *body)) for i in range(len(header))]
    for i, row in enumerate((header, ["-" * w for w in widths], *body)):
        cells = [
            c.rjust(w) if 2 <= j <= 4 and i != 1 else c.ljust(w)
            for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    return 0


def find(store: Store, key: str) -> Speaker:
    """The live speaker with this id, else the one with this name (case and spacing aside)."""
    everyone = speaker_store.speakers(store)
    by_id = [s for s in everyone if s.id == key]
    if by_id:
        return by_id[0]
    wanted = " ".join(key.split()).casefold()
    named = [s for s in everyone if " ".join(s.name.split()).casefold() == wanted]
    if len(named) == 1:
        return named[0]
    if not named:
        raise FactcheckError(f"There is no speaker {key!r}; 'factcheck speakers' lists them.")
    ids = ", ".join(s.id for s in named)
    raise FactcheckError(f"{len(named)} speakers are named {key!r}; give an id ({ids}).")
