"""The claim-card workflow rule on the team server (`factcheck.core.ownership.status_refusal`), beyond
the ownership checks that `db.pg_schema` generates from the table specs:

- into or out of rated / published: a member of the reviewer group only (the store's "reviewer" is one
  who set a final verdict on the card; the server has its reviewer group). A card inserted already rated
  or published is such a step too.
- a verdict (a final one too) is its annotator's row: a reviewer marks only their own final, never
  another's verdict row (the generic guard would let a reviewer write `final` on anyone's row).
- published: a card becomes published (inserted so, or its status changed to it) only while a live final
  verdict for it exists on the server. A deferred constraint trigger checks it when the transaction
  commits, so a final verdict written after the card in the same transaction counts; a push writes the
  verdicts before the cards anyway (`push_order`), so that its read-ahead (`new_cases`, `update_cases`)
  refuses just that card row, with the reason, and the rest of the push lands.

Withdrawing a final verdict while the card is published is allowed, as the store allows it
(`db.claims.withdraw_verdict`): the card keeps its status; the rule is about becoming published. So is
editing a published card that has no final verdict (an older server's row): only the step into published
is checked.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from db import pg_owner_edits
from db.pg_owner_edits import differing_names
from db.pg_tables import CLAIMS, REVIEWER_ROLE, SCHEMA, VERDICTS, TableSpec
from factcheck.core.card_merge import MAKER_PART, REVIEW_PART
from factcheck.core.ownership import RATED_STATUSES

_RATED = sql.SQL(", ").join(sql.Literal(s) for s in sorted(RATED_STATUSES))
_IS_REVIEWER = sql.SQL("pg_catalog.pg_has_role(current_user, {}, 'MEMBER')").format(
    sql.Literal(REVIEWER_ROLE)
)


def _has_final(card_id: sql.Composable) -> sql.Composable:
    """Whether a live final verdict for the card exists on the server (as this transaction sees it)."""
    return sql.SQL(
        "EXISTS (SELECT 1 FROM {v} v WHERE v.claim_id = {c} AND v.final = 1 AND v.deleted_at IS NULL)"
    ).format(v=sql.Identifier(SCHEMA, VERDICTS.name), c=card_id)


#: The sentences for the push's refusals (`db.pg_sync._WHY` takes them in).
WHY = {
    "status_reviewer": (
        "only reviewers (members of factcheck_reviewer) mark a claim card rated or published, or move it "
        "back from there"
    ),
    "verdict_owner": (
        "it belongs to {owner}: only they may change it (a final verdict is the row of the reviewer who set "
        "it; set your own)"
    ),
    "published_final": (
        "a claim card is published with its final verdict, and the server has none for this one: a "
        "reviewer sets it first"
    ),
}


def push_order(tables: tuple[TableSpec, ...]) -> tuple[TableSpec, ...]:
    """tables with the verdicts moved before the cards: a card published in the same push as its final
    verdict finds the verdict on the server (the server has no foreign keys, the order is free)."""
    rest = [t for t in tables if t is not VERDICTS]
    at = next((n for n, t in enumerate(rest) if t is CLAIMS), len(rest))
    return (*rest[:at], VERDICTS, *rest[at:]) if VERDICTS in tables else tables


def new_cases(spec: TableSpec) -> list[sql.Composable]:
    """CASE branches for incoming rows the server lacks (s: the server's row, absent; i: incoming)."""
    if spec is not CLAIMS:
        return []
    return [
        sql.SQL("WHEN s.id IS NULL AND i.status IN ({r}) AND NOT {rev} THEN 'status_reviewer'").format(
            r=_RATED, rev=_IS_REVIEWER
        ),
        sql.SQL("WHEN s.id IS NULL AND i.status = 'published' AND NOT {f} THEN 'published_final'").format(
            f=_has_final(sql.SQL("i.id"))
        ),
    ]


def update_cases(spec: TableSpec) -> list[sql.Composable]:
    """CASE branches for incoming rows newer than the server's (s) copy."""
    if spec is VERDICTS:
        return [sql.SQL("WHEN s.annotator <> current_user::text THEN 'verdict_owner'")]
    if spec is not CLAIMS:
        return []
    return [
        sql.SQL(
            "WHEN i.status IS DISTINCT FROM s.status AND (i.status IN ({r}) OR s.status IN ({r})) "
            "AND NOT {rev} THEN 'status_reviewer'"
        ).format(r=_RATED, rev=_IS_REVIEWER),
        sql.SQL(
            "WHEN i.status = 'published' AND s.status IS DISTINCT FROM 'published' AND NOT {f} "
            "THEN 'published_final'"
        ).format(f=_has_final(sql.SQL("i.id"))),
    ]


def keep_server_status(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier, since: int
) -> list[str]:
    """A card's maker's edit and a reviewer's step made meanwhile, both kept (`db.pg_owner_edits`):

    - the maker's card whose content changed and whose status they may not change (a reviewer rated or
      published it meanwhile, the maker's copy still saying checking) takes the server's status: the
      maker's edit goes up and the reviewer's step stays. A status change alone is left to be refused;
    - a maker who is a reviewer may change the status, but their copy of it may be stale: when the
      server's card changed after their last pull (at change number `since`; only a reviewer's step
      changes another's card), the server's status stays (a status has no time of its own to say which
      is newer). A card they had pulled before changing it goes up whole, as before;
    - a reviewer's step on another's card whose maker edited it meanwhile (the reviewer's copy still
      holding the old text) takes the server's content: the step goes up, the maker's edit stays. Also
      when the maker's edit is the later one and went up first: a step into rated or published, with the
      reviewer's own live final verdict on the server, goes up on the server's card, which is not rated
      (its maker's edit stays); so does a step out of rated or published on a card the server still has
      there, made after the final verdict that rated it.

    The keys, whose server copy the pull brings back."""
    if spec is not CLAIMS:
        return []
    may_not = sql.SQL("(i.status IN ({r}) OR s.status IN ({r})) AND NOT {rev}").format(
        r=_RATED, rev=_IS_REVIEWER
    )
    # The card's two parts, as a file merge splits them (`factcheck.core.card_merge`).
    content = pg_owner_edits.differ(spec, MAKER_PART)
    when = sql.SQL("({} AND {}) OR ({} AND {})").format(
        content, may_not, _IS_REVIEWER, pg_owner_edits.changed_meanwhile(since)
    )
    makers = pg_owner_edits.keep_server_columns(conn, spec, incoming, REVIEW_PART, when)
    # A reviewer's step (rated, published...) on a card its maker edited meanwhile: with the maker's edit.
    status = pg_owner_edits.differ(spec, REVIEW_PART)
    reviewers = pg_owner_edits.keep_server_columns(conn, spec, incoming, MAKER_PART, status, mine=False)
    later_edit = sql.SQL(
        "s.annotator <> current_user::text AND i.status IN ({r}) AND s.status NOT IN ({r}) AND EXISTS "
        "(SELECT 1 FROM {v} v WHERE v.claim_id = i.id AND v.annotator = current_user::text AND v.final = 1 "
        "AND v.deleted_at IS NULL)"
    ).format(r=_RATED, v=sql.Identifier(SCHEMA, VERDICTS.name))
    # A step out of rated or published (back to check it again) made before the maker's later edit: it
    # goes up on the server's card, still rated, with the maker's edit. A status has no time of its own;
    # the step's row is newer than the rating it undoes (a copy merely stale, e.g. queued whole when
    # tracking started, is not: it never saw the card rated): the live final verdict that rated the card,
    # or, when every final verdict was withdrawn (the card keeps its status), when they were first set
    # (the withdrawal is no rating: a step made before it still undoes the rating).
    step_out = sql.SQL(
        "s.annotator <> current_user::text AND s.status IN ({r}) AND i.status NOT IN ({r}) AND "
        "COALESCE((SELECT max(v.updated_at) FROM {v} v WHERE v.claim_id = i.id AND v.final = 1 "
        "AND v.deleted_at IS NULL), (SELECT max(v.created_at) FROM {v} v WHERE v.claim_id = i.id "
        "AND v.final = 1), '') < i.updated_at"
    ).format(r=_RATED, v=sql.Identifier(SCHEMA, VERDICTS.name))
    later_edit = sql.SQL("({}) OR ({})").format(later_edit, step_out)
    steps = pg_owner_edits.send_onto_server_copy(conn, spec, incoming, later_edit)
    return sorted(makers + reviewers + steps)


def outdated_by_step(
    conn: psycopg.Connection[Any], spec: TableSpec, incoming: sql.Identifier
) -> dict[str, list[str]]:
    """The maker's own incoming cards whose content changed but which a reviewer's step into or out of
    rated / published, made on the server after the edit, made older than the server's copy: by the
    newer-stamp rule the server's copy stays and comes back (the server cannot tell the edit from one the
    maker's other computer already superseded), so the edit is not applied. Per key, the maker's columns
    that differ, for the sync to say so (as `db.pg_owner_edits.outdated_by_review` does for tags)."""
    if spec is not CLAIMS:
        return {}
    differ = differing_names(spec.owner_columns)
    rows = conn.execute(
        sql.SQL(
            "SELECT i.id, array_remove(ARRAY[{differ}]::text[], NULL) FROM {inc} i JOIN {t} s ON s.id = i.id "
            "WHERE s.annotator = current_user::text AND s.updated_at > i.updated_at "
            "AND i.status IS DISTINCT FROM s.status AND (i.status IN ({r}) OR s.status IN ({r})) "
            "AND {content} ORDER BY 1"
        ).format(
            differ=differ,
            inc=incoming,
            t=sql.Identifier(SCHEMA, spec.name),
            r=_RATED,
            content=pg_owner_edits.differ(spec, spec.owner_columns),
        )
    ).fetchall()
    return {str(key): list(columns) for key, columns in rows}


def install(conn: psycopg.Connection[Any]) -> None:
    """Create (again) the cards' workflow triggers and the index their check uses (inside init_server's
    transaction)."""
    claims = sql.Identifier(SCHEMA, CLAIMS.name)
    conn.execute(
        sql.SQL("CREATE INDEX IF NOT EXISTS verdicts_claim_id ON {} (claim_id)").format(
            sql.Identifier(SCHEMA, VERDICTS.name)
        )
    )
    status_fn = sql.Identifier(SCHEMA, "guard_claim_status")
    conn.execute(
        sql.SQL(
            """
            CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NOT {rev} AND (
                    (TG_OP = 'INSERT' AND NEW.status IN ({r}))
                    OR (TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status
                        AND (NEW.status IN ({r}) OR OLD.status IN ({r})))
                ) THEN
                    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
                        {msg}, NEW.id);
                END IF;
                RETURN NEW;
            END $$"""
        ).format(
            fn=status_fn,
            rev=_IS_REVIEWER,
            r=_RATED,
            msg=sql.Literal(
                f"only members of {REVIEWER_ROLE} mark claim card %s rated or published, or move it back"
            ),
        )
    )
    conn.execute(sql.SQL("DROP TRIGGER IF EXISTS b_status ON {}").format(claims))
    conn.execute(
        sql.SQL(
            "CREATE TRIGGER b_status BEFORE INSERT OR UPDATE OF status ON {} FOR EACH ROW "
            "EXECUTE FUNCTION {}()"
        ).format(claims, status_fn)
    )
    # A verdict, final or not, is its annotator's row: a reviewer's update policy (they write `final`)
    # reaches only their own (the generic guard lets a reviewer write the reviewer-only columns of anyone's
    # row, which is right for a tag's review decision and wrong for a verdict).
    verdicts = sql.Identifier(SCHEMA, VERDICTS.name)
    owner_fn = sql.Identifier(SCHEMA, "guard_verdict_owner")
    conn.execute(
        sql.SQL(
            """
            CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.annotator <> current_user AND NEW IS DISTINCT FROM OLD THEN
                    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
                        {msg}, OLD.id, OLD.annotator);
                END IF;
                RETURN NEW;
            END $$"""
        ).format(
            fn=owner_fn,
            msg=sql.Literal(
                "verdict %s belongs to %s: only they may change it (a final verdict is the row of the "
                "reviewer who set it)"
            ),
        )
    )
    conn.execute(sql.SQL("DROP TRIGGER IF EXISTS b_owner ON {}").format(verdicts))
    conn.execute(
        sql.SQL("CREATE TRIGGER b_owner BEFORE UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()").format(
            verdicts, owner_fn
        )
    )
    published_fn = sql.Identifier(SCHEMA, "check_published")
    # At commit: the card as it is then (moved on again in the same transaction: nothing to check).
    conn.execute(
        sql.SQL(
            """
            CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM {claims} c WHERE c.id = NEW.id AND c.status = 'published')
                   AND NOT {has_final} THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format({msg}, NEW.id);
                END IF;
                RETURN NULL;
            END $$"""
        ).format(
            fn=published_fn,
            claims=claims,
            has_final=_has_final(sql.SQL("NEW.id")),
            msg=sql.Literal(
                "claim card %s cannot be published: it has no final verdict on the server (a reviewer "
                "sets it first)"
            ),
        )
    )
    deferred = sql.SQL("DEFERRABLE INITIALLY DEFERRED FOR EACH ROW")
    for name, event, when in (
        ("c_published_insert", "INSERT", "NEW.status = 'published'"),
        ("c_published_update", "UPDATE OF status", "NEW.status = 'published' AND OLD.status <> 'published'"),
    ):
        conn.execute(sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(sql.Identifier(name), claims))
        conn.execute(
            sql.SQL(
                "CREATE CONSTRAINT TRIGGER {name} AFTER {event} ON {t} {deferred} WHEN ({when}) "
                "EXECUTE FUNCTION {fn}()"
            ).format(
                name=sql.Identifier(name),
                event=sql.SQL(event),
                t=claims,
                deferred=deferred,
                when=sql.SQL(when),
                fn=published_fn,
            )
        )
