"""Documents, annotations and labels: plain data, no Qt, no SQL."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Literal, get_args

#: Version of the JSON project format this build writes and the newest it reads (1 still imports).
FORMAT_VERSION = 2

#: Characters of context kept on each side of a quote (W3C TextQuoteSelector prefix/suffix).
CONTEXT_CHARS = 32


STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
#: The one form every stored time stamp has, so that stamps compare correctly as strings.
#: The stored form; its fields in range (a 13th month, a 25th hour never match; a 31st of February does:
#: `canonical_stamp` catches it).
CANONICAL_STAMP = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z\Z"
)


def utc_now() -> str:
    """UTC ISO-8601 with microseconds and a Z; all stamps share this form so they sort as strings."""
    return datetime.now(UTC).strftime(STAMP_FORMAT)


def canonical_stamp(value: str) -> str:
    """Any ISO-8601 date and time in our stored form (UTC, microseconds, Z); naive times count as UTC.

    Raises ValueError when value is not ISO-8601. A teammate's file may carry "...10:00:00Z" or
    "+02:00" offsets; compared as strings with ours, those would make an older edit look newer.
    """
    if CANONICAL_STAMP.match(value):
        datetime.fromisoformat(value[:-1])  # the stored form, but a day the month lacks: ValueError
        return value
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(STAMP_FORMAT)


def is_stored_stamp(value: str) -> bool:
    """value is a time in the stored form (`CANONICAL_STAMP`), on a day its month has."""
    if not CANONICAL_STAMP.match(value):
        return False
    day = value[8:10]
    if day <= "28":  # every month has it (the pattern keeps the rest in range)
        return True
    # Days 29-31 by arithmetic, not a parse: imports check every stamp, and on those days of a month
    # most stamps of the day's work fall there.
    month = value[5:7]
    if month == "02":
        year = int(value[:4])
        return day == "29" and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day != "31" or month not in ("04", "06", "09", "11")


def new_id() -> str:
    return str(uuid.uuid4())


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF: offsets then mean the same on every platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: What a label's tags are: what is said (content), who says it (source) or the reporting verb (cue).
LabelRole = Literal["content", "source", "cue"]
LABEL_ROLES: tuple[LabelRole, ...] = get_args(LabelRole)


@dataclass(frozen=True)
class Label:
    name: str
    color: str  # "#rrggbb"
    shortcut: str = ""  # a single key, e.g. "1"
    role: LabelRole = "content"


# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
DEFAULT_LABELS: tuple[Label, ...] = (
    Label("claim", "#E69F00", "1"),
    Label("denial", "#56B4E9", "2"),
    Label("characterization", "#CC79A7", "3"),
    Label("source", "#009E73", "4", "source"),
    Label("cue", "#D55E00", "5", "cue"),
)


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    source: str
    text: str
    sha256: str
    imported_at: str

    @classmethod
    def create(cls, text: str, title: str = "", source: str = "") -> Document:
        text = normalize_newlines(text)
        return cls(
            id=new_id(),
            title=title or _title_from_text(text),
            source=source,
            text=text,
            sha256=text_sha256(text),
            imported_at=utc_now(),
        )


def _title_from_text(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:120]
    return "Untitled"


#: How a content tag reports its source's words: quoted ("direct") or paraphrased ("indirect").
Quotation = Literal["direct", "indirect"]
QUOTATIONS: tuple[Quotation, ...] = get_args(Quotation)

#: A discontinuous tag's pieces: (start, end) pairs, sorted, apart; empty for a continuous tag.
Fragments = tuple[tuple[int, int], ...]

#: A reviewer's decision on a tag; None (no decision) is stored as NULL.
ReviewStatus = Literal["accepted", "rejected"]
REVIEW_STATUSES: tuple[ReviewStatus, ...] = get_args(ReviewStatus)


# Slotted: a long article holds 50k of them, and a slotted one is 64 bytes smaller than one with a
# __dict__ (services.formats.validate makes them without __init__, through the slots' setters).
@dataclass(frozen=True, slots=True)
class Annotation:
    """A tagged span. start/end are code points into the document text, end exclusive."""

    id: str
    document_id: str
    label: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    annotator: str
    note: str = ""
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None  # tombstone: a merge never brings a deleted tag back
    status: ReviewStatus | None = None
    reviewer: str | None = None
    reason: str | None = None
    reviewed_at: str | None = None
    orphaned: bool = False  # could not be re-anchored onto a corrected text
    # Discontinuous tag: its pieces (start/end/quote are then those of the envelope); see core.fragments.
    fragments: Fragments = ()
    speaker: str | None = None  # on a source tag: the speaker's id (core.speakers)
    source: str | None = None  # on a content tag: the id of the source tag of its document
    cue: str | None = None  # on a content tag: the id of the cue tag of its document
    quotation: Quotation | None = None  # on a content tag
    extra: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def fragments_json(self) -> str | None:
        """fragments as stored (a column, a row tuple): JSON "[[s,e],[s,e]]", or None when continuous."""
        if not self.fragments:
            return None
        return "[" + ",".join(f"[{s},{e}]" for s, e in self.fragments) + "]"


#: Annotation's stored fields in order, all but `extra`: the store's columns and (less document_id) the
#: keys of the JSON and JSONL formats. Derived, so that a new field cannot be forgotten in one copy.
ANNOTATION_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Annotation) if f.name != "extra")

#: Attribution: the fields of a content tag naming who said it and how (owned by its annotator).
ATTRIBUTION_FIELDS = ("source", "cue", "quotation")
#: The fields added for structure; a row tuple (ANNOTATION_FIELDS order) holds fragments as fragments_json.
STRUCTURE_FIELDS = ("fragments", "speaker", *ATTRIBUTION_FIELDS)


def parse_fragments_json(value: str | None) -> Fragments:
    """fragments from their stored form (trusted: written by us; untrusted input goes through checks)."""
    if not value:
        return ()
    return tuple((int(s), int(e)) for s, e in json.loads(value))
