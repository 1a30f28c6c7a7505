"""The list of claim cards with their counts, for the Claims pane, `factcheck claims` and the exports.

One query per table (grouped in SQLite), joined in Python: 10,000 cards list in a few tens of
milliseconds. Filters and orders are applied to the summaries, so that the pane can re-sort without
reading again.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Literal, NamedTuple

from db.claim_rows import json_list
from db.claim_settings import speakers
from db.store import Store
from factcheck.core.claims import ClaimStatus

CardOrder = Literal["newest", "most_tagged", "most_checkworthy", "oldest", "text"]
CARD_ORDERS: tuple[CardOrder, ...] = ("newest", "most_tagged", "most_checkworthy", "oldest", "text")


class ClaimSummary(NamedTuple):
    """A card as the list shows it (a named tuple: 10,000 of them are made each time the list is read)."""

    id: str
    text: str
    speaker: str | None  # speaker id
    speaker_name: str  # the resolved name ("" without speaker; the id when no such speaker is known)
    claim_date: str | None
    status: ClaimStatus
    annotator: str
    created_at: str
    updated_at: str
    tag_ids: tuple[str, ...]  # live attached tags that still exist
    document_ids: tuple[str, ...]
    votes: dict[str, int]  # "yes"/"no"/"unsure" -> count
    verdicts: dict[str, str]  # annotator -> verdict name (not final)
    final_verdict: str | None = None
    final_by: str | None = None

    @property
    def tag_count(self) -> int:
        return len(self.tag_ids)

    @property
    def checkworthy_yes(self) -> int:
        return self.votes.get("yes", 0)

    @property
    def disputed(self) -> bool:
        """Annotators gave different verdicts."""
        return len(set(self.verdicts.values())) > 1


def list_cards(
    store: Store,
    *,
    status: str | None = None,
    speaker: str | None = None,
    document_id: str | None = None,
    verdict: str | None = None,
    checkworthy: str | None = None,
    order: CardOrder = "newest",
) -> list[ClaimSummary]:
    """Live cards with their counts. speaker matches the id or the name (case-insensitive); verdict the
    final verdict or any annotator's; checkworthy cards with at least one such vote."""
    with _collector_paused():
        cards = _summaries(store)
    if status or speaker or document_id or verdict or checkworthy:
        keep = _filter(status, speaker, document_id, verdict, checkworthy)
        cards = [s for s in cards if keep(s)]
    return sort_cards(cards, order)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while 100,000 small containers are made (none is garbage): its
    passes over them took half the time of the list."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: A summary from a ready tuple, without the named tuple's Python-level __new__ (10,000 calls a list).
_new_summary = tuple.__new__


def _summaries(store: Store) -> list[ClaimSummary]:
    # Plain scans, grouped here: grouping in SQLite goes through the claim_id indexes, a table lookup a
    # row, which costs more than reading the rows once in table order.
    db = store._db
    tags: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for cid, ann_id, doc_id in db.execute(
        "SELECT t.claim_id, t.annotation_id, a.document_id FROM claim_tags t "
        "JOIN annotations a ON a.id = t.annotation_id WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL"
    ):
        found = tags.get(cid)
        if found is None:
            tags[cid] = ((ann_id,), (doc_id,))
        else:  # a second tag on the card: rare enough to rebuild the pair
            ids, docs = found
            tags[cid] = ((*ids, ann_id), docs if doc_id in docs else (*docs, doc_id))
    votes: dict[str, dict[str, int]] = {}
    for cid, value in db.execute("SELECT claim_id, value FROM checkworthy WHERE deleted_at IS NULL"):
        per = votes.get(cid)
        if per is None:
            votes[cid] = {value: 1}
        else:
            per[value] = per.get(value, 0) + 1
    given: dict[str, dict[str, str]] = {}
    finals: dict[str, tuple[str, str, str]] = {}  # card -> (updated_at + id, name, reviewer)
    for cid, annotator, name, final, stamp in db.execute(
        "SELECT claim_id, annotator, verdict, final, updated_at || id FROM verdicts WHERE deleted_at IS NULL"
    ):
        if final:
            if cid not in finals or stamp > finals[cid][0]:
                finals[cid] = (stamp, name, annotator)  # the newest final verdict wins
        elif cid in given:
            given[cid][annotator] = name
        else:
            given[cid] = {annotator: name}
    known = speakers(store)
    none: tuple[str, str, str] = ("", "", "")
    untagged: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    out: list[ClaimSummary] = []
    for cid, text, spk, date, st, annotator, created, updated in db.execute(
        "SELECT id, text, speaker, claim_date, status, annotator, created_at, updated_at FROM claims "
        "WHERE deleted_at IS NULL"
    ):
        ref = known.get(spk) if spk and known else None
        ids, docs = tags.get(cid, untagged)
        final = finals.get(cid, none)
        out.append(
            _new_summary(
                ClaimSummary,
                (
                    cid,
                    text,
                    spk,
                    ref.name if ref else (spk or ""),
                    date,
                    st,
                    annotator,
                    created,
                    updated,
                    ids,
                    docs,
                    votes.get(cid, {}),
                    given.get(cid, {}),
                    final[1] or None,
                    final[2] or None,
                ),
            )
        )
    return out


def _filter(
    status: str | None,
    speaker: str | None,
    document_id: str | None,
    verdict: str | None,
    checkworthy: str | None,
) -> Callable[[ClaimSummary], bool]:
    who = speaker.casefold() if speaker else None

    def keep(s: ClaimSummary) -> bool:
        if status and s.status != status:
            return False
        if who and who not in (s.speaker_name.casefold(), (s.speaker or "").casefold()):
            return False
        if document_id and document_id not in s.document_ids:
            return False
        if verdict and verdict != s.final_verdict and verdict not in s.verdicts.values():
            return False
        return not (checkworthy and not s.votes.get(checkworthy))

    return keep


_NEWEST = itemgetter(ClaimSummary._fields.index("created_at"), 0)


def sort_cards(cards: list[ClaimSummary], order: CardOrder) -> list[ClaimSummary]:
    """Cards in the list's order; ties newest first, then by id (a stable list)."""
    by_new = sorted(cards, key=_NEWEST, reverse=True)
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
    for cid, source in store._db.execute(
        "SELECT DISTINCT t.claim_id, d.source FROM claim_tags t JOIN annotations a ON a.id = t.annotation_id "
        "JOIN documents d ON d.id = a.document_id WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL "
        "AND (d.source LIKE 'http://%' OR d.source LIKE 'https://%')"
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
    for cid, source in store._db.execute(
        "SELECT t.claim_id, d.source FROM claim_tags t JOIN annotations a ON a.id = t.annotation_id "
        "JOIN documents d ON d.id = a.document_id WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL "
        "AND (d.source LIKE 'http://%' OR d.source LIKE 'https://%') ORDER BY d.imported_at DESC, d.id DESC"
    ):
        out[cid] = source  # the last one written is the earliest
    for cid, urls in store._db.execute("SELECT id, appearances FROM claims WHERE deleted_at IS NULL"):
        listed = json_list(urls)
        if cid not in out and listed:
            out[cid] = listed[0]
    return out


def document_titles(store: Store) -> dict[str, str]:
    return {str(i): str(t) for i, t in store._db.execute("SELECT id, title FROM documents")}


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
