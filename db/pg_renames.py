"""Team-wide renames of the scheme (labels, link types) on the team server (server schema 6, 7).

A rename is done once, by a reviewer or the server's owner, with the SECURITY DEFINER function
`factcheck.rename_scheme(kind, old, new)`, owned by the schema's owner: row-level security and the guard
triggers keep every other write of a tag to its annotator, so only this function, in one transaction
under the write lock, changes the label (or link type) of everyone's rows. It renames the scheme row,
every tag (link) naming it, whoever's it is (their stamps unchanged: a teammate's offline edit made
before the rename still wins by its newer stamp, and goes up under the new name), and records the rename
in `factcheck.renames` (old, new, renamed_at, renamed_by), numbered, which every client reads on its
next pull and applies, in order (`factcheck.services.team_renames`).

A push maps the incoming rows of a client that has not applied every rename yet (it says which it has
applied: `push(..., renames_applied=N)`) through the renames it has not, in order, under the write lock:
in that client's project a former name still means what it meant before the rename, so its tags of
"denial" go up as "rebuttal", and its label row "denial" (the renamed one, on the server already) is
dropped. A client that has applied the rename has no rows of the old name left, unless it added that
name anew afterwards: then the name means itself, and its rows go up as they are.

That is the rule for a name taken again (schema 7), as in a project (`db.renames`): it goes by what the
pushing client had applied, not by the rows' times: a teammate offline for weeks who tags "denial" after
the rename, not knowing of it, still means the old "denial", so the stamps cannot tell; the client's
count of applied renames can, exactly. `factcheck.scheme_aliases` holds, per kind, each former name and
the name now in use (the fold of the renames, as a project's `db.renames` memory: what a former name
means now, for whoever reads the server; a push goes by the renames themselves); a name ADDED anew to
the scheme (a pushed label row, or any insert) is an alias no more: a trigger drops it from
scheme_aliases in the inserting transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import psycopg
from psycopg import sql

from db.pg_tables import ANNOTATOR_ROLE, REVIEWER_ROLE, SCHEMA, TableSpec

Conn = psycopg.Connection[tuple[Any, ...]]
Kind = Literal["label", "link_type"]
KINDS: tuple[Kind, ...] = ("label", "link_type")

#: A transaction-local setting the function sets: with it, and only for the schema's owner, the guard
#: triggers let the label (link type) of another annotator's row change.
RENAMING = "factcheck.team_rename"

#: Per kind: the scheme table, the rows' table and the column naming it, and words for messages.
_WHAT = {
    "label": ("labels", "annotations", "label", "label"),
    "link_type": ("link_types", "links", "type", "link type"),
}
_MAX_NAME = 60


def guard_allows() -> sql.Composed:
    """For a guard trigger: the team rename is running (the schema owner's function), so another
    annotator's row may change here. Cheap enough: only evaluated for rows of others."""
    return sql.SQL(
        "(pg_catalog.current_setting({flag}, true) = 'on' AND pg_catalog.pg_has_role(current_user, "
        "(SELECT nspowner FROM pg_catalog.pg_namespace WHERE nspname = {schema}), 'MEMBER'))"
    ).format(flag=sql.Literal(RENAMING), schema=sql.Literal(SCHEMA))


def install(conn: Conn, write_lock: int) -> None:
    """The tables and the function (inside init_server's transaction, as the schema's owner)."""
    conn.execute(
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            "kind text NOT NULL CHECK (kind IN ('label', 'link_type')), old text NOT NULL, "
            "new text NOT NULL, renamed_at text NOT NULL, renamed_by text NOT NULL)"
        ).format(sql.Identifier(SCHEMA, "renames"))
    )
    conn.execute(
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (kind text NOT NULL, old text NOT NULL, new text NOT NULL, "
            "PRIMARY KEY (kind, old))"
        ).format(sql.Identifier(SCHEMA, "scheme_aliases"))
    )
    for table in ("renames", "scheme_aliases"):
        ident = sql.Identifier(SCHEMA, table)
        conn.execute(sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(ident))
        # Read by every client; written by the function alone (nobody else has a grant to write).
        conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(ident, sql.Identifier(ANNOTATOR_ROLE)))
    conn.execute(_function(write_lock))
    _taken_again(conn)
    fn = sql.SQL("{}(text, text, text)").format(sql.Identifier(SCHEMA, "rename_scheme"))
    conn.execute(sql.SQL("REVOKE ALL ON FUNCTION {} FROM PUBLIC").format(fn))
    # Every annotator may call it: the function itself says who may not, in words.
    conn.execute(sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(fn, sql.Identifier(ANNOTATOR_ROLE)))


def _function(write_lock: int) -> sql.Composed:
    branches = []
    for kind, (scheme, rows, column, noun) in _WHAT.items():
        branches.append(
            sql.SQL(
                """
        IF p_kind = {kind} THEN
            IF NOT EXISTS (SELECT 1 FROM {scheme} WHERE name = p_old) THEN
                RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = format(
                    'the team server has no {noun} %L (renamed already, or never added)', p_old);
            END IF;
            IF EXISTS (SELECT 1 FROM {scheme} WHERE lower(name) = lower(new_name) AND name <> p_old) THEN
                RAISE EXCEPTION USING ERRCODE = 'unique_violation', MESSAGE = format(
                    'the team server has a {noun} %L already; choose another name', new_name);
            END IF;
            IF new_name = p_old THEN
                RETURN 0;
            END IF;
            INSERT INTO {scheme} (name, {rest}) SELECT new_name, {rest} FROM {scheme} WHERE name = p_old;
            DELETE FROM {scheme} WHERE name = p_old;
            UPDATE {rows} SET {column} = new_name WHERE {column} = p_old;
            GET DIAGNOSTICS n = ROW_COUNT;
        END IF;"""
            ).format(
                kind=sql.Literal(kind),
                scheme=sql.Identifier(SCHEMA, scheme),
                rows=sql.Identifier(SCHEMA, rows),
                column=sql.Identifier(column),
                noun=sql.SQL(noun),
                rest=sql.SQL(_REST[kind]),
            )
        )
    return sql.SQL(
        """
CREATE OR REPLACE FUNCTION {fn}(p_kind text, p_old text, p_new text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    who text := session_user;
    new_name text := pg_catalog.btrim(pg_catalog.regexp_replace(coalesce(p_new, ''), '\\s+', ' ', 'g'));
    n bigint := 0;
BEGIN
    IF NOT (pg_catalog.pg_has_role(who, {reviewer}, 'MEMBER') OR pg_catalog.pg_has_role(who,
            (SELECT nspowner FROM pg_catalog.pg_namespace WHERE nspname = {schema}), 'MEMBER')) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
            'only reviewers (members of {reviewer_name}) or the server''s owner rename the team''s '
            'scheme, and %s is neither', who);
    END IF;
    IF p_kind IS NULL OR p_kind NOT IN ('label', 'link_type') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'unknown kind of scheme entry';
    END IF;
    IF new_name = '' OR pg_catalog.length(new_name) > {max_name} OR new_name ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = format(
            'the new name %L is empty, too long or holds control characters', p_new);
    END IF;
    IF p_kind = 'link_type' AND p_old = 'corrects' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE =
            '''corrects'' is built in: corrections make these links, so it cannot be renamed';
    END IF;
    PERFORM pg_catalog.pg_advisory_xact_lock({lock});
    PERFORM pg_catalog.set_config({flag}, 'on', true);
    {branches}
    PERFORM pg_catalog.set_config({flag}, '', true);
    -- The aliases: as a project's memory of former names (db.renames.remember).
    UPDATE {aliases} SET new = new_name WHERE kind = p_kind AND new = p_old;
    INSERT INTO {aliases} (kind, old, new) VALUES (p_kind, p_old, new_name)
        ON CONFLICT (kind, old) DO UPDATE SET new = EXCLUDED.new;
    DELETE FROM {aliases} WHERE kind = p_kind AND old = new_name;
    INSERT INTO {renames} (kind, old, new, renamed_at, renamed_by) VALUES (p_kind, p_old, new_name,
        pg_catalog.to_char(pg_catalog.clock_timestamp() AT TIME ZONE 'UTC',
                           'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), who);
    RETURN n;
END $$"""
    ).format(
        fn=sql.Identifier(SCHEMA, "rename_scheme"),
        reviewer=sql.Literal(REVIEWER_ROLE),
        reviewer_name=sql.SQL(REVIEWER_ROLE),
        schema=sql.Literal(SCHEMA),
        max_name=sql.Literal(_MAX_NAME),
        lock=sql.Literal(write_lock),
        flag=sql.Literal(RENAMING),
        branches=sql.SQL("").join(branches),
        aliases=sql.Identifier(SCHEMA, "scheme_aliases"),
        renames=sql.Identifier(SCHEMA, "renames"),
    )


def _taken_again(conn: Conn) -> None:
    """A name added to the scheme is an alias no more (schema 7): a trigger on the scheme tables, so that
    every insert (a push, the rename itself, an admin's) drops it in its own transaction. SECURITY
    DEFINER: the aliases are the schema owner's; it deletes only the alias of a name now in use."""
    fn = sql.Identifier(SCHEMA, "scheme_taken_again")
    conn.execute(
        sql.SQL(
            """
CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    DELETE FROM {aliases} AS al WHERE al.kind = TG_ARGV[0] AND al.old = NEW.name;
    RETURN NULL;
END $$"""
        ).format(fn=fn, aliases=sql.Identifier(SCHEMA, "scheme_aliases"))
    )
    conn.execute(sql.SQL("REVOKE ALL ON FUNCTION {}() FROM PUBLIC").format(fn))
    for kind, (scheme, *_) in _WHAT.items():
        table = sql.Identifier(SCHEMA, scheme)
        conn.execute(sql.SQL("DROP TRIGGER IF EXISTS fc_taken_again ON {}").format(table))
        conn.execute(
            sql.SQL(
                "CREATE TRIGGER fc_taken_again AFTER INSERT ON {} FOR EACH ROW EXECUTE FUNCTION {}({})"
            ).format(table, fn, sql.Literal(kind))
        )


#: The scheme row's other columns, in the table's order (db.pg_tables.LABELS, LINK_TYPES).
_REST = {"label": "color, shortcut, position, role", "link_type": 'position, "symmetric"'}


# -- the client's side -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRename:
    """One rename done on the server, as clients learn it."""

    id: int
    kind: Kind
    old: str
    new: str
    renamed_at: str
    renamed_by: str

    def sentence(self) -> str:
        noun = _WHAT[self.kind][3]
        return f"{noun} {self.old!r} is now {self.new!r} (renamed by {self.renamed_by})"


def rename(conn: Conn, kind: Kind, old: str, new: str) -> int:
    """Run the team rename (its own transaction); the number of the team's rows renamed. Raises
    psycopg errors with the function's message (refused, clash, unknown name)."""
    with conn.transaction():
        row = conn.execute(
            sql.SQL("SELECT {}(%s, %s, %s)").format(sql.Identifier(SCHEMA, "rename_scheme")), [kind, old, new]
        ).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def since(conn: Conn, after: int) -> list[TeamRename]:
    """The renames numbered after `after`, in order (inside the caller's transaction: one small query,
    on the primary key, answering nothing when there are none)."""
    rows = conn.execute(
        sql.SQL("SELECT id, kind, old, new, renamed_at, renamed_by FROM {} WHERE id > %s ORDER BY id").format(
            sql.Identifier(SCHEMA, "renames")
        ),
        [after],
    ).fetchall()
    return [
        TeamRename(int(i), "link_type" if k == "link_type" else "label", str(o), str(n), str(at), str(by))
        for i, k, o, n, at, by in rows
    ]


#: The incoming rows that name a scheme entry: (table, column, kind); the scheme tables themselves.
_NAMING: dict[str, tuple[str, Kind]] = {"annotations": ("label", "label"), "links": ("type", "link_type")}
_SCHEME: dict[str, Kind] = {"labels": "label", "link_types": "link_type"}


def map_incoming(conn: Conn, spec: TableSpec, incoming: sql.Identifier, renames: list[TeamRename]) -> None:
    """A push's incoming rows, from a client that has not applied `renames` (in order): a name they
    rename becomes the name it ends as, one rename after the other (a chain a -> b -> c, a rename back);
    a scheme row of such a name is dropped (the renamed one is on the server). A name the client took
    again after applying its rename is not among them: it goes up as itself. One statement per table."""
    if spec.name in _NAMING:
        column, kind = _NAMING[spec.name]
        mapping = folded(renames, kind)
        if mapping:
            conn.execute(
                sql.SQL(
                    "UPDATE {inc} i SET {c} = m.new FROM unnest(%s::text[], %s::text[]) AS m(old, new) "
                    "WHERE i.{c} = m.old"
                ).format(inc=incoming, c=sql.Identifier(column)),
                [list(mapping), list(mapping.values())],
            )
    elif spec.name in _SCHEME:
        olds = sorted({r.old for r in renames if r.kind == _SCHEME[spec.name]})
        if olds:
            conn.execute(sql.SQL("DELETE FROM {} WHERE name = ANY(%s)").format(incoming), [olds])


def folded(renames: list[TeamRename], kind: Kind) -> dict[str, str]:
    """Each former name of kind among `renames` -> the name it ends as after all of them, in order (the
    names that end as themselves, renamed away and back, left out)."""
    ends: dict[str, str] = {}
    for start in dict.fromkeys(r.old for r in renames if r.kind == kind):
        name = start
        for r in renames:
            if r.kind == kind and r.old == name:
                name = r.new
        if name != start:
            ends[start] = name
    return ends
