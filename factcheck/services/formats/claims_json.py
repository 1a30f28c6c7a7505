"""The claim cards of the JSON project format: three top-level keys after "documents".

    "verdict_scale": [{"name", "value", "color"}],
    "organization": {"name", "url"},
    "claims": [{"id", "text", "tags": [tag ids], "speaker", "claim_date", "appearances": [URLs], "status",
                "checkworthy": [{"annotator", "value", "reason", "created_at", "updated_at"}],
                "verdicts": [{"annotator", "verdict", "explanation", "evidence": [{"url", "title"}],
                              "final", "review_url", "date_published", "created_at", "updated_at"}],
                "withdrawn_verdicts": [{the same keys, and "deleted_at"}],
                "annotator", "created_at", "updated_at", "deleted_at"}]

A tombstoned card is written (so that a merge deletes it too); votes, verdicts and tags are the live
ones (the format names them by their parts: a vote or verdict by its annotator, a tag by its id). The
verdicts withdrawn (a final verdict above all, which decides the card's status in a merge,
`factcheck.core.card_merge`) follow apart, with their time of withdrawal, so that a merge of the file
withdraws them too, as a merge of the project database does; "verdicts" stays what stands. Written only
when a card has some: a file without the key (any older one) simply withdraws nothing.
Reading checks every value (`factcheck.core.claims_input`, the one check of untrusted cards).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TextIO

from factcheck.core.claims import (
    CheckworthyVote,
    ClaimCard,
    ClaimError,
    ClaimsPart,
    ClaimTag,
    Organization,
    ScaleEntry,
    Verdict,
    VerdictScale,
    claim_tag_id,
    verdict_id,
    vote_id,
)
from factcheck.core.claims_input import (
    card_from,
    horizon,
    organization_from,
    scale_entry_from,
    verdict_from,
    vote_from,
)
from factcheck.core.model import STAMP_FORMAT
from factcheck.services.formats.json_text import dumps
from factcheck.services.formats.validate import Refusal

#: The top-level keys this part adds to the JSON project format.
KEYS = ("verdict_scale", "organization", "claims")
#: Cards a file may hold (10,000 per newsroom project is much).
MAX_CARDS = 1_000_000


@dataclass(frozen=True)
class CardRecord:
    """A card with what the format nests in it."""

    card: ClaimCard
    tag_ids: Sequence[str]
    votes: Sequence[CheckworthyVote]
    verdicts: Sequence[Verdict]
    withdrawn: Sequence[Verdict] = ()  # verdict tombstones


def _verdict_dict(v: Verdict) -> dict[str, Any]:
    return {
        "annotator": v.annotator,
        "verdict": v.verdict,
        "explanation": v.explanation,
        "evidence": [{"url": e.url, "title": e.title} for e in v.evidence],
        "final": v.final,
        "review_url": v.review_url,
        "date_published": v.date_published,
        "created_at": v.created_at,
        "updated_at": v.updated_at,
    }


def card_dict(record: CardRecord) -> dict[str, Any]:
    card = record.card
    withdrawn = {
        "withdrawn_verdicts": [{**_verdict_dict(v), "deleted_at": v.deleted_at} for v in record.withdrawn]
    }
    return {
        "id": card.id,
        "text": card.text,
        "tags": list(record.tag_ids),
        "speaker": card.speaker,
        "claim_date": card.claim_date,
        "appearances": list(card.appearances),
        "status": card.status,
        "checkworthy": [
            {
                "annotator": v.annotator,
                "value": v.value,
                "reason": v.reason,
                "created_at": v.created_at,
                "updated_at": v.updated_at,
            }
            for v in record.votes
        ],
        "verdicts": [_verdict_dict(v) for v in record.verdicts],
        **(withdrawn if record.withdrawn else {}),
        "annotator": card.annotator,
        "created_at": card.created_at,
        "updated_at": card.updated_at,
        "deleted_at": card.deleted_at,
    }


def tail(scale: VerdictScale, organization: Organization, cards: Iterable[CardRecord]) -> str:
    """The part's top-level keys as JSON text, starting with the comma that follows "documents"."""
    head = dumps([{"name": e.name, "value": e.value, "color": e.color} for e in scale.entries])
    org = dumps({"name": organization.name, "url": organization.url})
    lines = ",\n".join(dumps(card_dict(r)) for r in cards)  # one card a line: diffs stay readable
    return f',\n"verdict_scale": {head},\n"organization": {org},\n"claims": [' + (
        f"\n{lines}\n]" if lines else "]"
    )


def write(fh: TextIO, scale: VerdictScale, organization: Organization, cards: Iterable[CardRecord]) -> None:
    fh.write(tail(scale, organization, cards))


def read(top: Mapping[str, Any]) -> ClaimsPart | None:
    """The part of a project file's top level (None when it has none); raises Refusal."""
    if not any(key in top for key in KEYS):
        return None
    try:
        return _read(top)
    except ClaimError as exc:
        raise _refusal(exc) from None


def _refusal(exc: ClaimError) -> Refusal:
    """A ClaimError ("... (at PLACE)") as a Refusal at PLACE."""
    message = str(exc)
    where = ""
    if message.endswith(")") and " (at " in message:
        message, where = message[:-1].rsplit(" (at ", 1)
    return Refusal(where, message)


class CardReader:
    """The part read one value at a time: the JSON format's lists, or a JSONL file's lines. Each
    method checks its value (`factcheck.core.claims_input`) and raises Refusal naming where."""

    def __init__(self) -> None:
        self.part = ClaimsPart(live_tags_only=True)
        self.latest = horizon()
        self.seen: set[str] = set()
        self.scale: list[ScaleEntry] | None = None
        self.rating_names: set[str] = set()
        #: card id -> where it was read (to name the place of a later refusal).
        self.places: dict[str, str] = {}

    def rating(self, obj: Any, where: str) -> None:
        with _refusing():
            entry = scale_entry_from(obj, where)
            if self.scale is None:
                self.scale = []
            if entry.name in self.rating_names:
                raise ClaimError(f"the rating {entry.name!r} is named twice (at {where})")
            self.rating_names.add(entry.name)
            self.scale.append(entry)

    def no_ratings(self) -> None:
        """The source has a scale, of no ratings (so far)."""
        if self.scale is None:
            self.scale = []

    def result(self) -> ClaimsPart:
        """The part read (the ratings as the scale, when the source gave one)."""
        if self.scale is not None:
            self.part.scale = tuple(self.scale)
        return self.part

    def organization(self, obj: Any, where: str) -> None:
        with _refusing():
            if self.part.organization is not None:
                raise ClaimError(f"a second organization (at {where})")
            self.part.organization = organization_from(obj, where)

    def card(self, obj: Any, where: str) -> None:
        with _refusing():
            if len(self.seen) >= MAX_CARDS:
                raise ClaimError(f"more than {MAX_CARDS:,} claim cards (at {where})")
            card = card_from(obj, where, self.latest)
            if card.id in self.seen:
                raise ClaimError(f"the card id {card.id!r} appears twice (at {where})")
            self.seen.add(card.id)
            self.places[card.id] = where
            part = self.part
            part.cards.append(card)
            part.claim_tags += _tags(obj, card, where)
            part.votes += _nested(obj, "checkworthy", card, where, self.latest)  # type: ignore[arg-type]
            live = [v for v in _nested(obj, "verdicts", card, where, self.latest) if isinstance(v, Verdict)]
            withdrawn = [
                v
                for v in _nested(obj, "withdrawn_verdicts", card, where, self.latest)
                if isinstance(v, Verdict)
            ]
            if both := {v.id for v in live} & {v.id for v in withdrawn}:
                who = sorted(v.annotator for v in withdrawn if v.id in both)[0]
                raise ClaimError(f"{who!r}'s verdict is both standing and withdrawn (at {where})")
            part.verdicts += live + withdrawn


@contextmanager
def _refusing() -> Iterator[None]:
    try:
        yield
    except ClaimError as exc:
        raise _refusal(exc) from None


def _read(top: Mapping[str, Any]) -> ClaimsPart:
    reader = CardReader()
    scale = top.get("verdict_scale")
    if scale is not None:
        if not isinstance(scale, list):
            raise ClaimError('"verdict_scale" must be a list (at the top level)')
        reader.no_ratings()
        for i, entry in enumerate(scale):
            reader.rating(entry, f"verdict_scale[{i}]")
    org = top.get("organization")
    if org is not None:
        reader.organization(org, "organization")
    cards = top.get("claims", [])
    if not isinstance(cards, list):
        raise ClaimError('"claims" must be a list (at the top level)')
    if len(cards) > MAX_CARDS:
        raise ClaimError(f"more than {MAX_CARDS:,} claim cards (at claims)")
    for i, obj in enumerate(cards):
        reader.card(obj, f"claims[{i}]")
    return reader.result()


def _tags(obj: Mapping[str, Any], card: ClaimCard, where: str) -> list[ClaimTag]:
    ids = obj.get("tags", [])
    if not isinstance(ids, list):
        raise ClaimError(f'"tags" must be a list of tag ids (at {where})')
    out: dict[str, ClaimTag] = {}
    made = datetime.strptime(card.created_at, STAMP_FORMAT)
    for j, tag_id in enumerate(ids):
        if type(tag_id) is not str or not tag_id.strip() or len(tag_id) > 200:
            raise ClaimError(f"expected a tag id, found {tag_id!r:.40} (at {_inner(where, 'tags', j)})")
        row_id = claim_tag_id(card.id, tag_id, card.annotator)
        if row_id in out:
            continue
        # The format names live attachments only, in the order they were attached: who attached them is
        # the card's maker, and when a microsecond apart from the card's making, so that the card lists
        # them in the file's order (equal times would order them by their ids).
        at = (made + timedelta(microseconds=len(out))).strftime(STAMP_FORMAT)
        out[row_id] = ClaimTag(row_id, card.id, tag_id, card.annotator, at, at)
    return list(out.values())


def _nested(
    obj: Mapping[str, Any], key: str, card: ClaimCard, where: str, latest: str
) -> list[CheckworthyVote] | list[Verdict]:
    items = obj.get(key, [])
    if not isinstance(items, list):
        raise ClaimError(f'"{key}" must be a list (at {where})')
    out: dict[str, Any] = {}
    withdrawn = key == "withdrawn_verdicts"
    for j, item in enumerate(items):
        place = _inner(where, key, j)
        if not isinstance(item, dict):
            raise ClaimError(f"expected an object, found {type(item).__name__} (at {place})")
        annotator = item.get("annotator")
        if type(annotator) is not str:
            raise ClaimError(f'"annotator" must be a string (at {place})')
        # A withdrawn verdict says when (it must); any other nested row is a live one.
        full = {**item, "claim_id": card.id, "deleted_at": item.get("deleted_at") if withdrawn else None}
        if withdrawn and not item.get("deleted_at"):
            raise ClaimError(
                f'a withdrawn verdict needs "deleted_at", the time it was withdrawn (at {place})'
            )
        if key == "checkworthy":
            full["id"] = vote_id(card.id, annotator)
            row: Any = vote_from(full, place, latest)
        else:
            full["id"] = verdict_id(card.id, annotator, item.get("final") is True)
            row = verdict_from(full, place, latest)
        _same_row(item, row, annotator, place)
        if row.id in out:
            raise ClaimError(f"{annotator!r} appears twice in {key} (at {place})")
        out[row.id] = row
    return list(out.values())


def _same_row(item: Mapping[str, Any], row: CheckworthyVote | Verdict, annotator: str, place: str) -> None:
    """A vote or verdict is named by its card and annotator: one that says it is another row (another
    person's, or another card's) is refused, not filed under its annotator."""
    noun = "vote" if isinstance(row, CheckworthyVote) else "verdict"
    if "claim_id" in item and item["claim_id"] != row.claim_id:
        raise ClaimError(f"a {noun} on this card names another card {item['claim_id']!r:.60} (at {place})")
    if "id" in item and item["id"] != row.id:
        raise ClaimError(
            f"the {noun} by {annotator!r} carries the id {item['id']!r:.60}, which is not {annotator}'s "
            f"{noun} on this card: a {noun} is named by its card and annotator (at {place})"
        )


def _inner(where: str, key: str, j: int) -> str:
    """The place of a nested value: "claims[3].verdicts[1]", or on a JSONL line "line 7, verdicts[1]"."""
    return f"{where}, {key}[{j}]" if where.startswith("line ") else f"{where}.{key}[{j}]"
