"""The curated marks in a file merge (a teammate's JSON project file or database): each lands on the
document its tags went to (ours of the same text, our version of the article, or the one the merge added,
under a new id when theirs was taken), settled with ours by the rule `factcheck.core.curated_marks` gives
(the same whichever side merges first). A document the merge left out (removed here, a sample) takes no
mark."""

from __future__ import annotations

from collections.abc import Mapping

from db.curated import merge_marks
from db.store import Store
from factcheck.core.curated_marks import Mark, settled
from factcheck.core.report import ImportReport


def merge_curated_marks(
    store: Store, curated: Mapping[str, Mark], our_ids: Mapping[str, str], report: ImportReport
) -> None:
    """Their marks (by their document id) onto ours: our_ids maps their document id to the id of ours
    its tags went to. Counted in the report's structure lines."""
    incoming: dict[str, Mark] = {}
    for their_id, mark in curated.items():
        ours = our_ids.get(their_id)
        if ours is not None:  # two of their texts on one of ours (versions): the rule picks
            incoming[ours] = settled(incoming.get(ours), mark) or mark
    merged = merge_marks(store, incoming)
    for key, n in (
        ("marks added", len(merged.added)),
        ("marks updated (theirs earlier)", len(merged.replaced)),
        ("marks unchanged", merged.unchanged),
    ):
        if n:
            report.structure[key] = report.structure.get(key, 0) + n
