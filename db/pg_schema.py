"""Preparing a PostgreSQL database as a team server: schema, group roles, row-level security, logins.

`init_server` is idempotent and upgrades an older schema: tables and columns are created when missing,
and the policies, triggers and grants (all generated from `db.pg_tables`) are dropped and made again,
in one transaction. The server, not the client, enforces who may write what:

- row-level security: everyone in the annotator group reads every row; a row with an owner column is
  inserted and updated only by that role (or, for updates, by a reviewer); nobody deletes (a deleted tag
  is a tombstone, an update by its owner);
- a guard trigger: the key and the immutable columns never change; only reviewers write the
  reviewer-only columns; a reviewer may change only those on someone else's row;
- a change trigger: every write takes the next number of one sequence, under a transaction-level
  advisory lock, so numbers become visible in the order they were given and a pull can ask for
  "everything after N" without missing a row that committed late.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import psycopg
from psycopg import sql

from db import pg_claim_rules, pg_curated_rules, pg_renames, pg_sync_rules, pg_value_guards
from db.pg_tables import ANNOTATOR_ROLE, REVIEWER_ROLE, SCHEMA, TABLES, TableSpec
from factcheck.core.names import name_problem

#: The server schema this build writes; a client refuses a newer one.
#: 2: links, link types, speakers, and the tags' structure columns (labels' role).
#: 3: claim cards (claims, claim_tags, checkworthy, verdicts, verdict_scale, settings).
#: 4: a card's status is its maker's or a reviewer's (the reviewers' update policy on claims).
#: 5: the cards' workflow rule (`db.pg_claim_rules`): only reviewers move a card into or out of rated /
#:    published, and a card becomes published only with a live final verdict on the server.
#: 6: team-wide renames of labels and link types (`db.pg_renames`): the function, the renames clients
#:    learn, the aliases a push maps onto the names in use.
#: 7: a former name added anew means itself (`db.pg_renames`): the trigger dropping its alias; a push
#:    maps a client's rows through the renames that client has not applied, not through every alias.
#: 8: the values no client may write (`db.pg_value_guards`): a time stamp more than a day ahead of the
#:    server's clock, a document whose sha256 is not its text's; the upgrade repairs such rows already there.
#: (The curated marks' table came with schema 8 still: older clients ignore it, `OPTIONAL_TABLES`; so
#: did its `sent_by`, which the server writes itself and older clients never name.)
SCHEMA_VERSION = 8
#: Key of the advisory lock that orders every write (and serialises `init_server`).
WRITE_LOCK = 0x46434B53  # "FCKS"
_INIT_LOCK = WRITE_LOCK + 1
#: Iterations of the SCRAM-SHA-256 verifier (PostgreSQL's default).
SCRAM_ITERATIONS = 4096


def _ident(*parts: str) -> sql.Identifier:
    return sql.Identifier(*parts)


def _table(spec: TableSpec) -> sql.Identifier:
    return _ident(SCHEMA, spec.name)


def _cols(names: tuple[str, ...], prefix: str = "") -> sql.Composable:
    if prefix:
        return sql.SQL(", ").join(sql.SQL(f"{prefix}.") + _ident(n) for n in names)
    return sql.SQL(", ").join(map(_ident, names))


def _row(names: tuple[str, ...], prefix: str) -> sql.Composable:
    """A row constructor of prefix.columns, comparable with IS DISTINCT FROM."""
    return sql.SQL("ROW({})").format(_cols(names, prefix))


_IS_REVIEWER = sql.SQL("pg_has_role(current_user, {}, 'MEMBER')").format(sql.Literal(REVIEWER_ROLE))


def init_server(conn: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    """Create or upgrade the schema, roles and policies, in one transaction (conn is an admin's); a
    sentence for each repair of rows an older server let in (`db.pg_value_guards.repair`)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [_INIT_LOCK])
        _roles(conn)
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(_ident(SCHEMA)))
        conn.execute(sql.SQL("CREATE SEQUENCE IF NOT EXISTS {}").format(_ident(SCHEMA, "change_seq")))
        conn.execute(
            sql.SQL("CREATE TABLE IF NOT EXISTS {} (key text PRIMARY KEY, value text NOT NULL)").format(
                _ident(SCHEMA, "meta")
            )
        )
        found = conn.execute(
            sql.SQL("SELECT value FROM {} WHERE key = 'schema_version'").format(_ident(SCHEMA, "meta"))
        ).fetchone()
        if found is not None and int(str(found[0])) > SCHEMA_VERSION:
            raise ServerSchemaError(
                f"The server's factcheck schema is version {found[0]}, newer than this factcheck "
                f"({SCHEMA_VERSION}); it was left untouched. Update factcheck."
            )
        _change_function(conn)
        for spec in TABLES:
            _create_table(conn, spec)
            _guard(conn, spec)
            _policies(conn, spec)
        pg_claim_rules.install(conn)
        pg_curated_rules.install(conn)
        pg_renames.install(conn, WRITE_LOCK)
        pg_sync_rules.install(conn)  # a function only: no table change, no schema version
        pg_value_guards.install(conn)
        repaired = pg_value_guards.repair(conn)
        conn.execute(
            sql.SQL(
                "INSERT INTO {} (key, value) VALUES ('schema_version', {}) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
            ).format(_ident(SCHEMA, "meta"), sql.Literal(str(SCHEMA_VERSION)))
        )
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(_ident(SCHEMA), _ident(ANNOTATOR_ROLE)))
        conn.execute(
            sql.SQL("GRANT SELECT ON {} TO {}").format(_ident(SCHEMA, "meta"), _ident(ANNOTATOR_ROLE))
        )
        conn.execute(
            sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(
                _ident(SCHEMA, "change_seq"), _ident(ANNOTATOR_ROLE)
            )
        )
    return repaired


class ServerSchemaError(Exception):
    """The server's schema is missing or newer than this build."""


def _roles(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    for role in (ANNOTATOR_ROLE, REVIEWER_ROLE):
        if not _role_exists(conn, role):
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(_ident(role)))
    # A reviewer is an annotator too: it inherits every grant and policy of the annotator group.
    conn.execute(sql.SQL("GRANT {} TO {}").format(_ident(ANNOTATOR_ROLE), _ident(REVIEWER_ROLE)))


def _role_exists(conn: psycopg.Connection[tuple[object, ...]], role: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone() is not None


def _change_function(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    # The roles get USAGE on the sequence (nextval), never UPDATE (setval): nobody moves it back. Not
    # SECURITY DEFINER: with its SET search_path it would cost a configuration change per row.
    conn.execute(
        sql.SQL(
            """
            CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_catalog.pg_advisory_xact_lock({lock});
                NEW.change_no := pg_catalog.nextval({seq});
                RETURN NEW;
            END $$"""
        ).format(
            fn=_ident(SCHEMA, "stamp_change"),
            lock=sql.Literal(WRITE_LOCK),
            seq=sql.Literal(f"{SCHEMA}.change_seq"),
        )
    )


def _create_table(conn: psycopg.Connection[tuple[object, ...]], spec: TableSpec) -> None:
    table = _table(spec)
    parts: list[sql.Composable] = [
        sql.SQL("{} {}").format(_ident(n), sql.SQL(t)) for n, t in (*spec.columns, *spec.server_set)
    ]
    parts.append(sql.SQL("change_no bigint NOT NULL DEFAULT 0"))
    parts.append(sql.SQL("PRIMARY KEY ({})").format(_ident(spec.key)))
    parts.extend(sql.SQL(c) for c in spec.constraints)
    conn.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(table, sql.SQL(", ").join(parts)))
    # An older schema: the columns a newer spec added (nullable first, so that existing rows pass).
    for name, kind in (*spec.columns, *spec.server_set, ("change_no", "bigint NOT NULL DEFAULT 0")):
        bare = kind.replace(" NOT NULL", "")
        conn.execute(
            sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}").format(
                table, _ident(name), sql.SQL(bare)
            )
        )
    conn.execute(
        sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (change_no)").format(
            _ident(f"{spec.name}_change_no"), table
        )
    )
    if spec.owner:
        conn.execute(
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} ({})").format(
                _ident(f"{spec.name}_{spec.owner}"), table, _ident(spec.owner)
            )
        )
    conn.execute(sql.SQL("DROP TRIGGER IF EXISTS z_change ON {}").format(table))
    conn.execute(
        sql.SQL(
            "CREATE TRIGGER z_change BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()"
        ).format(table, _ident(SCHEMA, "stamp_change"))
    )


def _raise(message: str, *args: sql.Composable) -> sql.Composable:
    """A plpgsql RAISE with SQLSTATE 42501 (insufficient privilege) and a message for the user."""
    fmt = sql.SQL("RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format({}{})")
    extra = sql.SQL("").join(sql.SQL(", ") + a for a in args)
    return fmt.format(sql.Literal(message), extra)


def _guard(conn: psycopg.Connection[tuple[object, ...]], spec: TableSpec) -> None:
    """The BEFORE trigger that refuses what row-level security cannot see (it has no OLD row)."""
    table = _table(spec)
    fn = _ident(SCHEMA, f"guard_{spec.name}")
    key = sql.SQL("OLD.") + _ident(spec.key)
    checks: list[sql.Composable] = []
    if spec.stamp is None:
        checks.append(
            sql.SQL("IF TG_OP = 'UPDATE' THEN {} ; END IF;").format(
                _raise(f"rows of {spec.name} never change (%s)", key)
            )
        )
    else:
        fixed = (spec.key, *spec.immutable)
        checks.append(
            sql.SQL("IF TG_OP = 'UPDATE' AND {} IS DISTINCT FROM {} THEN {}; END IF;").format(
                _row(fixed, "NEW"),
                _row(fixed, "OLD"),
                _raise(f"the {', '.join(fixed)} of an existing row never change (%s)", key),
            )
        )
    if spec.reviewer_only:
        review = spec.reviewer_only
        checks.append(
            sql.SQL(
                "IF NOT {rev} AND ((TG_OP = 'INSERT' AND {new} IS DISTINCT FROM ROW({nulls})) "
                "OR (TG_OP = 'UPDATE' AND {new} IS DISTINCT FROM {old})) THEN {err}; END IF;"
            ).format(
                rev=_IS_REVIEWER,
                new=_row(review, "NEW"),
                old=_row(review, "OLD"),
                nulls=sql.SQL(", ").join(sql.SQL("NULL") for _ in review),
                err=_raise(
                    f"only members of {REVIEWER_ROLE} may write {', '.join(review)} (%s)",
                    sql.SQL("NEW.") + _ident(spec.key),
                ),
            )
        )
    if spec.owner and spec.stamp is not None:
        owner = _ident(spec.owner)
        checks.append(
            sql.SQL(
                "IF TG_OP = 'UPDATE' AND OLD.{owner} <> current_user AND {new} IS DISTINCT FROM {old} "
                "AND NOT {renaming} THEN {err}; END IF;"
            ).format(
                owner=owner,
                renaming=pg_renames.guard_allows(),
                new=_row(spec.owner_columns, "NEW"),
                old=_row(spec.owner_columns, "OLD"),
                err=_raise(
                    f"%s belongs to %s: only they may change its {', '.join(spec.owner_columns)}",
                    key,
                    sql.SQL("OLD.") + owner,
                ),
            )
        )
    conn.execute(
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} "
            "RETURN NEW; END $$"
        ).format(fn=fn, body=sql.SQL(" ").join(checks))
    )
    conn.execute(sql.SQL("DROP TRIGGER IF EXISTS a_guard ON {}").format(table))
    conn.execute(
        sql.SQL(
            "CREATE TRIGGER a_guard BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()"
        ).format(table, fn)
    )


def _policies(conn: psycopg.Connection[tuple[object, ...]], spec: TableSpec) -> None:
    table = _table(spec)
    group = _ident(ANNOTATOR_ROLE)
    conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(table))
    conn.execute(sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(table))
    conn.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(table, group))
    for name in ("fc_read", "fc_insert", "fc_update"):
        conn.execute(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(_ident(name), table))
    conn.execute(sql.SQL("CREATE POLICY fc_read ON {} FOR SELECT TO {} USING (true)").format(table, group))
    mine = sql.SQL("{} = current_user").format(_ident(spec.owner)) if spec.owner else sql.SQL("true")
    conn.execute(
        sql.SQL("CREATE POLICY fc_insert ON {} FOR INSERT TO {} WITH CHECK ({})").format(table, group, mine)
    )
    privileges = "SELECT, INSERT"
    if spec.stamp is not None:
        allowed = sql.SQL("{} OR {}").format(mine, _IS_REVIEWER) if spec.reviewers_update else mine
        conn.execute(
            sql.SQL("CREATE POLICY fc_update ON {} FOR UPDATE TO {} USING ({}) WITH CHECK ({})").format(
                table, group, allowed, allowed
            )
        )
        privileges += ", UPDATE"
    # No DELETE for anyone: a deletion is a tombstone, which is an update by the row's owner.
    conn.execute(sql.SQL(f"GRANT {privileges} ON {{}} TO {{}}").format(table, group))


# -- logins --------------------------------------------------------------------------------------


def add_annotator(
    conn: psycopg.Connection[tuple[object, ...]], name: str, password: str, *, reviewer: bool = False
) -> bool:
    """Create the login role name (or set an existing annotator's password) in the annotator or reviewer
    group; True when created. A role that exists and is not an annotator's login (the administrator, a
    superuser, another program's role) is refused with ValueError, nothing changed. The password travels
    as a SCRAM verifier: its clear text never reaches the server (or a statement log)."""
    if not name or name.startswith("pg_") or name in (ANNOTATOR_ROLE, REVIEWER_ROLE):
        raise ValueError(f"{name!r} cannot be an annotator's login name.")
    if (problem := name_problem(name)) is not None:  # it names every row the login writes
        raise ValueError(
            f"An annotator's login name is their name on the team: {problem}; nothing was changed."
        )
    verifier = scram_verifier(password)
    with conn.transaction():
        for group in (ANNOTATOR_ROLE, REVIEWER_ROLE):
            if not _role_exists(conn, group):
                raise ServerSchemaError("The server is not prepared: run `factcheck server init URL` first.")
        created = not _role_exists(conn, name)
        if not created:
            _refuse_a_role_not_an_annotators(conn, name)
        verb = "CREATE" if created else "ALTER"
        conn.execute(
            sql.SQL(f"{verb} ROLE {{}} LOGIN PASSWORD {{}}").format(_ident(name), sql.Literal(verifier))
        )
        conn.execute(sql.SQL("GRANT {} TO {}").format(_ident(ANNOTATOR_ROLE), _ident(name)))
        if reviewer:
            conn.execute(sql.SQL("GRANT {} TO {}").format(_ident(REVIEWER_ROLE), _ident(name)))
    return created


def _refuse_a_role_not_an_annotators(conn: psycopg.Connection[tuple[object, ...]], name: str) -> None:
    """ValueError when the existing role name is the server's administrator or any other role that is not
    an annotator's login: resetting its password would lock its owner (or a program) out, and adding it
    to the annotators would hand a teammate's rights to whoever holds the new password."""
    row = conn.execute(
        "SELECT r.rolsuper OR r.rolcreaterole OR r.rolbypassrls OR r.rolreplication, "
        "r.rolname IN (current_user, session_user) "
        "OR r.oid = (SELECT datdba FROM pg_database WHERE datname = current_database()) "
        "OR r.oid = (SELECT nspowner FROM pg_namespace WHERE nspname = %s), "
        "EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "WHERE m.member = r.oid AND g.rolname IN (%s, %s)) "
        "FROM pg_roles r WHERE r.rolname = %s",
        [SCHEMA, ANNOTATOR_ROLE, REVIEWER_ROLE, name],
    ).fetchone()
    if row is None:
        return
    powers, administrator, annotator = (bool(v) for v in row)
    if powers or administrator:
        raise ValueError(
            f"{name} is the server's administrator (or has administrator rights), not an annotator's login: "
            "its password and groups were left as they are. Choose another name for the annotator."
        )
    if not annotator:
        raise ValueError(
            f"The server already has a role {name} that is not a factcheck annotator: its password and "
            "groups were left as they are. Choose another name for the annotator."
        )


def scram_verifier(password: str, *, iterations: int = SCRAM_ITERATIONS, salt: bytes | None = None) -> str:
    """PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802/7677), as the server would make it."""
    salt = secrets.token_bytes(16) if salt is None else salt
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"
