"""Values the team server refuses whoever writes them, and the upgrade that repairs rows written before.

Row-level security and the guard triggers (`db.pg_schema`) decide whose rows a login may write; these
triggers (`b_values`, after `a_guard`, before `z_change`) hold two values that would poison everyone's
sync, whatever tool writes them (psql, a script, a computer with a broken clock):

- a time stamp (created_at, updated_at, deleted_at, reviewed_at: every table's, the claim cards'
  included) more than a day ahead of the server's clock. The newest stamp wins on the server, so a row
  stamped years ahead makes every later honest edit "not newer": it would never reach the team. A day
  leaves room for a client clock minutes or hours off. Only a written stamp is checked (on an update,
  one that changes), so a reviewer's decision on a row is never refused for a stamp it does not touch;
- a document whose sha256 is not the sha256 of its text (UTF-8, hex, as `Document.create` makes it):
  clients find "the same document" by sha256, so such a row would take another text's tags.

`repair` runs inside `factcheck server init`, after the triggers exist: a stamp already further ahead
is set to the server's now (the table's guard trigger is off for that statement, the administrator's
repair being the one change of an immutable creation time; the change trigger still numbers the row, so
every client pulls the repaired copy), and a document row whose sha256 is not its text's is deleted (no
client holds it: pulls skip it), its id and sha256 kept in `factcheck.forged_documents` (no client reads
it). Its tags stay. The teammate who holds the real text sends it with their next change on it (a push
sends a document whose sha256 the server lacks); the documents' trigger gives it the deleted row's id, so
the tags made on that text point at it again, and touches them (a new change number), so the projects
whose pulls skipped them take them now.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from db.pg_tables import DOCUMENTS, SCHEMA, TABLES, TableSpec

Conn = psycopg.Connection[Any]

#: The columns holding a client's clock time that "newer wins" (or a pull's checks) read.
STAMP_COLUMNS = ("created_at", "updated_at", "deleted_at", "reviewed_at")

#: The latest stamp the server takes: a day ahead of its clock, in the stored form (`STAMP_FORMAT`).
HORIZON = sql.SQL(
    "pg_catalog.to_char((pg_catalog.now() AT TIME ZONE 'UTC') + interval '1 day', "
    '\'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\')'
)
_NOW = sql.SQL("pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
#: `factcheck.core.model.CANONICAL_STAMP`'s shape, to tell "not a time" from "ahead" in a refusal.
_STORED_FORM = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{6}Z$"
#: The id and sha256 of each forged document row the upgrade deleted, until the real text comes.
_FORGED = sql.Identifier(SCHEMA, "forged_documents")
#: What the client hashes: `factcheck.core.model.text_sha256`.
_TEXT_SHA256 = "pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to({}, 'UTF8')), 'hex')"


def stamp_columns(spec: TableSpec) -> tuple[str, ...]:
    return tuple(c for c in spec.names if c in STAMP_COLUMNS)


def install(conn: Conn) -> None:
    """The refusal function and each table's `b_values` trigger (inside init_server's transaction)."""
    conn.execute(
        sql.SQL(
            """
            CREATE OR REPLACE FUNCTION {fn}(tbl text, k text, col text, stamp text) RETURNS void
            LANGUAGE plpgsql AS $$
            DECLARE ahead interval; said text;
            BEGIN
                BEGIN
                    IF stamp !~ {stored} THEN
                        RAISE EXCEPTION 'not the stored form';
                    END IF;
                    ahead := stamp::timestamptz - pg_catalog.now();
                EXCEPTION WHEN others THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
                        '%s %s: its time stamp %s %L is not a date and time factcheck writes',
                        tbl, k, col, stamp);
                END;
                IF ahead >= interval '730 days' THEN
                    said := format('%s years', round(extract(epoch FROM ahead) / (365.25 * 86400)));
                ELSIF ahead < interval '2 days' THEN
                    said := format('%s hours', round(extract(epoch FROM ahead) / 3600));
                ELSE
                    said := format('%s days', round(extract(epoch FROM ahead) / 86400));
                END IF;
                RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format(
                    '%s %s: its time stamp %s %s is %s ahead of the server''s clock: check this '
                    'computer''s date and time', tbl, k, col, stamp, said);
            END $$"""
        ).format(fn=sql.Identifier(SCHEMA, "refuse_stamp"), stored=sql.Literal(_STORED_FORM))
    )
    conn.execute(
        sql.SQL("CREATE TABLE IF NOT EXISTS {} (id text PRIMARY KEY, sha256 text NOT NULL UNIQUE)").format(
            _FORGED
        )
    )
    conn.execute(sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(_FORGED))
    for spec in TABLES:
        _trigger(conn, spec)


def _trigger(conn: Conn, spec: TableSpec) -> None:
    table = sql.Identifier(SCHEMA, spec.name)
    fn = sql.Identifier(SCHEMA, f"values_{spec.name}")
    key = sql.SQL("NEW.") + sql.Identifier(spec.key)
    checks: list[sql.Composable] = []
    for column in stamp_columns(spec):
        col = sql.Identifier(column)
        checks.append(
            sql.SQL(
                "IF NEW.{c} COLLATE \"C\" > horizon THEN IF TG_OP = 'INSERT' THEN written := true; "
                "ELSE written := NEW.{c} IS DISTINCT FROM OLD.{c}; END IF; "
                "IF written THEN PERFORM {refuse}({t}, {k}::text, {name}, NEW.{c}); END IF; END IF;"
            ).format(
                c=col,
                refuse=sql.Identifier(SCHEMA, "refuse_stamp"),
                t=sql.Literal(_singular(spec)),
                k=key,
                name=sql.Literal(column),
            )
        )
    if spec is DOCUMENTS:
        checks.append(
            sql.SQL(
                "IF NEW.sha256 IS DISTINCT FROM {hash} THEN RAISE EXCEPTION USING ERRCODE = "
                "'check_violation', MESSAGE = format('document %s: its sha256 %L is not the sha256 of "
                "its text (factcheck finds a document by it, so another text''s tags would go onto "
                "this one)', NEW.id, NEW.sha256); END IF;"
            ).format(hash=sql.SQL(_TEXT_SHA256).format(sql.SQL("NEW.text")))
        )
        # The real text of a forged row the upgrade deleted takes that row's id: the tags on it (whose
        # document never changes) then point at the text they were made on.
        checks.append(
            sql.SQL(
                "IF TG_OP = 'INSERT' THEN DELETE FROM {forged} f WHERE f.sha256 = NEW.sha256 "
                "AND NOT EXISTS (SELECT 1 FROM {docs} d WHERE d.id = f.id) RETURNING f.id INTO found; "
                "IF found IS NOT NULL THEN NEW.id := found; {touch} END IF; END IF;"
            ).format(
                forged=_FORGED,
                docs=sql.Identifier(SCHEMA, DOCUMENTS.name),
                # A new change number: the projects whose pulls skipped them (no such text) take them now.
                touch=sql.SQL(" ").join(
                    sql.SQL("UPDATE {t} SET {k} = {k} WHERE document_id = found;").format(
                        t=sql.Identifier(SCHEMA, t.name), k=sql.Identifier(t.key)
                    )
                    for t in TABLES
                    if "document_id" in t.names
                ),
            )
        )
    conn.execute(sql.SQL("DROP TRIGGER IF EXISTS b_values ON {}").format(table))
    if not checks:
        conn.execute(sql.SQL("DROP FUNCTION IF EXISTS {}()").format(fn))
        return
    conn.execute(
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql {definer} AS $$ "
            "DECLARE horizon text := {horizon}; written boolean; found text; BEGIN {body} RETURN NEW; END $$"
        ).format(
            fn=fn,
            # Only the documents' trigger reads the table of forged ids, which no client may read or write.
            definer=sql.SQL(
                "SECURITY DEFINER SET search_path = pg_catalog, pg_temp" if spec is DOCUMENTS else ""
            ),
            horizon=HORIZON,
            body=sql.SQL(" ").join(checks),
        )
    )
    conn.execute(
        sql.SQL(
            "CREATE TRIGGER b_values BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()"
        ).format(table, fn)
    )


def _singular(spec: TableSpec) -> str:
    names = {"annotations": "tag", "claims": "claim card", "checkworthy": "vote", "verdict_scale": "rating"}
    return names.get(spec.name, spec.name.rstrip("s").replace("_", " "))


def repair(conn: Conn) -> list[str]:
    """Set stamps further than a day ahead to now, delete documents whose sha256 is not their text's;
    a sentence per repair for the administrator (none: nothing to repair)."""
    done: list[str] = []
    for spec in TABLES:
        columns = stamp_columns(spec)
        if not columns:
            continue
        table = sql.Identifier(SCHEMA, spec.name)
        ahead = sql.SQL(" OR ").join(
            sql.SQL('{} COLLATE "C" > {}').format(sql.Identifier(c), HORIZON) for c in columns
        )
        if conn.execute(sql.SQL("SELECT 1 FROM {} WHERE {} LIMIT 1").format(table, ahead)).fetchone() is None:
            continue
        sets = sql.SQL(", ").join(
            sql.SQL('{c} = CASE WHEN {c} COLLATE "C" > {h} THEN {now} ELSE {c} END').format(
                c=sql.Identifier(c), h=HORIZON, now=_NOW
            )
            for c in columns
        )
        conn.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER a_guard").format(table))
        count = conn.execute(sql.SQL("UPDATE {} SET {} WHERE {}").format(table, sets, ahead)).rowcount
        conn.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER a_guard").format(table))
        done.append(
            f"{count} row{'' if count == 1 else 's'} of {spec.name} stamped more than a day ahead of the "
            "server's clock now carry its time: later edits win again."
        )
    table = sql.Identifier(SCHEMA, DOCUMENTS.name)
    bad = [
        str(r[0])
        for r in conn.execute(
            sql.SQL(
                "WITH gone AS (DELETE FROM {} WHERE sha256 IS DISTINCT FROM {} RETURNING id, sha256), "
                "kept AS (INSERT INTO {} (id, sha256) SELECT id, sha256 FROM gone ON CONFLICT DO NOTHING) "
                "SELECT id FROM gone"
            ).format(table, sql.SQL(_TEXT_SHA256).format(sql.Identifier("text")), _FORGED)
        )
    ]
    if bad:
        done.append(
            f"{len(bad)} document row{'' if len(bad) == 1 else 's'} deleted, whose sha256 was not the text's "
            f"({', '.join(sorted(bad))}): the tags on it stay, and the teammate who holds the real text "
            "sends it with their next change on it, and it takes the deleted row's id."
        )
    return done


def server_clock(conn: Conn) -> tuple[str, str]:
    """(the server's time now, the latest stamp it takes), both in the stored form (read in a
    transaction of its own)."""
    with conn.transaction():
        now, horizon = conn.execute(sql.SQL("SELECT {}, {}").format(_NOW, HORIZON)).fetchall()[0]
    return str(now), str(horizon)
