"""An owner's offline edit of a row that a reviewer changed meanwhile: the edit goes up, the review stays.

A row belongs to its owner (`factcheck.core.ownership`), but some of its columns are the reviewer's: a
tag's review decision (status, reviewer, reason, reviewed_at), a claim card's step into or out of rated /
published. When the owner edits the row offline while a reviewer writes those columns on the server, the
owner's copy still holds the old values, which the owner may not write: the whole row would be refused
and the owner's edit replaced by the server's copy, lost. Instead, before the push's read-ahead of
refusals (`db.pg_sync`), the incoming row takes the server's values of those columns whenever the owner's
own columns changed: the edit goes up with the reviewer's decision, and the pull brings the row back.

Only the owner's own rows that are newer than the server's copy are touched (the newer-stamp rule is
unchanged), only for a pusher who may not write the reviewer's columns, and only when something of the
owner's changed: a change of the reviewer's columns alone is still refused, with its reason.

A decision stays on the edited row whatever the edit (a new span, label or note), as it does in the
project itself: `Store.update_annotation` and a file merge keep a tag's decision when its owner edits it.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from db.pg_tables import REVIEWER_ROLE, SCHEMA, TableSpec

# (Stated here, not imported from db.pg_schema, which imports this module through db.pg_claim_rules.)
_IS_REVIEWER = sql.SQL("pg_catalog.pg_has_role(current_user, {}, 'MEMBER')").format(
    sql.Literal(REVIEWER_ROLE)
)


def _cols(names: tuple[str, ...], prefix: str) -> sql.Composable:
    return sql.SQL(", ").join(sql.SQL(f"{prefix}.") + sql.Identifier(n) for n in names)


def review_columns_differ(spec: TableSpec) -> sql.Composable:
    """Whether the incoming row (i) holds other review values than the server's (s), which only
    reviewers write (a tag's decision)."""
    return sql.SQL("ROW({i}) IS DISTINCT FROM ROW({s}) AND NOT {rev}").format(
        i=_cols(spec.reviewer_only, "i"), s=_cols(spec.reviewer_only, "s"), rev=_IS_REVIEWER
    )


def keep_server_columns(
    conn: psycopg.Connection[Any],
    spec: TableSpec,
    incoming: sql.Identifier,
    columns: tuple[str, ...],
    may_not: sql.Composable,
) -> list[str]:
    """Give the incoming rows of the pusher's own, newer than the server's copy, whose owner columns
    changed and for which `may_not` holds (the pusher may not make the change they carry to `columns`),
    the server's values of `columns`. The keys of those rows, sorted (their server copy is pulled back)."""
    assert spec.owner is not None and spec.stamp is not None
    rows = conn.execute(
        sql.SQL(
            "UPDATE {inc} i SET ({cols}) = ROW({server}) FROM {t} s WHERE s.{k} = i.{k} "
            "AND s.{st} < i.{st} AND s.{o} = current_user::text AND ({may_not}) "
            "AND ROW({ic}) IS DISTINCT FROM ROW({sc}) RETURNING i.{k}"
        ).format(
            inc=incoming,
            cols=sql.SQL(", ").join(map(sql.Identifier, columns)),
            server=_cols(columns, "s"),
            t=sql.Identifier(SCHEMA, spec.name),
            k=sql.Identifier(spec.key),
            st=sql.Identifier(spec.stamp),
            o=sql.Identifier(spec.owner),
            may_not=may_not,
            ic=_cols(spec.owner_columns, "i"),
            sc=_cols(spec.owner_columns, "s"),
        )
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def keep_review(conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier) -> list[str]:
    """`keep_server_columns` for the reviewer-only columns of an owned table (a tag's decision); [] for
    tables without (links and speakers hold nothing of a reviewer's)."""
    if spec.owner is None or spec.stamp is None or not spec.reviewer_only:
        return []
    return keep_server_columns(conn, spec, incoming, spec.reviewer_only, review_columns_differ(spec))


def outdated_by_review(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier
) -> dict[str, list[str]]:
    """The pusher's own incoming rows whose owner columns changed but which a reviewer's decision, made
    on the server after the edit, made older than the server's copy: by the newer-stamp rule (unchanged)
    the server's copy stays and comes back, so the edit is not applied. Per key, the owner columns that
    differ, for the sync to tell the owner what to make again."""
    if spec.owner is None or spec.stamp is None or "reviewed_at" not in spec.reviewer_only:
        return {}
    differ = sql.SQL(", ").join(
        sql.SQL("CASE WHEN i.{c} IS DISTINCT FROM s.{c} THEN {n} END").format(
            c=sql.Identifier(c), n=sql.Literal(c)
        )
        for c in spec.owner_columns
    )
    rows = conn.execute(
        sql.SQL(
            "SELECT i.{k}, array_remove(ARRAY[{differ}]::text[], NULL) FROM {inc} i JOIN {t} s "
            "ON s.{k} = i.{k} WHERE s.{o} = current_user::text AND s.{st} > i.{st} "
            "AND s.reviewed_at > i.{st} AND ROW({ir}) IS DISTINCT FROM ROW({sr}) "
            "AND ROW({ic}) IS DISTINCT FROM ROW({sc}) ORDER BY 1"
        ).format(
            k=sql.Identifier(spec.key),
            differ=differ,
            inc=incoming,
            t=sql.Identifier(SCHEMA, spec.name),
            o=sql.Identifier(spec.owner),
            st=sql.Identifier(spec.stamp),
            ir=_cols(spec.reviewer_only, "i"),
            sr=_cols(spec.reviewer_only, "s"),
            ic=_cols(spec.owner_columns, "i"),
            sc=_cols(spec.owner_columns, "s"),
        )
    ).fetchall()
    return {str(key): list(columns) for key, columns in rows}
