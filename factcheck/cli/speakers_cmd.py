"""`factcheck speakers [list] [--format table|json]`, `factcheck speakers add NAME [--kind K]
[--same-as URL]...`, `factcheck speakers rename A NAME`, `factcheck speakers edit A [--kind K]
[--description TEXT] [--same-as URL]... [--no-same-as]`, `factcheck speakers merge A B`,
`factcheck speakers show A`: the project's people and organizations, and everything one of them was
tagged saying."""

from __future__ import annotations

import argparse
import json

from db import Store
from db import speakers as speaker_store
from factcheck.cli.common import Subparsers, data_stdout, open_store, printable, printable_json
from factcheck.core.errors import FactcheckError
from factcheck.core.speakers import SPEAKER_KINDS, Speaker, name_key, new_speaker

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
    listing = actions.add_parser("list", help="list the speakers (the default)")
    add = actions.add_parser("add", help="add a speaker")
    add.add_argument("name")
    add.add_argument("--kind", choices=SPEAKER_KINDS, default="person")
    add.add_argument("--description", default="")
    add.add_argument("--same-as", action="append", default=[], metavar="URL", help="e.g. a Wikidata URL")
    rename = actions.add_parser("rename", help="rename a speaker")
    rename.add_argument("speaker", metavar="A", help="id or name")
    rename.add_argument("name", help="the new name")
    edit = actions.add_parser("edit", help="change a speaker's kind, description or same-as addresses")
    edit.add_argument("speaker", metavar="A", help="id or name")
    edit.add_argument("--kind", choices=SPEAKER_KINDS)
    edit.add_argument("--description", help="the new description ('' clears it)")
    edit.add_argument(
        "--same-as",
        action="append",
        metavar="URL",
        help="the addresses (repeat it for each); they replace the speaker's list",
    )
    edit.add_argument("--no-same-as", action="store_true", help="clear the speaker's same-as addresses")
    merge = actions.add_parser("merge", help="merge speaker B into speaker A")
    merge.add_argument("into", metavar="A", help="the speaker who stays (id or name)")
    merge.add_argument("merged", metavar="B", help="the speaker merged into A (id or name)")
    show = actions.add_parser("show", help="everything a speaker was tagged saying, across documents")
    show.add_argument("speaker", metavar="A", help="id or name")
    for sub_parser in (listing, show):  # also after the action: 'speakers show A --format json'
        sub_parser.add_argument("--format", choices=FORMATS, default=argparse.SUPPRESS, help="table or json")


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
    if args.action == "rename":
        with open_store(args) as store:
            old = find(store, args.speaker)
            new = speaker_store.update_speaker(store, old.id, name=args.name)
        print(printable(f"Renamed {old.name} to {new.name}."))
        return 0
    if args.action == "edit":
        if args.same_as and args.no_same_as:
            raise FactcheckError("Give --same-as or --no-same-as, not both.")
        same_as = [] if args.no_same_as else args.same_as
        with open_store(args) as store:
            old = find(store, args.speaker)
            new = speaker_store.update_speaker(
                store, old.id, kind=args.kind, description=args.description, same_as=same_as
            )
        print(printable(f"Changed {new.name} ({new.kind}) [{new.id}]."))
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
    if args.action == "show":
        with open_store(args, read_only=True) as store:
            return _show(store, find(store, args.speaker), args.format)
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
        with data_stdout() as stream:
            stream.write(printable_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")
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


def _show(store: Store, speaker: Speaker, fmt: str) -> int:
    """The speaker's attributed content tags (by document, in text order), each with its source tag's
    words, cue and quotation; and the source tags naming them that introduce nothing yet."""
    sources, content = speaker_store.tags_of_speaker(store, speaker.id)
    by_id = {a.id: a for a in sources}
    titles = {d.id: d.title for d in store.document_summaries()}
    said = []
    for tag in content:
        source = by_id[tag.source] if tag.source else None
        cue = store.annotation(tag.cue) if tag.cue else None
        said.append(
            {
                "document_id": tag.document_id,
                "document_title": titles.get(tag.document_id, ""),
                "id": tag.id,
                "label": tag.label,
                "quote": tag.quote,
                "annotator": tag.annotator,
                "source_quote": source.quote if source else None,
                "cue_quote": cue.quote if cue is not None and not cue.deleted else None,
                "quotation": tag.quotation,
            }
        )
    if fmt == "json":
        data = {
            "id": speaker.id,
            "name": speaker.name,
            "kind": speaker.kind,
            "same_as": list(speaker.same_as),
            "said": said,
        }
        with data_stdout() as stream:
            stream.write(printable_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")
        return 0
    print(
        printable(
            f"{speaker.name} ({speaker.kind}){' — ' + speaker.description if speaker.description else ''}"
        )
    )
    for url in speaker.same_as:
        print(printable(f"    same as {url}"))
    if not said:
        n = len(sources)
        if n == 0:
            print("Never tagged as a source; nothing attributed yet.")
        else:
            print(f"Tagged as a source {'once' if n == 1 else f'{n} times'}; nothing attributed yet.")
        return 0
    previous = None
    for item in said:
        if item["document_id"] != previous:
            print(printable(f"\n{item['document_title']} [{str(item['document_id'])[:8]}]"))
            previous = item["document_id"]
        how = f", {item['quotation']}" if item["quotation"] else ""
        verb = f" {item['cue_quote']}" if item["cue_quote"] else ""
        who = f"{item['label']} ({item['annotator']}{how})"
        print(printable(f"  {who}: {item['source_quote']}{verb}: “{item['quote']}”"))
    return 0


def find(store: Store, key: str) -> Speaker:
    """The live speaker with this id, else the one with this name (as names compare: case, spacing and
    typographic quotes aside, `name_key`)."""
    everyone = speaker_store.speakers(store)
    by_id = [s for s in everyone if s.id == key]
    if by_id:
        return by_id[0]
    wanted = name_key(key)
    named = [s for s in everyone if name_key(s.name) == wanted]
    if len(named) == 1:
        return named[0]
    if not named:
        raise FactcheckError(f"There is no speaker {key!r}; 'factcheck speakers' lists them.")
    ids = ", ".join(s.id for s in named)
    raise FactcheckError(f"{len(named)} speakers are named {key!r}; give an id ({ids}).")
