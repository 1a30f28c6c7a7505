"""Which tags on a card are its live claim tags, in the store's terms (`factcheck.core.card_members`
states the rule): the label roles it reads, and the same test as an SQL condition for the listing's and
the exports' queries."""

from __future__ import annotations

import json
from typing import Any

from db.store import Store
from factcheck.core.card_members import CLAIM_LABEL, is_claim_label, live_member


def label_roles(store: Store) -> dict[str, str]:
    """Label name -> role, of the project's scheme."""
    return {label.name: label.role for label in store.labels()}


def claim_label_sql(store: Store, column: str) -> tuple[str, list[Any]]:
    """An SQL condition (and its parameters) on a tag's label column: true for claim labels only."""
    roles = label_roles(store)
    if CLAIM_LABEL in roles:
        return f"{column} = ?", [CLAIM_LABEL]
    others = sorted(name for name in roles if not is_claim_label(name, roles))
    return f"{column} NOT IN (SELECT value FROM json_each(?))", [json.dumps(others)]


def has_live_claim_tag(store: Store, claim_id: str) -> bool:
    """Whether one of the card's tags is a live claim tag."""
    roles = label_roles(store)
    for row in store._db.execute(
        "SELECT annotation_id FROM claim_tags WHERE claim_id = ? AND deleted_at IS NULL", [claim_id]
    ):
        if live_member(store.annotation(str(row[0])), roles):
            return True
    return False


def cards_without_claim_tag(store: Store) -> set[str]:
    """The cards whose tags are all dormant (relabelled since) or gone with a removed document (deleted
    ones aside): no claim to review."""
    label, params = claim_label_sql(store, "a.label")
    rows = store._db.execute(
        "SELECT t.claim_id FROM claim_tags t LEFT JOIN annotations a ON a.id = t.annotation_id "
        "WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL "  # (no row: gone with its document)
        f"GROUP BY t.claim_id HAVING max(CASE WHEN a.id IS NOT NULL AND {label} THEN 1 ELSE 0 END) = 0",
        params,
    )
    return {str(r[0]) for r in rows}
