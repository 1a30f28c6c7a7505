"""What the brat lines mean in factcheck, both ways: the names and small conversions shared by the brat
writer (`brat`) and reader (`brat_bundle`), so that an export reads back as it was written.

- Attribution is an `Attribution` event: `E1<TAB>Attribution:T4 Source:T1 Cue:T2 Content:T3`, whose
  trigger T4 (type `Attribution`) lies on the cue's text (on the source's, else the content's, when there
  is no cue), as brat attribution corpora write it.
- Direct or indirect quotation is the `Quotation` attribute of the content tag (`A1<TAB>Quotation T3
  direct`); a review decision the `Review` attribute, an orphaned tag the binary `Orphaned` attribute.
- Any other attribute is kept as a line of the tag's note, `[brat] Name` or `[brat] Name=Value`, and
  written back as the attribute it was.
- A speaker is a normalization of its source tag: `N1<TAB>Reference T1 factcheck:<speaker id><TAB>name`
  (its identity in the project), then one per `same_as`: `Wikidata:Q42` for a Wikidata address, `URL:<u>`
  for any other web address, `DB:ID` as is otherwise.
"""

from __future__ import annotations

import re

ATTRIBUTION = "Attribution"
SOURCE_ROLE, CUE_ROLE, CONTENT_ROLE = "Source", "Cue", "Content"
QUOTATION = "Quotation"
QUOTATIONS = ("direct", "indirect")
REVIEW = "Review"
ORPHANED = "Orphaned"
NOTES = "AnnotatorNotes"
REFERENCE = "Reference"
#: The normalization database naming a speaker of the project by its id.
SPEAKER_DB = "factcheck"
#: A note line holding an attribute factcheck has no field for.
KEPT_ATTRIBUTE = re.compile(r"\[brat\] (\S+?)(?:=(\S+))?\Z")

_WIKIDATA = re.compile(r"https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/([QPL]\d+)\Z")
WIKIDATA_URL = "https://www.wikidata.org/wiki/{}"
_WEB = re.compile(r"https?://\S+\Z", re.IGNORECASE)
#: A review decision written as a note line: "[rejected by rita: not a claim]", "[accepted]".
REVIEW_NOTE = re.compile(r"\[(accepted|rejected)(?: by (.*?))?(?:: (.*))?\]\Z")


def kept_attribute(name: str, value: str | None) -> str:
    return f"[brat] {name}" if value is None else f"[brat] {name}={value}"


def review_note(status: str, reviewer: str | None, reason: str | None) -> str:
    decision = f"{status} by {reviewer}" if reviewer else status
    return f"[{decision}: {reason}]" if reason else f"[{decision}]"


def normalization(same_as: str) -> str | None:
    """A same_as address or name as brat's DB:ID, or None when it cannot be one (white space)."""
    match = _WIKIDATA.match(same_as)
    if match:
        return f"Wikidata:{match.group(1)}"
    if any(c.isspace() for c in same_as) or not same_as:
        return None
    if _WEB.match(same_as):
        return f"URL:{same_as}"
    return same_as if ":" in same_as.strip(":") else f"URL:{same_as}"


def same_as(db: str, key: str) -> str:
    """brat's DB:ID as a speaker's same_as entry (the inverse of normalization())."""
    if db.lower() == "wikidata":
        return WIKIDATA_URL.format(key)
    if db.upper() == "URL":
        return key
    return f"{db}:{key}"
