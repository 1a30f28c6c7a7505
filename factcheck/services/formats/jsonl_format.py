"""JSONL: one annotation per line, with its document's id, sha256, title and curated mark (pandas,
pipelines).

    {"document_id", "document_sha256", "document_title", "document_curator", "document_curated_at",
     "id", "label", "start", "end", "quote", "prefix", "suffix", "annotator", "note", "created_at",
     "updated_at", "deleted_at", "status", "reviewer", "reason", "reviewed_at", "orphaned"}

Lines carry no article text, so reading them back needs a project that holds the documents: each line's
document is found by sha256, then by id. The document's curated mark rides on each of its tags' lines
(null when it has none), as its title does: a reader of tags alone (ours before, pandas) keeps working,
and the lines of one document must agree on it (`MarkReader`). A marked document none of whose tags is
written (none live, none selected) has a line of its own after the tags, its document keys alone:

    {"record": "document", "document_id", "document_sha256", "document_title", "document_curator",
     "document_curated_at"}

Structure (version 2) comes on lines of their own, after the tags, marked by "record":

    {"record": "speaker", "id", "name", "kind", "description", "same_as", "created_at", "updated_at",
     "deleted_at", "merged_into"}
    {"record": "link", "document_id", "document_sha256", "id", "type", "from", "to", "annotator",
     "created_at", "updated_at", "deleted_at"}

Then the claim cards (claims_json's part, a value a line): the verdict scale best first, the organization,
and one card a line with its tags, votes and verdicts nested as in JSON:

    {"record": "rating", "name", "value", "color"}
    {"record": "organization", "name", "url"}
    {"record": "claim", "id", "text", "tags", ..., "checkworthy": [...], "verdicts": [...], ...}

A card line names only the tags written in the file (the reader refuses a tag that is neither in the
file nor in the project).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any, BinaryIO, TextIO

from factcheck.core.claims import Organization, VerdictScale
from factcheck.core.curated_marks import Mark
from factcheck.core.json_values import describe
from factcheck.core.links import Link
from factcheck.core.model import Document
from factcheck.core.speakers import Speaker
from factcheck.services.formats.claims_json import CardReader, CardRecord, card_dict
from factcheck.services.formats.json_text import dumps
from factcheck.services.formats.output import CHUNK
from factcheck.services.formats.project_json import row_dict
from factcheck.services.formats.validate import (
    ANNOTATION_KEYS,
    CheckedAnnotations,
    Refusal,
    SeenIds,
    check_annotations,
    expect_str,
)
from factcheck.services.formats.validate_curated import check_mark
from factcheck.services.formats.validate_structure import link_dict, parse_link, parse_speaker, speaker_dict
from factcheck.services.formats.validate_values import not_utf8

DOCUMENT_KEYS = ("document_id", "document_sha256", "document_title")
#: The document's curated mark on each of its tags' lines: who marked it and when (both null: no mark).
MARK_KEYS = ("document_curator", "document_curated_at")
KEYS = DOCUMENT_KEYS + MARK_KEYS + ANNOTATION_KEYS
#: The "record" kinds of the claim cards' lines.
CARD_RECORDS = ("rating", "organization", "claim")
#: The "record" kind of a marked document's own line, when no tag line carries its mark.
DOCUMENT_RECORD = "document"
#: (document_id, document_sha256, document_title, document_curator, document_curated_at): a marked
#: document of an export, as its own line gives it (`DOCUMENT_KEYS` + `MARK_KEYS`).
MarkedDocument = tuple[str, str, str, str, str]
#: Longest line read (a tag quoting a whole 50 MB article, escaped, fits): a file with no line breaks is
#: refused once this much of it is read, not held whole in memory.
MAX_LINE_BYTES = 256 << 20


@dataclass(frozen=True)
class Cards:
    """The claim cards' part of an export: the verdict scale, the organization, the cards."""

    scale: VerdictScale
    organization: Organization
    records: Sequence[CardRecord]


def write(
    fh: TextIO,
    rows: Iterable[Sequence[Any]],
    keys: Sequence[str] = KEYS,
    *,
    links: Mapping[str, Sequence[Link]] | None = None,
    speakers: Sequence[Speaker] = (),
    documents: Mapping[str, Document] | None = None,
    cards: Cards | None = None,
    marked: Sequence[MarkedDocument] = (),
) -> int:
    """Write rows (tuples of keys: `KEYS`, then e.g. the curated set's ``sources``), one JSON object a
    line; the number written. Then a line for each of the marked documents none of whose tags was
    written (their mark has no other line to ride on). Then the speakers, and the links (per document
    id) whose two ends were written, one a line; documents: by id, for the links' document fields. Then
    the cards, if given."""
    written = 0
    ids: set[str] = set()
    id_at = keys.index("id")
    doc_at = keys.index("document_id")
    tagged: set[str] = set()  # the documents a tag line was written of (asked only when one is marked)
    # The tags cards name, and those of them written: memory bounded by the cards, not the tags.
    named = {t for r in cards.records for t in r.tag_ids} if cards else set()
    carried: set[str] = set()
    it = iter(rows)
    while chunk := list(islice(it, CHUNK)):
        fh.write("\n".join([dumps(row_dict(keys, row)) for row in chunk]) + "\n")
        written += len(chunk)
        if links:
            ids.update(row[id_at] for row in chunk)
        if named:
            carried.update(row[id_at] for row in chunk if row[id_at] in named)
        if marked:
            tagged.update(row[doc_at] for row in chunk)
    for document in marked:
        if document[0] not in tagged:
            line = dict(zip(DOCUMENT_KEYS + MARK_KEYS, document, strict=True))
            fh.write(dumps({"record": DOCUMENT_RECORD, **line}) + "\n")
    for speaker in speakers:
        fh.write(dumps({"record": "speaker", **speaker_dict(speaker)}) + "\n")
    for doc_id, doc_links in (links or {}).items():
        doc = (documents or {}).get(doc_id)
        head = {"document_id": doc_id, "document_sha256": doc.sha256 if doc else ""}
        for lk in doc_links:
            if lk.from_id in ids and lk.to_id in ids:
                fh.write(dumps({"record": "link", **head, **link_dict(lk)}) + "\n")
    if cards is not None:
        _write_cards(fh, cards, carried)
    return written


def _write_cards(fh: TextIO, cards: Cards, carried: set[str]) -> None:
    for e in cards.scale.entries:
        fh.write(dumps({"record": "rating", "name": e.name, "value": e.value, "color": e.color}) + "\n")
    org = cards.organization
    fh.write(dumps({"record": "organization", "name": org.name, "url": org.url}) + "\n")
    for r in cards.records:
        tags = [t for t in r.tag_ids if t in carried]
        fh.write(dumps({"record": "claim", **card_dict(replace(r, tag_ids=tags))}) + "\n")


#: Lines checked and handed on at a time.
BATCH = 20_000

#: Finds a line's document in the project: (document_id, document_sha256) -> the document, or None.
FindDocument = Callable[[str, str], Document | None]


def read(
    fh: BinaryIO,
    find_document: FindDocument,
    label_names: Collection[str],
    on_read: Callable[[int], object] | None = None,
    speakers: list[Speaker] | None = None,
    cards: CardReader | None = None,
    curated: dict[str, Mark] | None = None,
) -> Iterator[tuple[Document, CheckedAnnotations]]:
    """Read JSONL lines into checked parts (document, annotations), BATCH lines at a time; raises
    Refusal naming the line. Lines carry no article text: find_document finds each line's document
    (by sha256, then id), label_names are the labels they may use. on_read(bytes) as the file is read.
    Speaker lines go to speakers; link lines come with a last part (no tags) of their document; the
    claim cards' lines go to cards (checked there, as the JSON format's are); the documents' curated
    marks to curated, by our document's id (`MarkReader`), a document line's document coming with a last
    part (no tags) too."""
    cards = CardReader() if cards is None else cards
    marks = MarkReader({} if curated is None else curated)
    labels = dict.fromkeys(label_names)
    links: dict[str, tuple[Document, list[tuple[Link, str]]]] = {}
    lines_of: dict[str, Document] = {}  # the documents of document lines: a part each, for the merge
    speaker_ids: set[str] = set()
    seen = SeenIds()
    resolved: dict[tuple[str, str], Document] = {}
    lines = _lines(fh, on_read)
    empty = True
    while True:
        batch: list[tuple[int, Document, dict[str, Any]]] = []
        problem: Refusal | None = None
        for n, obj_or_problem in lines:
            if isinstance(obj_or_problem, Refusal):
                problem = obj_or_problem
                break
            empty = False
            try:
                if "record" in obj_or_problem:
                    if obj_or_problem["record"] in CARD_RECORDS:
                        _card_line(n, obj_or_problem, cards)
                        continue
                    if obj_or_problem["record"] == DOCUMENT_RECORD:
                        _document_line(n, obj_or_problem, find_document, resolved, marks, lines_of)
                        continue
                    _structure_line(n, obj_or_problem, find_document, resolved, links, speakers, speaker_ids)
                    continue
                doc = _document(obj_or_problem, f"line {n}", find_document, resolved)
                marks.line(n, obj_or_problem, doc.id)
            except Refusal as exc:
                problem = exc
                break
            batch.append((n, doc, obj_or_problem))
            if len(batch) == BATCH:
                break
        # The lines before a bad one are checked first: the first problem in the file is the one told.
        yield from _checked(batch, labels, seen)
        if problem is not None:
            raise problem
        if len(batch) < BATCH:
            break
    if empty:
        raise Refusal("", "the file is empty")
    for doc, doc_links in links.values():
        part = CheckedAnnotations([], doc.text)
        part.links = doc_links
        yield doc, part
    # A document line's document as a part without tags: the merge settles the marks of the documents
    # it was given (it finds ours, and leaves out one removed here).
    for doc in lines_of.values():
        yield doc, CheckedAnnotations([], doc.text)


def _structure_line(
    n: int,
    obj: dict[str, Any],
    find_document: FindDocument,
    resolved: dict[tuple[str, str], Document],
    links: dict[str, tuple[Document, list[tuple[Link, str]]]],
    speakers: list[Speaker] | None,
    speaker_ids: set[str],
) -> None:
    where = f"line {n}"
    record = obj["record"]
    if record == "speaker":
        speaker = parse_speaker(obj, where)
        if speaker.id in speaker_ids:
            raise Refusal(where, f"the speaker id {speaker.id!r} is listed twice")
        speaker_ids.add(speaker.id)
        if speakers is not None:
            speakers.append(speaker)
    elif record == "link":
        doc = _document(obj, where, find_document, resolved)
        link = parse_link(obj, where, doc.id)
        links.setdefault(doc.id, (doc, []))[1].append((link, where))
    else:
        kinds = ", ".join(f'"{k}"' for k in (DOCUMENT_RECORD, "speaker", "link", *CARD_RECORDS))
        raise Refusal(where, f'"record" must be one of {kinds}, not {describe(record)}')


def _document_line(
    n: int,
    obj: dict[str, Any],
    find_document: FindDocument,
    resolved: dict[tuple[str, str], Document],
    marks: MarkReader,
    lines_of: dict[str, Document],
) -> None:
    """A marked document's own line: its mark checked as a tag line's and held to its other lines', its
    document (ours) kept in lines_of. A document that is not in this project is left out with its mark
    (there is nothing here to mark; the file's tags, which need it, are refused on their own lines)."""
    doc = _find(obj, f"line {n}", find_document, resolved)
    if doc is None:
        marks.check(n, obj)
        return
    marks.line(n, obj, doc.id)
    lines_of[doc.id] = doc


class MarkReader:
    """The documents' curated marks from their tags' lines: a line's pair is held to the JSON format's
    rules (`check_mark`), and every line of one document that carries a mark carries the same one (a
    line with none, or without the keys, says nothing: a file never clears a mark)."""

    def __init__(self, marks: dict[str, Mark]) -> None:
        self.marks = marks
        #: Per document: the pair as its first marked line wrote it, and that line's number.
        self._raw: dict[str, tuple[object, object, int]] = {}

    def line(self, n: int, obj: Mapping[str, Any], doc_id: str) -> None:
        curator, at = obj.get(MARK_KEYS[0]), obj.get(MARK_KEYS[1])
        if curator is None and at is None:
            return
        first = self._raw.get(doc_id)
        if first is not None and first[0] == curator and first[1] == at:
            return  # the usual case: the same pair as the document's first line, checked there
        where = f"line {n}"
        mark = self.check(n, obj)
        assert mark is not None
        if first is not None:
            raise Refusal(
                where,
                f"its document's curated mark ({describe(curator)}, {describe(at)}) is not the one line "
                f"{first[2]} gave it ({describe(first[0])}, {describe(first[1])}): the lines of one "
                "document carry one mark",
            )
        self._raw[doc_id] = (curator, at, n)
        self.marks[doc_id] = mark

    @staticmethod
    def check(n: int, obj: Mapping[str, Any]) -> Mark | None:
        """The line's mark held to the rules (None: both null or absent); Refusal naming the line."""
        curator, at = obj.get(MARK_KEYS[0]), obj.get(MARK_KEYS[1])
        if curator is None and at is None:
            return None
        return check_mark(curator, at, f"line {n}", MARK_KEYS)


def _card_line(n: int, obj: dict[str, Any], cards: CardReader) -> None:
    where = f"line {n}"
    record = obj["record"]
    if record == "rating":
        cards.rating(obj, where)
    elif record == "organization":
        cards.organization(obj, where)
    else:
        cards.card(obj, where)


def _lines(fh: BinaryIO, on_read: Callable[[int], object] | None) -> Iterator[tuple[int, Any]]:
    """(line number, the line's JSON object or a Refusal) for each line that is not blank."""
    offset = 0
    n = 0
    # At most a line's limit at a time: a line with no end (NUL bytes, a disk image) is not read whole.
    while raw := fh.readline(MAX_LINE_BYTES + 1):
        n += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            limit = f"{MAX_LINE_BYTES // (1 << 20)} MB"
            yield n, Refusal(f"line {n}", f"it is longer than {limit}, far more than a tag's line: not JSONL")
            return
        if n == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
            offset += len(codecs.BOM_UTF8)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield n, not_utf8(offset + exc.start, raw if offset == 0 else b"")
            return
        offset += len(raw)
        if on_read is not None:
            on_read(offset)
        if not line.strip():
            continue
        where = f"line {n}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, Refusal(where, f"it is not valid JSON ({exc.msg} at column {exc.colno})")
            return
        except RecursionError:  # brackets nested thousands deep
            yield n, Refusal(where, "its brackets are nested too deeply to be a factcheck export")
            return
        except ValueError:  # an integer of more than 4300 digits
            yield n, Refusal(where, "it holds a number too long to read (thousands of digits)")
            return
        if not isinstance(value, dict):
            yield n, Refusal(where, f"expected an object, found {describe(value)}")
            return
        if _SURROGATE_ESCAPE.search(line) and not _encodable(value):
            yield n, Refusal(where, "a text holds an unpaired surrogate (\\uD8xx-\\uDFxx)")
            return
        yield n, value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _encodable(value: dict[str, Any]) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _find(
    obj: dict[str, Any], where: str, find_document: FindDocument, resolved: dict[tuple[str, str], Document]
) -> Document | None:
    """The project's document the line names (by id, hash or both), None when it has none such; refused
    when the line names none. Each one found is kept in resolved for the lines after."""
    doc_id = expect_str(obj, "document_id", where, default="")
    sha256 = expect_str(obj, "document_sha256", where, default="")
    if not doc_id and not sha256:
        raise Refusal(where, 'the line names no document ("document_id" or "document_sha256")')
    doc = resolved.get((doc_id, sha256))
    if doc is None:
        doc = find_document(doc_id, sha256)
        if doc is not None:
            resolved[(doc_id, sha256)] = doc
    return doc


def _document(
    obj: dict[str, Any], where: str, find_document: FindDocument, resolved: dict[tuple[str, str], Document]
) -> Document:
    """The project's document the line names, refused when the project has none such."""
    doc = _find(obj, where, find_document, resolved)
    if doc is None:
        title = obj.get("document_title")
        named = obj.get("document_id") or obj.get("document_sha256")  # (strings, as _find checked)
        name = describe(title) if isinstance(title, str) and title else repr(named)
        raise Refusal(
            where,
            f"its document {name} is not in this project; import the article or a JSON export first",
        )
    return doc


def _places(members: list[tuple[int, Document, dict[str, Any]]]) -> Callable[[int], str]:
    return lambda j: f"line {members[j][0]}"


def _checked(
    batch: list[tuple[int, Document, dict[str, Any]]], labels: Mapping[str, object], seen: SeenIds
) -> Iterator[tuple[Document, CheckedAnnotations]]:
    """The batch's lines checked, in parts per document. Each document's lines go through
    check_annotations (its fast path, then its reference); when any is refused or repeats an id, the
    whole batch is checked line by line instead, so that the first bad line is the one refused."""
    groups: dict[str, list[tuple[int, Document, dict[str, Any]]]] = {}
    for entry in batch:
        groups.setdefault(entry[1].id, []).append(entry)
    trial = SeenIds()
    parts = []
    try:
        for members in groups.values():
            doc = members[0][1]
            items = [obj for _, _, obj in members]
            parts.append((doc, check_annotations(items, _places(members), doc, labels, trial)))
        if not seen.add_new([row for _, checked in parts for row in checked.rows]):
            raise Refusal("", "an id seen before")  # not told: the line-by-line pass words it
    except Refusal:
        by_document: dict[str, tuple[Document, CheckedAnnotations]] = {}
        for n, doc, obj in batch:
            checked = check_annotations([obj], _places([(n, doc, obj)]), doc, labels, seen)
            if doc.id in by_document:
                by_document[doc.id][1].extend(checked)
            else:
                by_document[doc.id] = (doc, checked)
        yield from by_document.values()
        return
    yield from parts
