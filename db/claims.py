"""Claim cards in the store: cards made from claim tags, tags attached and detached, check-worthiness
votes, verdicts and the final verdict.

Every write is one transaction, checks the ownership rule (factcheck.core.ownership: a card's text,
speaker, date and appearances belong to its maker, a vote or verdict to its annotator, a final
verdict to the reviewer who set it; its status follows the workflow rule, `status_refusal`) and moves
updated_at on, so that it wins the next merge. Deletions are tombstones. `put_*` write rows as given
(undo, merges), after the caller's checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from db.claim_members import has_live_claim_tag, label_roles
from db.claim_rows import (
    card_from_row,
    card_row,
    claim_tag_from_row,
    claim_tag_row,
    select,
    verdict_from_row,
    verdict_row,
    vote_from_row,
    vote_row,
)
from db.claim_settings import scale
from db.errors import StoreError
from db.store import Store
from factcheck.core.card_members import is_claim_label
from factcheck.core.claims import (
    CheckworthyVote,
    ClaimCard,
    ClaimError,
    ClaimTag,
    Evidence,
    Verdict,
    check_checkworthy,
    check_date,
    check_status,
    check_text,
    check_url,
    claim_tag_id,
    new_card,
    text_from_quote,
    verdict_id,
    vote_id,
)
from factcheck.core.model import Annotation, utc_now
from factcheck.core.ownership import owns_row, row_refusal, status_refusal


class _Unset:
    pass


UNSET: Any = _Unset()


# -- reading --------------------------------------------------------------------------------------


def _where(claim_id: str | None, include_deleted: bool) -> tuple[str, list[Any]]:
    parts, params = [], []
    if claim_id is not None:
        parts.append("claim_id = ?")
        params.append(claim_id)
    if not include_deleted:
        parts.append("deleted_at IS NULL")
    return (f"WHERE {' AND '.join(parts)}" if parts else ""), params


def card(store: Store, claim_id: str) -> ClaimCard | None:
    """The card with this id, tombstoned or not."""
    row = store._db.execute(f"SELECT {select('claims')} FROM claims WHERE id = ?", [claim_id]).fetchone()
    return card_from_row(row) if row else None


def require_card(store: Store, claim_id: str) -> ClaimCard:
    found = card(store, claim_id)
    if found is None:
        raise StoreError(f"There is no claim card with id {claim_id!r}.")
    return found


def cards(store: Store, *, include_deleted: bool = False) -> list[ClaimCard]:
    """Cards, newest first."""
    where = "" if include_deleted else "WHERE deleted_at IS NULL"
    cursor = store._db.execute(f"SELECT {select('claims')} FROM claims {where} ORDER BY created_at DESC, id")
    return [card_from_row(r) for r in cursor]


def claim_tags(store: Store, claim_id: str | None = None, *, include_deleted: bool = False) -> list[ClaimTag]:
    where, params = _where(claim_id, include_deleted)
    cursor = store._db.execute(
        f"SELECT {select('claim_tags')} FROM claim_tags {where} ORDER BY created_at, id", params
    )
    return [claim_tag_from_row(r) for r in cursor]


def tag_ids(store: Store, claim_id: str) -> list[str]:
    """The ids of the card's attached tags (live attachments), in the order they were attached."""
    return [t.annotation_id for t in claim_tags(store, claim_id)]


def votes(
    store: Store, claim_id: str | None = None, *, include_deleted: bool = False
) -> list[CheckworthyVote]:
    where, params = _where(claim_id, include_deleted)
    cursor = store._db.execute(
        f"SELECT {select('checkworthy')} FROM checkworthy {where} ORDER BY created_at, id", params
    )
    return [vote_from_row(r) for r in cursor]


def verdicts(store: Store, claim_id: str | None = None, *, include_deleted: bool = False) -> list[Verdict]:
    """Verdicts (the final ones among them), oldest first: a card's verdict history."""
    where, params = _where(claim_id, include_deleted)
    cursor = store._db.execute(
        f"SELECT {select('verdicts')} FROM verdicts {where} ORDER BY created_at, id", params
    )
    return [verdict_from_row(r) for r in cursor]


def final_verdict(store: Store, claim_id: str) -> Verdict | None:
    finals = [v for v in verdicts(store, claim_id) if v.final]
    return max(finals, key=lambda v: (v.updated_at, v.id)) if finals else None


def cards_of_tag(store: Store, annotation_id: str) -> list[ClaimCard]:
    """The live cards a tag is attached to."""
    cursor = store._db.execute(
        f"SELECT {', '.join('c.' + c for c in select('claims').split(', '))} FROM claims c "
        "JOIN claim_tags t ON t.claim_id = c.id WHERE t.annotation_id = ? AND t.deleted_at IS NULL "
        "AND c.deleted_at IS NULL ORDER BY c.created_at, c.id",
        [annotation_id],
    )
    return [card_from_row(r) for r in cursor]


# -- raw writes (undo, merges) ----------------------------------------------------------------------


def _put(store: Store, table: str, rows: list[tuple[Any, ...]]) -> int:
    if not rows:
        return 0
    names = select(table).split(", ")
    updates = ", ".join(f"{n} = ?" for n in names[1:])
    conn = store._db.conn
    rows = list({r[0]: r for r in rows}.values())  # one row per id: the last given
    with store.atomic():
        # An UPDATE of the rows we have and an INSERT of the others; not INSERT OR REPLACE (a replace
        # deletes the row first, which the rows naming it would not survive under foreign keys), nor an
        # upsert: its conflict clause overrides the sync outbox trigger's OR REPLACE, so a second change
        # of a row before the next sync would fail on the queued one.
        have: set[Any] = set()
        ids = [r[0] for r in rows]
        for at in range(0, len(ids), 500):
            chunk = ids[at : at + 500]
            marks = ", ".join("?" for _ in chunk)
            have.update(r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk))
        conn.executemany(
            f"UPDATE {table} SET {updates} WHERE id = ?", [(*r[1:], r[0]) for r in rows if r[0] in have]
        )
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [r for r in rows if r[0] not in have],
        )
    return len(rows)


def put_cards(store: Store, rows: Iterable[ClaimCard]) -> int:
    return _put(store, "claims", [card_row(c) for c in rows])


def put_claim_tags(store: Store, rows: Iterable[ClaimTag]) -> int:
    return _put(store, "claim_tags", [claim_tag_row(t) for t in rows])


def put_votes(store: Store, rows: Iterable[CheckworthyVote]) -> int:
    return _put(store, "checkworthy", [vote_row(v) for v in rows])


def put_verdicts(store: Store, rows: Iterable[Verdict]) -> int:
    return _put(store, "verdicts", [verdict_row(v) for v in rows])


# -- cards ----------------------------------------------------------------------------------------


def _live_tag(store: Store, annotation_id: str) -> Annotation:
    """A live claim tag (`factcheck.core.card_members.is_claim_label`): only putting a tag on a card anew
    asks for one; a tag on a card relabelled since stays there, dormant."""
    ann = store.annotation(annotation_id)
    if ann is None or ann.deleted:
        raise ClaimError(f"There is no tag {annotation_id!r} (or it was deleted): attach a live claim tag.")
    if not is_claim_label(ann.label, label_roles(store)):
        raise ClaimError(
            f"A claim card gathers claim tags; this one is a {ann.label} tag. Link a denial or a "
            "characterization to one of the card's claim tags instead."
        )
    return ann


def speaker_of(store: Store, ann: Annotation) -> str | None:
    """The speaker id of the tag's attribution (its source tag's speaker), when tags carry one."""
    source_id = getattr(ann, "source", None)
    if not isinstance(source_id, str):
        return None
    source = store.annotation(source_id)
    speaker = getattr(source, "speaker", None) if source is not None else None
    return speaker if isinstance(speaker, str) else None


def create_card(
    store: Store,
    annotation_ids: Sequence[str],
    annotator: str,
    *,
    text: str | None = None,
    speaker: str | None = UNSET,
    claim_date: str | None = None,
    appearances: Sequence[str] = (),
) -> tuple[ClaimCard, list[ClaimTag]]:
    """A new card of annotator's from claim tags (at least one): text from the first tag's quote and the
    speaker from its attribution unless given. One transaction."""
    if not annotation_ids:
        raise ClaimError("A claim card is made from at least one claim tag.")
    with store.atomic():
        tags = [_live_tag(store, a) for a in dict.fromkeys(annotation_ids)]
        if speaker is UNSET:
            speaker = next((s for s in (speaker_of(store, t) for t in tags) if s), None)
        made = new_card(
            text if text is not None else text_from_quote(tags[0].quote),
            annotator,
            speaker=speaker,
            claim_date=claim_date,
            appearances=tuple(appearances),
        )
        put_cards(store, [made])
        links = [_new_claim_tag(made.id, t.id, annotator, made.created_at) for t in tags]
        put_claim_tags(store, links)
    return made, links


def _new_claim_tag(claim_id: str, annotation_id: str, annotator: str, now: str) -> ClaimTag:
    return ClaimTag(
        claim_tag_id(claim_id, annotation_id, annotator), claim_id, annotation_id, annotator, now, now
    )


def _check_owner(row: ClaimCard | ClaimTag | CheckworthyVote | Verdict, who: str, action: str) -> None:
    if not owns_row(row, who):
        raise ClaimError(row_refusal(row, who, action))


def update_card(
    store: Store,
    claim_id: str,
    who: str,
    *,
    text: str = UNSET,
    speaker: str | None = UNSET,
    claim_date: str | None = UNSET,
    appearances: Sequence[str] = UNSET,
) -> ClaimCard:
    """Change the maker's fields of a card (only its maker may; its status: `set_status`)."""
    changes: dict[str, Any] = {}
    if text is not UNSET:
        changes["text"] = check_text(text, required=True)
    if speaker is not UNSET:
        changes["speaker"] = speaker or None
    if claim_date is not UNSET:
        changes["claim_date"] = check_date(claim_date, "claim date")
    if appearances is not UNSET:
        changes["appearances"] = tuple(dict.fromkeys(check_url(u, "appearance") for u in appearances))
    with store.atomic():
        old = require_card(store, claim_id)
        _check_owner(old, who, "change")
        new = replace(old, **changes, updated_at=utc_now())
        put_cards(store, [new])
    return new


def is_reviewer(store: Store, claim_id: str, who: str) -> bool:
    """Whether who has set a final verdict on the card (withdrawn since or not): its reviewer."""
    return _row_by_id(store, "verdicts", verdict_id(claim_id, who, True)) is not None


def set_status(store: Store, claim_id: str, who: str, status: str) -> ClaimCard:
    """Move the card to status, by the workflow rule (`factcheck.core.ownership.status_refusal`)."""
    target = check_status(status)
    with store.atomic():
        old = _live_card(store, claim_id)
        why = status_refusal(
            old, who, target, reviewer=is_reviewer(store, claim_id, who),
            has_final=final_verdict(store, claim_id) is not None,
            has_claim_tag=target != "published" or has_live_claim_tag(store, claim_id),
        )  # fmt: skip
        if why is not None:
            raise ClaimError(why)
        if target == old.status:
            return old
        new = replace(old, status=target, updated_at=utc_now())
        put_cards(store, [new])
    return new


def delete_card(store: Store, claim_id: str, who: str) -> ClaimCard:
    """Tombstone the card (its tags, votes and verdicts stay, for merges and undo)."""
    with store.atomic():
        old = require_card(store, claim_id)
        _check_owner(old, who, "delete")
        now = utc_now()
        new = replace(old, deleted_at=now, updated_at=now)
        put_cards(store, [new])
    return new


def restore_card(store: Store, claim_id: str, who: str) -> ClaimCard:
    with store.atomic():
        old = require_card(store, claim_id)
        _check_owner(old, who, "restore")
        new = replace(old, deleted_at=None, updated_at=utc_now())
        put_cards(store, [new])
    return new


def _row_by_id(store: Store, table: str, row_id: str) -> tuple[Any, ...] | None:
    row = store._db.execute(f"SELECT {select(table)} FROM {table} WHERE id = ?", [row_id]).fetchone()
    return tuple(row) if row else None


def _live_card(store: Store, claim_id: str) -> ClaimCard:
    found = require_card(store, claim_id)
    if found.deleted:
        raise ClaimError("This claim card was deleted: restore it first.")
    return found


def attach_tag(store: Store, claim_id: str, annotation_id: str, who: str) -> ClaimTag:
    """Attach a tag (of any document) to a live card; attaching one already there changes nothing."""
    with store.atomic():
        _live_card(store, claim_id)
        _live_tag(store, annotation_id)
        for row in claim_tags(store, claim_id):
            if row.annotation_id == annotation_id:
                return row
        now = utc_now()
        old = _row_by_id(store, "claim_tags", claim_tag_id(claim_id, annotation_id, who))
        if old is None:
            made = _new_claim_tag(claim_id, annotation_id, who, now)
        else:  # detached earlier by who: attached again
            made = replace(claim_tag_from_row(old), deleted_at=None, updated_at=now)
        put_claim_tags(store, [made])
    return made


def detach_tag(store: Store, claim_id: str, annotation_id: str, who: str) -> ClaimTag:
    """Take a tag off a card: tombstones the attachment (only who attached it may)."""
    with store.atomic():
        live = [t for t in claim_tags(store, claim_id) if t.annotation_id == annotation_id]
        if not live:
            raise ClaimError("That tag is not on this claim card.")
        mine = [t for t in live if t.annotator == who]
        if not mine:
            _check_owner(live[0], who, "detach")
        now = utc_now()
        gone = [replace(t, deleted_at=now, updated_at=now) for t in mine]
        put_claim_tags(store, gone)
    return gone[0]


# -- check-worthiness -------------------------------------------------------------------------------


def vote(store: Store, claim_id: str, who: str, value: str, reason: str = "") -> CheckworthyVote:
    """who's check-worthiness vote on the card (one row per card and annotator: changed, or revived)."""
    value = check_checkworthy(value)
    reason = check_text(reason, "reason")
    with store.atomic():
        _live_card(store, claim_id)
        now = utc_now()
        old = _row_by_id(store, "checkworthy", vote_id(claim_id, who))
        if old is None:
            new = CheckworthyVote(vote_id(claim_id, who), claim_id, who, value, reason, now, now)
        else:
            new = replace(vote_from_row(old), value=value, reason=reason, updated_at=now, deleted_at=None)
        put_votes(store, [new])
    return new


def withdraw_vote(store: Store, claim_id: str, who: str) -> CheckworthyVote | None:
    with store.atomic():
        old = _row_by_id(store, "checkworthy", vote_id(claim_id, who))
        if old is None or old[-1] is not None:
            return None
        now = utc_now()
        new = replace(vote_from_row(old), deleted_at=now, updated_at=now)
        put_votes(store, [new])
    return new


# -- verdicts --------------------------------------------------------------------------------------


def _check_verdict_fields(
    store: Store, verdict: str, explanation: str, evidence: Sequence[Evidence], review_url: str,
    date_published: str | None,
) -> tuple[str, tuple[Evidence, ...], str, str | None]:  # fmt: skip
    names = scale(store).names
    if verdict not in names:
        raise ClaimError(f"{verdict!r} is not on the project's verdict scale ({', '.join(names)}).")
    explanation = check_text(explanation, "explanation")
    checked = tuple(
        Evidence(check_url(e.url, "evidence link"), check_text(e.title, "title")) for e in evidence
    )
    url = check_url(review_url, "review URL") if review_url.strip() else ""
    return explanation, checked, url, check_date(date_published, "publication date")


def _write_verdict(
    store: Store, claim_id: str, who: str, final: bool, verdict: str, explanation: str,
    evidence: tuple[Evidence, ...], review_url: str, date_published: str | None,
) -> Verdict:  # fmt: skip
    with store.atomic():
        _live_card(store, claim_id)
        now = utc_now()
        row_id = verdict_id(claim_id, who, final)
        old = _row_by_id(store, "verdicts", row_id)
        if old is None:
            new = Verdict(
                row_id, claim_id, who, verdict, explanation, evidence, final, review_url, date_published,
                now, now,
            )  # fmt: skip
        else:
            new = replace(
                verdict_from_row(old), verdict=verdict, explanation=explanation, evidence=evidence,
                review_url=review_url, date_published=date_published, final=final, updated_at=now,
                deleted_at=None,
            )  # fmt: skip
        put_verdicts(store, [new])
    return new


def give_verdict(
    store: Store,
    claim_id: str,
    who: str,
    verdict: str,
    explanation: str = "",
    evidence: Sequence[Evidence] = (),
) -> Verdict:
    """who's own verdict on the card (one per card and annotator; changed, or revived)."""
    explanation, checked, _, _ = _check_verdict_fields(store, verdict, explanation, evidence, "", None)
    return _write_verdict(store, claim_id, who, False, verdict, explanation, checked, "", None)


def set_final_verdict(
    store: Store,
    claim_id: str,
    reviewer: str,
    verdict: str,
    explanation: str = "",
    evidence: Sequence[Evidence] = (),
    *,
    review_url: str = "",
    date_published: str | None = None,
) -> Verdict:
    """The reviewer's final verdict on the card: a verdict row of the reviewer's own, marked final,
    beside their verdict as an annotator (agreement counts that one). When several reviewers set one,
    the newest is the card's final verdict (`final_verdict`); nobody's row is changed by another."""
    explanation, checked, url, published = _check_verdict_fields(
        store, verdict, explanation, evidence, review_url, date_published
    )
    with store.atomic():
        made = _write_verdict(store, claim_id, reviewer, True, verdict, explanation, checked, url, published)
        card = _live_card(store, claim_id)
        if card.status in ("new", "checking"):  # the card is rated now, in the same step
            put_cards(store, [replace(card, status="rated", updated_at=made.updated_at)])
    return made


def withdraw_verdict(store: Store, claim_id: str, who: str, *, final: bool = False) -> Verdict | None:
    """Tombstone who's verdict (or final verdict) on the card."""
    with store.atomic():
        old = _row_by_id(store, "verdicts", verdict_id(claim_id, who, final))
        if old is None or old[-1] is not None:
            return None
        now = utc_now()
        new = replace(verdict_from_row(old), deleted_at=now, updated_at=now)
        put_verdicts(store, [new])
    return new


def update_verdict(store: Store, verdict_id: str, who: str, **changes: Any) -> Verdict:
    """Change fields of one verdict row (its annotator only): verdict, explanation, evidence, review_url,
    date_published."""
    allowed = {"verdict", "explanation", "evidence", "review_url", "date_published"}
    if set(changes) - allowed:
        raise ValueError(f"not changeable: {sorted(set(changes) - allowed)}")
    with store.atomic():
        row = store._db.execute(
            f"SELECT {select('verdicts')} FROM verdicts WHERE id = ?", [verdict_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"There is no verdict with id {verdict_id!r}.")
        old = verdict_from_row(row)
        _check_owner(old, who, "change")
        merged = {
            "verdict": old.verdict, "explanation": old.explanation, "evidence": old.evidence,
            "review_url": old.review_url, "date_published": old.date_published, **changes,
        }  # fmt: skip
        explanation, checked, url, published = _check_verdict_fields(
            store, merged["verdict"], merged["explanation"], merged["evidence"], merged["review_url"],
            merged["date_published"],
        )  # fmt: skip
        new = replace(
            old, verdict=merged["verdict"], explanation=explanation, evidence=checked, review_url=url,
            date_published=published, updated_at=utc_now(),
        )  # fmt: skip
        put_verdicts(store, [new])
    return new


# -- whole-project reads (exports) -----------------------------------------------------------------

CardExport = tuple[ClaimCard, list[str], list[CheckworthyVote], list[Verdict]]


def export_rows(store: Store, *, include_deleted: bool = True) -> list[CardExport]:
    """Every card (tombstones too, unless told) with its live tag ids, votes and verdicts; cards oldest
    first. Four queries, whatever the number of cards."""
    where = "" if include_deleted else "WHERE deleted_at IS NULL"
    cards_ = [
        card_from_row(r)
        for r in store._db.execute(f"SELECT {select('claims')} FROM claims {where} ORDER BY created_at, id")
    ]
    tags: dict[str, list[str]] = {}
    for claim_id, ann_id in store._db.execute(
        "SELECT claim_id, annotation_id FROM claim_tags WHERE deleted_at IS NULL ORDER BY created_at, id"
    ):
        ids = tags.setdefault(claim_id, [])
        if ann_id not in ids:
            ids.append(ann_id)
    per_vote: dict[str, list[CheckworthyVote]] = {}
    for v in votes(store):
        per_vote.setdefault(v.claim_id, []).append(v)
    per_verdict: dict[str, list[Verdict]] = {}
    for d in verdicts(store):
        per_verdict.setdefault(d.claim_id, []).append(d)
    return [(c, tags.get(c.id, []), per_vote.get(c.id, []), per_verdict.get(c.id, [])) for c in cards_]


def final_verdicts(store: Store) -> dict[str, Verdict]:
    """card id -> its final verdict (the newest live final one), for the live cards that have one."""
    out: dict[str, Verdict] = {}
    for row in store._db.execute(
        f"SELECT {select('verdicts')} FROM verdicts WHERE deleted_at IS NULL AND final = 1 "
        "AND claim_id IN (SELECT id FROM claims WHERE deleted_at IS NULL)"
    ):
        v = verdict_from_row(row)
        if v.claim_id not in out or (v.updated_at, v.id) > (out[v.claim_id].updated_at, out[v.claim_id].id):
            out[v.claim_id] = v
    return out


def votes_by_card(store: Store) -> dict[str, list[CheckworthyVote]]:
    out: dict[str, list[CheckworthyVote]] = {}
    for v in votes(store):
        out.setdefault(v.claim_id, []).append(v)
    return out


def final_verdicts_of(store: Store, claim_ids: Iterable[str]) -> list[Verdict]:
    """Every final verdict row (withdrawn ones too) of these cards."""
    ids = sorted(set(claim_ids))
    out: list[Verdict] = []
    for at in range(0, len(ids), 500):
        chunk = ids[at : at + 500]
        out += [
            verdict_from_row(r)
            for r in store._db.execute(
                f"SELECT {select('verdicts')} FROM verdicts WHERE final = 1 "
                f"AND claim_id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )
        ]
    return out
