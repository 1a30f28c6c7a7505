"""The claim cards' tags naming given tags, for moving them onto the tag their twin is read as
(services.sync_twins)."""

from __future__ import annotations

import json
from collections.abc import Collection

from db.claim_rows import claim_tag_from_row, select
from db.store import Store
from factcheck.core.claims import ClaimTag


def claim_tags_naming(store: Store, ids: Collection[str]) -> list[ClaimTag]:
    """The claim tags (tombstones too) naming a tag among ids, and every claim tag of their cards."""
    if not ids:
        return []
    cursor = store._db.execute(
        f"SELECT {select('claim_tags')} FROM claim_tags WHERE claim_id IN "
        "(SELECT claim_id FROM claim_tags WHERE annotation_id IN (SELECT value FROM json_each(?))) "
        "ORDER BY created_at, id",
        [json.dumps(sorted(ids))],
    )
    return [claim_tag_from_row(row) for row in cursor]
