"""The sync rules' version on the team server: the highest any client pushed with, in the meta table.

The sync rules (what a push sends or refuses, how a pull lands rows) run in the pushing client, not on
the server, and change without the server's tables changing (so without a schema version). Each client
knows its own (`factcheck.services.sync_rules.SYNC_RULES_VERSION`). A push records it, under the write
lock and in the push's transaction, as the meta row `sync_rules_version` when it is higher than the one
there; a push whose rules are older than the recorded ones is refused whole (the transaction rolls
back, nothing is written): an older factcheck never applies rules a newer one has replaced.

Clients may only read the meta table: the SECURITY DEFINER function `factcheck.note_sync_rules(int)`
(installed by `factcheck server init`, no table change) writes the row, and only ever raises it. On a
server prepared before the function existed, a client still reads the row (absent: 0) and records
nothing until the administrator runs `factcheck server init` again.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from db.pg_tables import ANNOTATOR_ROLE, SCHEMA
from factcheck.core.errors import FactcheckError

Conn = psycopg.Connection[tuple[Any, ...]]

KEY = "sync_rules_version"
_FUNCTION = "note_sync_rules"

#: What a client whose rules are older than the server's says: what happened, and what to do.
NEWER_RULES = (
    "This team's server was last synced by a newer factcheck with newer sync rules: update factcheck "
    "before sending changes; your changes stay here meanwhile."
)


class SyncRulesNewer(FactcheckError):
    """The server's recorded sync rules are newer than this client's: it must not push."""

    def __init__(self, message: str = NEWER_RULES) -> None:
        super().__init__(message)


def install(conn: Conn) -> None:
    """The function that records a client's rules (inside init_server's transaction, as the schema's
    owner); the meta table itself stays read-only to clients."""
    meta = sql.Identifier(SCHEMA, "meta")
    conn.execute(
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {fn}(version integer) RETURNS integer LANGUAGE plpgsql "
            "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $body$ "
            "DECLARE found integer; "
            "BEGIN "
            "  SELECT CASE WHEN value ~ '^[0-9]{{1,9}}$' THEN value::integer ELSE 0 END INTO found "
            "    FROM {meta} WHERE key = {key}; "
            "  IF found IS NULL OR version > found THEN "
            "    INSERT INTO {meta} (key, value) VALUES ({key}, version::text) "
            "      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value; "
            "    RETURN version; "
            "  END IF; "
            "  RETURN found; "
            "END $body$"
        ).format(fn=sql.Identifier(SCHEMA, _FUNCTION), meta=meta, key=sql.Literal(KEY))
    )
    fn = sql.SQL("{}(integer)").format(sql.Identifier(SCHEMA, _FUNCTION))
    conn.execute(sql.SQL("REVOKE ALL ON FUNCTION {} FROM PUBLIC").format(fn))
    conn.execute(sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(fn, sql.Identifier(ANNOTATOR_ROLE)))


def recorded(conn: Conn) -> int:
    """The sync rules' version the server holds (0: none recorded yet)."""
    row = conn.execute(
        sql.SQL("SELECT value FROM {} WHERE key = %s").format(sql.Identifier(SCHEMA, "meta")), [KEY]
    ).fetchone()
    value = str(row[0]) if row is not None else ""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else 0


def newer_than(conn: Conn, version: int) -> bool:
    """Whether the server's recorded rules are newer than version (read in a transaction of its own)."""
    with conn.transaction():
        return recorded(conn) > version


def claim(conn: Conn, version: int) -> None:
    """Inside a push's transaction, under the write lock: record version as the server's when it is
    higher; raise SyncRulesNewer (rolling the push back) when the server's is higher still."""
    exists = conn.execute("SELECT to_regprocedure(%s)", [f"{SCHEMA}.{_FUNCTION}(integer)"]).fetchone()
    if exists is not None and exists[0] is not None:
        row = conn.execute(
            sql.SQL("SELECT {}(%s)").format(sql.Identifier(SCHEMA, _FUNCTION)), [version]
        ).fetchone()
        server = int(row[0]) if row is not None else 0
    else:
        server = recorded(conn)
    if server > version:
        raise SyncRulesNewer()
