"""Speakers: the project-wide people and organizations that source tags refer to.

"Tillerson", "Rex Tillerson" and "the secretary of state" in ten articles are one speaker. A speaker
has no annotator: anyone may edit one, and the newer `updated_at` wins a merge. Merging speaker B into
A sets B.merged_into = A, so nobody's tags are rewritten; `resolve` follows merged_into.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Literal, get_args

from factcheck.core.model import new_id, utc_now
from factcheck.core.names import holds_hidden, shown

SpeakerKind = Literal["person", "organization"]
SPEAKER_KINDS: tuple[SpeakerKind, ...] = get_args(SpeakerKind)


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    kind: SpeakerKind
    description: str
    same_as: tuple[str, ...]  # URLs naming the same person or body (e.g. Wikidata)
    created_at: str
    updated_at: str
    deleted_at: str | None = None
    merged_into: str | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


#: Speaker's fields in order: the speakers table's columns (same_as stored as a JSON list).
SPEAKER_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Speaker))


def new_speaker(
    name: str, kind: SpeakerKind = "person", description: str = "", same_as: tuple[str, ...] = ()
) -> Speaker:
    if problem := name_problem(name):
        raise ValueError(problem)
    now = utc_now()
    return Speaker(new_id(), name.strip(), kind, description, tuple(same_as), now, now)


#: What to do about a speaker's name that another project holds and this one refuses.
RENAME_FIRST = "rename that speaker where it was made (Project › Speakers…) and export it again"


def name_problem(name: str) -> str | None:
    """Why name cannot be a speaker's (the rule of labels' names: it must read as it is), or None."""
    if holds_hidden(name):
        return (
            "a speaker's name cannot hold control characters (line breaks, escape sequences, "
            f"direction overrides); “{shown(name)}” does"
        )
    if not name.strip():
        return "a speaker's name is empty"
    if len(name) > 300:
        return "a speaker's name is longer than 300 characters"
    return None


#: Typographic apostrophes and quotes, read as the straight ones when names are compared: the article
#: prints "O’Brien", the keyboard types "O'Brien".
_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"'})


def name_key(name: str) -> str:
    """What two names of one speaker share: "O’Brien" and "o'brien  " are the same name."""
    return " ".join(name.translate(_STRAIGHT).casefold().split())


def resolve(speaker_id: str, speakers: Mapping[str, Speaker]) -> str:
    """The speaker speaker_id stands for now: merged_into followed to its end (a cycle, which only a
    hand-edited file could make, stops at the first speaker seen twice)."""
    seen = {speaker_id}
    current = speaker_id
    while True:
        speaker = speakers.get(current)
        if speaker is None or speaker.merged_into is None or speaker.merged_into in seen:
            return current
        current = speaker.merged_into
        seen.add(current)


def merged(b: Speaker, into: str, now: str | None = None) -> Speaker:
    """b merged into the speaker `into` (B's tags then count as A's)."""
    if into == b.id:
        raise ValueError("a speaker cannot be merged into itself")
    stamp = now or utc_now()
    return Speaker(**{**b.__dict__, "merged_into": into, "updated_at": stamp})
