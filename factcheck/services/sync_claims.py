"""Claim cards through the team server: the rows to push, and pulled rows landed with the merge rules.

Pushed: the queued rows of the claim tables as stored (the server's own rules decide: a card is its
maker's, a vote or verdict its annotator's, only reviewers mark a verdict final). Pulled: every row is
checked as a teammate's file is (`factcheck.core.claims_input`); a row a client that bypassed factcheck
wrote badly is skipped and listed, not the whole pull refused. The rows then merge as a teammate's
database does (`merge_claims`: newer wins, tombstones hold, conflicts listed). A row the server refused
or found in conflict is replaced by the server's copy whatever the stamps.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, TypeVar

from db import claim_settings
from db.claims_sync import CLAIM_SYNC_KEYS, TABLE_COLUMNS, put_rows, rows_by_key
from db.store import Store
from factcheck.core.claims import (
    CheckworthyVote,
    ClaimError,
    ClaimsPart,
    ClaimTag,
    Verdict,
    claim_tag_id,
    verdict_id,
    vote_id,
)
from factcheck.core.claims_input import (
    card_row_from,
    claim_tag_from,
    horizon,
    organization_from,
    scale_entry_from,
    verdict_from,
    vote_from,
)
from factcheck.core.model import canonical_stamp
from factcheck.services.merge_claims import ClaimsReport, merge_claims

Row = tuple[Any, ...]
_R = TypeVar("_R", ClaimTag, CheckworthyVote, Verdict)

#: What `SyncReport.summary` calls the pushed rows of each claim table.
PUSHED_NOUNS = (("claims", "claim card"), ("checkworthy", "check-worthiness vote"), ("verdicts", "verdict"))


def push_rows(store: Store, keys: Mapping[str, Sequence[str]]) -> dict[str, list[Row]]:
    """The queued rows of each claim table (keys: the outbox's keys per table)."""
    return {table: rows_by_key(store, table, keys.get(table, ())) for table in CLAIM_SYNC_KEYS}


def _checked(
    rows: Sequence[Row], table: str, check: Callable[[dict[str, Any], str, str], Any], skipped: list[str]
) -> list[Any]:
    latest = horizon()
    good = []
    for row in rows:
        values = dict(zip(TABLE_COLUMNS[table], row, strict=True))
        try:
            good.append(check(values, f"{table} {row[0]}", latest))
        except ClaimError as exc:
            skipped.append(f"skipped {table} row {row[0]}: {exc}")
    return good


def _named(rows: list[_R], key: Callable[[_R], str], what: str, skipped: list[str]) -> list[_R]:
    """The rows whose id is the one factcheck names them by (`core.claims`: one row per card and
    annotator, revived rather than duplicated); another (a second vote of one annotator on one card,
    written by a client that bypassed factcheck) is skipped and listed: the project could not export it."""
    good = []
    for row in rows:
        if row.id == key(row):
            good.append(row)
        else:
            skipped.append(f"skipped row {row.id}: its id is not the one factcheck gives {what}")
    return good


def _scale(rows: Sequence[Row], part: ClaimsPart, skipped: list[str]) -> None:
    entries = []
    latest = horizon()
    for name, value, color, _position, stamp in rows:
        where = f"verdict_scale {name}"
        try:
            entry = scale_entry_from({"name": name, "value": value, "color": color}, where)
            when = _stamp(stamp, latest)
        except (ClaimError, ValueError) as exc:
            skipped.append(f"skipped verdict_scale row {name!r}: {exc}")
            continue
        entries.append(entry)
        part.scale_stamps[str(name)] = when
    part.scale = tuple(entries)


def _stamp(value: object, latest: str) -> str:
    """A scale row's time stamp, stored form; ValueError when it is none, or lies ahead (it would win
    every later merge)."""
    try:
        stamp = canonical_stamp(str(value))
    except ValueError:
        raise ValueError(f"its time stamp {value!r} is not an ISO-8601 date and time") from None
    if stamp > latest:
        raise ValueError(f"its time stamp {stamp} is more than a day in the future")
    return stamp


def _organization(store: Store, rows: Sequence[Row], part: ClaimsPart, skipped: list[str]) -> None:
    values = {str(k): (v, u) for k, v, u in rows}
    org_keys = claim_settings.ORG_KEYS
    if not any(k in values for k in org_keys):
        return
    ours = claim_settings.organization(store)
    name = values.get(claim_settings.ORGANIZATION_NAME, (ours.name, ""))[0]
    url = values.get(claim_settings.ORGANIZATION_URL, (ours.url, ""))[0]
    try:
        part.organization = organization_from({"name": name, "url": url}, "settings")
        part.organization_stamp = max(canonical_stamp(str(values[k][1])) for k in org_keys if k in values)
    except (ClaimError, ValueError) as exc:
        skipped.append(f"skipped the organization setting: {exc}")
        part.organization = None


def pull_claims(
    store: Store,
    pulled: Mapping[str, Sequence[Row]],
    forced: Mapping[str, Sequence[str]],
    skipped: list[str],
    refused: Collection[tuple[str, str]] = (),
) -> tuple[ClaimsReport, int]:
    """Land the pulled claim rows (inside the pull's transaction): what the merge did, and how many local
    copies the server's replaced. forced: keys per table whose server copy replaces ours whatever the
    stamps (refused or conflicting on push); refused: the (table, key) the server refused."""
    part = ClaimsPart(whole_rows=True)
    _scale(pulled.get("verdict_scale", ()), part, skipped)
    _organization(store, pulled.get("settings", ()), part, skipped)
    part.cards = _checked(pulled.get("claims", ()), "claims", card_row_from, skipped)
    part.claim_tags = _named(
        _checked(pulled.get("claim_tags", ()), "claim_tags", claim_tag_from, skipped),
        lambda r: claim_tag_id(r.claim_id, r.annotation_id, r.annotator),
        "an attachment of that tag to that card by that annotator",
        skipped,
    )
    part.votes = _named(
        _checked(pulled.get("checkworthy", ()), "checkworthy", vote_from, skipped),
        lambda r: vote_id(r.claim_id, r.annotator),
        "a vote on that card by that annotator",
        skipped,
    )
    part.verdicts = _named(
        _checked(pulled.get("verdicts", ()), "verdicts", verdict_from, skipped),
        lambda r: verdict_id(r.claim_id, r.annotator, r.final),
        "a verdict (final or not) on that card by that annotator",
        skipped,
    )
    # Rows naming a card we have nowhere, or a rating on no scale, are listed and left out.
    named: set[str] = {r.claim_id for r in part.claim_tags} | {r.claim_id for r in part.votes}
    named |= {r.claim_id for r in part.verdicts}
    cards = {c.id for c in part.cards} | {r[0] for r in rows_by_key(store, "claims", sorted(named))}
    ratings = set(claim_settings.scale(store).names) | {e.name for e in part.scale or ()}
    for kind in ("claim_tags", "votes", "verdicts"):
        kept = []
        for row in getattr(part, kind):
            if row.claim_id not in cards:
                skipped.append(
                    f"skipped {kind} row {row.id}: its claim card {row.claim_id} is not on the server"
                )
            elif kind == "verdicts" and row.verdict not in ratings:
                skipped.append(f"skipped verdict {row.id}: its rating {row.verdict!r} is on no verdict scale")
            else:
                kept.append(row)
        setattr(part, kind, kept)
    passed = {
        "claims": {r.id for r in part.cards},
        "claim_tags": {r.id for r in part.claim_tags},
        "checkworthy": {r.id for r in part.votes},
        "verdicts": {r.id for r in part.verdicts},
        "verdict_scale": {e.name for e in part.scale or ()},
        "settings": set(claim_settings.ORG_KEYS) if part.organization else set(),
    }
    # The refused rows are replaced below, not merged: the merge would call the server's copy "older
    # (ours kept)", and then it replaces ours. (A conflict is merged first: the merge lists it.)
    for kind, table in (("cards", "claims"), ("claim_tags", "claim_tags"), ("votes", "checkworthy"),
                        ("verdicts", "verdicts")):  # fmt: skip
        keys = {key for t, key in refused if t == table}
        if keys:
            setattr(part, kind, [r for r in getattr(part, kind) if r.id not in keys])
    report = ClaimsReport()
    if part or part.claim_tags or part.votes or part.verdicts:
        report = merge_claims(store, part, "the team server", add_labels=True)
    return report, _replace(store, pulled, forced, passed)


def _replace(
    store: Store,
    pulled: Mapping[str, Sequence[Row]],
    forced: Mapping[str, Sequence[str]],
    passed: Mapping[str, set[str]],
) -> int:
    """The server's copy of the rows it refused or found in conflict, over ours (only rows that passed
    the checks); how many of ours it replaced."""
    replaced = 0
    for table in CLAIM_SYNC_KEYS:
        keys = set(forced.get(table, ())) & passed[table]
        if not keys:
            continue
        theirs = [r for r in pulled.get(table, ()) if r[0] in keys]
        mine = {r[0]: r for r in rows_by_key(store, table, [r[0] for r in theirs])}
        puts = [r for r in theirs if mine.get(r[0]) != tuple(r)]
        put_rows(store, table, puts)
        replaced += len(puts)
    return replaced
