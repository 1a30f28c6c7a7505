"""The team server's rule for curated marks (`db.pg_tables.CURATED_MARKS`): anyone in the annotator group
may mark a document curated or clear its mark, as in the window (Review > Mark as curated asks for a name,
not a role). A mark names its curator, who may be a teammate whose file the sender merged (a lead sharing
a reviewer's marks); the server records the login that sent each change in `sent_by`, its own value
whatever a client writes there, so a mark is never shown as sent by anyone but its sender. A row whose
mark stayed the same (its stamp alone changed) keeps its sender."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from db.pg_tables import CURATED_MARKS, SCHEMA

Conn = psycopg.Connection[tuple[Any, ...]]


def install(conn: Conn) -> None:
    """The trigger (inside init_server's transaction, after the table exists)."""
    table = sql.Identifier(SCHEMA, CURATED_MARKS.name)
    fn = sql.Identifier(SCHEMA, "guard_curator")
    conn.execute(
        sql.SQL(
            """
            CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT'
                   OR ROW(NEW.curator, NEW.curated_at) IS DISTINCT FROM ROW(OLD.curator, OLD.curated_at)
                THEN
                    NEW.sent_by := current_user::text;
                ELSE
                    NEW.sent_by := OLD.sent_by;
                END IF;
                RETURN NEW;
            END $$"""
        ).format(fn=fn)
    )
    conn.execute(sql.SQL("DROP TRIGGER IF EXISTS c_curator ON {}").format(table))
    conn.execute(
        sql.SQL(
            "CREATE TRIGGER c_curator BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()"
        ).format(table, fn)
    )
