"""Claim cards: the claim as checked, who said it, whether it is worth checking, and the verdicts.

Plain data, no Qt, no SQL. A card gathers claim tags (across documents); each annotator casts one
check-worthiness vote and one verdict per card; a reviewer sets the final verdict (a verdict row of the
reviewer's own, marked final). Ratings come from the project's verdict scale (names with values, the
higher the truer) so that agreement can treat them as ordinal and ClaimReview can publish them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args
from urllib.parse import urlsplit

from factcheck.core.errors import FactcheckError
from factcheck.core.model import new_id, utc_now

ClaimStatus = Literal["new", "checking", "rated", "published"]
#: A card's status, in workflow order.
CLAIM_STATUSES: tuple[ClaimStatus, ...] = get_args(ClaimStatus)

CheckworthyValue = Literal["yes", "no", "unsure"]
CHECKWORTHY_VALUES: tuple[CheckworthyValue, ...] = get_args(CheckworthyValue)

#: ClaimReview's advice for claimReviewed: a short sentence. Advisory: longer text is kept, with a hint.
TEXT_ADVISORY_LIMIT = 75

_DATE = re.compile(r"\d{4}-\d\d-\d\d\Z")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}\Z")
#: Longest text a card's fields take (a whole paragraph is still fine; a novel is a mistake).
MAX_TEXT = 10_000
MAX_URL = 2_000


class ClaimError(FactcheckError, ValueError):
    """A card, vote, verdict or scale value that cannot be stored; the message says why (for the user)."""


@dataclass(frozen=True)
class ScaleEntry:
    """One rating of the verdict scale: its name, its value (higher is truer) and colour."""

    name: str
    value: int
    color: str


@dataclass(frozen=True)
class VerdictScale:
    """The project's rating scale, best first."""

    entries: tuple[ScaleEntry, ...]

    def __post_init__(self) -> None:
        names = [e.name for e in self.entries]
        if len(set(names)) != len(names):
            raise ClaimError("A verdict scale names each rating once.")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.entries)

    def entry(self, name: str) -> ScaleEntry | None:
        for e in self.entries:
            if e.name == name:
                return e
        return None

    def value_of(self, name: str) -> int | None:
        e = self.entry(name)
        return e.value if e is not None else None

    @property
    def best(self) -> int:
        return max((e.value for e in self.entries), default=0)

    @property
    def worst(self) -> int:
        return min((e.value for e in self.entries), default=0)

    def ordered(self) -> VerdictScale:
        """Best (highest value) first; ties keep their order."""
        return VerdictScale(tuple(sorted(self.entries, key=lambda e: -e.value)))


#: Distinct colours from green (true) to vermilion (false), after the Okabe-Ito palette.
DEFAULT_SCALE = VerdictScale(
    (
        ScaleEntry("True", 5, "#009E73"),
        ScaleEntry("Mostly true", 4, "#56B4E9"),
        ScaleEntry("Half true", 3, "#F0E442"),
        ScaleEntry("Mostly false", 2, "#E69F00"),
        ScaleEntry("False", 1, "#D55E00"),
    )
)
#: Alias: the issue speaks of a rating scale, the tables of a verdict scale.
RatingScale = VerdictScale


@dataclass(frozen=True)
class Organization:
    """The publisher of reviews (a project setting): ClaimReview's author."""

    name: str = ""
    url: str = ""


@dataclass(frozen=True)
class Evidence:
    url: str
    title: str = ""


@dataclass(frozen=True)
class ClaimCard:
    """The claim as checked. text, speaker, claim_date and appearances belong to its maker (annotator)."""

    id: str
    text: str
    speaker: str | None
    claim_date: str | None  # YYYY-MM-DD
    appearances: tuple[str, ...]  # URLs added by hand; the tags' documents' sources come on export
    status: ClaimStatus
    annotator: str
    created_at: str
    updated_at: str
    deleted_at: str | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def too_long(self) -> bool:
        return len(self.text) > TEXT_ADVISORY_LIMIT


@dataclass(frozen=True)
class ClaimTag:
    """A claim tag attached to a card; the row belongs to who attached it."""

    id: str
    claim_id: str
    annotation_id: str
    annotator: str
    created_at: str
    updated_at: str
    deleted_at: str | None = None


@dataclass(frozen=True)
class CheckworthyVote:
    """One annotator's check-worthiness decision on a card (one live vote per annotator and card)."""

    id: str
    claim_id: str
    annotator: str
    value: CheckworthyValue
    reason: str
    created_at: str
    updated_at: str
    deleted_at: str | None = None


@dataclass(frozen=True)
class Verdict:
    """One annotator's rating of a card; `final` marks the reviewer's final verdict (theirs)."""

    id: str
    claim_id: str
    annotator: str
    verdict: str  # a scale name
    explanation: str
    evidence: tuple[Evidence, ...]
    final: bool
    review_url: str
    date_published: str | None  # YYYY-MM-DD
    created_at: str
    updated_at: str
    deleted_at: str | None = None


# -- checks (the one place the rules of each field are stated) ----------------------------------


def check_status(value: str) -> ClaimStatus:
    if value not in CLAIM_STATUSES:
        raise ClaimError(f"Unknown claim status {value!r}: use one of {', '.join(CLAIM_STATUSES)}.")
    return value


def check_checkworthy(value: str) -> CheckworthyValue:
    if value not in CHECKWORTHY_VALUES:
        raise ClaimError(f"Check-worthiness is yes, no or unsure, not {value!r}.")
    return value


def check_date(value: str | None, what: str = "date") -> str | None:
    """A calendar date as YYYY-MM-DD, or None (empty counts as None)."""
    if value is None or value == "":
        return None
    if not _DATE.match(value):
        raise ClaimError(f"The {what} {value[:40]!r} is not a date as YYYY-MM-DD.")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ClaimError(f"The {what} {value!r} is not a calendar date.") from None
    return value


def check_url(value: str, what: str = "URL") -> str:
    """An http(s) URL with a host (a javascript: or file: link must never reach a published review)."""
    value = value.strip()
    if len(value) > MAX_URL:
        raise ClaimError(f"The {what} is longer than {MAX_URL} characters.")
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ClaimError(f"The {what} {value[:60]!r} is not an http or https address.")
    return value


def check_text(value: str, what: str = "claim text", *, required: bool = False) -> str:
    if len(value) > MAX_TEXT:
        raise ClaimError(f"The {what} is longer than {MAX_TEXT} characters.")
    if "\x00" in value:
        raise ClaimError(f"The {what} holds a NUL character.")
    if required and not value.strip():
        raise ClaimError(f"The {what} is empty.")
    return value


def check_color(value: str) -> str:
    if not _COLOR.match(value):
        raise ClaimError(f"The colour {value[:20]!r} is not #rrggbb.")
    return value


def check_scale_name(value: str) -> str:
    if not value.strip() or len(value) > 100 or value != value.strip():
        raise ClaimError(f"A rating is named by 1 to 100 characters without blanks around: {value[:40]!r}.")
    return value


# -- making ----------------------------------------------------------------------------------------


#: Quotation marks in pairs (opening, closing); a straight mark is its own partner.
_QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“"), ('"', '"'), ("'", "'"))


def _dangling(text: str, at_start: bool) -> bool:
    """Whether the mark at that end of text is one whose partner is outside it (the tag began or ended
    inside a quotation), or is one of a pair around the whole."""
    mark = text[0] if at_start else text[-1]
    for opening, closing in _QUOTE_PAIRS:
        if mark == opening if at_start else mark == closing:
            if opening == closing:
                return text.count(mark) % 2 == 1 or (len(text) > 1 and text[0] == text[-1] == mark)
            if at_start:
                return text.count(opening) > text.count(closing) or text.endswith(closing)
            return text.count(closing) > text.count(opening) or text.startswith(opening)
    return False


def text_from_quote(quote: str) -> str:
    """A card's first text: the quote on one line, without the quotation marks around it, nor one whose
    partner lies outside the tag; a quotation inside keeps both its marks (“…” stays whole)."""
    text = " ".join(quote.split())
    while text:
        if len(text) > 1 and _dangling(text, True) and _dangling(text, False):
            text = text[1:-1].strip()
        elif _dangling(text, True):
            text = text[1:].strip()
        elif _dangling(text, False):
            text = text[:-1].strip()
        else:
            break
    return text


def new_card(
    text: str,
    annotator: str,
    *,
    speaker: str | None = None,
    claim_date: str | None = None,
    appearances: tuple[str, ...] = (),
    now: str | None = None,
) -> ClaimCard:
    now = now or utc_now()
    return ClaimCard(
        id=new_id(),
        text=check_text(text),
        speaker=speaker or None,
        claim_date=check_date(claim_date, "claim date"),
        appearances=tuple(check_url(u, "appearance") for u in appearances),
        status="new",
        annotator=annotator,
        created_at=now,
        updated_at=now,
    )


def tally(verdicts: list[tuple[str, int]], scale: VerdictScale) -> str:
    """ "3 True, 1 Half true" from (verdict name, count) pairs, in scale order (unknown names last)."""
    order = {name: i for i, name in enumerate(scale.names)}
    parts = sorted(verdicts, key=lambda vc: (order.get(vc[0], len(order)), vc[0]))
    return ", ".join(f"{n} {name}" for name, n in parts if n)


# -- ids of the rows that the JSON format names by their parts ------------------------------------
# A vote, a verdict and a tag's place on a card are one per (card, annotator[, tag]): their ids are made
# from those, so that the JSON format (which names them by their parts) and a database merge meet on the
# same row, and withdrawing then voting again revives the one row (its tombstone never lingers beside).

_ROW_NAMESPACE = uuid.UUID("6f1d3c1e-2b7a-5d2e-9c4f-0a8b7e6d5c4b")


def claim_tag_id(claim_id: str, annotation_id: str, annotator: str) -> str:
    return str(uuid.uuid5(_ROW_NAMESPACE, f"tag\n{claim_id}\n{annotation_id}\n{annotator}"))


def vote_id(claim_id: str, annotator: str) -> str:
    return str(uuid.uuid5(_ROW_NAMESPACE, f"vote\n{claim_id}\n{annotator}"))


def verdict_id(claim_id: str, annotator: str, final: bool) -> str:
    return str(uuid.uuid5(_ROW_NAMESPACE, f"{'final' if final else 'verdict'}\n{claim_id}\n{annotator}"))


@dataclass
class ClaimsPart:
    """The claim cards an import brings (checked: `factcheck.core.claims_input`). scale: the file's
    verdict scale (None: it has none); organization: None when absent. live_tags_only: the source names
    only live attachments (the JSON format), so an attachment missing from it detaches nothing."""

    scale: tuple[ScaleEntry, ...] | None = None
    scale_stamps: dict[str, str] = field(default_factory=dict)
    organization: Organization | None = None
    organization_stamp: str = ""
    cards: list[ClaimCard] = field(default_factory=list)
    claim_tags: list[ClaimTag] = field(default_factory=list)
    votes: list[CheckworthyVote] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    live_tags_only: bool = False
    #: card id -> where the source gave it, when the source names only tags it carries (JSONL): then
    #: each tag a card names must be in the project once the source's tags are stored.
    tag_places: dict[str, str] | None = None
    #: The source already applied the card rule (`factcheck.core.card_merge`): the team server, whose
    #: pulled cards land whole, by their stamps (a pull brings only the rows changed since the last).
    whole_rows: bool = False

    def __bool__(self) -> bool:
        return bool(self.cards or self.scale or self.organization)
