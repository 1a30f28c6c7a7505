"""An owner's offline edit of a row that a reviewer changed meanwhile: the edit goes up, the review stays.

A row belongs to its owner (`factcheck.core.ownership`), but some of its columns are the reviewer's: a
tag's review decision (status, reviewer, reason, reviewed_at), a claim card's step into or out of rated /
published. When the owner edits the row offline while a reviewer writes those columns on the server, the
owner's copy still holds the old values, which the owner may not write: the whole row would be refused
and the owner's edit replaced by the server's copy, lost. Instead, before the push's read-ahead of
refusals (`db.pg_sync`), the incoming row takes the server's values of those columns whenever the owner's
own columns changed: the edit goes up with the reviewer's decision, and the pull brings the row back.

Only the owner's own rows that are newer than the server's copy are touched (the newer-stamp rule is
unchanged). For a pusher who may not write the reviewer's columns, only when something of the owner's
changed: a change of the reviewer's columns alone is still refused, with its reason.

A pusher who may write them (an owner who also reviews) keeps their own copy of those columns only when
it is the newer one: the two groups of columns, the owner's and the reviewer's, each go by their own
newer time. The server's copy is newer when the server's row changed after the pusher's last pull (its
change number is above the push's `since`: somebody changed it meanwhile, which the pusher has not seen)
and, for a tag, the server's reviewed_at is not older than the pusher's (a clearing keeps its time there,
`factcheck.core.decisions`; a NULL, no decision or one cleared by an older factcheck, is oldest). A row
the pusher had pulled before changing it was changed deliberately: their copy wins whole, as before.
A claim card's status has no time of its own: changed on the server meanwhile, the server's stands.

The mirror: a reviewer's decision on another's row, made offline while its owner edited it, goes up with
the owner's columns as the server has them (the reviewer's copy still holds the old ones, which only
the owner writes), when the reviewer's columns changed. Also when the owner's edit is the later one
and went up first (the reviewer's row is then older than the server's, and was dropped by the
newer-stamp rule): a tag's decision newer than the server's goes up on the server's copy, with a new
stamp so that every project takes it (a card's step into rated or published: `db.pg_claim_rules`).

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


def differ(spec: TableSpec, columns: tuple[str, ...]) -> sql.Composable:
    """Whether the incoming row (i) and the server's (s) differ in these columns."""
    return sql.SQL("ROW({i}) IS DISTINCT FROM ROW({s})").format(i=_cols(columns, "i"), s=_cols(columns, "s"))


def differing_names(columns: tuple[str, ...]) -> sql.Composable:
    """A list of CASE items naming each of columns whose incoming (i) and server (s) values differ
    (NULL for the others): inside ARRAY[...], with array_remove(..., NULL), the names that differ."""
    return sql.SQL(", ").join(
        sql.SQL("CASE WHEN i.{c} IS DISTINCT FROM s.{c} THEN {n} END").format(
            c=sql.Identifier(c), n=sql.Literal(c)
        )
        for c in columns
    )


def keep_server_columns(
    conn: psycopg.Connection[Any],
    spec: TableSpec,
    incoming: sql.Identifier,
    columns: tuple[str, ...],
    when: sql.Composable,
    *,
    mine: bool = True,
) -> list[str]:
    """Give the incoming rows newer than the server's copy that differ from it in `columns` and for
    which `when` holds (the pusher changed something else of theirs, and may not make the change the
    row carries to `columns`) the server's values of `columns`. mine: rows of the pusher's own (an
    owner's edit beside a reviewer's decision), else a reviewer's rows of another's (a decision beside
    the owner's edit). The keys of those rows, sorted (their server copy is pulled back)."""
    assert spec.owner is not None and spec.stamp is not None
    whose = "s.{o} = current_user::text" if mine else "s.{o} <> current_user::text AND {rev}"
    rows = conn.execute(
        sql.SQL(
            "UPDATE {inc} i SET ({cols}) = ROW({server}) FROM {t} s WHERE s.{k} = i.{k} "
            f"AND s.{{st}} < i.{{st}} AND {whose} AND {{differ}} AND ({{when}}) RETURNING i.{{k}}"
        ).format(
            inc=incoming,
            cols=sql.SQL(", ").join(map(sql.Identifier, columns)),
            server=_cols(columns, "s"),
            t=sql.Identifier(SCHEMA, spec.name),
            k=sql.Identifier(spec.key),
            st=sql.Identifier(spec.stamp),
            o=sql.Identifier(spec.owner),
            rev=_IS_REVIEWER,
            differ=differ(spec, columns),
            when=when,
        )
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def changed_meanwhile(since: int) -> sql.Composable:
    """The server's row (s) changed after the pusher's last pull, at change number `since`: somebody
    changed it meanwhile, and the pusher's copy does not know that change."""
    return sql.SQL("s.change_no > {}").format(sql.Literal(since))


#: The incoming decision (i) is newer than the server's (s): a clearing has its time too; a NULL
#: reviewed_at (none, or cleared by an older factcheck) is oldest. Stamps share one form
#: (`factcheck.core.model.STAMP_FORMAT`), so they compare as text.
_DECISION_NEWER = sql.SQL("coalesce(i.reviewed_at, '') > coalesce(s.reviewed_at, '')")

#: A stamp newer than the server's copy (s) for a row written now: the server's clock, or the server's
#: stamp one microsecond on when that clock is behind it (another client's clock ran ahead). A stamp in
#: another form (a client that bypassed factcheck) is left alone: such a row is not touched (_STAMP_OK).
_STAMP_OK = sql.SQL(
    "({now} > s.{st} OR s.{st} ~ "
    "'^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}[.][0-9]{{6}}Z$')"
)
_NEW_STAMP = sql.SQL(
    "CASE WHEN {now} > s.{st} THEN {now} ELSE to_char((s.{st}::timestamptz + interval '1 microsecond') "
    "AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') END"
)
_NOW = sql.SQL("to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")


def keep_review(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier, since: int
) -> list[str]:
    """A tag's decision, for the rows of a table with reviewer-only columns (links and speakers hold
    nothing of a reviewer's: []), since: the server's change number at the pusher's last pull:

    - the owner's edit goes up with the server's decision, for an owner who is not a reviewer; for one
      who is, when the server's decision is the newer (made meanwhile, and not older than theirs);
    - a reviewer's decision on another's row whose owner edited it meanwhile goes up with the owner's
      edit as the server has it (the reviewer's copy still holds the old content, which only the owner
      may write), whether the reviewer's row is the newer (`keep_server_columns`) or the owner's edit
      went up later (`send_newer_decisions`). Not for verdicts: a reviewer writes no column of another's
      verdict.
    """
    if spec.owner is None or spec.stamp is None or not spec.reviewer_only:
        return []
    when = sql.SQL("({} AND NOT {})").format(differ(spec, spec.owner_columns), _IS_REVIEWER)
    if "reviewed_at" in spec.reviewer_only:
        when = sql.SQL("{} OR ({} AND {} AND NOT {})").format(
            when, _IS_REVIEWER, changed_meanwhile(since), _DECISION_NEWER
        )
    owners = keep_server_columns(conn, spec, incoming, spec.reviewer_only, when)
    if "reviewed_at" not in spec.reviewer_only:  # (a verdict's `final`: its annotator's row only)
        return owners
    reviewers = keep_server_columns(
        conn, spec, incoming, spec.owner_columns, differ(spec, spec.reviewer_only), mine=False
    )
    return sorted(owners + reviewers + send_newer_decisions(conn, spec, incoming))


def send_newer_decisions(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier
) -> list[str]:
    """A reviewer's incoming rows not newer than the server's copy (the newer-stamp rule would drop
    them) whose decision is newer than the server's: typically made offline before the owner's later
    edit went up. The decision goes up on the server's copy (`send_onto_server_copy`)."""
    when = sql.SQL("{} AND {}").format(differ(spec, spec.reviewer_only), _DECISION_NEWER)
    return send_onto_server_copy(conn, spec, incoming, when)


def send_onto_server_copy(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier, when: sql.Composable
) -> list[str]:
    """A reviewer's incoming rows not newer than the server's copy for which `when` holds (their
    reviewer's change is newer than the server's): they take the server's copy of the owner's columns
    and a new stamp, so the change goes up on the owner's edit and every project takes it. The keys,
    sorted (their server copy is pulled back)."""
    assert spec.stamp is not None
    rows = conn.execute(
        sql.SQL(
            "UPDATE {inc} i SET ({cols}, {st}) = ROW({server}, {stamp}) FROM {t} s WHERE s.{k} = i.{k} "
            "AND s.{st} >= i.{st} AND {rev} AND ({when}) AND {ok} RETURNING i.{k}"
        ).format(
            inc=incoming,
            cols=sql.SQL(", ").join(map(sql.Identifier, spec.owner_columns)),
            st=sql.Identifier(spec.stamp),
            server=_cols(spec.owner_columns, "s"),
            stamp=_NEW_STAMP.format(now=_NOW, st=sql.Identifier(spec.stamp)),
            t=sql.Identifier(SCHEMA, spec.name),
            k=sql.Identifier(spec.key),
            rev=_IS_REVIEWER,
            when=when,
            ok=_STAMP_OK.format(now=_NOW, st=sql.Identifier(spec.stamp)),
        )
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def outdated_by_review(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier
) -> dict[str, list[str]]:
    """The pusher's own incoming rows whose owner columns changed but which a reviewer's decision, made
    on the server after the edit, made older than the server's copy: by the newer-stamp rule (unchanged)
    the server's copy stays and comes back, so the edit is not applied. Per key, the owner columns that
    differ, for the sync to tell the owner what to make again."""
    if spec.owner is None or spec.stamp is None or "reviewed_at" not in spec.reviewer_only:
        return {}
    differ = differing_names(spec.owner_columns)
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
