"""A teammate's bundled sample article stays out of a merge (their database or export), and so do the tags,
links and claim cards they made on it while trying factcheck out: it is not work, and every project has
its own sample to try. The same rule as a sync's (`sync_samples`), said in the import's summary.

A file that holds nothing but the sample (a trainer's worked example of it) is imported as asked: leaving
it all out would make the import do nothing at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from db import claims as claim_rows
from db.samples import SAMPLE_SOURCE
from db.store import Store
from factcheck.core.claims import ClaimsPart
from factcheck.core.model import Annotation, Document
from factcheck.core.report import ImportReport

Part = tuple[Document, Sequence[Annotation]]


@dataclass
class SamplesLeftOut:
    """What a merge left out: the teammate's sample documents' titles and their tags' ids."""

    titles: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    cards: int = 0

    def parts(self, parts: Iterable[Part]) -> Iterator[Part]:
        """parts without the sample's, unless there is nothing else (then the sample's, at the end)."""
        held: list[Part] = []
        others = False
        for part in parts:
            if part[0].source == SAMPLE_SOURCE:
                held.append(part)
                continue
            others = True
            yield part
        if not others:
            yield from held
            return
        for document, tags in held:
            self.titles.append(document.title)
            self.tags.update(tag.id for tag in tags)

    def claims(self, store: Store, part: ClaimsPart) -> ClaimsPart:
        """part without the cards made only of the left-out tags (unless this project has them), their
        votes and verdicts, and without any card's attachment of a left-out tag."""
        if not self.tags:
            return part
        on_sample: dict[str, bool] = {}
        for row in part.claim_tags:
            on_sample[row.claim_id] = on_sample.get(row.claim_id, True) and row.annotation_id in self.tags
        dropped = {
            card_id for card_id, only in on_sample.items() if only and claim_rows.card(store, card_id) is None
        }
        self.cards += len(dropped)
        return replace(
            part,
            cards=[c for c in part.cards if c.id not in dropped],
            claim_tags=[t for t in part.claim_tags if t.annotation_id not in self.tags],
            votes=[v for v in part.votes if v.claim_id not in dropped],
            verdicts=[v for v in part.verdicts if v.claim_id not in dropped],
        )

    def tell(self, report: ImportReport) -> None:
        """The summary's sentence for what was left out (none when nothing was)."""
        if not self.titles:
            return
        tags = len(self.tags)
        made = f"{tags} tag{'s' if tags != 1 else ''}"
        if self.cards:
            made += f" and {self.cards} claim card{'s' if self.cards != 1 else ''}"
        report.notes.append(
            f"Left out their sample article “{self.titles[0]}” and the {made} made on it while trying "
            "factcheck out: it is not the team's work."
        )
