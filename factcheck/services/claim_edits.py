"""Claim cards for the window: undoable card edits and what the Claims pane reads, over the store.

The window never holds the store (ui.project lends it to these functions for one call). A card edit is
an action (a db/claims.py operation on one card, returning the card's id): `act` runs it and notes every
row of the card it wrote, as it was and as it is, so that undo can write the old rows back (a row the edit
made goes back as a tombstone) and redo the new ones, each with a fresh updated_at. The factories below
make the actions; their checks and the ownership rule are db/claims.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import TypeVar

from db import claim_listing
from db import claims as claims_db
from db import links as links_db
from db import speakers as speakers_db
from db.claim_listing import ClaimSummary
from db.claim_members import has_live_claim_tag, label_roles
from db.store import Store
from factcheck.core.card_members import dormant_member, publish_refusal
from factcheck.core.claims import CheckworthyVote, ClaimCard, ClaimError, ClaimTag, Evidence, Verdict
from factcheck.core.model import Annotation, utc_now
from factcheck.core.speakers import Speaker

T = TypeVar("T")
#: Something read from, or done to, the store in one call.
StoreWork = Callable[[Store], T]
#: A store operation on one card; it returns the card's id.
CardAction = Callable[[Store], str]
#: A stored row of a card: the card itself, a tag's place on it, a vote, a verdict.
CardPart = ClaimCard | ClaimTag | CheckworthyVote | Verdict


@dataclass(frozen=True)
class CardChange:
    """What one card edit wrote: the rows as they were (a tombstone for a row it made) and as they are."""

    card_id: str
    before: tuple[CardPart, ...]
    after: tuple[CardPart, ...]


@dataclass(frozen=True)
class CardTag:
    """A tag on a card, or one linked to a tag on it (a denial, a characterization)."""

    annotation_id: str
    annotation: Annotation | None  # None: the tag was deleted since
    document_id: str
    document_title: str
    attached_by: str  # who put it on the card (a linked tag: who linked it)
    relation: str  # "claim" (on the card), or the link's type ("denies", "characterizes", "same_claim")
    #: On the card, relabelled since (a denial...): a dormant member, not one of its claim tags now.
    dormant: bool = False


@dataclass(frozen=True)
class CardDetail:
    card: ClaimCard
    row: ClaimSummary
    sources: tuple[str, ...]  # the web addresses of the documents its tags are in
    tags: tuple[CardTag, ...]
    votes: tuple[CheckworthyVote, ...]  # live, oldest first
    verdicts: tuple[Verdict, ...]  # every version, live and withdrawn, newest first


def is_web(source: str) -> bool:
    return source.startswith(("http://", "https://"))


# -- undoable edits ------------------------------------------------------------------------------------


def _parts(store: Store, card_id: str) -> dict[tuple[str, str], CardPart]:
    found = claims_db.card(store, card_id)
    rows: list[CardPart] = [] if found is None else [found]
    rows += claims_db.claim_tags(store, card_id, include_deleted=True)
    rows += claims_db.votes(store, card_id, include_deleted=True)
    rows += claims_db.verdicts(store, card_id, include_deleted=True)
    return {(type(r).__name__, r.id): r for r in rows}


def _tombstone(row: CardPart) -> CardPart:
    return row if row.deleted_at is not None else replace(row, deleted_at=utc_now())


def act(store: Store, card_id: str | None, action: CardAction, speaker: Speaker | None = None) -> CardChange:
    """Run action on one card (card_id None: it makes the card), in one transaction with adding speaker
    (a new speaker the card names), and note the card's rows it wrote."""
    with store.atomic():
        before = _parts(store, card_id) if card_id is not None else {}
        if speaker is not None:
            speakers_db.add_speaker(store, speaker)
        target = action(store)
        after = _parts(store, target)
    changed = [key for key, row in after.items() if before.get(key) != row]
    return CardChange(
        target,
        tuple(before.get(key) or _tombstone(after[key]) for key in changed),
        tuple(after[key] for key in changed),
    )


def _patched(store: Store, rows: Sequence[CardPart], was: Sequence[CardPart]) -> list[CardPart]:
    """rows as patches on the rows stored now: of each, only the fields it changed from its version in was
    (the edit's other side), so that what others changed on the row meanwhile (the maker's text on a
    card a reviewer rated, brought by a merge or a sync) stays. A row not stored, or not in was, whole."""
    other = {(type(r).__name__, r.id): r for r in was}
    stored: dict[tuple[str, str], CardPart] = {}
    for card_id in dict.fromkeys(r.id if isinstance(r, ClaimCard) else r.claim_id for r in rows):
        stored.update(_parts(store, card_id))
    out: list[CardPart] = []
    for row in rows:
        key = (type(row).__name__, row.id)
        now, then = stored.get(key), other.get(key)
        if now is None or then is None:
            out.append(row)
            continue
        changed = {
            f.name: getattr(row, f.name) for f in fields(row) if getattr(row, f.name) != getattr(then, f.name)
        }
        out.append(replace(now, **changed))
    return out


def put_back(
    store: Store, rows: Sequence[CardPart], speakers: Sequence[Speaker] = (), *, was: Sequence[CardPart] = ()
) -> None:
    """Write these versions of a card's rows and speakers (undo, redo), stamped now. was: the versions the
    edit replaced (redo) or wrote (undo): then only the fields that differ from them are written back."""
    now = utc_now()
    with store.atomic():
        stamped = [replace(r, updated_at=now) for r in (_patched(store, rows, was) if was else rows)]
        cards = [r for r in stamped if isinstance(r, ClaimCard)]
        published = {c.id for c in cards if c.status == "published"}
        stored = {c: claims_db.card(store, c) for c in published}
        published -= {c for c, found in stored.items() if found is not None and found.status == "published"}
        speakers_db.put_speakers(store, [replace(s, updated_at=now) for s in speakers])
        claims_db.put_cards(store, cards)
        claims_db.put_claim_tags(store, _not_twice(store, [r for r in stamped if isinstance(r, ClaimTag)]))
        claims_db.put_votes(store, [r for r in stamped if isinstance(r, CheckworthyVote)])
        claims_db.put_verdicts(store, [r for r in stamped if isinstance(r, Verdict)])
        # The workflow rule holds for undo and redo too: a card becomes published only with a live final
        # verdict (the team server refuses any other step into published).
        if any(claims_db.final_verdict(store, card_id) is None for card_id in published):
            raise ClaimError(
                "This would publish the claim card again, and it has no final verdict now (it was withdrawn "
                "since): a reviewer sets it first (F in the Claims pane), then publishes it."
            )
        if not all(has_live_claim_tag(store, card_id) for card_id in published):
            raise ClaimError(publish_refusal())


def _not_twice(store: Store, rows: list[ClaimTag]) -> list[ClaimTag]:
    """rows without those that would put a tag on a card a second time: another live row (someone else
    attached it meanwhile, or a merge did) keeps it there."""
    out = []
    for row in rows:
        if row.deleted_at is None and any(
            t.id != row.id and t.annotation_id == row.annotation_id
            for t in claims_db.claim_tags(store, row.claim_id)
        ):
            continue
        out.append(row)
    return out


def making(
    annotation_id: str, annotator: str, *, text: str, speaker: str | None, claim_date: str | None,
    appearances: Sequence[str],
) -> CardAction:  # fmt: skip
    def action(store: Store) -> str:
        made, _links = claims_db.create_card(store, [annotation_id], annotator, text=text, speaker=speaker,
                                             claim_date=claim_date, appearances=appearances)  # fmt: skip
        return made.id

    return action


def editing(
    card_id: str, who: str, *, text: str, speaker: str | None, claim_date: str | None,
    appearances: Sequence[str],
) -> CardAction:  # fmt: skip
    def action(store: Store) -> str:
        claims_db.update_card(store, card_id, who, text=text, speaker=speaker, claim_date=claim_date,
                              appearances=appearances)  # fmt: skip
        return card_id

    return action


def status_change(card_id: str, who: str, status: str) -> CardAction:
    def action(store: Store) -> str:
        claims_db.set_status(store, card_id, who, status)
        return card_id

    return action


def deleting(card_id: str, who: str) -> CardAction:
    def action(store: Store) -> str:
        claims_db.delete_card(store, card_id, who)
        return card_id

    return action


def attaching(card_id: str, annotation_id: str, who: str) -> CardAction:
    def action(store: Store) -> str:
        claims_db.attach_tag(store, card_id, annotation_id, who)
        return card_id

    return action


def detaching(card_id: str, annotation_id: str, who: str) -> CardAction:
    def action(store: Store) -> str:
        claims_db.detach_tag(store, card_id, annotation_id, who)
        return card_id

    return action


def voting(card_id: str, who: str, value: str | None, reason: str = "") -> CardAction:
    """who's check-worthiness vote (value None: withdraw it)."""

    def action(store: Store) -> str:
        if value is None:
            claims_db.withdraw_vote(store, card_id, who)
        else:
            claims_db.vote(store, card_id, who, value, reason)
        return card_id

    return action


def judging(
    card_id: str, who: str, name: str, explanation: str, evidence: Sequence[Evidence], *, final: bool,
    review_url: str = "", date_published: str | None = None,
) -> CardAction:  # fmt: skip
    """who's verdict, or (final) the reviewer's final verdict."""

    def action(store: Store) -> str:
        if final:
            claims_db.set_final_verdict(store, card_id, who, name, explanation, evidence,
                                        review_url=review_url, date_published=date_published)  # fmt: skip
        else:
            claims_db.give_verdict(store, card_id, who, name, explanation, evidence)
        return card_id

    return action


def withdrawing(card_id: str, who: str, *, final: bool) -> CardAction:
    def action(store: Store) -> str:
        claims_db.withdraw_verdict(store, card_id, who, final=final)
        return card_id

    return action


# -- reading -----------------------------------------------------------------------------------------


def summary(store: Store, card_id: str) -> ClaimSummary | None:
    """One card's summary, as `list_cards` makes it for all (a card edit refreshes one row, not 10,000)."""
    return claim_listing.summary(store, card_id)


def detail(
    store: Store, card_id: str, row: ClaimSummary, titles: Mapping[str, tuple[str, str]]
) -> CardDetail | None:
    """The card opened: its tags (and those linked to them), votes and verdict history; titles: document
    id -> (title, source)."""
    found = claims_db.card(store, card_id)
    if found is None:
        return None
    tags: list[CardTag] = []
    roles = label_roles(store)

    def add(ann_id: str, ann: Annotation | None, by: str, relation: str) -> None:
        alive = ann if ann is not None and not ann.deleted else None
        doc_id = ann.document_id if ann is not None else ""
        dormant = relation == "claim" and dormant_member(ann, roles)
        title = titles.get(doc_id, (doc_id, ""))[0]
        tags.append(CardTag(ann_id, alive, doc_id, title, by, relation, dormant))

    attached = claims_db.claim_tags(store, card_id)
    for att in attached:
        add(att.annotation_id, store.annotation(att.annotation_id), att.annotator, "claim")
    # Denials and characterizations of its tags (and the same claim said again), through links.
    seen = {a.annotation_id for a in attached}
    for att in attached:
        for link in links_db.links_of(store, att.annotation_id):
            other = link.from_id if link.to_id == att.annotation_id else link.to_id
            if other in seen:
                continue
            seen.add(other)
            linked = store.annotation(other)
            if linked is not None and not linked.deleted:
                add(other, linked, link.annotator, link.type)
    history = claims_db.verdicts(store, card_id, include_deleted=True)
    history.sort(key=lambda v: (v.updated_at, v.id), reverse=True)
    # Appearances are web addresses: a document imported from a file has none; a dormant member's
    # document is no appearance of the claim.
    sources = [titles.get(t.document_id, ("", ""))[1] for t in tags if not t.dormant]
    return CardDetail(found, row, tuple(dict.fromkeys(s for s in sources if is_web(s))), tuple(tags),
                      tuple(claims_db.votes(store, card_id)), tuple(history))  # fmt: skip


def scale_usage(store: Store) -> dict[str, int]:
    """Scale name -> how many live verdicts use it."""
    used: dict[str, int] = {}
    for v in claims_db.verdicts(store):
        used[v.verdict] = used.get(v.verdict, 0) + 1
    return used
