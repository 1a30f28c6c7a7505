"""For identical tags under two ids after a pull (services.sync_twins): which documents hold some, and the
claim cards' tags naming given tags, for moving them onto the tag their twin is read as."""

from __future__ import annotations

import json
from collections.abc import Collection

from db.claim_rows import claim_tag_from_row, select
from db.store import Store
from factcheck.core.claims import ClaimTag


def documents_with_twins(store: Store, document_ids: Collection[str]) -> list[str]:
    """Of document_ids, those holding two tags or more of one shape (span, pieces, label, annotator), one
    of them live at least: one grouping in SQLite, so that a pull of 100k tags without a twin reads none
    of them back."""
    if not document_ids:
        return []
    cursor = store._db.execute(
        "SELECT DISTINCT document_id FROM (SELECT document_id FROM annotations "
        "WHERE document_id IN (SELECT value FROM json_each(?)) "
        'GROUP BY document_id, start, "end", label, annotator, fragments '
        "HAVING count(*) > 1 AND count(*) > count(deleted_at))",
        [json.dumps(sorted(document_ids))],
    )
    return [row[0] for row in cursor]


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
