"""Seeded random edits of an open document under a ReviewSession, each step checked against a full
computation (Qt-free): tags added, relabelled, respanned, put in pieces, orphaned, decided, deleted and
undone; with the structure listed too, links added and deleted, attribution (source, cue) set and
cleared, speakers and quotations set (which change no row)."""

from __future__ import annotations

import random
from dataclasses import replace

from factcheck.core.disagreements import Disagreement, find_disagreements, sort_key
from factcheck.core.links import Link, new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.review_session import ReviewSession, StructureSource
from factcheck.core.review_structure import structure_disagreements
from factcheck.core.spans import new_annotation

TEXT = "".join(random.Random(7).choice("abcde ") for _ in range(400))
LABELS = ("claim", "denial", "characterization")
STRUCTURE_LABELS = (*LABELS, "source", "cue")
WHO = ("ana", "ben", "cy")
#: Link types: one symmetric, one not, and the review's own (never a disagreement).
SYMMETRIC = {"denies": False, "same_claim": True, "corrects": False}


def full(session: ReviewSession) -> list[Disagreement]:
    """Every disagreement the session should list, computed over every tag and link."""
    chosen = session.chosen_annotators()
    found = find_disagreements(t for t in session.tags if chosen is None or t.annotator in chosen)
    if session.structure is not None and session.comparing():
        found += structure_disagreements(session.structure.open_document, chosen, SYMMETRIC)
    return sorted(found, key=sort_key)


def open_count(session: ReviewSession) -> int:
    return sum(1 for d in session.disagreements if not session.settled(d))


class EditRun:
    """One document, its session (``structure``: links and attribution listed too) and the edits made;
    ``step`` makes one random edit and checks the session against ``full``."""

    def __init__(self, seed: int, pair: tuple[str, str] | None, structure: bool = False) -> None:
        self.rng = random.Random(seed)
        self.doc = Document.create(TEXT, title="t")
        self.od = OpenDocument()
        self.od.open(self.doc, [])
        self.session = ReviewSession(self.od.tags)
        self.session.pair = pair
        if structure:
            self.session.structure = StructureSource(self.od, lambda: SYMMETRIC)
        self.session.recompute(keep=False)
        self.labels = STRUCTURE_LABELS if structure else LABELS
        self.structure = structure
        self.undo: list[tuple[str, str, Annotation | Link | None]] = []  # (kind, id, as it was)
        self.updated = 0  # steps done around the change, not in full
        self.kinds: set[str] = set()  # the kinds of edit made

    def span(self) -> tuple[int, int]:
        start = self.rng.randrange(0, len(TEXT) - 2)
        return start, min(len(TEXT), start + self.rng.randint(1, 30))

    # -- applying and checking -----------------------------------------------------------------------
    def check(self, previous: Disagreement | None) -> None:
        session = self.session
        assert session.disagreements == full(session)
        assert session.open_count() == open_count(session)
        if previous is not None:
            assert session.current == session._index_like(previous)

    def tag(self, tag_id: str, after: Annotation | None, kind: str) -> None:
        """Change one tag as the feed does, then let the session follow."""
        self.kinds.add(kind)
        before = self.od.tags.get(tag_id)
        self.undo.append(("tag", tag_id, before))
        if after is None:
            self.od.tags.remove(tag_id)
        else:
            self.od.tags.upsert(after)
        previous = self.session.current_disagreement()
        if self.session.update(before, after) is not None:
            self.updated += 1
        self.check(previous)

    def decide(self, tag_id: str, after: Annotation, kind: str) -> None:
        """A change the list does not read (a decision, a speaker): as the panel does, the rows stay."""
        self.kinds.add(kind)
        before = self.od.tags[tag_id]
        self.od.tags.upsert(after)
        self.undo.append(("tag", tag_id, before))
        current = self.session.current
        self.session.decisions_changed(before, after)
        self.check(None)
        assert self.session.current == current

    def link(self, link_id: str, after: Link | None, kind: str) -> None:
        self.kinds.add(kind)
        before = self.od.links.get(link_id)
        self.undo.append(("link", link_id, before))
        if after is None:
            self.od.links.remove(link_id)
        else:
            self.od.links.upsert(after)
        previous = self.session.current_disagreement()
        if self.session.links_changed(before, after) is not None:
            self.updated += 1
        self.check(previous)

    # -- one random edit -----------------------------------------------------------------------------
    def step(self) -> None:
        rng = self.rng
        move = rng.random()
        if self.structure and move < 0.35 and len(self.od.tags) >= 4:
            self.structure_step(move / 0.35)
        else:
            self.span_step(move if not self.structure else max(0.0, move - 0.35) / 0.65)
        if rng.random() < 0.3 and self.session.disagreements:
            self.session.go_to(rng.randrange(len(self.session.disagreements)))

    def span_step(self, move: float) -> None:
        rng, od, doc = self.rng, self.od, self.doc
        live = od.tags.ids()
        if move < 0.35 or len(live) < 4:
            s, e = self.span()
            tag = new_annotation(doc, s, e, rng.choice(self.labels), rng.choice(WHO))
            self.tag(tag.id, tag, "add")
        elif move < 0.5:
            tag = od.tags[rng.choice(live)]
            self.tag(tag.id, replace(tag, label=rng.choice(self.labels)), "relabel")
        elif move < 0.62:
            tag = od.tags[rng.choice(live)]
            s, e = self.span()
            moved = new_annotation(doc, s, e, tag.label, tag.annotator)
            self.tag(tag.id, replace(moved, id=tag.id, source=tag.source, cue=tag.cue), "respan")
        elif move < 0.67:
            tag = od.tags[rng.choice(live)]
            if rng.random() < 0.5:  # in pieces
                a, b = tag.start, tag.end
                if b - a >= 5:
                    self.tag(tag.id, replace(tag, fragments=((a, a + 2), (b - 2, b))), "pieces")
            else:
                self.tag(tag.id, replace(tag, orphaned=not tag.orphaned), "orphan")
        elif move < 0.75:
            tag = od.tags[rng.choice(live)]
            decided = replace(tag, status=rng.choice(("accepted", "rejected", None)))
            if rng.random() < 0.5:
                self.tag(tag.id, decided, "decision")
            else:
                self.decide(tag.id, decided, "decision")
        elif move < 0.87:
            self.tag(rng.choice(live), None, "delete")
        elif self.undo:
            kind, item_id, was = self.undo.pop()
            if kind == "tag":
                assert was is None or isinstance(was, Annotation)
                self.tag(item_id, was, "undo")
            else:
                assert was is None or isinstance(was, Link)
                self.link(item_id, was, "undo link")
            self.undo.pop()  # an undo is not undone here

    def structure_step(self, move: float) -> None:
        rng, od = self.rng, self.od
        tags = list(od.tags)
        if move < 0.35:  # a link between tags near each other, by one of the ends' annotators
            a = rng.choice(tags)
            near = [t for t in tags if t.id != a.id and abs(t.start - a.start) < 80] or [rng.choice(tags)]
            b = rng.choice(near)
            if a.id != b.id:
                kind = rng.choice(("denies", "denies", "same_claim", "corrects"))
                who = rng.choice((a.annotator, b.annotator))
                link = new_link(self.doc.id, kind, a.id, b.id, who)
                self.link(link.id, link, "link")
        elif move < 0.5:
            links = list(od.links)
            if links:
                self.link(rng.choice(links).id, None, "unlink")
        elif move < 0.58:  # a link retyped (as a link types rename does, one link at a time)
            links = list(od.links)
            if links:
                lk = rng.choice(links)
                self.link(lk.id, replace(lk, type=rng.choice(("denies", "same_claim"))), "retype")
        elif move < 0.85:  # attribution: a source (and a cue) near the content, or cleared
            content = rng.choice(tags)
            near = [t for t in tags if t.id != content.id and abs(t.start - content.start) < 120]
            sources = [t for t in near if t.label == "source"] or near
            cues = [t for t in near if t.label == "cue"]
            if rng.random() < 0.2 or not sources:
                self.tag(content.id, replace(content, source=None, cue=None), "clear attribution")
            else:
                source = rng.choice(sources).id
                cue = rng.choice(cues).id if cues and rng.random() < 0.6 else None
                self.tag(content.id, replace(content, source=source, cue=cue), "attribute")
        else:  # a speaker or a quotation: the list does not read them
            tag = rng.choice(tags)
            if rng.random() < 0.5:
                self.decide(tag.id, replace(tag, speaker=rng.choice(("s1", "s2", None))), "speaker")
            else:
                self.decide(tag.id, replace(tag, quotation=rng.choice(("direct", None))), "quotation")
