"""For identical tags under two ids after a pull (services.sync_twins): which documents hold some, and the
claim cards' tags naming given tags, for moving them onto the tag their twin is read as."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from db.annotation_rows import ANNOTATION_COLUMNS
from db.claim_rows import claim_tag_from_row, select
from db.store import Store
from factcheck.core.claims import ClaimTag

_COLUMNS = ", ".join(f'a."{c}"' for c in ANNOTATION_COLUMNS)


_SAME = (
    'a.document_id = g.document_id AND a.start = g.start AND a."end" = g."end" AND a.label = g.label '
    "AND a.annotator = g.annotator AND a.fragments IS g.fragments"
)


def twin_rows(store: Store, ids: Collection[str]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of each shape (document, span, pieces, label, annotator) that a tag among ids has and
    another tag has too, per document: an index look-up per id, so that a pull of one tag into a document
    of 100k reads back only its own shape's rows."""
    if not ids:
        return {}
    return _grouped(
        store,
        'SELECT DISTINCT document_id, start, "end", label, annotator, fragments FROM annotations g '
        "WHERE id IN (SELECT value FROM json_each(?)) "
        f"AND (SELECT count(*) FROM annotations a WHERE {_SAME}) > 1",
        json.dumps(sorted(ids)),
    )


def all_twin_rows(
    store: Store, document_ids: Collection[str] | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every shape held by two tags or more, per document (of document_ids, or of the whole
    project): one grouping, cheaper than `twin_rows` for a pull of thousands of tags, and run once per
    project over all of it (for twins a pull stored before the team's rule was applied)."""
    where = "" if document_ids is None else "WHERE document_id IN (SELECT value FROM json_each(?)) "
    return _grouped(
        store,
        f'SELECT document_id, start, "end", label, annotator, fragments FROM annotations {where}'
        'GROUP BY document_id, start, "end", label, annotator, fragments HAVING count(*) > 1',
        *([] if document_ids is None else [json.dumps(sorted(document_ids))]),
    )


def _grouped(store: Store, groups: str, *params: str) -> dict[str, list[tuple[Any, ...]]]:
    cursor = store._db.execute(
        f"WITH g AS ({groups}) SELECT {_COLUMNS} FROM g JOIN annotations a ON {_SAME}", params
    )
    out: dict[str, list[tuple[Any, ...]]] = {}
    for row in cursor:
        out.setdefault(row[1], []).append(tuple(row))
    return out


def rows_naming(store: Store, document_id: str, ids: Collection[str]) -> list[tuple[Any, ...]]:
    """The document's tags whose source or cue is among ids."""
    cursor = store._db.execute(
        f"SELECT {_COLUMNS} FROM annotations a WHERE a.document_id = ? AND "
        "(a.source IN (SELECT value FROM json_each(?)) OR a.cue IN (SELECT value FROM json_each(?)))",
        [document_id, json.dumps(sorted(ids)), json.dumps(sorted(ids))],
    )
    return [tuple(row) for row in cursor]


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


def queued_names(store: Store, annotator: str) -> set[str]:
    """The tags that annotator's live rows waiting in the sync outbox name (the ends of links, the tags of
    claim cards' tags, the sources and cues of tags), and the tags holding a decision of annotator's
    waiting there: one pass over the queued rows of each table, by their keys."""
    named: set[str] = set()
    for source, cue, decided in store._db.execute(
        "SELECT CASE WHEN a.deleted_at IS NULL AND a.annotator = ?1 THEN a.source END, "
        "CASE WHEN a.deleted_at IS NULL AND a.annotator = ?1 THEN a.cue END, "
        "CASE WHEN a.reviewer = ?1 AND a.status IS NOT NULL THEN a.id END "
        "FROM sync_outbox o JOIN annotations a ON a.id = o.key WHERE o.kind = 'annotations' "
        "AND ((a.deleted_at IS NULL AND a.annotator = ?1 AND (a.source IS NOT NULL OR a.cue IS NOT NULL)) "
        "OR (a.reviewer = ?1 AND a.status IS NOT NULL))",
        [annotator],
    ):
        named.update(ref for ref in (source, cue, decided) if ref)
    for from_id, to_id in store._db.execute(
        "SELECT l.from_id, l.to_id FROM sync_outbox o JOIN links l ON l.id = o.key "
        "WHERE o.kind = 'links' AND l.deleted_at IS NULL AND l.annotator = ?",
        [annotator],
    ):
        named.update((from_id, to_id))
    named.update(
        row[0]
        for row in store._db.execute(
            "SELECT t.annotation_id FROM sync_outbox o JOIN claim_tags t ON t.id = o.key "
            "WHERE o.kind = 'claim_tags' AND t.deleted_at IS NULL AND t.annotator = ?",
            [annotator],
        )
    )
    return named
