"""Where annotators disagree on structure, for the review panel: per document and pair, each link one of
them made that the other made differently (to another tag) or not at all ("bob linked the denial to
another claim"), and each attribution the other did not make the same ("alice attributed it to another
source"). Matching is link_agreement's (overlap by default: the reviewer looks at what differs).

Each record is about one *unit* (a link, or an attributed content tag) of annotator a against another
annotator b: ``link_disagreement`` and ``attribution_disagreement`` decide it from b's links or tags
that may match (any superset of those that do: every one of b's here, a few near the unit in
``core.review_structure_index``). Where b has several that could be named, the first in text order is
(never the order tags or links happened to be loaded in), so the answer depends on what is there only.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from factcheck.core.fragments import quoted
from factcheck.core.link_agreement import (
    DocumentStructure,
    Match,
    attribution_matcher,
    link_matcher,
    tags_match,
)
from factcheck.core.links import Link
from factcheck.core.model import Annotation


@dataclass(frozen=True)
class StructureDisagreement:
    kind: str  # "link" | "attribution"
    document_id: str
    annotators: tuple[str, str]  # (who made it, who did not make it so)
    annotation_ids: tuple[str, ...]  # the tags involved: for a link its ends, for attribution the content tag
    link_id: str | None  # the link that found no match
    other_link_id: str | None  # the other's link of that type from the matching tag, if any
    description: str


def link_disagreement(
    document: str,
    tags: Mapping[str, Annotation],
    link: Link,
    b: str,
    theirs: Iterable[Link],
    match: Match,
    same_link: Callable[[Link, Link], bool],
) -> StructureDisagreement | None:
    """``link`` (its annotator's) against b's links ``theirs`` (b's live links of the document, or any
    superset of those of the link's type with an end matching one of its ends); None when b made it so."""
    theirs = list(theirs)
    if any(same_link(link, other) for other in theirs):
        return None
    a = link.annotator
    origin, target = tags[link.from_id], tags[link.to_id]
    named = [o for o in theirs if o.type == link.type and match(tags[o.from_id], origin)]
    other = min(named, key=lambda o: (tags[o.to_id].start, tags[o.to_id].end, o.id), default=None)
    if other is not None:
        what = (
            f"{a} linked {quoted(origin)} ({link.type}) to {quoted(target)}; "
            f"{b} to {quoted(tags[other.to_id])}"
        )
    else:
        what = f"only {a} linked {quoted(origin)} ({link.type}) to {quoted(target)}"
    return StructureDisagreement(
        "link", document, (a, b), (link.from_id, link.to_id), link.id, other.id if other else None, what
    )


def attribution_disagreement(
    document: str,
    tags: Mapping[str, Annotation],
    content: Annotation,
    b: str,
    candidates: Iterable[Annotation],
    match: Match,
    same_attr: Callable[[Annotation, Annotation], bool],
) -> StructureDisagreement | None:
    """``content`` (attributed: its source a live tag) against b's tags ``candidates`` (every live tag, or
    any superset of b's matching it); None when b's counterpart carries the same attribution."""
    a = content.annotator
    counterpart = min(
        (c for c in candidates if c.annotator == b and match(c, content)),
        key=lambda c: (c.start, c.end, c.id),
        default=None,
    )
    if counterpart is not None and same_attr(content, counterpart):
        return None
    source = tags[content.source] if content.source else None
    said = f"attributed {quoted(content)} to {quoted(source)}" if source else f"attributed {quoted(content)}"
    if counterpart is None:
        what = f"{a} {said}; {b} did not tag it"
    elif counterpart.source is None or counterpart.source not in tags:
        what = f"{a} {said}; {b} did not attribute it"
    elif not match(tags[counterpart.source], source) if source else True:
        what = f"{a} {said}; {b} to another source, {quoted(tags[counterpart.source])}"
    else:
        what = f"{a} {said}; {b} with another cue"
    return StructureDisagreement(
        "attribution",
        document,
        (a, b),
        (content.id,) + ((counterpart.id,) if counterpart else ()),
        None,
        None,
        what,
    )


def disagreements(
    document: str, doc: DocumentStructure, symmetric: Mapping[str, bool], mode: str = "overlap"
) -> list[StructureDisagreement]:
    """Links and attributions of each annotator that the other of a pair did not match (mode: how ends
    and spans match), one record each, worded for a list."""
    out: list[StructureDisagreement] = []
    match = tags_match(mode)
    same_link = link_matcher(doc, match, symmetric)
    same_attr = attribution_matcher(doc, match)
    everyone = list(doc.tags.values())
    for a, b in itertools.permutations(sorted(doc.annotators()), 2):
        theirs = doc.links_by(b)
        for link in doc.links_by(a):
            found = link_disagreement(document, doc.tags, link, b, theirs, match, same_link)
            if found is not None:
                out.append(found)
        for content in doc.attributed_by(a):
            said = attribution_disagreement(document, doc.tags, content, b, everyone, match, same_attr)
            if said is not None:
                out.append(said)
    return out
