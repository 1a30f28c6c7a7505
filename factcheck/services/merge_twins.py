"""A file merge's twins: a new tag (an id we do not have) identical to a live tag of ours on that document,
or to another new tag of the same import (same span, pieces, label and annotator: `core.duplicates`),
is not stored. It is read as the tag already here: attribution pointers (source, cue), links and claim
cards' tags naming it name that one; a link that would then join a tag to itself, or be the same as a live
link already here, is left out. The report says "1 tag already here under another id".

Another id for the same tag comes from another tool (an upper-cased uuid), a document listed twice, or the
same span tagged on two machines. Without this a merge would make a second identical tag, which every
other path refuses (`DuplicateTag`), and an undo could then be refused by that rule.

The decision is the same every time the same file is merged (the twin's id is never stored, so it is new
again, and identical to the same tag again): merging it twice changes nothing. The shapes are compared
only where a twin can be: in the usual case a set of the hashes of a part's shapes (C loops) shares none
with the document's, whose our part comes from the rows the merge already read for it; only a shared
hash reads the document's tags to compare them exactly.

What the twin held that our tag lacks is not lost (`Twins._carry`): its note, and its review decision
unless ours has a later decision act (`takes_note`, `takes_decision`); a different one is kept ours and
theirs is listed in the report. The team sync has its own rule for the twins a pull stores
(`team_twins`, applied by services.sync_twins), which uses the same two tests.

The file's rows come in batches, in any order (`Twins._decide_again`): a twin read as our tag that a later
row tombstones or moves, or read as a tag the same merge stored, is decided again on the whole file at the
end of its tags: a live tag of ours stays the tag; else the shape's first created new tag is stored and
the others are read as it. So the project after a merge never depends on the order of the rows.
A copy whose id is one of our tags on another document is no copy of a tag of this one (a tag's document
never changes): listed as a conflict, neither stored nor read as a tag, whichever row came first
(`Twins._elsewhere`); the rest of the file is imported.

The twins are found among the rows a batch's plan adds (after re-anchoring: a teammate's tag on another
version of an article is compared where it lands on ours), so a merge of rows we all have does no more
work than before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from operator import itemgetter
from typing import Any

from db import links as link_store
from db.annotation_rows import ANNOTATION_COLUMNS
from db.merging import (
    annotation_rowids,
    annotation_rows_by_id,
    annotation_rows_of_document,
    last_annotation_rowid,
    put_annotation_rows,
    remove_added_annotation_rows,
)
from db.store import Store
from factcheck.core.claims import ClaimsPart
from factcheck.core.errors import ImportRefused
from factcheck.core.links import Link
from factcheck.core.model import Annotation
from factcheck.core.report import ImportReport
from factcheck.core.stamps import just_after
from factcheck.services.merge_conflicts import identity_conflict, identity_problems

Row = tuple[Any, ...]

_ID = 0
_DOCUMENT = ANNOTATION_COLUMNS.index("document_id")
assert _DOCUMENT == 1
_DELETED = ANNOTATION_COLUMNS.index("deleted_at")
_SOURCE = ANNOTATION_COLUMNS.index("source")
_CUE = ANNOTATION_COLUMNS.index("cue")
_CREATED = ANNOTATION_COLUMNS.index("created_at")
_UPDATED = ANNOTATION_COLUMNS.index("updated_at")
_NOTE = ANNOTATION_COLUMNS.index("note")
_STATUS = ANNOTATION_COLUMNS.index("status")
_REVIEWER = ANNOTATION_COLUMNS.index("reviewer")
_REASON = ANNOTATION_COLUMNS.index("reason")
_REVIEWED_AT = ANNOTATION_COLUMNS.index("reviewed_at")
_REVIEW = (_STATUS, _REVIEWER, _REASON, _REVIEWED_AT)
_deleted = itemgetter(_DELETED)
#: The owner's part of a dropped twin carried onto its tag when the tag has none (the note apart).
ATTRIBUTION = ("source", "cue", "quotation", "speaker")
_ATTRIBUTION = {name: ANNOTATION_COLUMNS.index(name) for name in ATTRIBUTION}
_POINTERS = tuple(_ATTRIBUTION.values())
#: What makes two rows of one document the same tag (core.duplicates.shape; fragments in their stored
#: form, None for a continuous tag, as every reader and the store write them).
_shape = itemgetter(
    *(ANNOTATION_COLUMNS.index(c) for c in ("start", "end", "label", "annotator", "fragments"))
)


class Twins:
    """One merge's twins: which new ids are read as which tag (`mapped`), and what the documents being
    merged hold so far (a later part of one may repeat a tag of its earlier ones)."""

    def __init__(self, store: Store, *, enabled: bool = True) -> None:
        self.store = store
        self.enabled = enabled  # off: every tag stored as it comes (a pull mirrors the team server)
        self.mapped: dict[str, str] = {}  # their id -> the tag it is read as
        # The hashes of the live tags' shapes of the batch's documents, and of the last one's: an int set
        # finds "no twin" at half the cost of one of shape tuples (a tuple's hash is not kept); a shared
        # hash sends the part to the exact comparison.
        self._hashes: dict[str, set[int]] = {}
        self._unwritten: dict[str, list[list[Row]]] = {}  # rows the batch adds, not stored yet
        self._seen: set[str] = set()  # documents merged into so far (our ids)
        self._known = 0  # len(mapped) when the batch's planning began
        self._theirs: dict[str, Row] = {}  # the twins found since the last settle, as they came
        # Which rows this merge stored new (`_fresh`): any written after the last rowid before it, but
        # those of ours it replaced (INSERT OR REPLACE gives a row a new rowid). Errs only towards "ours".
        self._last_rowid: int | None = None
        self._replaced: set[str] = set()
        self._moved: set[tuple[str, Any]] = set()  # (document, shape) our tags moved, restored, relabelled to

    def planning(self) -> None:
        """A batch's planning begins (again, after a clash: its rows are then seen twice, harmlessly)."""
        self._known = len(self.mapped)

    def found_since_planning(self) -> bool:
        return len(self.mapped) > self._known

    def drop(
        self, document_id: str, rows: list[Row], ours: Mapping[str, Row], whole: bool,
        replacing: Iterable[Row] = (),
    ) -> tuple[list[Row], int]:  # fmt: skip
        """(rows without the twins, how many there were). rows: those the merge plans to add (new to us,
        placed on our document document_id). ours: our rows the merge read for it; whole: every row of
        the document as it was before this merge (else its tags are read when needed). replacing: our
        rows the merge plans to replace: a tag of ours it tombstones is no tag for a new one to be the
        twin of (a file from a project whose sync dropped our tag as identical to an older one holds our
        tag as a tombstone and the older one live: the older one is stored, else the tag would be lost)."""
        if not self.enabled:
            return rows, 0
        if self._last_rowid is None:  # before this merge writes a row (inside its transaction)
            self._last_rowid = last_annotation_rowid(self.store)
        for row in replacing:
            self._replaced.add(row[_ID])
            # A tag of ours given a new shape may now be the twin of a new tag (settle decides).
            if row[_DELETED] is None and ((old := ours.get(row[_ID])) is None or old[_DELETED] is not None
                                          or _shape(old) != _shape(row)):  # fmt: skip
                self._moved.add((row[_DOCUMENT], _shape(row)))
        if not rows:
            return rows, 0
        hashes = self._hashes.get(document_id)
        if hashes is None:
            if document_id in self._seen or not whole:  # this import's rows of it are stored by now
                ours = annotation_rows_of_document(self.store, document_id)
            hashes = self._hashes[document_id] = set(map(hash, _live_shapes(ours.values())))
            self._seen.add(document_id)
        part = set(map(hash, map(_shape, rows)))  # C loops
        if len(part) == len(rows) and hashes.isdisjoint(part) and not any(map(_deleted, rows)):
            hashes |= part  # the usual case: no twin among them, all live
            self._unwritten.setdefault(document_id, []).append(rows)
            return rows, 0
        shapes = _live_shapes(annotation_rows_of_document(self.store, document_id).values())
        for row in replacing:
            if row[_DELETED] is not None and shapes.get(_shape(row)) == row[_ID]:
                del shapes[_shape(row)]
        for earlier in self._unwritten.get(document_id, []):
            for row in earlier:
                if row[_DELETED] is None:
                    shapes.setdefault(_shape(row), row[_ID])
        kept: list[Row] = []
        found = 0
        for row in rows:
            key = _shape(row)
            if row[_DELETED] is not None:
                kept.append(row)
                continue
            twin = shapes.get(key)
            if twin is not None and twin != row[_ID]:
                self.mapped[row[_ID]] = twin
                self._theirs[row[_ID]] = row
                found += 1
                continue
            shapes[key] = row[_ID]
            hashes.add(hash(key))
            kept.append(row)
        self._unwritten.setdefault(document_id, []).append(kept)
        return kept, found

    def written(self, last: str) -> None:
        """The batch was stored: only the last document's hashes are held on (its next part may follow);
        another comes back read from the store."""
        held = self._hashes.get(last)
        self._hashes = {last: held} if held is not None else {}
        self._unwritten = {}

    def pointed(self, rows: list[Row]) -> list[Row]:
        """rows with each source or cue naming a twin naming its tag instead."""
        if not self.mapped:
            return rows
        get = self.mapped.get
        return [
            (*row[:_SOURCE], get(row[_SOURCE], row[_SOURCE]), get(row[_CUE], row[_CUE]), *row[_CUE + 1 :])
            if row[_SOURCE] in self.mapped or row[_CUE] in self.mapped
            else row
            for row in rows
        ]

    def settle(
        self,
        references: list[tuple[str, Row]],
        links: list[tuple[str, Link, str]],
        report: ImportReport,
    ) -> None:
        """At the end of the tags (before the structure lands): pointers written before their twin came
        turned to its tag; links of twins moved onto their tags, those that would join a tag to itself or
        repeat a live link left out. references, links: what the merge collected (merge_structure)."""
        if not self.mapped and not self._moved:
            return
        changed = self._decide_again(report)
        if not self.mapped and not changed:
            return
        self._carry(report, references)
        get = self.mapped.get
        fixes: dict[str, Row] = {}
        kept_refs: list[tuple[str, Row]] = []
        for target_id, row in references:
            if row[_ID] in self.mapped:
                continue  # a twin: not stored, its pointers are its tag's business
            named = (row[_SOURCE], row[_CUE])
            if any(n in self.mapped or n in changed for n in named if n is not None):
                row = (*row[:_SOURCE], get(row[_SOURCE], row[_SOURCE]), get(row[_CUE], row[_CUE]),
                       *row[_CUE + 1 :])  # fmt: skip
                fixes[row[_ID]] = (row[_ID], target_id, *row[_DOCUMENT + 1 :])  # as stored: on our document
            kept_refs.append((target_id, row))
        references[:] = kept_refs
        self._fix_pointers(fixes, report)
        self._links(links, report)

    def _decide_again(self, report: ImportReport) -> set[str]:
        """The twins read as a tag that the merge then tombstoned or moved (its row came in a later batch:
        a file from a project whose sync dropped our tag holds it as a tombstone), or as a tag the merge
        stored itself, decided again on the whole file, so that the order of its rows never matters: a
        live tag of ours stays the tag; else, of the shape's live tags this merge brings, the one created
        first (ties by id) is stored and the others are read as it (a stored one is taken out again).
        A twin under the id of one of our tags on another document is no twin (`_elsewhere`). The ids
        whose reading changed (their pointers are written again)."""
        before = dict(self.mapped)
        targets = set(self.mapped.values())
        stored = annotation_rows_by_id(self.store, targets | self._theirs.keys())
        self._elsewhere(stored, report)
        fresh = self._fresh(targets & stored.keys())
        groups: dict[tuple[str, Any], list[Row]] = defaultdict(list)
        for their_id, row in self._theirs.items():
            target = self.mapped[their_id]
            now = stored.get(target)
            if (
                now is not None
                and now[_DELETED] is None
                and _shape(now) == _shape(row)
                and target not in fresh
            ):
                continue  # a live tag of ours: the tag, whatever came before or after
            groups[(row[_DOCUMENT], _shape(row))].append(row)
        for key in self._moved:  # a new tag stored before our tag took its shape is that tag
            groups.setdefault(key, [])
        self._moved = set()
        if not groups:
            return self._changed(before)
        documents = {doc: annotation_rows_of_document(self.store, doc) for doc, _ in groups}
        add: list[Row] = []
        remove: list[str] = []
        shaped = {
            key: [r for r in documents[key[0]].values() if r[_DELETED] is None and _shape(r) == key[1]]
            for key in groups
        }
        fresh = self._fresh([r[_ID] for live in shaped.values() for r in live])
        for (doc, shape), twins in groups.items():
            live = shaped[(doc, shape)]
            ours = [r for r in live if r[_ID] not in fresh]
            added = [r for r in live if r[_ID] in fresh]
            candidates = ours or [*added, *twins]
            if not candidates:  # the shape's tag tombstoned after all (or its copy listed as a conflict)
                continue
            kept = min(candidates, key=_age)
            for row in added:
                if row[_ID] != kept[_ID]:
                    remove.append(row[_ID])
                    self.mapped[row[_ID]] = kept[_ID]
                    self._theirs[row[_ID]] = row
                    report.added -= 1
                    report.already_here += 1
            for row in twins:
                if row[_ID] == kept[_ID]:
                    del self.mapped[row[_ID]], self._theirs[row[_ID]]
                    add.append(row)
                    report.added += 1
                    report.already_here -= 1
                else:
                    self.mapped[row[_ID]] = kept[_ID]
        remove_added_annotation_rows(self.store, remove)
        clashes = put_annotation_rows(self.store, self.pointed(add))
        if clashes:  # none: _elsewhere took such copies out; a refusal rather than a half merge if not
            raise ImportRefused(
                f"{report.source}: tag {next(iter(clashes))} is on another document here; "
                "nothing was imported."
            )
        return self._changed(before)

    def _changed(self, before: Mapping[str, str]) -> set[str]:
        return {k for k in before.keys() | self.mapped.keys() if before.get(k) != self.mapped.get(k)}

    def _elsewhere(self, stored: Mapping[str, Row], report: ImportReport) -> None:
        """The twins found whose id is one of our tags on another document (stored: their rows among
        others): a tag's document never changes, so such a copy is no copy of a tag of this one, even one
        identical to it. Each is listed as a conflict and neither stored nor read as a tag (its note and
        decision are not carried), as the merge's plan lists it when no tag of its shape is live here
        when it comes: the same outcome in any order of the rows. Rows naming it name it again."""
        for their_id, row in list(self._theirs.items()):
            ours = stored.get(their_id)
            problems = identity_problems(ours, row[_DOCUMENT], row) if ours is not None else []
            if ours is None or not problems:
                continue
            del self.mapped[their_id], self._theirs[their_id]
            report.already_here -= 1
            report.conflicting += 1
            report.conflicts.append(identity_conflict(row, ours, problems, report.source))

    def _fresh(self, ids: Iterable[str]) -> set[str]:
        """Those of ids that this merge stored as new tags (not ours before it)."""
        if self._last_rowid is None:
            return set()
        rowids = annotation_rowids(self.store, [i for i in ids if i not in self._replaced])
        return {i for i, rowid in rowids.items() if rowid > self._last_rowid}

    def _carry(self, report: ImportReport, references: list[tuple[str, Row]]) -> None:
        """A twin's note, attribution and review decision onto its tag when the tag lacks them
        (`takes_note`, `takes_attribution`, `takes_decision`: the team sync's rule), under a stamp just
        after both copies' (merging the file again changes nothing, and two projects that merge it make
        the same row); a different one is kept and theirs listed. A tag given attribution joins the
        references the structure checks (the twin's pointers come from the file: untrusted)."""
        theirs, self._theirs = self._theirs, {}
        if not theirs:
            return
        stored = annotation_rows_by_id(self.store, {self.mapped[k] for k in theirs})
        rewrite: dict[str, Row] = {}
        notes = decisions = attributions = 0
        get = self.mapped.get
        for their_id, their in sorted(theirs.items(), key=lambda item: _age(item[1])):  # any file order
            our_id = self.mapped[their_id]
            ours = rewrite.get(our_id) or stored.get(our_id)
            if ours is None:
                continue
            values = list(ours)
            if takes_note(ours[_NOTE], their[_NOTE]):
                values[_NOTE] = their[_NOTE]
                notes += 1
            elif (their[_NOTE] or "").strip() and their[_NOTE] != ours[_NOTE]:
                note = their[_NOTE]
                report.notes.append(
                    f"Tag {our_id} kept its note; its identical copy {their_id} had “{note}”."
                )
            carry, differ = takes_attribution(_named(ours), _named(their), self.mapped, our_id, their_id)
            for name, value in carry.items():
                values[_ATTRIBUTION[name]] = get(value, value) if name in ("source", "cue") else value
            attributions += bool(carry)
            for name in differ:
                report.notes.append(
                    f"Tag {our_id} kept its {name}; its identical copy {their_id} had "
                    f"{their[_ATTRIBUTION[name]]}."
                )
            if takes_decision(ours[_STATUS], ours[_REVIEWED_AT], their[_STATUS], their[_REVIEWED_AT]):
                for i in _REVIEW:
                    values[i] = their[i]
                decisions += 1
            elif _differ(ours, their):
                why = f": {their[_REASON]}" if their[_REASON] else ""
                mine, other = ours[_REVIEWER] or "its reviewer", their[_REVIEWER] or "a reviewer"
                report.notes.append(
                    f"Tag {our_id} kept {mine}'s decision ({ours[_STATUS]}); its identical copy {their_id} "
                    f"had {other}'s ({their[_STATUS]}{why})."
                )
            if tuple(values) != ours:
                values[_UPDATED] = just_after(max(str(ours[_UPDATED]), str(their[_UPDATED])))
                rewrite[our_id] = tuple(values)
        put_annotation_rows(self.store, [], list(rewrite.values()))
        references += [
            (row[_DOCUMENT], row) for row in rewrite.values() if any(row[i] is not None for i in _POINTERS)
        ]
        carried = [
            f"{n} {noun}{'s' if n != 1 else ''}"
            for n, noun in ((notes, "note"), (attributions, "attribution"), (decisions, "review decision"))
            if n
        ]
        if carried:
            report.notes.append(
                f"Carried onto our tags from their identical copies: {' and '.join(carried)}."
            )

    def _fix_pointers(self, fixes: dict[str, Row], report: ImportReport) -> None:
        """A row written with a pointer to a twin that came later in the file points at its tag; a row of
        ours that differs from theirs only there (a second merge of the file) was not in conflict."""
        if not fixes:
            return
        stored = annotation_rows_by_id(self.store, fixes)
        rewrite: list[Row] = []
        settled: set[str] = set()
        for row_id, theirs in fixes.items():
            ours = stored.get(row_id)
            if ours is None:
                continue
            if ours == theirs:
                settled.add(row_id)
                continue
            wrote = (*theirs[:_SOURCE], ours[_SOURCE], ours[_CUE], *theirs[_CUE + 1 :])
            if ours == wrote and (ours[_SOURCE], ours[_CUE]) != (theirs[_SOURCE], theirs[_CUE]):
                rewrite.append(theirs)  # as this merge wrote it, but for the pointer
        put_annotation_rows(self.store, [], rewrite)
        conflicts = [c for c in report.conflicts if not (c.kind == "tag" and c.annotation_id in settled)]
        resolved = len(report.conflicts) - len(conflicts)
        if resolved:
            report.conflicts[:] = conflicts
            report.conflicting -= resolved
            report.unchanged += resolved

    def _links(self, links: list[tuple[str, Link, str]], report: ImportReport) -> None:
        get = self.mapped.get
        if not any(lk.from_id in self.mapped or lk.to_id in self.mapped for _, lk, _ in links):
            return
        symmetric = {t.name for t in link_store.link_types(self.store) if t.symmetric}
        have: dict[str, set[tuple[str, str, tuple[str, str]]]] = {}
        known = link_store.links_by_id(self.store, [lk.id for _, lk, _ in links])
        kept: list[tuple[str, Link, str]] = []
        left_out = 0
        for target_id, link, where in links:
            moved = link.from_id in self.mapped or link.to_id in self.mapped
            if moved:
                link = replace(
                    link, from_id=get(link.from_id, link.from_id), to_id=get(link.to_id, link.to_id)
                )
                if link.from_id == link.to_id:  # between a tag and its twin
                    left_out += 1
                    continue
            if link.deleted:
                kept.append((target_id, link, where))
                continue
            seen = have.get(target_id)
            if seen is None:
                seen = have[target_id] = {
                    (lk.type, lk.annotator, lk.ends())
                    for lk in link_store.links(self.store, target_id)
                    if not lk.deleted
                }
            ways = [link.ends(), link.ends()[::-1]] if link.type in symmetric else [link.ends()]
            if moved and link.id not in known and any((link.type, link.annotator, e) in seen for e in ways):
                left_out += 1  # the same link as a live one already here: not made twice
                continue
            seen.add((link.type, link.annotator, link.ends()))
            kept.append((target_id, link, where))
        links[:] = kept
        if left_out:
            report.structure["links unchanged"] = report.structure.get("links unchanged", 0) + left_out

    def claims(self, part: ClaimsPart) -> ClaimsPart:
        """part with each card's tag naming a twin naming its tag."""
        if not self.mapped or not any(t.annotation_id in self.mapped for t in part.claim_tags):
            return part
        get = self.mapped.get
        tags = [replace(t, annotation_id=get(t.annotation_id, t.annotation_id)) for t in part.claim_tags]
        return replace(part, claim_tags=tags)


def attribution_of(tag: Annotation) -> dict[str, Any]:
    """tag's attribution fields by name, for `takes_attribution`."""
    return {name: getattr(tag, name) for name in ATTRIBUTION}


def _named(row: Row) -> dict[str, Any]:
    return {name: row[i] for name, i in _ATTRIBUTION.items()}


def _differ(ours: Row, theirs: Row) -> bool:
    """Both hold a decision, not the same one (a clearing of ours after theirs is the newer act: it
    stands, unlisted)."""
    both = ours[_STATUS] is not None and theirs[_STATUS] is not None
    return both and (ours[_STATUS], ours[_REASON]) != (theirs[_STATUS], theirs[_REASON])


def takes_note(ours: str | None, theirs: str | None) -> bool:
    """A dropped twin's note goes onto its tag when the tag has none (a note is its owner's, who is the
    twin's owner too)."""
    return bool((theirs or "").strip()) and not (ours or "").strip()


def takes_attribution(
    ours: Mapping[str, Any], theirs: Mapping[str, Any], mapped: Mapping[str, str], kept_id: str, twin_id: str
) -> tuple[dict[str, Any], list[str]]:
    """What a dropped twin's attribution (source, cue, quotation, speaker) brings onto its tag: (each field
    the tag lacks, with the twin's value as it holds it; the fields both hold, differently). ours, theirs:
    the tag's and the twin's fields by name; mapped: every twin's id -> its tag's. A source or cue naming
    the tag or the twin (a twin is read as its tag) is never carried: a tag does not attribute itself."""
    carry: dict[str, Any] = {}
    differ: list[str] = []
    for name in ATTRIBUTION:
        value = theirs[name]
        if value is None:
            continue
        read = mapped.get(value, value) if name in ("source", "cue") else value
        if read in (kept_id, twin_id) and name in ("source", "cue"):
            continue
        mine = ours[name]
        if mine is None:
            carry[name] = value
        elif (mapped.get(mine, mine) if name in ("source", "cue") else mine) != read:
            differ.append(name)
    return carry, differ


def takes_decision(ours: str | None, ours_at: str | None, theirs: str | None, theirs_at: str | None) -> bool:
    """A dropped twin's review decision (status, reviewed at) goes onto its tag when the tag has none and
    no later decision act either (a clearing keeps its time: newer wins, as in `merge_decisions`)."""
    return theirs is not None and ours is None and (ours_at or "") < (theirs_at or "")


def team_twins(rows: Iterable[Row]) -> dict[str, str]:
    """The team's rule for identical tags of one document (rows: all of its tags, tombstones included),
    which every project applies alike whatever the order of its syncs: of a shape's live tags, the one
    created first (ties by id) is the tag; every other tag of that shape created after it, live (to be
    tombstoned by its owner) or a tombstone (what named it may still have to follow), is a dropped
    twin. The dropped twins' ids, each with its tag's. A tombstone older than the live tag (deleted,
    then tagged again) is no twin: it was the user's own deletion."""
    by_shape: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        by_shape[_shape(row)].append(row)
    out: dict[str, str] = {}
    for same in by_shape.values():
        if len(same) < 2:
            continue
        live = [row for row in same if row[_DELETED] is None]
        if not live:
            continue
        kept = min(live, key=_age)
        for row in same:
            if _age(row) > _age(kept):
                out[row[_ID]] = kept[_ID]
    return out


def _age(row: Row) -> tuple[str, str]:
    return str(row[_CREATED]), str(row[_ID])


def _live_shapes(rows: Any) -> dict[Any, str]:
    out: dict[Any, str] = {}
    for row in rows:
        if row[_DELETED] is None:
            out.setdefault(_shape(row), row[_ID])
    return out
