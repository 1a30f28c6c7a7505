"""Which cards show a tag: those it is on, and those it is linked with (a denial or characterization of
one of their claim tags, the same claim said again), so that an opened card follows such a tag's edits."""

from __future__ import annotations

from db.store import Store

_NEAR = (
    "SELECT DISTINCT t.claim_id FROM claim_tags t JOIN claims c ON c.id = t.claim_id "
    "WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL AND (t.annotation_id = ? OR t.annotation_id IN "
    "(SELECT to_id FROM links WHERE from_id = ? UNION SELECT from_id FROM links WHERE to_id = ?)) "
    "ORDER BY t.claim_id"
)


def cards_near_tag(store: Store, annotation_id: str) -> list[str]:
    """The live cards the tag is on or linked with; links deleted since count too (deleting a tag
    deletes its links: the card it was shown on must still hear of it, and of its undo)."""
    return [row[0] for row in store._db.execute(_NEAR, [annotation_id] * 3)]


def cards_of_link_ends(store: Store, from_id: str, to_id: str) -> list[str]:
    """The live cards either end of a link is on (a link made or deleted changes what they show)."""
    cursor = store._db.execute(
        "SELECT DISTINCT t.claim_id FROM claim_tags t JOIN claims c ON c.id = t.claim_id "
        "WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL AND t.annotation_id IN (?, ?) "
        "ORDER BY t.claim_id",
        [from_id, to_id],
    )
    return [row[0] for row in cursor]
