"""Landing a Bundle (a teammate's export or database) in a store, in one transaction.

Documents are matched by the sha256 of their text: the same text is the same document even when the ids
differ, and the incoming tags are moved onto our id. A document with another text but the same source or
title as one of ours (and most of its wording in common) is another version of that article: its tags
are re-anchored onto our text (`factcheck.core.anchoring`); one that cannot be placed is kept, orphaned. Any
other document is added, under its own id unless that id is taken.

Annotations are matched by id. A tag's id, document and annotator never change: a copy that puts it on
another document or names another annotator is a conflict (listed, not applied). Otherwise: unknown ->
added; same content -> unchanged; otherwise the newer `updated_at` wins (a newer tombstone deletes ours;
an older live copy never brings a deleted tag back); the same `updated_at` with different content is a
conflict: ours is kept and the conflict is listed. A new tag identical to a live one here (or to an
earlier one of the import) under another id is read as that tag, not stored (`merge_twins`).

Incoming annotations are held to the rules of `validate` (one reference path for every source: exports
as they are read, a teammate's database or a Bundle through `reading.check_bundle`), and merged as
checked row tuples, a batch at a time (`merge_parts`), inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import compress
from operator import eq, itemgetter, not_
from typing import Any, NamedTuple

from db.annotation_rows import ANNOTATION_COLUMNS, annotation_from_row, annotation_row
from db.bulk_documents import insert_new_document, search_rows_later
from db.errors import StoreError
from db.labels import renamed_labels
from db.merging import (
    BulkMerge,
    annotation_rows_by_id,
    annotation_rows_of_document,
    bulk_merge,
    put_annotation_rows,
)
from db.store import Store
from factcheck.core.anchoring import ORPHANED, original_quote, reanchor
from factcheck.core.bundle import Bundle
from factcheck.core.curated_marks import Mark
from factcheck.core.errors import ImportRefused
from factcheck.core.links import LinkType
from factcheck.core.model import Annotation, Document, new_id, text_sha256
from factcheck.core.report import Conflict, ImportReport, Orphan
from factcheck.core.speakers import Speaker
from factcheck.services import merge_decisions, merge_structure
from factcheck.services.formats.validate import ROW_FIELDS, CheckedAnnotations
from factcheck.services.merge_articles import Articles, same_article
from factcheck.services.merge_claims import merge_claims
from factcheck.services.merge_conflicts import describe as _describe
from factcheck.services.merge_conflicts import identity_conflict as _identity_conflict
from factcheck.services.merge_conflicts import identity_problems, owner_name
from factcheck.services.merge_marks import merge_curated_marks
from factcheck.services.merge_samples import SamplesLeftOut
from factcheck.services.merge_twins import Twins
from factcheck.services.reading import check_bundle

__all__ = ["ImportReport", "merge_bundle"]

_DOCUMENT = ANNOTATION_COLUMNS.index("document_id")
_UPDATED = ANNOTATION_COLUMNS.index("updated_at")
_DELETED = ANNOTATION_COLUMNS.index("deleted_at")
_LABEL = ANNOTATION_COLUMNS.index("label")
_ANNOTATOR = ANNOTATION_COLUMNS.index("annotator")
_NOTE = ANNOTATION_COLUMNS.index("note")
_QUOTE = ANNOTATION_COLUMNS.index("quote")
_REVIEWED_AT = ANNOTATION_COLUMNS.index("reviewed_at")
_first = itemgetter(0)
_document_of = itemgetter(_DOCUMENT)
#: A reader's checked rows are stored as they are while its field order is the table's column order.
_ROWS_ARE_COLUMNS = ROW_FIELDS == ANNOTATION_COLUMNS


#: Tags re-anchored ahead of the merge: (our document's id, their row) -> (the placed row, method).
Placed = Mapping[tuple[str, tuple[Any, ...]], tuple[tuple[Any, ...], str]]


def merge_bundle(
    store: Store,
    bundle: Bundle,
    placed: Placed | None = None,
    *,
    add_labels: bool = False,
    find_twins: bool = True,
    keep_samples: bool = False,
    exact_names: bool = False,
) -> ImportReport:
    """Merge bundle into store, all or nothing; raises ImportRefused (nothing changed) on bad input.
    placed: its tags re-anchored ahead (`place_ahead`), else they are placed here, before the write
    transaction opens when the caller has none open. add_labels: ratings of its claim cards' verdicts
    that the project's scale lacks are added to it (else refused). find_twins: a new tag identical to one
    here is read as that one (`merge_twins`); not for a pull, whose rows mirror the team server's.
    keep_samples: the bundle's sample article and the work on it are merged too (else left out, with a
    note: `merge_samples`). exact_names: its links keep their annotators' names as given (a pull: the
    server's owner; its tags' names are the checker's, `validate.check_annotations`)."""
    source = bundle.source or "the import"
    _check_labels(store, bundle, source)
    checked = check_bundle(replace(bundle, source=source))  # the rules of an export, one reference path
    if placed is None:
        placed = place_ahead(store, checked)
    twins = Twins(store, enabled=find_twins)
    samples = SamplesLeftOut()
    with store.atomic():
        report = merge_parts(
            store,
            checked.documents if keep_samples else samples.parts(checked.documents),
            source,
            ahead=placed,
            speakers=bundle.speakers,
            link_types=bundle.link_types,
            twins=twins,
            exact_names=exact_names,
            curated=checked.curated,
        )
        if bundle.claims:  # after the tags: cards name them
            part = samples.claims(store, bundle.claims)
            merge_claims(store, twins.claims(part), source, report, add_labels=add_labels)
        samples.tell(report)
        return report


def place_ahead(store: Store, bundle: Bundle) -> Placed:
    """Re-anchor (reading the store only) the tags of bundle's documents that are another version of one
    of ours: fuzzy matching takes time, and done inside the import's write transaction it would lock
    every other window and command out meanwhile. bundle: checked (`check_bundle`). merge_parts uses a
    result only for the same document and the same incoming row, so a stale one is never applied."""
    placed: dict[tuple[str, tuple[Any, ...]], tuple[tuple[Any, ...], str]] = {}
    articles = Articles(store)
    for document, anns in bundle.documents:
        if not isinstance(anns, CheckedAnnotations) or anns.text != document.text:
            continue  # merge_parts refuses it
        if store.document_by_sha256(text_sha256(document.text)) is not None:
            continue
        version = same_article(
            document, articles.find(document.source, document.title), _by_id(store, document.id)
        )
        if version is None:
            continue
        for row in _incoming_rows(document, anns):
            ann, method = reanchor(annotation_from_row(row), len(document.text), version.text, version.id)
            placed[(version.id, row)] = (annotation_row(ann), method)
    return placed


#: Incoming rows looked up and written at a time (from several documents: a project of 10,000 articles
#: with 100 tags each is not 10,000 round trips).
MERGE_ROWS = 20_000


class _Target(NamedTuple):
    """Where a document's tags go: our document's id, its text when they must be re-anchored onto it
    (else "": 10,000 articles' texts need not stay in memory), the length of their text, and whether
    this import added it (then we have no tags on it but those it wrote, which it never repeats)."""

    id: str
    text: str
    reanchoring: bool
    old_text_length: int
    added: bool


def merge_parts(
    store: Store,
    parts: Iterable[tuple[Document, Sequence[Annotation]]],
    source: str,
    *,
    expected_rows: int = 0,
    ahead: Placed | None = None,
    speakers: Sequence[Speaker] = (),
    link_types: Sequence[LinkType] = (),
    twins: Twins | None = None,
    exact_names: bool = False,
    curated: Mapping[str, Mark] | None = None,
) -> ImportReport:
    """Merge parts (document, annotations) as they come, inside the caller's transaction (everything is
    undone with it when a later part is refused). One document may come in several parts; their labels
    must be the project's (a reader checked them). expected_rows: about how many tags are coming (a
    file's size says), so that a big import into a smaller project builds its indexes once, at the end.
    ahead: tags re-anchored before the transaction (`place_ahead`). speakers, link_types: the file's
    (read to the end once parts are); links ride with the parts (`CheckedAnnotations.links`).
    twins: a new tag identical to one here is read as that one (`merge_twins`); the caller's, to read its
    claim cards' tags through it too. curated: the file's curated marks by document id (`merge_marks`)."""
    report = ImportReport(source=source)
    twins = twins if twins is not None else Twins(store)
    articles = Articles(store)
    placed: dict[str, _Target] = {}
    removed: set[str] = set()  # their ids of documents removed here
    aliases = renamed_labels(store)
    pending: list[tuple[_Target, list[tuple[Any, ...]]]] = []
    pending_ids: set[str] = set()
    ours: dict[str, dict[str, tuple[Any, ...]]] = {}  # our rows of the last document, by its id
    structure = merge_structure.Incoming(exact_names=exact_names)
    with bulk_merge(store, expected_rows) as bulk, search_rows_later(store) as search:
        articles.search = search
        for document, annotations in parts:
            if document.id in removed:
                continue
            target = placed.get(document.id)
            if target is None:
                target = _place(store, articles, document, report, removed)
                if target is None:  # removed from this project: its tags stay out too
                    removed.add(document.id)
                    continue
                placed[document.id] = target
            # On our document's id at once (re-anchored tags are looked up as they came: `place_ahead`).
            rows = _incoming_rows(document, annotations, None if target.reanchoring else target.id)
            if aliases:  # made before a label was renamed here: filed under its new name
                rows = _renamed(rows, aliases)
            structure.add(target.id, rows, getattr(annotations, "links", ()))
            if not pending and len(rows) >= MERGE_ROWS:  # a batch of its own (a reader's ids are unique)
                _merge_rows(store, [(target, rows)], ours, bulk, source, report, ahead or {}, twins)
                continue
            ids = list(map(_first, rows))
            if not pending_ids.isdisjoint(ids):  # one id on two documents: the first one stored first
                _merge_rows(store, pending, ours, bulk, source, report, ahead or {}, twins)
                pending, pending_ids = [], set()
            pending.append((target, rows))
            pending_ids.update(ids)
            if len(pending_ids) >= MERGE_ROWS:
                _merge_rows(store, pending, ours, bulk, source, report, ahead or {}, twins)
                pending, pending_ids = [], set()
        _merge_rows(store, pending, ours, bulk, source, report, ahead or {}, twins)
        twins.settle(structure.references, structure.links, report)
    merge_structure.finish(store, structure, speakers, link_types, report, source)
    if curated:
        merge_curated_marks(store, curated, {their: t.id for their, t in placed.items()}, report)
    return report


def _labels(annotations: Iterable[Annotation]) -> set[str]:
    if isinstance(annotations, CheckedAnnotations):
        return {row[_LABEL] for row in annotations.rows}
    return {a.label for a in annotations}


def _renamed(rows: list[tuple[Any, ...]], aliases: Mapping[str, str]) -> list[tuple[Any, ...]]:
    return [
        (*row[:_LABEL], aliases[row[_LABEL]], *row[_LABEL + 1 :]) if row[_LABEL] in aliases else row
        for row in rows
    ]


def _check_labels(store: Store, bundle: Bundle, source: str) -> None:
    known = {label.name for label in store.labels()} | set(renamed_labels(store))
    unknown = sorted(set().union(*(_labels(anns) for _, anns in bundle.documents)) - known)
    if unknown:
        raise ImportRefused(
            f"{source}: label {', '.join(repr(u) for u in unknown)} is not one of this project's labels "
            f"({', '.join(sorted(known))}); nothing was imported. Add the label first (Project > Labels…, or "
            "factcheck labels add NAME), or import with factcheck import --add-labels."
        )


def _place(
    store: Store, articles: Articles, theirs: Document, report: ImportReport, removed: set[str]
) -> _Target | None:
    """Our document for theirs (added when we have none), whether its tags need re-anchoring onto it,
    and the length of their text; None when it was removed from this project (`db.documents`)."""
    sha = text_sha256(theirs.text)
    ours = articles.by_sha256(sha)
    if ours is None and articles.removed(sha):
        report.notes.append(f"“{theirs.title}” was removed from this project; it and its tags were left out.")
        return None
    if ours is not None:
        report.documents_existing += 1
        target, reanchoring = ours, False
    else:
        same_id = articles.by_id(theirs.id)  # looked up once: for a version, then for a free id
        version = same_article(theirs, articles.find(theirs.source, theirs.title), same_id)
        if version is not None:
            report.documents_existing += 1
            target, reanchoring = version, True
            report.notes.append(
                f"Their version of “{version.title}” differs from ours (a corrected article?): "
                "its tags were placed on our text."
            )
        else:
            # Not offered to the file's later documents as "our version": a file's two texts are two
            # documents (a teammate may hold both versions of an article), as they were in their project.
            new = theirs if theirs.sha256 == sha else replace(theirs, sha256=sha)
            target = _add_document(store, articles, new, same_id is not None)
            report.documents_added += 1
            reanchoring = False
    report.touch(target.id)
    added = target is not ours and not reanchoring
    return _Target(target.id, target.text if reanchoring else "", reanchoring, len(theirs.text), added)


def _incoming_rows(
    theirs: Document, annotations: Sequence[Annotation], on: str | None = None
) -> list[tuple[Any, ...]]:
    """The rows of annotations that a reader checked against theirs (`validate.check_annotations`);
    on: placed on that document (ours), else on theirs as they came."""
    if not (isinstance(annotations, CheckedAnnotations) and annotations.text == theirs.text):
        raise TypeError("merge_parts takes annotations checked against their document's text")
    if _ROWS_ARE_COLUMNS:
        # Checked against this very text, and made unique: stored as they are.
        return annotations.rows if on is None else annotations.rows_on(on)
    rows = list(map(annotation_row, annotations))
    return rows if on is None else [(row[0], on, *row[2:]) for row in rows]


def _add_document(store: Store, articles: Articles, doc: Document, id_taken: bool) -> Document:
    """Add doc, whose text _place found new (in this transaction), under its id unless id_taken."""
    if id_taken:
        doc = replace(doc, id=new_id())  # taken by another text: same article ids never collide by chance
    doc = insert_new_document(store, doc)
    articles.added(doc)
    return doc


def _by_id(store: Store, document_id: str) -> Document | None:
    try:
        return store.document(document_id)
    except StoreError:
        return None


class _WholeDocument(dict[str, tuple[Any, ...]]):
    """Our rows of a document as they were before this merge, all of them (not only some ids'): good
    for the document's later parts too, even once a bulk merge has dropped the index that found them."""


def _merge_rows(
    store: Store,
    pending: list[tuple[_Target, list[tuple[Any, ...]]]],
    ours: dict[str, dict[str, tuple[Any, ...]]],
    bulk: BulkMerge,
    source: str,
    report: ImportReport,
    placed: Placed,
    twins: Twins,
) -> None:
    """Plan and write the pending rows (ids unique among them) in one go, against our rows of their
    documents: none for a document this import added, else one indexed read per document (cheaper
    than looking every id up), or by id while a bulk import has the document index dropped and the
    document was not read whole before. ours: our rows of the document last merged (it may go on in
    the next parts), then those of this batch's last.
    """
    if not pending:
        return
    by_id: dict[str, tuple[Any, ...]] | None = None
    indexed = bulk.indexed
    for target, _ in pending:
        if isinstance(ours.get(target.id), _WholeDocument):
            continue
        if target.added:
            ours[target.id] = _WholeDocument()
        elif indexed:
            ours[target.id] = _WholeDocument(annotation_rows_of_document(store, target.id))
        else:  # not cached: the next part has other ids
            if by_id is None:
                by_id = annotation_rows_by_id(
                    store, [row[0] for t, rows in pending if not t.added for row in rows]
                )
            ours[target.id] = by_id
    elsewhere: dict[str, tuple[Any, ...]] = {}  # incoming ids we have on another document
    while True:
        parts: list[ImportReport] = []
        to_add: list[tuple[Any, ...]] = []
        to_replace: list[tuple[Any, ...]] = []
        twins.planning()
        for target, rows in pending:
            ours_by_id = {**ours[target.id], **elsewhere} if elsewhere else ours[target.id]
            rows = twins.pointed(rows)
            rows, unchanged = _unchanged_apart(target, rows, ours_by_id)
            fast = _fast_plan_all_new(target, rows, ours_by_id, source)
            part, add, change = fast or _plan(target, rows, ours_by_id, source, placed)
            part.unchanged += unchanged
            mine = ours[target.id]
            add, part.already_here = twins.drop(
                target.id, add, mine, isinstance(mine, _WholeDocument), change
            )
            part.added -= part.already_here
            parts.append(part)
            to_add += add
            to_replace += change
        if twins.found_since_planning():  # rows of this batch naming a twin found after them
            to_add, to_replace = twins.pointed(to_add), twins.pointed(to_replace)
        bulk.writing(len(to_add), sum(len(rows) for _, rows in pending))
        clashes = put_annotation_rows(store, to_add, to_replace)
        if not clashes:
            break
        elsewhere.update(clashes)  # plan again knowing them
    for part in parts:
        report.absorb(part)
    last = pending[-1][0]
    kept = ours[last.id]
    ours.clear()
    if isinstance(kept, _WholeDocument):
        ours[last.id] = kept  # rows written meanwhile are not in it: a later part never repeats their ids
    twins.written(last.id)


def _unchanged_apart(
    target: _Target, incoming: list[tuple[Any, ...]], ours_by_id: dict[str, tuple[Any, ...]]
) -> tuple[list[tuple[Any, ...]], int]:
    """(the incoming rows that are not exactly ours, how many live tags the others are): what _plan
    finds unchanged, found in C loops (a file merged again: 100k rows compared one by one in Python cost
    about a third of it). Only rows equal to ours once placed on our document: not re-anchored ones."""
    if target.reanchoring or not ours_by_id or not incoming:
        return incoming, 0
    same = list(map(eq, incoming, map(ours_by_id.get, map(_first, incoming))))
    if not any(same):
        return incoming, 0
    # A tombstone equal to ours is unchanged too, but not counted (as _plan counts).
    live = list(map(itemgetter(_DELETED), compress(incoming, same))).count(None)
    return list(compress(incoming, map(not_, same))), live


def _fast_plan_all_new(
    target: _Target, incoming: list[tuple[Any, ...]], ours_by_id: dict[str, tuple[Any, ...]], source: str
) -> tuple[ImportReport, list[tuple[Any, ...]], list[tuple[Any, ...]]] | None:
    """_plan's result when every incoming tag is new to us and needs no re-anchoring (a first import),
    in C loops; None otherwise (then _plan decides). tests/factcheck/services/test_merge_fast_paths.py
    checks that it gives what _plan gives."""
    if target.reanchoring or (ours_by_id and not ours_by_id.keys().isdisjoint(map(_first, incoming))):
        return None
    report = ImportReport(source=source)
    target_id = target.id
    if list(map(_document_of, incoming)).count(target_id) != len(incoming):  # (merge_parts placed them)
        incoming = [(row[0], target_id, *row[2:]) for row in incoming]
    # A tombstone of a tag we never had is stored silently: it keeps older copies out later.
    report.added = list(map(itemgetter(_DELETED), incoming)).count(None)
    return report, list(incoming), []


def _plan(
    target: _Target,
    incoming: list[tuple[Any, ...]],
    ours_by_id: dict[str, tuple[Any, ...]],
    source: str,
    placed: Placed | None = None,
) -> tuple[ImportReport, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """What to write, and the counts. Compared and written as row tuples: 100k dataclass copies would
    cost more than the whole insert."""
    report = ImportReport(source=source)
    to_add: list[tuple[Any, ...]] = []
    to_replace: list[tuple[Any, ...]] = []
    target_id, reanchoring, old_text_length = target.id, target.reanchoring, target.old_text_length
    for row in incoming:
        ours = ours_by_id.get(row[0])
        if ours is not None and (problems := identity_problems(ours, target_id, row)):
            report.conflicting += 1
            report.conflicts.append(_identity_conflict(row, ours, problems, source))
            continue
        if ours is not None and ours[_ANNOTATOR] != row[_ANNOTATOR]:  # one owner, exact and cleaned
            row = (*row[:_ANNOTATOR], owner_name(ours[_ANNOTATOR], row[_ANNOTATOR]), *row[_ANNOTATOR + 1 :])
        if ours is not None and ours[_UPDATED] > row[_UPDATED]:
            # Ours is newer: no need to place theirs at all, unless theirs holds a later decision.
            both = None if reanchoring or row[_REVIEWED_AT] is None else merge_decisions.settle(ours, row)
            if both is not None and both[1] is None:
                to_replace.append(both[0])
                report.updated += 1
                continue
            report.older += 1
            if both is not None and both[1] is not None:
                report.notes.append(both[1])
            continue
        method = ""
        if reanchoring:
            ahead = placed.get((target_id, row)) if placed else None
            if ahead is None:
                ann, method = reanchor(annotation_from_row(row), old_text_length, target.text, target_id)
                row = annotation_row(ann)
            else:
                row, method = ahead
        if row[_DOCUMENT] != target_id:
            row = (row[0], target_id, *row[2:])
        deleted = row[_DELETED] is not None
        if ours is None:
            to_add.append(row)
            # A tombstone of a tag we never had is stored silently: it keeps older copies out later.
            report.added += 0 if deleted else 1
        elif row == ours:
            report.unchanged += 0 if deleted else 1
            continue
        elif row[_UPDATED] > ours[_UPDATED]:
            if ours[_REVIEWED_AT] is not None and (both := merge_decisions.settle(row, ours)) is not None:
                row = both[0]  # with our later decision, or ours not applied (said so)
                if both[1] is not None:
                    report.notes.append(both[1])
            to_replace.append(row)
            if deleted and ours[_DELETED] is None:
                report.deleted += 1
            else:
                report.updated += 1
        else:  # same updated_at, different content: keep ours, tell the reviewer
            report.conflicting += 1
            report.conflicts.append(
                Conflict(
                    row[0],
                    target_id,
                    source,
                    _describe(annotation_from_row(ours)),
                    _describe(annotation_from_row(row)),
                )
            )
            continue
        if method == ORPHANED and not deleted:
            report.orphaned += 1
            report.orphans.append(
                Orphan(
                    row[0],
                    target_id,
                    row[_LABEL],
                    row[_ANNOTATOR],
                    original_quote(row[_NOTE], row[_QUOTE]),
                    source,
                )
            )
        elif method and not deleted:
            report.reanchored += 1
    return report, to_add, to_replace
