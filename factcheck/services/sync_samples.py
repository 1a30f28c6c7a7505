"""The bundled sample article stays in the project it was opened in: a sync never sends it, nor the tags,
links and claim cards made on it while trying factcheck out (`db.samples`). Sent, it reached every
teammate's project, and the trial tags with it."""

from __future__ import annotations

from typing import Any

from db.claims_sync import TABLE_COLUMNS
from db.pg_tables import ANNOTATIONS, LINKS
from db.samples import sample_work
from db.store import Store

Row = tuple[Any, ...]

_TAG_DOC = ANNOTATIONS.names.index("document_id")
_LINK_DOC = LINKS.names.index("document_id")
_CARD_TAG = TABLE_COLUMNS["claim_tags"].index("annotation_id")


def _column(table: str, name: str) -> int:
    return TABLE_COLUMNS[table].index(name)


def drop_sample_rows(store: Store, rows: dict[str, list[Row]]) -> frozenset[str]:
    """Take out of rows (the push's, by table) what is on the sample article; its document ids."""
    work = sample_work(store)
    if not work.documents:
        return work.documents

    def keep(table: str, fine: Any) -> None:
        if table in rows:
            rows[table] = [r for r in rows[table] if fine(r)]

    keep("annotations", lambda r: r[_TAG_DOC] not in work.documents)
    keep("links", lambda r: r[_LINK_DOC] not in work.documents)
    keep("claims", lambda r: r[_column("claims", "id")] not in work.cards)
    keep(
        "claim_tags",
        lambda r: r[_CARD_TAG] not in work.tags and r[_column("claim_tags", "claim_id")] not in work.cards,
    )
    for table in ("checkworthy", "verdicts"):
        keep(table, lambda r, table=table: r[_column(table, "claim_id")] not in work.cards)
    return work.documents
