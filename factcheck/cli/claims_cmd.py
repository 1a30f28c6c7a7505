"""`factcheck claims [--status S] [--speaker NAME] [--verdict V] [--sort ORDER] [--format table|json|csv]`:
the claim cards, and the organization that publishes their reviews."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from db import Store, claim_settings
from db.claim_listing import CARD_ORDERS, ClaimSummary, list_cards
from db.files import refuse_project_files
from factcheck.cli.common import Subparsers, data_stdout, open_store, printable, printable_json
from factcheck.cli.document_ids import document_id
from factcheck.core.card_members import NO_CLAIM_TAG
from factcheck.core.claims import CHECKWORTHY_VALUES, CLAIM_STATUSES, TEXT_ADVISORY_LIMIT, Organization
from factcheck.core.errors import FactcheckError
from factcheck.core.names import known_names
from factcheck.core.speakers import name_key
from factcheck.services.exporting_claims import export_claims
from factcheck.services.formats.output import text_output

FORMATS = ("table", "json", "csv")
#: Characters of a card's text shown in the table (the JSON and CSV carry it whole).
TEXT_WIDTH = 60


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "claims",
        help="list claim cards (status, verdicts, check-worthiness votes); set the publishing organization",
        description=(
            "List the project's claim cards, newest first: status, final verdict, tags, check-worthiness "
            "votes (yes/no/unsure), speaker and text. With --organization/--organization-url, set who "
            "publishes the reviews (ClaimReview's author and the base of review URLs) first."
        ),
    )
    p.add_argument("--status", choices=CLAIM_STATUSES, help="only cards with this status")
    p.add_argument("--speaker", metavar="NAME", help="only cards of this speaker (name or id)")
    p.add_argument("--verdict", metavar="NAME", help="only cards with this verdict (final or an annotator's)")
    p.add_argument("--checkworthy", choices=CHECKWORTHY_VALUES, help="only cards with such a vote")
    p.add_argument(
        "--document", metavar="ID", help="only cards with a tag on this document (its id or the start of it)"
    )
    p.add_argument("--sort", choices=CARD_ORDERS, default="newest", help="order (default: newest)")
    p.add_argument("--format", choices=FORMATS, default="table", help="table (default), json or csv")
    p.add_argument("--out", "-o", metavar="PATH", help="file to write ('-' or absent: standard output)")
    p.add_argument(
        "--organization", metavar="NAME", help="set the name of the organization publishing reviews"
    )
    p.add_argument("--organization-url", metavar="URL", help="set its home page (http or https)")


def run(args: argparse.Namespace) -> int:
    setting = args.organization is not None or args.organization_url is not None
    with open_store(args, read_only=not setting) as store:
        if setting:
            _set_organization(store, args)
        if args.verdict is not None and args.verdict not in claim_settings.scale(store).names:
            names = ", ".join(claim_settings.scale(store).names)
            raise FactcheckError(f"{args.verdict!r} is not on the verdict scale ({names}).")
        if args.speaker is not None:
            _check_speaker(store, args.speaker)
        if args.document is not None:
            args.document = document_id(args.document, store.document_ids())
        cards = list_cards(
            store,
            status=args.status,
            speaker=args.speaker,
            verdict=args.verdict,
            checkworthy=args.checkworthy,
            document_id=args.document,
            order=args.sort,
        )
        if args.format == "csv":
            return _csv(store, cards, args.out)
        project = store.path
        filters = _filters(args)
        # None filtered out: "no cards" means the project has none (the table says how to make one).
        total = len(list_cards(store)) if filters and not cards else 0
    text = _json(cards) if args.format == "json" else _table(cards, filters, total)
    if args.out in (None, "-"):
        if args.format == "json":
            with data_stdout() as stream:
                stream.write(text)
        else:
            sys.stdout.write(text)
        return 0
    out = Path(args.out)
    refuse_project_files(out, project)
    with text_output(out) as fh:
        fh.write(text)
    print(f"Wrote {len(cards)} claim card{'s' if len(cards) != 1 else ''} to {out}.", file=sys.stderr)
    return 0


def _check_speaker(store: Store, given: str) -> None:
    """A speaker the project never had is a typo, refused; one it has (had) with no card matching is an
    empty listing. Compared as the listing compares: the name as names compare, or the id."""
    known = claim_settings.known_speakers(store)
    wanted = name_key(given)
    if any(wanted == name_key(name) or given.casefold() == sid.casefold() for sid, name in known):
        return
    names = sorted({name for _, name in known}, key=str.casefold)
    raise FactcheckError(f"There is no speaker {given!r} in this project; {known_names(names, 'speakers')}.")


def _set_organization(store: Store, args: argparse.Namespace) -> None:
    current = claim_settings.organization(store)
    org = claim_settings.set_organization(
        store,
        Organization(
            args.organization if args.organization is not None else current.name,
            args.organization_url if args.organization_url is not None else current.url,
        ),
    )
    print(f"Reviews are published by {org.name or '(no name)'} at {org.url or '(no URL)'}.", file=sys.stderr)


def _dict(s: ClaimSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "text": s.text,
        "speaker": s.speaker,
        "speaker_name": s.speaker_name,
        "claim_date": s.claim_date,
        "status": s.status,
        "tags": list(s.tag_ids),  # its live claim tags only
        "dormant_tags": list(s.dormant_ids),  # on the card, relabelled since: not the claim
        "removed_tags": list(s.gone_ids),  # on the card, gone with a removed document: not the claim
        "documents": list(s.document_ids),
        "checkworthy": {v: s.votes.get(v, 0) for v in CHECKWORTHY_VALUES},
        "verdicts": s.verdicts,
        "final_verdict": s.final_verdict,
        "final_by": s.final_by,
        "annotator": s.annotator,
        "created_at": s.created_at,
        "updated_at": s.updated_at,
    }


def _json(cards: list[ClaimSummary]) -> str:
    return printable_json(json.dumps([_dict(s) for s in cards], indent=2, ensure_ascii=False)) + "\n"


def _filters(args: argparse.Namespace) -> str:
    """The filters given, as typed (for a message saying none of the cards matched them)."""
    given = [
        (f"--{k}", getattr(args, k)) for k in ("status", "speaker", "verdict", "checkworthy", "document")
    ]
    return " ".join(f"{flag} {printable(value)}" for flag, value in given if value is not None)


def _table(cards: list[ClaimSummary], filters: str = "", total: int = 0) -> str:
    if not cards and total:
        hint = (
            " --speaker takes a speaker's whole name or id ('factcheck speakers list' shows them)."
            if ("--speaker" in filters)
            else ""
        )
        return (
            f"No claim card matches {filters} (the project has {total} card{'s' if total != 1 else ''}; "
            f"leave out the filters to list them all).{hint}\n"
        )
    if not cards:
        return "No claim cards. Make one from a claim tag in the window (the Claims pane).\n"
    header = ["Card", "Status", "Final verdict", "Tags", "Yes/No/Unsure", "Speaker", "Claim"]
    body = []
    for s in cards:
        text = f"({NO_CLAIM_TAG}) {s.text}" if s.no_claim_tag else s.text
        text = text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"
        votes = "/".join(str(s.votes.get(v, 0)) for v in CHECKWORTHY_VALUES)
        cells = [s.id[:8], s.status, s.final_verdict or "—", str(s.tag_count), votes, s.speaker_name, text]
        body.append([printable(" ".join(c.split())) for c in cells])  # texts from articles and teammates
    widths = [max(len(row[i]) for row in (header, *body)) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i == 3 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths), *map(line, body)]
    lines.append(f"{len(cards)} card{'s' if len(cards) != 1 else ''}.")
    long = sum(1 for s in cards if len(s.text) > TEXT_ADVISORY_LIMIT)
    if long:
        lines.append(
            f"{long} card text{'s are' if long != 1 else ' is'} longer than {TEXT_ADVISORY_LIMIT} "
            "characters: ClaimReview advises one short sentence."
        )
    return "\n".join(lines) + "\n"


def _csv(store: Store, cards: list[ClaimSummary], out_arg: str | None) -> int:
    """The claims CSV (as `export --format claims-csv`), of the listed cards."""
    if out_arg in (None, "-"):
        with data_stdout() as stream:
            export_claims(store, "claims-csv", stream, cards=cards)
        return 0
    n = export_claims(store, "claims-csv", Path(out_arg), cards=cards)
    print(f"Wrote {n} claim card{'s' if n != 1 else ''} to {out_arg}.", file=sys.stderr)
    return 0
