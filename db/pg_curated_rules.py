"""The team server's rule for curated marks (`db.pg_tables.CURATED_MARKS`): anyone in the annotator group
may mark a document curated or clear its mark, as in the window (Review > Mark as curated asks for a name,
not a role), but a mark names who set it: a login sets a mark only in its own name. Clearing one is
anyone's, and so is leaving a mark as it is (a row whose other columns changed)."""

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
                IF NEW.curator IS NOT NULL AND NEW.curator <> current_user::text AND (TG_OP = 'INSERT'
                   OR ROW(NEW.curator, NEW.curated_at) IS DISTINCT FROM ROW(OLD.curator, OLD.curated_at))
                THEN
                    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
                        'the curated mark of document %s names %s: a login marks a document curated in '
                        'its own name only (%s)', NEW.document_id, NEW.curator, current_user);
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
