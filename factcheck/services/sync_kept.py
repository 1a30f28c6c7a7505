"""What a sync says about an owner's edit that went up beside a reviewer's change made meanwhile.

The push (`db.pg_owner_edits`) sends such a row with the server's values of the reviewer's columns (a
tag's review decision, a claim card's rated / published status) instead of having the whole row refused
and the edit lost; the pull then brings the server's copy back. These sentences tell the owner so, in
words, for the command line and File > Team server….
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from db.store import Store
from factcheck.core.model import Annotation


def describe(store: Store, kept: Mapping[str, Sequence[str]]) -> list[str]:
    """One line per kept row, read after the pull (the local copy is then the server's)."""
    lines = [_tag_line(key, store.annotation(key)) for key in kept.get("annotations", ())]
    lines += [
        f"sent claim {key} with the server's status: a reviewer moved it meanwhile, and only reviewers "
        "move a card from rated or published (your other changes went up)"
        for key in kept.get("claims", ())
    ]
    return lines


def _tag_line(key: str, ann: Annotation | None) -> str:
    quote = f" “{_short(ann.quote)}”" if ann is not None else ""
    start = f"sent your edit of tag {key}{quote} with the server's review decision: "
    end = "your edit went up and the decision stays on the edited tag (only reviewers record decisions)"
    if ann is None or ann.status is None:
        return f"{start}a reviewer cleared its decision meanwhile; {end}"
    reason = f" ({ann.reason})" if ann.reason else ""
    return f"{start}{ann.reviewer or 'a reviewer'} {ann.status} it meanwhile{reason}; {end}"


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
