"""The bundled sample article on a team server, sent there by a factcheck older than the rule that keeps it
in its project (`factcheck.services.sync_samples`), with the tags, links and claim cards made on it while
trying factcheck out: what of it the server holds (a pull leaves it out), and its removal by the server's
administrator (`factcheck server remove-sample`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from db.pg_tables import SCHEMA
from db.samples import SAMPLE_SOURCE

Conn = psycopg.Connection[tuple[Any, ...]]


@dataclass(frozen=True)
class ServerSample:
    """The server's ids of the sample article(s), of the tags on them, and of the claim cards all of whose
    tags are on them."""

    documents: frozenset[str]
    tags: frozenset[str]
    cards: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.documents)


def _t(name: str) -> sql.Identifier:
    return sql.Identifier(SCHEMA, name)


def server_sample(conn: Conn, shas: Sequence[str] = ()) -> ServerSample:
    """What of the sample the server holds: a document under the sample's source, or with the text of one
    of shas (our own sample's: its tags would land on it)."""
    with conn.transaction():
        documents = [
            str(r[0])
            for r in conn.execute(
                sql.SQL("SELECT id FROM {} WHERE source = %s OR sha256 = ANY(%s)").format(_t("documents")),
                [SAMPLE_SOURCE, list(shas)],
            )
        ]
        if not documents:
            return ServerSample(frozenset(), frozenset(), frozenset())
        tags = [
            str(r[0])
            for r in conn.execute(
                sql.SQL("SELECT id FROM {} WHERE document_id = ANY(%s)").format(_t("annotations")),
                [documents],
            )
        ]
        cards = [
            str(r[0])
            for r in conn.execute(
                sql.SQL(
                    "SELECT claim_id FROM {} GROUP BY claim_id HAVING bool_and(annotation_id = ANY(%s))"
                ).format(_t("claim_tags")),
                [tags],
            )
        ]
    return ServerSample(frozenset(documents), frozenset(tags), frozenset(cards))


def remove_sample(conn: Conn) -> dict[str, int]:
    """Delete the sample article(s) from the server with everything made on them (tags, links, the cards
    made only of their tags with their votes and verdicts, any card's attachment of one of their tags), in
    one transaction, as the server's owner (no login may delete a row); the rows deleted per table."""
    removed: dict[str, int] = {}
    with conn.transaction():
        sample = server_sample(conn)
        if not sample:
            return removed
        docs, tags, cards = sorted(sample.documents), sorted(sample.tags), sorted(sample.cards)
        for table, where, keys in (
            ("verdicts", "claim_id = ANY(%s)", cards),
            ("checkworthy", "claim_id = ANY(%s)", cards),
            ("claim_tags", "claim_id = ANY(%s) OR annotation_id = ANY(%s)", [cards, tags]),
            ("claims", "id = ANY(%s)", cards),
            ("links", "document_id = ANY(%s)", docs),
            ("annotations", "document_id = ANY(%s)", docs),
            ("documents", "id = ANY(%s)", docs),
        ):
            params = keys if table == "claim_tags" else [keys]
            cursor = conn.execute(sql.SQL("DELETE FROM {} WHERE " + where).format(_t(table)), params)
            if cursor.rowcount > 0:
                removed[table] = cursor.rowcount
    return removed
