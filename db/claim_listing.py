"""The list of claim cards with their counts, for the Claims pane, `factcheck claims` and the exports.

Four plain reads, whatever the number of cards: the cards, then their tags, votes and verdicts, each
ordered by card (through the claim indexes). A summary is a named tuple of the card's own columns and the
`Listing` it came from; its tags, counts and verdicts are looked up in the listing (a binary search) when
asked, so that listing 10,000 cards makes 10,000 tuples and nothing per tag, vote or verdict. Filters and
orders are applied to the summaries, so that the pane can re-sort without reading again.
"""

from __future__ import annotations

import contextlib
import gc
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import compress
from operator import itemgetter
from typing import Any, Literal, NamedTuple

from db.claim_members import claim_label_sql
from db.claim_rows import json_list
from db.claim_settings import SpeakerRef, speakers
from db.store import Store
from factcheck.core.claims import CHECKWORTHY_VALUES, ClaimStatus
from factcheck.core.speakers import name_key

CardOrder = Literal["newest", "most_tagged", "most_checkworthy", "oldest", "text"]
CARD_ORDERS: tuple[CardOrder, ...] = ("newest", "most_tagged", "most_checkworthy", "oldest", "text")

_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
_KEY = "\x1f"  # between a card id and a vote's value in a vote key


def _column(rows: list[tuple[Any, ...]], get: Callable[[tuple[Any, ...]], Any]) -> list[Any]:
    return list(map(get, rows))


class Decisions(NamedTuple):
    """The live check-worthiness votes and verdicts of some cards (or all). Plain strings in lists and
    dicts, no tuple a row: none of them is an object the garbage collector has to go through."""

    votes: Counter[str]  # "card id\x1fyes" (no, unsure) -> live votes
    given_cards: list[str]  # annotators' own verdicts, ordered by card: the card ids,
    given_by: list[str]  # the annotators,
    given_names: list[str]  # the verdict names
    finals: dict[str, str]  # card id -> the verdict name of its newest live final verdict
    final_by: dict[str, str]  # card id -> the reviewer who set it

    def vote_count(self, card_id: str, value: str) -> int:
        return self.votes.get(card_id + _KEY + value, 0)

    def given_of(self, card_id: str) -> dict[str, str]:
        lo, hi = _range(self.given_cards, card_id)
        return dict(zip(self.given_by[lo:hi], self.given_names[lo:hi], strict=True))


#: Reads the decisions of one card (an id) or of all live cards (None).
DecisionReader = Callable[[str | None], Decisions]
#: Cards whose decisions a lazy listing reads one by one (the rows on screen) before it reads them all.
ONE_BY_ONE = 100


def _range(card_ids: list[str], card_id: str) -> tuple[int, int]:
    lo = bisect_left(card_ids, card_id)
    return lo, bisect_right(card_ids, card_id, lo)


class Listing:
    """What one read of the card tables found, shared by the summaries made from it: columns of rows
    ordered by card id (tags also by when they were attached), looked up by binary search.

    A lazy listing (given a reader instead of the decisions) reads a card's votes and verdicts when first
    asked (the rows a view shows), and all of them at once when many are asked (a sort, a filter, a
    tally): a window opens its list of cards without reading every vote and verdict first."""

    __slots__ = (
        "_cards", "_decisions", "_reader", "counts", "dormant", "gone", "known", "tag_cards", "tag_docs",
        "tag_ids",
    )  # fmt: skip

    def __init__(
        self,
        tags: list[tuple[Any, ...]],
        known: Mapping[str, SpeakerRef],
        decisions: Decisions | None = None,
        reader: DecisionReader | None = None,
        dormant: Mapping[str, tuple[str, ...]] | None = None,
        gone: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        if decisions is None and reader is None:
            raise ValueError("a listing needs its decisions or a reader of them")
        # The live claim tags (card id, tag id, document id, ...), as three columns.
        self.tag_cards: list[str] = _column(tags, _FIRST)
        self.tag_ids: list[str] = _column(tags, _SECOND)
        self.tag_docs: list[str] = _column(tags, _THIRD)
        self.counts = Counter(self.tag_cards)  # card id -> its number of live tags (the pane sorts by it)
        # card id -> its dormant members (tags relabelled since: `factcheck.core.card_members`), in the
        # order they were attached; few, so a plain dict.
        self.dormant: Mapping[str, tuple[str, ...]] = dormant or {}
        # card id -> its members gone with a removed document (the removal's undo brings them back).
        self.gone: Mapping[str, tuple[str, ...]] = gone or {}
        self.known = known  # speaker id -> the speaker it resolves to
        self._decisions = decisions
        self._reader = reader
        self._cards: dict[str, Decisions] = {}  # a lazy listing's cards read one by one

    def tag_count(self, card_id: str) -> int:
        return self.counts.get(card_id, 0)

    def tags_of(self, card_id: str) -> tuple[list[str], list[str]]:
        """The card's tag ids and their documents' ids."""
        lo, hi = _range(self.tag_cards, card_id)
        return self.tag_ids[lo:hi], self.tag_docs[lo:hi]

    def decisions(self, card_id: str) -> Decisions:
        """Decisions that hold this card's."""
        if self._decisions is not None:
            return self._decisions
        found = self._cards.get(card_id)
        if found is not None:
            return found
        assert self._reader is not None
        if len(self._cards) < ONE_BY_ONE:
            found = self._cards[card_id] = self._reader(card_id)
            return found
        self._decisions = self._reader(None)
        self._cards.clear()
        return self._decisions


class ClaimSummary(NamedTuple):
    """A card as the list shows it: its own columns, and the listing that holds its tags, votes and
    verdicts (a named tuple: 10,000 of them are made each time the list is read). Two summaries are equal
    when they show the same card the same way, whichever listing they came from."""

    id: str
    text: str
    speaker: str | None  # speaker id
    claim_date: str | None
    status: ClaimStatus
    annotator: str
    created_at: str
    updated_at: str
    listing: Listing

    @property
    def speaker_name(self) -> str:
        """The resolved name ("" without speaker; the id when no such speaker is known)."""
        if not self.speaker:
            return ""
        ref = self.listing.known.get(self.speaker)
        return ref.name if ref is not None else self.speaker

    @property
    def tag_ids(self) -> tuple[str, ...]:
        """The live claim tags on the card, in the order they were attached (not its dormant members)."""
        return tuple(self.listing.tags_of(self.id)[0])

    @property
    def dormant_ids(self) -> tuple[str, ...]:
        """The card's dormant members: tags on it relabelled since, no claim tags now."""
        return self.listing.dormant.get(self.id, ())

    @property
    def gone_ids(self) -> tuple[str, ...]:
        """The tags on the card gone with a removed document: undoing the removal brings them back."""
        return self.listing.gone.get(self.id, ())

    @property
    def no_claim_tag(self) -> bool:
        """Every tag on the card is dormant or gone with a removed document: it shows `NO_CLAIM_TAG`, is
        no ClaimReview and cannot be published."""
        return not self.tag_count and bool(self.dormant_ids or self.gone_ids)

    @property
    def document_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.listing.tags_of(self.id)[1]))

    @property
    def tag_count(self) -> int:
        return self.listing.counts.get(self.id, 0)  # (the pane sorts 10,000 by it: no further call)

    @property
    def votes(self) -> dict[str, int]:
        """ "yes"/"no"/"unsure" -> count (the values voted only)."""
        found = self.listing.decisions(self.id)
        return {v: n for v in CHECKWORTHY_VALUES if (n := found.vote_count(self.id, v))}

    @property
    def checkworthy_yes(self) -> int:
        return self.listing.decisions(self.id).vote_count(self.id, "yes")

    @property
    def verdicts(self) -> dict[str, str]:
        """annotator -> verdict name (not final)."""
        return self.listing.decisions(self.id).given_of(self.id)

    @property
    def final_verdict(self) -> str | None:
        return self.listing.decisions(self.id).finals.get(self.id) or None

    @property
    def final_by(self) -> str | None:
        return self.listing.decisions(self.id).final_by.get(self.id) or None

    @property
    def disputed(self) -> bool:
        """Annotators gave different verdicts."""
        return len(set(self.verdicts.values())) > 1

    def shown(self) -> tuple[Any, ...]:
        """Everything the summary says, without the listing it was read from."""
        return (
            *self[:-1], self.speaker_name, self.tag_ids, self.dormant_ids, self.gone_ids, self.document_ids,
            self.votes,
            self.verdicts, self.final_verdict, self.final_by,
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ClaimSummary):
            return NotImplemented
        return self.shown() == other.shown()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.id)


def list_cards(
    store: Store,
    *,
    status: str | None = None,
    speaker: str | None = None,
    document_id: str | None = None,
    verdict: str | None = None,
    checkworthy: str | None = None,
    order: CardOrder | None = "newest",
    later: DecisionReader | None = None,
) -> list[ClaimSummary]:
    """Live cards with their counts. speaker matches the id or the name (case-insensitive); verdict the
    final verdict or any annotator's; checkworthy cards with at least one such vote. order None: as
    stored (for a caller that sorts them itself). later: read the votes and verdicts through it when
    first asked (a window's list: see Listing), not now."""
    cards = summaries(store, later=later)
    if status or speaker or document_id or verdict or checkworthy:
        keep = _filter(status, speaker, document_id, verdict, checkworthy)
        cards = [s for s in cards if keep(s)]
    return cards if order is None else sort_cards(cards, order)


def summary(store: Store, card_id: str) -> ClaimSummary | None:
    """One live card's summary, read as `list_cards` reads them all (a card edit refreshes one row)."""
    found = summaries(store, card_id)
    return found[0] if found else None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while 10,000 tuples are made (none is garbage): its passes over
    them would take a good part of the time of the list."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: A summary from a ready tuple, without the named tuple's Python-level __new__ (10,000 calls a list).
_new_summary = tuple.__new__

# The live tags on cards, each with its label condition ({0}): 1 a claim tag, 0 a dormant member (a tag
# relabelled since), NULL a tag gone with a removed document (no row left to join). One pass over the
# tags for all three (a second, for the few dormant or gone ones, would read them all again).
_TAGS = (
    "SELECT t.claim_id, t.annotation_id, a.document_id, {0} FROM claim_tags t "
    "LEFT JOIN annotations a INDEXED BY idx_annotations_claim_listing ON a.id = t.annotation_id "
    "WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL "
    "{1} ORDER BY t.claim_id, t.created_at, t.id"
)
_CLAIM_TAG = itemgetter(3)
_VOTES = "SELECT claim_id || char(31) || value FROM checkworthy WHERE deleted_at IS NULL {}"
# The newest verdict last, so that it wins (one verdict row per card, annotator and finality anyway).
_GIVEN = (
    "SELECT claim_id, annotator, verdict FROM verdicts WHERE deleted_at IS NULL AND final IS NULL {} "
    "ORDER BY claim_id, updated_at, id"
)
_FINALS = (
    "SELECT claim_id, verdict, annotator FROM verdicts WHERE deleted_at IS NULL AND final = 1 {} "
    "ORDER BY claim_id, updated_at, id"
)
_CARDS = (
    "SELECT id, text, speaker, claim_date, status, annotator, created_at, updated_at FROM claims "
    "WHERE deleted_at IS NULL {}"
)


def read_decisions(store: Store, card_id: str | None = None) -> Decisions:
    """The live votes and verdicts of all cards (of this card, when given)."""
    db = store._db
    where, params = ("AND claim_id = ?", [card_id]) if card_id is not None else ("", [])
    with _collector_paused():
        votes = Counter(map(_FIRST, db.execute(_VOTES.format(where), params).fetchall()))
        given = db.execute(_GIVEN.format(where), params).fetchall()
        finals = db.execute(_FINALS.format(where), params).fetchall()  # the newest of a card last
        cards = _column(finals, _FIRST)
        return Decisions(
            votes,
            _column(given, _FIRST),
            _column(given, _SECOND),
            _column(given, _THIRD),
            dict(zip(cards, map(_SECOND, finals), strict=True)),
            dict(zip(cards, map(_THIRD, finals), strict=True)),
        )


def summaries(
    store: Store, card_id: str | None = None, *, later: DecisionReader | None = None
) -> list[ClaimSummary]:
    """The live cards' summaries (only this card's, when given), in table order. later: the votes and
    verdicts are read through it when first asked (a lazy listing), not now."""
    db = store._db
    where, params = ("AND t.claim_id = ?", [card_id]) if card_id is not None else ("", [])
    # (+: not through the label's index, which would read the tags by label rather than by card)
    label, label_params = claim_label_sql(store, "+a.label")
    with _collector_paused():
        tags = db.execute(_TAGS.format(label, where), label_params + params).fetchall()
        dormant: dict[str, tuple[str, ...]] = {}
        gone: dict[str, tuple[str, ...]] = {}
        flags = list(map(_CLAIM_TAG, tags))
        if not all(flags):  # (most projects: every tag on a card is a claim tag, nothing to split)
            for cid, ann_id, _doc, flag in tags:  # in the order they were attached, as the query gives
                if flag == 0:
                    dormant[cid] = (*dormant.get(cid, ()), ann_id)
                elif flag is None:
                    gone[cid] = (*gone.get(cid, ()), ann_id)
            tags = list(compress(tags, flags))
        known = speakers(store)
        if later is None:
            listing = Listing(tags, known, read_decisions(store, card_id), dormant=dormant, gone=gone)
        else:
            listing = Listing(tags, known, reader=later, dormant=dormant, gone=gone)
        rows = db.execute(_CARDS.format(where.replace("t.claim_id", "id")), params).fetchall()
        tail = (listing,)
        return [_new_summary(ClaimSummary, row + tail) for row in rows]


def documents_of(cards: Iterable[ClaimSummary]) -> set[str]:
    """The documents the cards have live tags in: one pass over each listing's tags (rather than a search
    and a tuple a card)."""
    wanted: dict[int, tuple[Listing, set[str]]] = {}
    for c in cards:
        found = wanted.get(id(c.listing))
        if found is None:
            found = wanted[id(c.listing)] = (c.listing, set())
        found[1].add(c.id)
    return {
        doc
        for listing, ids in wanted.values()
        for cid, doc in zip(listing.tag_cards, listing.tag_docs, strict=True)
        if cid in ids
    }


def _filter(
    status: str | None,
    speaker: str | None,
    document_id: str | None,
    verdict: str | None,
    checkworthy: str | None,
) -> Callable[[ClaimSummary], bool]:
    who = name_key(speaker) if speaker else None  # its name as names compare, or its id

    def keep(s: ClaimSummary) -> bool:
        if status and s.status != status:
            return False
        if who and who not in (name_key(s.speaker_name), (s.speaker or "").casefold()):
            return False
        if document_id and document_id not in s.document_ids:
            return False
        if verdict and verdict != s.final_verdict and verdict not in s.verdicts.values():
            return False
        return not (checkworthy and not s.votes.get(checkworthy))

    return keep


_CREATED = itemgetter(ClaimSummary._fields.index("created_at"))


def by_newest(cards: list[ClaimSummary], *, reverse: bool = True) -> list[ClaimSummary]:
    """Cards by (created_at, id), newest first (oldest first when not reverse): two stable sorts, by id then
    by created_at, which compare single strings (a tuple key would be made and compared for each card)."""
    out = sorted(cards, key=_FIRST, reverse=reverse)
    out.sort(key=_CREATED, reverse=reverse)
    return out


def sort_cards(cards: list[ClaimSummary], order: CardOrder) -> list[ClaimSummary]:
    """Cards in the list's order; ties newest first, then by id (a stable list)."""
    by_new = by_newest(cards)
    if order == "newest":
        return by_new
    if order == "oldest":
        return by_new[::-1]
    if order == "most_tagged":
        return sorted(by_new, key=lambda s: -s.tag_count)
    if order == "most_checkworthy":
        return sorted(by_new, key=lambda s: (-s.checkworthy_yes, s.votes.get("no", 0)))
    if order == "text":
        return sorted(by_new, key=lambda s: s.text.casefold())
    raise ValueError(f"unknown order {order!r}")


def appearances_of(store: Store) -> dict[str, list[str]]:
    """card id -> its appearances: the URLs added by hand, then its tags' documents' sources (http(s) only),
    without repeats."""
    out: dict[str, list[str]] = {}
    for cid, urls in store._db.execute("SELECT id, appearances FROM claims WHERE deleted_at IS NULL"):
        out[cid] = list(json_list(urls))
    label, params = claim_label_sql(store, "a.label")  # a dormant member's document is no appearance
    for cid, source in store._db.execute(
        "SELECT DISTINCT t.claim_id, d.source FROM claim_tags t JOIN annotations a ON a.id = t.annotation_id "
        "JOIN documents d ON d.id = a.document_id WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL "
        f"AND (d.source LIKE 'http://%' OR d.source LIKE 'https://%') AND {label}",
        params,
    ):
        if cid in out and source not in out[cid]:
            out[cid].append(source)
    return out


def speaker_tally(store: Store, speaker_id: str) -> list[tuple[str, int]]:
    """(final verdict name, number of the speaker's cards with it), for a speaker's page. Cards of a
    speaker merged into this one count too."""
    known = speakers(store)
    target = known[speaker_id].id if speaker_id in known else speaker_id
    counts: Counter[str] = Counter()
    for s in list_cards(store):
        if (
            s.speaker
            and (known[s.speaker].id if s.speaker in known else s.speaker) == target
            and s.final_verdict
        ):
            counts[s.final_verdict] += 1
    return sorted(counts.items())


def first_appearances(store: Store) -> dict[str, str]:
    """card id -> the earliest place it appeared: the source (http(s)) of the first-imported document
    among its tags' documents, else the first URL added by hand."""
    out: dict[str, str] = {}
    label, params = claim_label_sql(store, "a.label")
    for cid, source in store._db.execute(
        "SELECT t.claim_id, d.source FROM claim_tags t JOIN annotations a ON a.id = t.annotation_id "
        "JOIN documents d ON d.id = a.document_id WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL "
        f"AND (d.source LIKE 'http://%' OR d.source LIKE 'https://%') AND {label} "
        "ORDER BY d.imported_at DESC, d.id DESC",
        params,
    ):
        out[cid] = source  # the last one written is the earliest
    for cid, urls in store._db.execute("SELECT id, appearances FROM claims WHERE deleted_at IS NULL"):
        listed = json_list(urls)
        if cid not in out and listed:
            out[cid] = listed[0]
    return out


def document_titles(store: Store) -> dict[str, str]:
    return {str(i): str(t) for i, t in store._db.execute("SELECT id, title FROM documents")}


def document_places(store: Store) -> dict[str, tuple[str, str]]:
    """document id -> (title, source) of every document, for the cards' tags (the documents' columns alone:
    no tag counted, no text read)."""
    return {i: (t, s) for i, t, s in store._db.execute("SELECT id, title, source FROM documents")}


def decisions(
    store: Store, document_id: str | None = None
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """(votes[card][annotator] = yes/no/unsure, verdicts[card][annotator] = verdict name) of the live
    cards (with a tag on document_id, when given): live votes and annotators' own verdicts (not final)."""
    live = {s.id for s in list_cards(store, document_id=document_id)}
    votes: dict[str, dict[str, str]] = {}
    for cid, annotator, value in store._db.execute(
        "SELECT claim_id, annotator, value FROM checkworthy WHERE deleted_at IS NULL"
    ):
        if cid in live:
            votes.setdefault(cid, {})[annotator] = value
    verdicts: dict[str, dict[str, str]] = {}
    for cid, annotator, name in store._db.execute(
        "SELECT claim_id, annotator, verdict FROM verdicts WHERE deleted_at IS NULL AND final IS NULL"
    ):
        if cid in live:
            verdicts.setdefault(cid, {})[annotator] = name
    return votes, verdicts
