"""Claim-card rows <-> objects: the column lists of the claim tables, in table order (pg_tables too)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from factcheck.core.claims import CheckworthyVote, ClaimCard, ClaimTag, Evidence, Verdict

CLAIM_COLUMNS = (
    "id", "text", "speaker", "claim_date", "appearances", "status", "annotator",
    "created_at", "updated_at", "deleted_at",
)  # fmt: skip
CLAIM_TAG_COLUMNS = ("id", "claim_id", "annotation_id", "annotator", "created_at", "updated_at", "deleted_at")
CHECKWORTHY_COLUMNS = (
    "id", "claim_id", "annotator", "value", "reason", "created_at", "updated_at", "deleted_at",
)  # fmt: skip
VERDICT_COLUMNS = (
    "id", "claim_id", "annotator", "verdict", "explanation", "evidence", "final", "review_url",
    "date_published", "created_at", "updated_at", "deleted_at",
)  # fmt: skip
SCALE_COLUMNS = ("name", "value", "color", "position", "updated_at")
SETTINGS_COLUMNS = ("key", "value", "updated_at")

#: Table name -> its columns.
COLUMNS: dict[str, tuple[str, ...]] = {
    "claims": CLAIM_COLUMNS,
    "claim_tags": CLAIM_TAG_COLUMNS,
    "checkworthy": CHECKWORTHY_COLUMNS,
    "verdicts": VERDICT_COLUMNS,
}


def select(table: str) -> str:
    return ", ".join(f'"{c}"' for c in COLUMNS[table])


def json_list(text: str | None) -> list[Any]:
    return [] if not text or text == "[]" else list(json.loads(text))  # most are empty: no parse


def card_from_row(row: Sequence[Any]) -> ClaimCard:
    cid, text, speaker, date, appearances, status, annotator, created, updated, deleted = row
    return ClaimCard(
        cid, text, speaker, date, tuple(json_list(appearances)), status, annotator, created, updated, deleted
    )


def card_row(card: ClaimCard) -> tuple[Any, ...]:
    return (
        card.id, card.text, card.speaker, card.claim_date, json.dumps(list(card.appearances)),
        card.status, card.annotator, card.created_at, card.updated_at, card.deleted_at,
    )  # fmt: skip


def claim_tag_from_row(row: Sequence[Any]) -> ClaimTag:
    return ClaimTag(*row)


def claim_tag_row(t: ClaimTag) -> tuple[Any, ...]:
    return (t.id, t.claim_id, t.annotation_id, t.annotator, t.created_at, t.updated_at, t.deleted_at)


def vote_from_row(row: Sequence[Any]) -> CheckworthyVote:
    return CheckworthyVote(*row)


def vote_row(v: CheckworthyVote) -> tuple[Any, ...]:
    return (v.id, v.claim_id, v.annotator, v.value, v.reason, v.created_at, v.updated_at, v.deleted_at)


def evidence_json(evidence: Sequence[Evidence]) -> str:
    return json.dumps([{"url": e.url, "title": e.title} for e in evidence], ensure_ascii=False)


def evidence_from_json(text: str | None) -> tuple[Evidence, ...]:
    return tuple(Evidence(str(e["url"]), str(e.get("title") or "")) for e in json_list(text))


def verdict_from_row(row: Sequence[Any]) -> Verdict:
    vid, cid, annotator, name, explanation, evidence, final, url, published, created, updated, deleted = row
    return Verdict(
        vid, cid, annotator, name, explanation, evidence_from_json(evidence), bool(final), url, published,
        created, updated, deleted,
    )  # fmt: skip


def verdict_row(v: Verdict) -> tuple[Any, ...]:
    return (
        v.id, v.claim_id, v.annotator, v.verdict, v.explanation, evidence_json(v.evidence),
        1 if v.final else None, v.review_url, v.date_published, v.created_at, v.updated_at, v.deleted_at,
    )  # fmt: skip
