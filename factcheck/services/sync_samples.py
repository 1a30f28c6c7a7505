"""The bundled sample article stays in the project it was opened in: a sync never sends it, nor the tags,
links and claim cards made on it while trying factcheck out (`db.samples`). Sent, it reached every
teammate's project, and the trial tags with it. One an older factcheck sent to the server anyway is left
out of every pull (`leave_out_pulled`), until the administrator removes it (`db.pg_samples`)."""

from __future__ import annotations

from typing import Any

from db import sync_local
from db.claims_sync import TABLE_COLUMNS
from db.pg_samples import server_sample
from db.pg_tables import ANNOTATIONS, LINKS
from db.samples import sample_document_ids, sample_work
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


#: Set once the project was told that a pull left a teammate's sample out (said once, not at every sync).
STATE_TOLD = "sample_left_out_told"


def leave_out_pulled(store: Store, conn: Any, rows: dict[str, list[Row]]) -> bool:
    """Take out of rows (a pull's, by table) the sample article an older factcheck sent to the server, and
    what was made on it (its tags and links, the cards made only of its tags with their votes and
    verdicts, any card's attachment of one of its tags), as a push leaves ours out; whether any was."""
    tables = (
        "documents",
        "annotations",
        "links",
        "claims",
        "claim_tags",
        "checkworthy",
        "verdicts",
        "curated_marks",
    )
    if not any(rows.get(table) for table in tables):
        return False  # (most syncs bring nothing: the server is not asked)
    ours = sync_local.document_shas(store, sample_document_ids(store))
    sample = server_sample(conn, sorted(set(ours.values())))
    if not sample:
        return False
    before = {table: len(rows.get(table, ())) for table in tables}

    def keep(table: str, fine: Any) -> None:
        if table in rows:
            rows[table] = [r for r in rows[table] if fine(r)]

    keep("documents", lambda r: r[0] not in sample.documents)
    keep("annotations", lambda r: r[_TAG_DOC] not in sample.documents)
    keep("links", lambda r: r[_LINK_DOC] not in sample.documents)
    keep("curated_marks", lambda r: r[0] not in sample.documents)  # (keyed by its document)
    keep("claims", lambda r: r[_column("claims", "id")] not in sample.cards)
    keep(
        "claim_tags",
        lambda r: (
            r[_CARD_TAG] not in sample.tags and r[_column("claim_tags", "claim_id")] not in sample.cards
        ),
    )
    for table in ("checkworthy", "verdicts"):
        keep(table, lambda r, table=table: r[_column(table, "claim_id")] not in sample.cards)
    return any(len(rows.get(table, ())) != n for table, n in before.items())


def told(store: Store) -> str | None:
    """The sentence saying that a pull left the server's sample out, the first time only (else None);
    inside the pull's transaction, so that it is said once that pull landed."""
    if sync_local.get_state(store, STATE_TOLD):
        return None
    sync_local.set_state(store, {STATE_TOLD: "1"})
    return (
        "Left out the sample article that a teammate's older factcheck sent to the team server, and the "
        "work made on it while trying factcheck out: it is not the team's work. The server's administrator "
        "can remove it: factcheck server remove-sample URL."
    )
