"""The claim cards of a teammate's database copy (`db.teammate`), through the one check of untrusted
cards (`factcheck.core.claims_input`): every row, tombstones included."""

from __future__ import annotations

from typing import Any

from db.claim_rows import CHECKWORTHY_COLUMNS, CLAIM_COLUMNS, CLAIM_TAG_COLUMNS, VERDICT_COLUMNS
from db.claim_settings import ORGANIZATION_NAME, ORGANIZATION_URL
from db.store import Store
from factcheck.core.claims import ClaimError, ClaimsPart
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


def _rows(copy: Store, table: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    names = ", ".join(f'"{c}"' for c in columns)
    return [
        (int(r[0]), dict(zip(columns, r[1:], strict=True)))
        for r in copy._db.execute(f"SELECT rowid, {names} FROM {table}")
    ]


def read_claims_part(copy: Store) -> ClaimsPart | None:
    """The part (None when it holds no card and no setting); raises ClaimError naming table and row."""
    latest = horizon()
    part = ClaimsPart()
    for rowid, row in _rows(copy, "claims", CLAIM_COLUMNS):
        part.cards.append(card_row_from(row, f"claims row {rowid}", latest))
    for rowid, row in _rows(copy, "claim_tags", CLAIM_TAG_COLUMNS):
        part.claim_tags.append(claim_tag_from(row, f"claim_tags row {rowid}", latest))
    for rowid, row in _rows(copy, "checkworthy", CHECKWORTHY_COLUMNS):
        part.votes.append(vote_from(row, f"checkworthy row {rowid}", latest))
    for rowid, row in _rows(copy, "verdicts", VERDICT_COLUMNS):
        part.verdicts.append(verdict_from(row, f"verdicts row {rowid}", latest))
    entries = []
    for rowid, row in _rows(copy, "verdict_scale", ("name", "value", "color", "updated_at")):
        where = f"verdict_scale row {rowid}"
        entries.append(scale_entry_from(row, where))
        part.scale_stamps[entries[-1].name] = _stamp(row.get("updated_at"), where)
    part.scale = tuple(entries)
    settings = {r["key"]: r for _, r in _rows(copy, "settings", ("key", "value", "updated_at"))}
    if ORGANIZATION_NAME in settings or ORGANIZATION_URL in settings:
        name = settings.get(ORGANIZATION_NAME, {}).get("value", "")
        url = settings.get(ORGANIZATION_URL, {}).get("value", "")
        part.organization = organization_from({"name": name, "url": url}, "settings")
        part.organization_stamp = max(
            _stamp(settings[k].get("updated_at"), "settings") for k in (ORGANIZATION_NAME, ORGANIZATION_URL)
            if k in settings
        )  # fmt: skip
    return part if (part.cards or part.organization) else None


def _stamp(value: Any, where: str) -> str:
    if value == "":
        return ""
    if type(value) is not str:
        raise ClaimError(f"updated_at must be text (at {where})")
    try:
        return canonical_stamp(value)
    except ValueError:
        raise ClaimError(f"updated_at is not an ISO-8601 time (at {where})") from None
