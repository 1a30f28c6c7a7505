"""Where annotators disagree on structure, for the review panel: per document and pair, each link one of
them made that the other made differently (to another tag) or not at all ("bob linked the denial to
another claim"), and each attribution the other did not make the same ("alice attributed it to another
source"). Matching is link_agreement's (overlap by default: the reviewer looks at what differs)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from factcheck.core.fragments import quoted
from factcheck.core.link_agreement import DocumentStructure, attribution_matcher, link_matcher, tags_match


@dataclass(frozen=True)
class StructureDisagreement:
    kind: str  # "link" | "attribution"
    document_id: str
    annotators: tuple[str, str]  # (who made it, who did not make it so)
    annotation_ids: tuple[str, ...]  # the tags involved: for a link its ends, for attribution the content tag
    link_id: str | None  # the link that found no match
    other_link_id: str | None  # the other's link of that type from the matching tag, if any
    description: str


def disagreements(
    document: str, doc: DocumentStructure, symmetric: Mapping[str, bool], mode: str = "overlap"
) -> list[StructureDisagreement]:
    """Links and attributions of each annotator that the other of a pair did not match (mode: how ends
    and spans match), one record each, worded for a list."""
    out: list[StructureDisagreement] = []
    match = tags_match(mode)
    same_link = link_matcher(doc, match, symmetric)
    same_attr = attribution_matcher(doc, match)
    for a, b in itertools.permutations(sorted(doc.annotators()), 2):
        theirs = doc.links_by(b)
        for link in doc.links_by(a):
            if any(same_link(link, other) for other in theirs):
                continue
            origin = doc.tags[link.from_id]
            other = next(
                (o for o in theirs if o.type == link.type and match(doc.tags[o.from_id], origin)), None
            )
            target = doc.tags[link.to_id]
            if other is not None:
                what = (
                    f"{a} linked {quoted(origin)} ({link.type}) to {quoted(target)}; "
                    f"{b} to {quoted(doc.tags[other.to_id])}"
                )
            else:
                what = f"only {a} linked {quoted(origin)} ({link.type}) to {quoted(target)}"
            out.append(
                StructureDisagreement(
                    "link",
                    document,
                    (a, b),
                    (link.from_id, link.to_id),
                    link.id,
                    other.id if other else None,
                    what,
                )
            )
        for content in doc.attributed_by(a):
            counterpart = next((c for c in doc.tags.values() if c.annotator == b and match(c, content)), None)
            if counterpart is not None and same_attr(content, counterpart):
                continue
            source = doc.tags[content.source] if content.source else None
            said = (
                f"attributed {quoted(content)} to {quoted(source)}"
                if source
                else f"attributed {quoted(content)}"
            )
            if counterpart is None:
                what = f"{a} {said}; {b} did not tag it"
            elif counterpart.source is None or counterpart.source not in doc.tags:
                what = f"{a} {said}; {b} did not attribute it"
            elif not match(doc.tags[counterpart.source], source) if source else True:
                what = f"{a} {said}; {b} to another source, {quoted(doc.tags[counterpart.source])}"
            else:
                what = f"{a} {said}; {b} with another cue"
            out.append(
                StructureDisagreement(
                    "attribution",
                    document,
                    (a, b),
                    (content.id,) + ((counterpart.id,) if counterpart else ()),
                    None,
                    None,
                    what,
                )
            )
    return out
