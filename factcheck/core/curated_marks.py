"""The curated mark as it travels (docs/curation.md, "Where each document stands"): a reviewer's note
that a document is done, (curator, curated_at), and the rule a merge settles two marks of one document by.

A file or a teammate's database carries the marks it has; a document without one there says nothing (a
file cannot tell "never marked" from "unmarked": it never clears ours). Two marks of one document: the
earlier stays (its curator breaking a tie of the same instant), since the mark says "done since"; the
first reviewer's call is the one the team went on from, and a teammate who marked it again later only
agreed. Taking the earlier is commutative, associative and idempotent: merging the same file twice
changes nothing, A merging B then B merging A gives both the same mark, and the order of the files of
one import does not matter.
"""

from __future__ import annotations

#: (curator, curated_at): who marked the document curated, and when (the stored stamp form).
Mark = tuple[str, str]


def settled(ours: Mark | None, theirs: Mark | None) -> Mark | None:
    """The mark a merge keeps: one side's when the other has none, else the earlier one (then the
    curator's name first in code-point order: the same on every machine)."""
    if ours is None:
        return theirs
    if theirs is None:
        return ours
    return min(ours, theirs, key=lambda mark: (mark[1], mark[0]))
