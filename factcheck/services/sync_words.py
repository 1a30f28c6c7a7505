"""What a sync received and sent, in a fact-checker's words.

The merge counts a pulled tag that differs from ours as "updated (theirs newer)", the words of a file
import. In a sync that is mostly a reviewer's decision ("rita's decision on 1 tag") or the annotator's
own change of their tag ("1 tag changed by its annotator"): told apart here by comparing our copy of
each pulled tag before and after the pull. A document "already there" (the article a teammate's tags are
on) is no news in a sync, and is not said.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from db.annotation_rows import ANNOTATION_COLUMNS
from db.store import Store
from factcheck.core.model import Annotation
from factcheck.core.report import ImportReport

#: A review decision's fields: a change of these only is a reviewer's decision.
DECISION = frozenset({"status", "reviewer", "reason", "reviewed_at"})
#: Fields every change moves: not what changed.
_STAMPS = frozenset({"updated_at", "extra"})
_COMPARED = tuple(f.name for f in fields(Annotation) if f.name not in _STAMPS)
_ANNOTATOR = ANNOTATION_COLUMNS.index("annotator")


@dataclass
class PulledTags:
    """The pulled tags that changed a tag we had: per reviewer, their decisions (None: a decision
    cleared); per annotator, their own changes."""

    decisions: Counter[str] = field(default_factory=Counter)
    cleared: int = 0
    edited: Counter[str] = field(default_factory=Counter)

    @property
    def counted(self) -> int:
        return sum(self.decisions.values()) + self.cleared + sum(self.edited.values())

    def decided(self) -> list[str]:
        """["rita's decision on 1 tag", "a decision cleared on 1 tag"]."""
        said = [f"{who}'s decision on {_n(n, 'tag')}" for who, n in sorted(self.decisions.items())]
        if self.cleared:
            said.append(f"a decision cleared on {_n(self.cleared, 'tag')}")
        return said

    def changed(self) -> list[str]:
        """["1 changed by its annotator (bob)", "2 changed by their annotator (alice)"]."""
        return [
            f"{n:,} changed by {'its' if n == 1 else 'their'} annotator ({who})"
            for who, n in sorted(self.edited.items())
        ]


def before(store: Store, ids: Iterable[str]) -> dict[str, Annotation]:
    """Our copies of the tags a pull brings (read in the pull's transaction, before it writes)."""
    return store.live_annotations(ids)


def after(store: Store, ours: dict[str, Annotation]) -> PulledTags:
    """What the pull changed of the tags we had (deletions are counted by the merge: not here)."""
    out = PulledTags()
    now = store.live_annotations(ours)
    for tag_id, old in ours.items():
        new = now.get(tag_id)
        if new is None:
            continue
        changed = {name for name in _COMPARED if getattr(old, name) != getattr(new, name)}
        if not changed:
            continue
        if changed <= DECISION:
            if new.status is None:
                out.cleared += 1
            else:
                out.decisions[new.reviewer or "a reviewer"] += 1
        else:
            out.edited[new.annotator] += 1
    return out


def received(pulled: ImportReport, tags: PulledTags) -> str:
    """The pull's report in the sync's words ("Tags: 1 added, 1 changed by its annotator (bob). Review
    decisions: rita's decision on 1 tag."): the documents already here not said."""
    rest = max(pulled.updated - tags.counted, 0)  # (a change this comparison could not name)
    decided = "; ".join(tags.decided())
    return replace(pulled, documents_existing=0, updated=rest).summary(
        more_tags=tags.changed(), after_tags=[f"Review decisions: {decided}."] if decided else []
    )


def decisions_sent(rows: Sequence[tuple[Any, ...]], role: str, not_written: set[str]) -> int:
    """Of the tag rows sent, less those the server did not write: the decisions on another's tag (the
    only change a login may make to a tag not its own)."""
    return sum(1 for r in rows if r[0] not in not_written and r[_ANNOTATOR] != role)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
