"""A reviewer's row of another's tag made on a stale copy: the owner changed or deleted the tag since.

A reviewer may change only a tag's review decision; their copy of the owner's columns is whatever they
last pulled. Two such rows carry nothing the server can take, and are taken out of the push (neither
written nor refused) before its read-ahead of refusals (`db.pg_sync`); the server's copy comes back:

- no change: the decision equals the server's (a decision cleared on a tag that had none, or one the
  server already holds; its time aside) while the owner changed the tag meanwhile. Only the stale
  content differs, which the reviewer never changed: nothing to send, nothing to report.
- not applied: a decision (or its clearing) on a tag its owner deleted since the reviewer's copy. A
  decision on a tag that no longer exists means nothing; the reviewer is told, and reviews it again if
  the owner restores it.

A decision on a tag its owner edited (not deleted) meanwhile still goes up on the owner's edit
(`db.pg_owner_edits`).
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from db.pg_owner_edits import differ
from db.pg_tables import REVIEWER_ROLE, SCHEMA, TableSpec

_IS_REVIEWER = sql.SQL("pg_catalog.pg_has_role(current_user, {}, 'MEMBER')").format(
    sql.Literal(REVIEWER_ROLE)
)


def _take_out(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier, when: sql.Composable
) -> list[tuple[str, str | None]]:
    """Delete from the incoming rows a reviewer's rows of another's tag for which `when` holds: (key,
    the incoming status), sorted by key."""
    assert spec.owner is not None
    rows = conn.execute(
        sql.SQL(
            "DELETE FROM {inc} i USING {t} s WHERE s.{k} = i.{k} AND s.{o} <> current_user::text "
            "AND {rev} AND ({when}) RETURNING i.{k}, i.status"
        ).format(
            inc=incoming,
            t=sql.Identifier(SCHEMA, spec.name),
            k=sql.Identifier(spec.key),
            o=sql.Identifier(spec.owner),
            rev=_IS_REVIEWER,
            when=when,
        )
    ).fetchall()
    return sorted((str(key), None if status is None else str(status)) for key, status in rows)


def take_out_stale(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier
) -> tuple[list[str], dict[str, str | None]]:
    """(the keys of the no-change rows, the decisions not applied: per key, the status the reviewer set,
    None for a clearing), both taken out of the push. Only for tags (a table with a review decision)."""
    if spec.owner is None or spec.stamp is None or "reviewed_at" not in spec.reviewer_only:
        return [], {}
    # The decision itself, without its time: clearing a tag that had no decision changes nothing.
    decision = differ(spec, tuple(c for c in spec.reviewer_only if c != "reviewed_at"))
    deleted = sql.SQL("s.deleted_at IS NOT NULL AND i.deleted_at IS NULL AND {}").format(decision)
    not_applied = dict(_take_out(conn, spec, incoming, deleted))
    stamp = sql.Identifier(spec.stamp)
    same = sql.SQL("s.{st} < i.{st} AND NOT {review} AND {content}").format(
        st=stamp, review=decision, content=differ(spec, spec.owner_columns)
    )
    unchanged = [key for key, _ in _take_out(conn, spec, incoming, same)]
    return unchanged, not_applied
