"""The team server's queries for a sync: push rows (one transaction), pull changes after N (connecting:
`db.pg_connection`).

A push copies the rows into temporary tables (COPY FROM is refused on tables with row-level security),
sorts out the rows the server would refuse (with the reason), then writes the rest with INSERT … SELECT
and UPDATE … FROM, the newer stamp winning, all in one transaction under the write lock. Row-level
security and the guard triggers (`db.pg_schema`) have the last word: if they still refuse something,
the rows are written one by one and each refusal is reported with the server's message.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from db import pg_claim_rules, pg_owner_edits, pg_renames, pg_stale_decisions, pg_sync_rules
from db.pg_connection import Conn
from db.pg_schema import _IS_REVIEWER, WRITE_LOCK
from db.pg_tables import ANNOTATIONS, DOCUMENTS, OPTIONAL_TABLES, SCHEMA, TABLES, TableSpec

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Refusal:
    """A row the server refused: which (table, key), whose, and why (a sentence for the user)."""

    table: str
    key: str
    owner: str | None
    why: str


@dataclass
class PushResult:
    written: dict[str, int] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)
    #: Keys whose server copy has the same stamp and other content: the server's was kept.
    conflicts: dict[str, list[str]] = field(default_factory=dict)
    #: Keys written with the server's value of columns the pusher may not change (their card's status or
    #: their tag's review decision, which a reviewer changed meanwhile): the rest of the row went up; the
    #: server's copy comes back (`db.pg_owner_edits`).
    kept: dict[str, list[str]] = field(default_factory=dict)
    #: Keys of the pusher's own edits older than a reviewer's decision made on the server after them: the
    #: server's newer copy stays (newer wins) and comes back; per key, the owner columns that differed.
    outdated: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: A reviewer's rows of another's tag that carry no change (their decision is the server's; only their
    #: stale copy of the owner's edit differs): not sent, the server's copy comes back.
    unchanged: dict[str, list[str]] = field(default_factory=dict)
    #: A reviewer's decisions on a tag its owner deleted since their copy: not applied, the server's copy
    #: comes back; per key, the status the reviewer set (None: they cleared it) (`db.pg_stale_decisions`).
    not_applied: dict[str, dict[str, str | None]] = field(default_factory=dict)
    #: The server's change number after the push when nobody else wrote since `since` (our own rows
    #: need not be pulled back), else None.
    caught_up_to: int | None = None
    #: Tables the server lacks (prepared by an older factcheck: `OPTIONAL_TABLES`): their rows were not
    #: sent, and wait here until its administrator runs `factcheck server init` again.
    missing: list[str] = field(default_factory=list)


@dataclass
class Pulled:
    #: per table, without change_no; a table's server-set columns (`TableSpec.server_set`) after the rest
    rows: dict[str, list[Row]] = field(default_factory=dict)
    high_water: int = 0
    #: The team renames after the ones the client applied, read in the rows' snapshot, in order.
    renames: list[pg_renames.TeamRename] = field(default_factory=list)


def _t(spec: TableSpec) -> sql.Identifier:
    return sql.Identifier(SCHEMA, spec.name)


def _cols(names: Sequence[str], prefix: str = "") -> sql.Composable:
    if prefix:
        return sql.SQL(", ").join(sql.SQL(f"{prefix}.") + sql.Identifier(n) for n in names)
    return sql.SQL(", ").join(map(sql.Identifier, names))


def _row(names: Sequence[str], prefix: str) -> sql.Composable:
    return sql.SQL("ROW({})").format(_cols(names, prefix))


def missing_tables(conn: Conn) -> set[str]:
    """The optional tables the server lacks (call inside a transaction)."""
    missing = set()
    for spec in OPTIONAL_TABLES:
        row = conn.execute("SELECT to_regclass(%s)", [f"{SCHEMA}.{spec.name}"]).fetchone()
        if row is None or row[0] is None:
            missing.add(spec.name)
    return missing


def present_tables(conn: Conn, order: Sequence[TableSpec] = TABLES) -> list[TableSpec]:
    """The tables of order the server has (call inside a transaction)."""
    missing = missing_tables(conn)
    return [spec for spec in order if spec.name not in missing]


def current_change(conn: Conn) -> int:
    """The highest change number on the server (call inside a transaction)."""
    parts = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT max(change_no) AS m FROM {}").format(_t(s)) for s in present_tables(conn)
    )
    row = conn.execute(sql.SQL("SELECT coalesce(max(m), 0) FROM ({}) AS t").format(parts)).fetchone()
    return int(row[0]) if row else 0


# -- push ---------------------------------------------------------------------------------------


def server_document_ids(conn: Conn, shas: Sequence[str]) -> dict[str, str]:
    """The server's document id for each of these sha256 values it has."""
    if not shas:
        return {}
    with conn.transaction():
        cursor = conn.execute(
            sql.SQL("SELECT sha256, id FROM {} WHERE sha256 = ANY(%s)").format(_t(DOCUMENTS)), [list(shas)]
        )
        return {str(sha): str(doc_id) for sha, doc_id in cursor}


def push(
    conn: Conn,
    since: int,
    rows: Mapping[str, Sequence[Row]],
    document_shas: Mapping[str, str],
    *,
    renames_applied: int = 0,
    rules: int | None = None,
) -> PushResult:
    """Write rows (per table name, in the spec's column order) in one transaction.

    A document is the same document when its text is (sha256): `document_shas` gives the sha256 of each
    local document id the tags name, and they are moved onto the server's id for that text, looked up
    after this push's documents went in, under the write lock. `renames_applied`: the last team rename
    the client applied; its rows are mapped through the later ones (`db.pg_renames.map_incoming`).
    `rules`: the client's sync rules' version, recorded on the server; raises SyncRulesNewer, writing
    nothing, when the server's is newer (`db.pg_sync_rules`).
    """
    result = PushResult()
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        if rules is not None:
            pg_sync_rules.claim(conn, rules)
        caught_up = current_change(conn) <= since
        unseen = pg_renames.since(conn, renames_applied)  # team renames this client has not applied
        missing = missing_tables(conn)
        result.missing = sorted(name for name in missing if rows.get(name))
        for spec in _PUSH_ORDER:
            table_rows = rows.get(spec.name, ())
            if spec.name in missing:
                continue
            if not table_rows:
                continue
            if "document_id" in spec.names:  # tags and links name a document: the server's id for its text
                table_rows = _on_server_documents(conn, table_rows, document_shas, spec)
            _copy_in(conn, spec, table_rows)
            if unseen:
                pg_renames.map_incoming(conn, spec, _incoming(spec), unseen)
            if spec.stamp is None:
                result.written[spec.name] = _insert_new(conn, spec)
            else:
                _push_stamped(conn, spec, result, since)
        if caught_up:
            result.caught_up_to = current_change(conn)
    return result


def _on_server_documents(
    conn: Conn, rows: Sequence[Row], document_shas: Mapping[str, str], spec: TableSpec = ANNOTATIONS
) -> Sequence[Row]:
    doc = spec.names.index("document_id")
    by_sha = {
        str(sha): str(doc_id)
        for sha, doc_id in conn.execute(
            sql.SQL("SELECT sha256, id FROM {} WHERE sha256 = ANY(%s)").format(_t(DOCUMENTS)),
            [sorted(set(document_shas.values()))],
        )
    }
    server_id = {local: by_sha[sha] for local, sha in document_shas.items() if sha in by_sha}
    if all(server_id.get(local, local) == local for local in server_id):
        return rows
    return [(*r[:doc], server_id.get(r[doc], r[doc]), *r[doc + 1 :]) for r in rows]


def _incoming(spec: TableSpec) -> sql.Identifier:
    return sql.Identifier(f"fc_in_{spec.name}")


def _copy_in(conn: Conn, spec: TableSpec, rows: Sequence[Row]) -> None:
    temp = _incoming(spec)
    columns = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(n), sql.SQL(t))
        for n, t in zip(spec.names, spec.types, strict=True)
    )
    conn.execute(sql.SQL("CREATE TEMP TABLE {} ({}) ON COMMIT DROP").format(temp, columns))
    with conn.cursor() as cur, cur.copy(sql.SQL("COPY {} FROM STDIN (FORMAT BINARY)").format(temp)) as copy:
        copy.set_types(list(spec.types))
        for row in rows:  # as SQLite returns them: integers are ints (a bool would not fit an integer)
            copy.write_row(row)
    conn.execute(sql.SQL("ANALYZE {}").format(temp))


def _insert_new(conn: Conn, spec: TableSpec) -> int:
    """Insert-only tables: rows the server lacks (by key or by any unique column) are added."""
    cur = conn.execute(
        sql.SQL("INSERT INTO {t} ({c}) SELECT {c} FROM {i} ON CONFLICT DO NOTHING").format(
            t=_t(spec), c=_cols(spec.names), i=_incoming(spec)
        )
    )
    return max(cur.rowcount, 0)


_WHY = {
    "owner_new": "it is {owner}'s tag, not yours ({me}): you may add only your own",
    "owner": "it belongs to {owner}: only they may change it",
    "reviewer_content": "it belongs to {owner}: a reviewer may change only its review decision",
    "review": "only reviewers (members of factcheck_reviewer) may record review decisions",
    "immutable": "its document, annotator or creation time differ from the server's copy, and never change",
    **pg_claim_rules.WHY,
}
#: The verdicts before the cards: a card published in the same push as its final verdict is accepted.
_PUSH_ORDER = pg_claim_rules.push_order(TABLES)


def _classify_sql(spec: TableSpec) -> sql.Composable:
    """The refused rows of the incoming table, with a reason code: the server's rules, read ahead."""
    assert spec.stamp is not None
    key = sql.Identifier(spec.key)
    stamp = sql.Identifier(spec.stamp)
    cases: list[sql.Composable] = []
    owner: sql.Composable = sql.SQL("NULL::text")
    if spec.owner:
        o = sql.Identifier(spec.owner)
        owner = sql.SQL("coalesce(s.{}, i.{})").format(o, o)
        cases.append(
            sql.SQL(
                "WHEN s.{k} IS NULL AND i.{o} IS DISTINCT FROM current_user::text THEN 'owner_new'"
            ).format(k=key, o=o)
        )
    review = spec.reviewer_only
    if review:
        nulls = sql.SQL(", ").join(sql.SQL("NULL") for _ in review)
        cases.append(
            sql.SQL(
                "WHEN s.{k} IS NULL AND NOT {rev} AND {new} IS DISTINCT FROM ROW({nulls}) THEN 'review'"
            ).format(k=key, rev=_IS_REVIEWER, new=_row(review, "i"), nulls=nulls)
        )
    cases.extend(pg_claim_rules.new_cases(spec))
    cases.append(sql.SQL("WHEN s.{k} IS NULL THEN NULL").format(k=key))
    if spec.immutable:
        cases.append(
            sql.SQL("WHEN {} IS DISTINCT FROM {} THEN 'immutable'").format(
                _row(spec.immutable, "i"), _row(spec.immutable, "s")
            )
        )
    cases.append(sql.SQL("WHEN s.{st} >= i.{st} THEN NULL").format(st=stamp))
    content = tuple(n for n in spec.mutable if n != spec.stamp)
    if spec.owner:
        o = sql.Identifier(spec.owner)
        cases.append(
            sql.SQL(
                "WHEN s.{o} <> current_user::text AND NOT {rev} AND {i} IS DISTINCT FROM {s} THEN 'owner'"
            ).format(o=o, rev=_IS_REVIEWER, i=_row(content, "i"), s=_row(content, "s"))
        )
        cases.append(
            sql.SQL(
                "WHEN s.{o} <> current_user::text AND {i} IS DISTINCT FROM {s} THEN 'reviewer_content'"
            ).format(o=o, i=_row(spec.owner_columns, "i"), s=_row(spec.owner_columns, "s"))
        )
    if review:
        cases.append(
            sql.SQL("WHEN NOT {rev} AND {i} IS DISTINCT FROM {s} THEN 'review'").format(
                rev=_IS_REVIEWER, i=_row(review, "i"), s=_row(review, "s")
            )
        )
    cases.extend(pg_claim_rules.update_cases(spec))
    return sql.SQL(
        "SELECT i.{k}, w.why, {owner} FROM {inc} i LEFT JOIN {t} s ON s.{k} = i.{k} "
        "CROSS JOIN LATERAL (SELECT CASE {cases} END AS why) w WHERE w.why IS NOT NULL"
    ).format(k=key, owner=owner, inc=_incoming(spec), t=_t(spec), cases=sql.SQL(" ").join(cases))


def _push_stamped(conn: Conn, spec: TableSpec, result: PushResult, since: int) -> None:
    assert spec.stamp is not None
    me = str(conn.execute("SELECT current_user::text").fetchone()[0])  # type: ignore[index]
    refused_table = sql.Identifier(f"fc_refused_{spec.name}")
    conn.execute(
        sql.SQL("CREATE TEMP TABLE {} (key text PRIMARY KEY, why text, owner text) ON COMMIT DROP").format(
            refused_table
        )
    )
    # A reviewer's decision made on a stale copy: no change, or on a tag deleted meanwhile (not applied).
    unchanged, not_applied = pg_stale_decisions.take_out_stale(conn, spec, _incoming(spec))
    if unchanged:
        result.unchanged[spec.name] = unchanged
    if not_applied:
        result.not_applied[spec.name] = not_applied
    # An owner's edit of a row a reviewer changed meanwhile goes up with the reviewer's columns.
    kept = pg_claim_rules.keep_server_status(conn, spec, _incoming(spec), since)
    kept += pg_owner_edits.keep_review(conn, spec, _incoming(spec), since)
    if kept:
        result.kept[spec.name] = kept
    outdated = pg_owner_edits.outdated_by_review(conn, spec, _incoming(spec))
    outdated.update(pg_claim_rules.outdated_by_step(conn, spec, _incoming(spec)))
    if outdated:
        result.outdated[spec.name] = outdated
    conn.execute(sql.SQL("INSERT INTO {} {}").format(refused_table, _classify_sql(spec)))
    for key, why, owner in conn.execute(
        sql.SQL("SELECT key, why, owner FROM {} ORDER BY key").format(refused_table)
    ):
        result.refused.append(Refusal(spec.name, key, owner, _WHY[why].format(owner=owner, me=me)))
    key = sql.Identifier(spec.key)
    stamp = sql.Identifier(spec.stamp)
    not_refused = sql.SQL("NOT EXISTS (SELECT 1 FROM {r} r WHERE r.key = i.{k})").format(
        r=refused_table, k=key
    )
    conflicts = conn.execute(
        sql.SQL(
            "SELECT i.{k} FROM {inc} i JOIN {t} s ON s.{k} = i.{k} WHERE s.{st} = i.{st} "
            "AND {irow} IS DISTINCT FROM {srow} AND {ok} ORDER BY 1"
        ).format(
            k=key,
            inc=_incoming(spec),
            t=_t(spec),
            st=stamp,
            irow=_row(spec.names, "i"),
            srow=_row(spec.names, "s"),
            ok=not_refused,
        )
    ).fetchall()
    if conflicts:
        result.conflicts[spec.name] = [str(r[0]) for r in conflicts]
    insert = sql.SQL(
        "INSERT INTO {t} ({c}) SELECT {ic} FROM {inc} i WHERE NOT EXISTS "
        "(SELECT 1 FROM {t} s WHERE s.{k} = i.{k}) AND {ok}"
    ).format(
        t=_t(spec), c=_cols(spec.names), ic=_cols(spec.names, "i"), inc=_incoming(spec), k=key, ok=not_refused
    )
    update = sql.SQL(
        "UPDATE {t} s SET ({c}) = {new} FROM {inc} i WHERE s.{k} = i.{k} AND s.{st} < i.{st} AND {ok}"
    ).format(
        t=_t(spec), c=_cols(spec.mutable), new=_row(spec.mutable, "i"), inc=_incoming(spec),
        k=key, st=stamp, ok=not_refused,
    )  # fmt: skip
    try:
        with conn.transaction():  # a savepoint: a refusal the checks above missed undoes only this part
            written = max(conn.execute(insert).rowcount, 0) + max(conn.execute(update).rowcount, 0)
    except psycopg.errors.OperationalError:
        raise
    except psycopg.Error:
        written = _push_one_by_one(conn, spec, insert, update, refused_table, result)
    result.written[spec.name] = written


def _push_one_by_one(
    conn: Conn,
    spec: TableSpec,
    insert: sql.Composable,
    update: sql.Composable,
    refused_table: sql.Identifier,
    result: PushResult,
) -> int:
    """Each row in its own savepoint; a refused one is reported with the server's own message."""
    key = sql.Identifier(spec.key)
    keys = [
        str(r[0])
        for r in conn.execute(
            sql.SQL(
                "SELECT i.{k} FROM {inc} i WHERE NOT EXISTS (SELECT 1 FROM {r} r WHERE r.key = i.{k})"
            ).format(k=key, inc=_incoming(spec), r=refused_table)
        )
    ]
    only = sql.SQL(" AND i.{} = %s").format(key)
    written = 0
    for k in keys:
        try:
            with conn.transaction():
                written += max(conn.execute(insert + only, [k]).rowcount, 0)
                written += max(conn.execute(update + only, [k]).rowcount, 0)
        except psycopg.errors.OperationalError:
            raise
        except psycopg.Error as exc:
            message = exc.diag.message_primary or str(exc)
            result.refused.append(Refusal(spec.name, k, None, f"the server refused it: {message}"))
    return written


# -- pull ---------------------------------------------------------------------------------------


def pull(
    conn: Conn,
    since: int,
    forced: Mapping[str, Sequence[str]] | None = None,
    renames_after: int = 0,
    whole: Collection[str] = (),
) -> Pulled:
    """Every row changed after `since`, plus the forced keys, and the team renames numbered after
    `renames_after`, from one snapshot. Documents come without their text (`document_texts` fetches the
    ones we lack). whole: tables read from their first change (a client that syncs one for the first
    time: an older factcheck here pulled past its rows without reading them)."""
    forced = forced or {}
    pulled = Pulled(high_water=since)
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        pulled.renames = pg_renames.since(conn, renames_after)
        for spec in present_tables(conn):
            keys = list(forced.get(spec.name, ()))
            there = _server_set_present(conn, spec)
            select = sql.SQL(", ").join(
                [
                    *(
                        sql.SQL("NULL::text") if spec is DOCUMENTS and n == "text" else sql.Identifier(n)
                        for n in spec.names
                    ),
                    *(
                        sql.Identifier(n) if n in there else sql.SQL("NULL::{}").format(sql.SQL(t))
                        for n, t in spec.server_set
                    ),
                ]
            )
            where = sql.SQL("change_no > {}").format(sql.Literal(0 if spec.name in whole else since))
            if keys:
                where = sql.SQL("({} OR {} = ANY({}))").format(
                    where, sql.Identifier(spec.key), sql.Literal(keys)
                )
            query = sql.SQL(
                "COPY (SELECT {}, change_no FROM {} WHERE {} ORDER BY change_no) TO STDOUT (FORMAT BINARY)"
            )
            rows: list[Row] = []
            with conn.cursor() as cur, cur.copy(query.format(select, _t(spec), where)) as copy:
                copy.set_types([*spec.types, *(t for _, t in spec.server_set), "bigint"])
                for row in copy.rows():
                    rows.append(row[:-1])
                    if row[-1] > pulled.high_water:
                        pulled.high_water = int(row[-1])
            pulled.rows[spec.name] = rows
    return pulled


def _server_set_present(conn: Conn, spec: TableSpec) -> set[str]:
    """The server-set columns the server's table has (one prepared before them lacks them)."""
    if not spec.server_set:
        return set()
    cursor = conn.execute(
        "SELECT attname::text FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attname = ANY(%s) "
        "AND NOT attisdropped",
        [f"{SCHEMA}.{spec.name}", [n for n, _ in spec.server_set]],
    )
    return {str(r[0]) for r in cursor}


def document_meta(conn: Conn, ids: Sequence[str]) -> dict[str, Row]:
    """Documents rows (text left out, as NULL) of these ids."""
    if not ids:
        return {}
    names = sql.SQL(", ").join(
        sql.SQL("NULL::text") if n == "text" else sql.Identifier(n) for n in DOCUMENTS.names
    )
    with conn.transaction():
        cursor = conn.execute(
            sql.SQL("SELECT {} FROM {} WHERE id = ANY(%s)").format(names, _t(DOCUMENTS)), [list(ids)]
        )
        return {str(row[0]): tuple(row) for row in cursor}


def document_texts(conn: Conn, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    with conn.transaction():
        cursor = conn.execute(
            sql.SQL("SELECT id, text FROM {} WHERE id = ANY(%s)").format(_t(DOCUMENTS)), [list(ids)]
        )
        return {str(doc_id): str(text) for doc_id, text in cursor}
