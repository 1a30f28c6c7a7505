"""Keeping the review list's link and attribution disagreements up to date edit by edit.

``core.review_structure.structure_disagreements`` compares every link and attribution of each annotator
with every one of each other annotator's: minutes on a 50k-tag article with 20k links. Here each *unit*
(a link, or an attributed content tag) is decided alone (``core.structure_disagreements``) from the few
links and tags near it that can match it (the tags compared held in a span index, the links by the tags
at their ends), and an edit decides again only the units it can change.

What an edit can change (``match``: the same tag, or the same label sharing a character; ``near(t)``:
the compared tags whose envelope shares a character with t's, t included, before or after the edit):

- A tag X (added, deleted, relabelled, respanned, in pieces, orphaned, attributed, undone...):
  - link units: the links touching a tag near X (X is one of their ends, or may match one: the matching
    of their ends, their "other" link), and the links touching a tag near either end of a link of X's (X
    is an end of a link such a unit may match or name: "bob linked it to X");
  - attribution units: X itself, the content tags naming X as source or cue (``referrers``), the tags
    near X (X may be their counterpart) and the tags near any of X's referrers (X is the source or cue of
    their counterpart).
  A change of who is compared (an annotator's first tag or last) changes every unit: computed in full.
- A link (added, deleted, retyped, undone): that link's unit, and the links touching a tag near either
  end, before or after (their matching may take it, or name it).
- Neither reads a review decision, a note, a speaker or a quotation: those change no unit (only the
  open count of the rows naming the tag, ``by_tag``).
- The link types' symmetry is read when built: a change of link types computes in full.

The rows are those of ``review_structure.rows_of`` per unit; the same row from two units (two identical
links) is counted, so it goes only when neither gives it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping

from factcheck.core.disagreements import Disagreement
from factcheck.core.link_agreement import DocumentStructure, attribution_matcher, link_matcher, tags_match
from factcheck.core.link_layer import LinkLayer
from factcheck.core.links import Link
from factcheck.core.model import Annotation
from factcheck.core.open_document import TagLayer
from factcheck.core.ownership import CORRECTS
from factcheck.core.review_structure import rows_of
from factcheck.core.span_index import SpanIndex
from factcheck.core.structure_disagreements import attribution_disagreement, link_disagreement

#: Units decided between two calls of a computation's ``check``.
_BATCH = 500

Unit = tuple[str, str]  # ("link", link id) or ("attribution", content tag id)
Rows = tuple[list[Disagreement], list[Disagreement]]  # (went, came): every row around a change


class Compared(Mapping[str, Annotation]):
    """The tags compared (live, placed, of the chosen annotators), read from the tag layer as they are."""

    def __init__(self, layer: TagLayer, chosen: set[str] | None) -> None:
        self.layer = layer
        self.chosen = chosen

    def accepts(self, tag: Annotation | None) -> bool:
        return (
            tag is not None
            and not tag.deleted
            and not tag.orphaned
            and (self.chosen is None or tag.annotator in self.chosen)
        )

    def __getitem__(self, tag_id: str) -> Annotation:
        tag = self.layer.get(tag_id)
        if tag is None or not self.accepts(tag):
            raise KeyError(tag_id)
        return tag

    def get(self, tag_id: str, default: object = None) -> Annotation | None:  # type: ignore[override]
        tag = self.layer.get(tag_id)
        return tag if self.accepts(tag) else None

    def __contains__(self, tag_id: object) -> bool:
        return isinstance(tag_id, str) and self.accepts(self.layer.get(tag_id))

    def __iter__(self) -> Iterator[str]:
        return (t.id for t in self.layer if self.accepts(t))

    def __len__(self) -> int:
        return sum(1 for t in self.layer if self.accepts(t))


class StructureIndex:
    """The structure's disagreements of the open document between the chosen annotators, by unit."""

    def __init__(
        self,
        document_id: str,
        tags: TagLayer,
        links: LinkLayer,
        chosen: set[str] | None,
        symmetric: Mapping[str, bool],
        spans: SpanIndex,
        check: Callable[[], None] = lambda: None,
    ) -> None:
        """``spans``: the compared tags' spans, kept up to date by the caller (the span disagreements'
        index holds exactly those) before each ``tag_changed``. ``check``: called between batches of
        units (it raises to stop a computation no longer wanted)."""
        self.document_id = document_id
        self.tags = Compared(tags, chosen)
        self.links = links
        self.spans = spans
        doc = DocumentStructure(self.tags, ())
        self.match = tags_match("overlap")
        self.same_link = link_matcher(doc, self.match, symmetric)
        self.same_attr = attribution_matcher(doc, self.match)
        compared = [t for t in tags if self.tags.accepts(t)]
        self.who = Counter(t.annotator for t in compared)
        self.annotators = sorted(self.who)
        #: tag id -> the compared tags naming it as their source or cue (whether it is compared or not)
        self.referrers: dict[str, set[str]] = {}
        self.units: dict[Unit, list[Disagreement]] = {}
        self.count: Counter[Disagreement] = Counter()
        #: tag id -> the rows naming it (for the open count when a decision changes)
        self.by_tag: dict[str, set[Disagreement]] = {}
        for tag in compared:
            self._refer(tag, True)
        units: list[Unit] = [("attribution", t.id) for t in compared if t.source is not None]
        units += [("link", lk.id) for lk in links if lk.type != CORRECTS]
        for first in range(0, len(units), _BATCH):  # batch by batch: the same rows as all at once
            check()
            self._decide(units[first : first + _BATCH])

    def rebind(self, tags: TagLayer, links: LinkLayer) -> None:
        """Read these layers from now on (computed on a copy of them, which now holds the same)."""
        self.tags.layer = tags
        self.links = links

    # -- what is there ---------------------------------------------------------------------------------
    def rows(self) -> list[Disagreement]:
        return list(self.count)

    def _refer(self, tag: Annotation, add: bool) -> None:
        for target in {tag.source, tag.cue} - {None}:
            assert target is not None
            if add:
                self.referrers.setdefault(target, set()).add(tag.id)
            else:
                named = self.referrers.get(target)
                if named is not None:
                    named.discard(tag.id)
                    if not named:
                        del self.referrers[target]

    def _near(self, tag: Annotation | None) -> set[str]:
        return {s[2] for s in self.spans.overlapping(tag.start, tag.end)} if tag is not None else set()

    def _touching(self, tag_ids: Iterable[str]) -> set[str]:
        return {lk.id for t in tag_ids for lk in self.links.of(t)}

    # -- one unit --------------------------------------------------------------------------------------
    def _link_rows(self, link: Link | None) -> list[Disagreement]:
        tags = self.tags
        if (
            link is None
            or link.type == CORRECTS
            or link.annotator not in self.who
            or link.from_id not in tags
            or link.to_id not in tags
        ):
            return []
        # b's links that may match it: of its type, from or to a tag that may match one of its ends.
        near = self._near(tags[link.from_id]) | self._near(tags[link.to_id])
        candidates = {
            lk.id: lk
            for t in near
            for lk in self.links.of(t)
            if lk.type == link.type
            and lk.annotator != link.annotator
            and lk.from_id in tags
            and lk.to_id in tags
        }
        found = []
        for b in self.annotators:
            if b != link.annotator:
                theirs = [lk for lk in candidates.values() if lk.annotator == b]
                d = link_disagreement(self.document_id, tags, link, b, theirs, self.match, self.same_link)
                if d is not None:
                    found.append(d)
        return rows_of(self.document_id, found, tags)

    def _attribution_rows(self, content: Annotation | None) -> list[Disagreement]:
        tags = self.tags
        if content is None or content.source not in tags or content.annotator not in self.who:
            return []
        near = [t for i in self._near(content) if (t := tags.get(i)) is not None]
        found = []
        for b in self.annotators:
            if b != content.annotator:
                d = attribution_disagreement(
                    self.document_id, tags, content, b, near, self.match, self.same_attr
                )
                if d is not None:
                    found.append(d)
        return rows_of(self.document_id, found, tags)

    def _decide(self, units: Iterable[Unit]) -> Rows:
        """Decide these units again: every row they gave or give, present before and after."""
        fresh: dict[Unit, list[Disagreement]] = {}
        for unit in dict.fromkeys(units):
            kind, key = unit
            if kind == "link":
                fresh[unit] = self._link_rows(self.links.get(key))
            else:
                fresh[unit] = self._attribution_rows(self.tags.get(key))
        old = [d for unit in fresh for d in self.units.get(unit, ())]
        touched = set(old).union(*fresh.values())
        went = [d for d in touched if self.count[d] > 0]
        for d in old:
            self.count[d] -= 1
        for unit, rows in fresh.items():
            if rows:
                self.units[unit] = rows
            else:
                self.units.pop(unit, None)
            for d in rows:
                self.count[d] += 1
        came = []
        for d in touched:
            if self.count[d] > 0:
                came.append(d)
            else:
                del self.count[d]
        for d in set(went) - set(came):
            for tag_id in d.annotation_ids:
                self.by_tag[tag_id].discard(d)
                if not self.by_tag[tag_id]:
                    del self.by_tag[tag_id]
        for d in set(came) - set(went):
            for tag_id in d.annotation_ids:
                self.by_tag.setdefault(tag_id, set()).add(d)
        return went, came

    # -- changes ---------------------------------------------------------------------------------------
    def tag_changed(self, before: Annotation | None, after: Annotation | None) -> Rows | None:
        """One tag changed (the layer and ``spans`` already hold ``after``): the rows around it. None when
        who is compared changed (every unit changes: the caller computes in full)."""
        before = before if self.tags.accepts(before) else None
        after = after if self.tags.accepts(after) else None
        if before is None and after is None:
            return [], []
        tag = after or before
        assert tag is not None
        if before is not None:
            self._refer(before, False)
            self.who[before.annotator] -= 1
            if not self.who[before.annotator]:
                del self.who[before.annotator]
        if after is not None:
            self._refer(after, True)
            self.who[after.annotator] += 1
        if sorted(self.who) != self.annotators:
            return None
        near = self._near(before) | self._near(after) | {tag.id}
        zone = set(near)
        for link in self.links.of(tag.id):
            zone |= self._near(self.tags.get(link.from_id)) | self._near(self.tags.get(link.to_id))
        referrers = self.referrers.get(tag.id, set())
        contents = near | referrers
        for content in referrers:
            contents |= self._near(self.tags.get(content))
        units: list[Unit] = [("link", i) for i in self._touching(zone)]
        units += [("attribution", i) for i in contents]
        return self._decide(units)

    def link_changed(self, before: Link | None, after: Link | None) -> Rows:
        """One link added, changed or removed (the link layer already holds ``after``): the rows around it."""
        link = after or before
        assert link is not None
        zone: set[str] = set()
        for lk in (before, after):
            if lk is not None:
                zone |= self._near(self.tags.get(lk.from_id)) | self._near(self.tags.get(lk.to_id))
        return self._decide([("link", link.id), *(("link", i) for i in self._touching(zone))])
