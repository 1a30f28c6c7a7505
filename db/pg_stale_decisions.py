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
- not applied either: a decision (accepted, rejected; not a clearing) on a tag whose owner changed what
  the decision judges (`factcheck.core.decisions.REVIEWED_FIELDS`: label, span, pieces) since the
  reviewer's copy: it would stand on a version of the tag the reviewer never saw. Told, to review it
  again. (A clearing says only that the old decision no longer stands, which holds for the changed tag.)

The same goes for an annotator's own tag touched (stamped anew) without a change of its content while a
reviewer decided on it: their copy's older decision is nothing of theirs; the server's copy comes back.

A decision on a tag whose owner changed only its note, attribution or anchoring meanwhile still goes up
on the owner's edit (`db.pg_owner_edits`).
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from db.pg_owner_edits import differ
from db.pg_tables import REVIEWER_ROLE, SCHEMA, TableSpec
from factcheck.core.decisions import REVIEWED_FIELDS

_IS_REVIEWER = sql.SQL("pg_catalog.pg_has_role(current_user, {}, 'MEMBER')").format(
    sql.Literal(REVIEWER_ROLE)
)


def _take_out(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier, when: sql.Composable
) -> list[tuple[str, str | None]]:
    """Delete from the incoming rows those for which `when` holds: (key, the incoming status), sorted."""
    rows = conn.execute(
        sql.SQL(
            "DELETE FROM {inc} i USING {t} s WHERE s.{k} = i.{k} AND ({when}) RETURNING i.{k}, i.status"
        ).format(
            inc=incoming,
            t=sql.Identifier(SCHEMA, spec.name),
            k=sql.Identifier(spec.key),
            when=when,
        )
    ).fetchall()
    return sorted((str(key), None if status is None else str(status)) for key, status in rows)


def take_out_stale(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier
) -> tuple[list[str], dict[str, str | None]]:
    """(the keys of the no-change rows, the decisions not applied (on a tag deleted or changed since): per
    key, the status the reviewer set, None for a clearing), both taken out of the push. Only for tags (a
    table with a review decision)."""
    if spec.owner is None or spec.stamp is None or "reviewed_at" not in spec.reviewer_only:
        return [], {}
    # The decision itself, without its time: clearing a tag that had no decision changes nothing.
    decision = differ(spec, tuple(c for c in spec.reviewer_only if c != "reviewed_at"))
    theirs = sql.SQL("s.{} <> current_user::text AND {}").format(sql.Identifier(spec.owner), _IS_REVIEWER)
    deleted = sql.SQL("{} AND s.deleted_at IS NOT NULL AND i.deleted_at IS NULL AND {}").format(
        theirs, decision
    )
    not_applied = dict(_take_out(conn, spec, incoming, deleted))
    reviewed = tuple(c for c in REVIEWED_FIELDS if c in spec.owner_columns)
    # Only a decision newer than the server's: a copy merely stale (queued whole again) decided nothing.
    changed = sql.SQL(
        "{} AND s.deleted_at IS NULL AND i.deleted_at IS NULL AND i.status IS NOT NULL AND {} AND {} "
        "AND coalesce(i.reviewed_at, '') > coalesce(s.reviewed_at, '')"
    ).format(theirs, decision, differ(spec, reviewed))
    not_applied.update(_take_out(conn, spec, incoming, changed))
    stamp = sql.Identifier(spec.stamp)
    content = differ(spec, spec.owner_columns)
    same = sql.SQL("{theirs} AND s.{st} < i.{st} AND NOT {review} AND {content}").format(
        theirs=theirs, st=stamp, review=decision, content=content
    )
    # The mirror, an annotator's own tag touched without a change of its content (their copy's decision
    # older than the server's, which they may not write anyway): nothing of theirs to send. A decision
    # newer than the server's is theirs to explain: refused, with its reason, as before.
    stale_own = sql.SQL(
        "s.{o} = current_user::text AND NOT {rev} AND s.{st} < i.{st} AND NOT {content} AND {review} "
        "AND coalesce(i.reviewed_at, '') <= coalesce(s.reviewed_at, '')"
    ).format(
        o=sql.Identifier(spec.owner), rev=_IS_REVIEWER, st=stamp, content=content,
        review=differ(spec, spec.reviewer_only),
    )  # fmt: skip
    unchanged = [
        key for key, _ in _take_out(conn, spec, incoming, sql.SQL("({}) OR ({})").format(same, stale_own))
    ]
    return unchanged, not_applied
