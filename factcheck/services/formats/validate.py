"""Checks shared by the readers of our JSON and JSONL: every value is typed, every span is exact.

A reader raises `Refusal(where, problem)`; `read_bundle` turns it into one `ImportRefused` line that
names the file. Nothing is stored by a reader, so a refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from itertools import repeat
from operator import attrgetter, itemgetter, lt
from typing import Any, overload

from db.scratch import DigestTable
from factcheck.core import fragments as fragment_rules
from factcheck.core.inputs import text_problem
from factcheck.core.json_values import MISSING as _MISSING
from factcheck.core.json_values import describe
from factcheck.core.links import Link
from factcheck.core.model import (
    ANNOTATION_FIELDS,
    CANONICAL_STAMP,
    LABEL_ROLES,
    QUOTATIONS,
    REVIEW_STATUSES,
    STAMP_FORMAT,
    STRUCTURE_FIELDS,
    Annotation,
    Document,
    Label,
    canonical_stamp,
    parse_fragments_json,
    text_sha256,
    utc_now,
)
from factcheck.core.spans import context

#: An annotation's keys in the JSON and JSONL formats, in file order (Annotation's fields but document_id).
ANNOTATION_KEYS = tuple(name for name in ANNOTATION_FIELDS if name != "document_id")

#: Keys a version 1 file has (all present in what factcheck writes); the structure keys may be absent.
BASE_KEYS = tuple(name for name in ANNOTATION_KEYS if name not in STRUCTURE_FIELDS)
#: Structure keys that may be absent, null or a string (ids).
STRUCTURE_IDS = ("speaker", "source", "cue")

#: Annotation keys that must be present strings.
REQUIRED_STR = ("id", "label", "quote", "annotator", "created_at", "updated_at")
#: Keys that may be absent, null or a string.
NULLABLE_STR = ("deleted_at", "status", "reviewer", "reason", "reviewed_at")
TIMESTAMPS = ("created_at", "updated_at", "deleted_at", "reviewed_at")


class Refusal(Exception):
    """A problem at a place in the file, e.g. ('documents[2].annotations[5]', '"start" must be ...')."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{problem} (at {where})" if where else problem)
        self.where = where
        self.problem = problem


def expect_object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Refusal(where, f"expected an object, found {describe(value)}")
    return value


def expect_list(obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        raise Refusal(where, f'the key "{key}" is missing')
    if not isinstance(value, list):
        raise Refusal(where, f'"{key}" must be a list, not {describe(value)}')
    return value


def expect_str(obj: Mapping[str, Any], key: str, where: str, *, default: object = _MISSING) -> str:
    value = obj.get(key, default)
    if type(value) is not str:
        if value is _MISSING:
            raise Refusal(where, f'the key "{key}" is missing')
        raise Refusal(where, f'"{key}" must be a string, not {describe(value)}')
    return value


def expect_int(obj: Mapping[str, Any], key: str, where: str) -> int:
    value = obj.get(key, _MISSING)
    if type(value) is not int:  # bool is an int subclass: true is not an offset
        if value is _MISSING:
            raise Refusal(where, f'the key "{key}" is missing')
        raise Refusal(where, f'"{key}" must be a whole number, not {describe(value)}')
    return value


def check_timestamp(value: str, key: str, where: str) -> str:
    """value in the stored form (UTC, microseconds, Z), or a Refusal when it is no ISO-8601 time."""
    try:
        return canonical_stamp(value)
    except ValueError:
        raise Refusal(where, f'"{key}" is not an ISO-8601 date and time: {describe(value)}') from None


#: How far ahead of our clock a stamp may be (clocks drift, zones get mixed up); a copy stamped later
#: than that would win every later merge.
FUTURE_SLACK = timedelta(days=1)


def latest_stamp() -> str:
    """The latest acceptable stamp now, in the stored form (stamps sort as strings)."""
    return (datetime.now(UTC) + FUTURE_SLACK).strftime(STAMP_FORMAT)


def check_not_future(values: Mapping[str, Any], where: str, horizon: str) -> None:
    """Refuse a row whose timestamps (stored form) lie beyond horizon (`latest_stamp`)."""
    for key in TIMESTAMPS:
        value = values[key]
        if value is not None and value > horizon:
            raise Refusal(
                where,
                f'"{key}" is more than a day in the future ({value}): check the clock of the '
                "computer that wrote it",
            )


def parse_labels(top: Mapping[str, Any]) -> list[Label]:
    labels: list[Label] = []
    seen: set[str] = set()
    for i, item in enumerate(expect_list(top, "labels", "the top level")):
        where = f"labels[{i}]"
        obj = expect_object(item, where)
        name = expect_str(obj, "name", where)
        if not name.strip():
            raise Refusal(where, "a label name is empty")
        if name in seen:
            raise Refusal(where, f"the label {name!r} is listed twice")
        seen.add(name)
        role = expect_str(obj, "role", where, default="content")
        if role not in LABEL_ROLES:
            raise Refusal(where, f'"role" must be "content", "source" or "cue", not {describe(role)}')
        labels.append(
            Label(
                name,
                expect_str(obj, "color", where),
                expect_str(obj, "shortcut", where, default=""),
                role,
            )
        )
    return labels


def parse_document(obj: Mapping[str, Any], where: str) -> Document:
    doc_id = expect_str(obj, "id", where)
    if not doc_id.strip():
        raise Refusal(where, "the document id is empty")
    text = expect_str(obj, "text", where)
    if not text:
        raise Refusal(where, f"document {doc_id!r} has an empty text")
    if "\r" in text:
        raise Refusal(
            where,
            f"the text of document {doc_id!r} contains a carriage return (\\r); factcheck texts use \\n "
            "line ends only (was the file edited by hand?)",
        )
    if problem := text_problem(text):  # the rule of article files too
        raise Refusal(where, f"the text of document {doc_id!r} {problem}")
    computed = text_sha256(text)
    sha256 = expect_str(obj, "sha256", where, default=computed)
    if sha256 != computed:
        raise Refusal(
            where, f"the sha256 of document {doc_id!r} does not match its text (changed after export?)"
        )
    imported_at = expect_str(obj, "imported_at", where, default="") or utc_now()
    imported_at = check_timestamp(imported_at, "imported_at", where)
    return Document(
        id=doc_id,
        title=expect_str(obj, "title", where),
        source=expect_str(obj, "source", where),
        text=text,
        sha256=sha256,
        imported_at=imported_at,
    )


def _allowed(key: str) -> tuple[type, ...]:
    if key in ("start", "end"):
        return (int,)  # exactly int: bool is a subclass, and type() is compared, not isinstance()
    if key == "orphaned":
        return (bool,)
    return (str, type(None)) if key in NULLABLE_STR else (str,)


#: The types each of BASE_KEYS may have in an annotation as factcheck writes it (the fast path).
_ALLOWED_TYPES = tuple(_allowed(key) for key in BASE_KEYS)
_new_annotation = object.__new__
_canonical = CANONICAL_STAMP.match
#: Only while `extra` is Annotation's last field (the fast constructor fills the others in order).
_FAST_CONSTRUCT = tuple(f.name for f in fields(Annotation)) == (*ANNOTATION_FIELDS, "extra")


def parse_annotation(
    obj: Mapping[str, Any], where: str, doc: Document, label_names: Mapping[str, object]
) -> Annotation:
    """One annotation of doc, fully checked; prefix and suffix are recomputed when missing or wrong.

    The reference for every rule an annotation is held to; `_fast_rows` is a faster way to the same
    result for what factcheck itself writes.
    """
    values: dict[str, Any] = {}
    for key in REQUIRED_STR:
        value = obj.get(key, _MISSING)
        if type(value) is not str:
            expect_str(obj, key, where)  # raises with the right message
        values[key] = value
    for key in NULLABLE_STR:
        value = obj.get(key)
        if value is not None and type(value) is not str:
            raise Refusal(where, f'"{key}" must be a string or null, not {describe(value)}')
        values[key] = value
    if not values["id"].strip():
        raise Refusal(where, "the annotation id is empty")
    for key in TIMESTAMPS:
        if values[key] is not None:
            values[key] = check_timestamp(values[key], key, where)
    check_not_future(values, where, latest_stamp())
    note = obj.get("note", "")
    if type(note) is not str:
        raise Refusal(where, f'"note" must be a string, not {describe(note)}')
    orphaned = obj.get("orphaned", False)
    if type(orphaned) is not bool:
        raise Refusal(where, f'"orphaned" must be true or false, not {describe(orphaned)}')
    if values["status"] is not None and values["status"] not in REVIEW_STATUSES:
        raise Refusal(
            where, f'"status" must be "accepted", "rejected" or null, not {describe(values["status"])}'
        )
    label = values["label"]
    if label not in label_names:
        known = ", ".join(label_names) or "none"
        raise Refusal(
            where,
            f"the label {label!r} is unknown (known labels: {known}; if the project lacks it, add it with "
            "Project > Labels… or factcheck labels add, or import with factcheck import --add-labels)",
        )
    start = expect_int(obj, "start", where)
    end = expect_int(obj, "end", where)
    text = doc.text
    quote = values["quote"]
    prefix = obj.get("prefix")
    suffix = obj.get("suffix")
    for key, value in (("prefix", prefix), ("suffix", suffix)):
        if value is not None and type(value) is not str:
            raise Refusal(where, f'"{key}" must be a string, not {describe(value)}')
    # Orphans too: re-anchoring placed them on the text (quote == text[start:end]) and noted the old quote.
    if not 0 <= start < end <= len(text):
        raise Refusal(where, f"the span {start}-{end} lies outside the text (0-{len(text)}) or is empty")
    if text[start:end] != quote:
        raise Refusal(
            where,
            f"the quote {describe(quote)} is not the text at {start}-{end} ({describe(text[start:end])})",
        )
    if not quote.strip():
        raise Refusal(where, f"the span {start}-{end} holds only whitespace")
    fragments, structure = _structure(obj, where, start, end, text)
    # Context is derived data: recomputed when absent or not what the text says (a loose check).
    fresh_prefix, _, fresh_suffix = context(text, start, end)
    if prefix is None or not text.endswith(prefix, 0, start):
        prefix = fresh_prefix
    if suffix is None or not text.startswith(suffix, end):
        suffix = fresh_suffix
    return Annotation(
        id=values["id"],
        document_id=doc.id,
        label=label,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        annotator=values["annotator"],
        note=note,
        created_at=values["created_at"],
        updated_at=values["updated_at"],
        deleted_at=values["deleted_at"],
        status=values["status"],
        reviewer=values["reviewer"],
        reason=values["reason"],
        reviewed_at=values["reviewed_at"],
        orphaned=orphaned,
        fragments=fragments,
        **structure,
    )


def _continuous(fragments: object) -> bool:
    """fragments as a continuous tag has them: absent, null or empty."""
    return fragments is None or (type(fragments) in (list, tuple) and not fragments)


def _structure(
    obj: Mapping[str, Any], where: str, start: int, end: int, text: str
) -> tuple[tuple[tuple[int, int], ...], dict[str, Any]]:
    """A tag's fragments (well formed, within the text, their envelope its start-end) and its speaker,
    source, cue and quotation (typed). Whether the ids name the right tags is checked per document."""
    raw: Any = obj.get("fragments")
    fragments: tuple[tuple[int, int], ...] = ()
    if not _continuous(raw):
        if not isinstance(raw, list | tuple) or not all(type(p) in (list, tuple) for p in raw):
            raise Refusal(where, f'"fragments" must be a list of [start, end] pairs, not {describe(raw)}')
        if why := fragment_rules.problem(raw, len(text), text):
            raise Refusal(where, f'"fragments": {why}')
        fragments = tuple((p[0], p[1]) for p in raw)
        if fragment_rules.envelope(fragments) != (start, end):
            first, last = fragments[0][0], fragments[-1][1]
            raise Refusal(
                where,
                f'"fragments" span {first}-{last} but the tag says {start}-{end}: start and end must be '
                "the first piece's start and the last piece's end",
            )
    values: dict[str, Any] = {}
    for key in STRUCTURE_IDS:
        value = obj.get(key)
        if value is not None and (type(value) is not str or not value.strip()):
            raise Refusal(where, f'"{key}" must be an id (a non-empty string) or null, not {describe(value)}')
        values[key] = value
    quotation = obj.get("quotation")
    if quotation is not None and quotation not in QUOTATIONS:
        raise Refusal(where, f'"quotation" must be "direct", "indirect" or null, not {describe(quotation)}')
    values["quotation"] = quotation
    return fragments, values


# -- a document's annotations as checked row tuples ------------------------------------------------

#: Row tuples hold Annotation's fields in this order (the annotations table's columns too); fragments
#: in their stored form (`Annotation.fragments_json`: JSON text, or None for a continuous tag).
ROW_FIELDS = ANNOTATION_FIELDS
_FRAGMENTS = ROW_FIELDS.index("fragments")
_annotation_values = attrgetter(*(("fragments_json" if f == "fragments" else f) for f in ROW_FIELDS))


def _annotation(row: tuple[Any, ...]) -> Annotation:
    stored = row[_FRAGMENTS]
    if not _FAST_CONSTRUCT:
        values = list(row)
        values[_FRAGMENTS] = parse_fragments_json(stored)
        return Annotation(*values)
    # What Annotation.__init__ does, without its 24 frozen-dataclass __setattr__ calls.
    ann: Annotation = _new_annotation(Annotation)
    ann.__dict__.update(zip(ANNOTATION_FIELDS, row, strict=True), extra={})
    ann.__dict__["fragments"] = () if stored is None else parse_fragments_json(stored)
    return ann


class CheckedAnnotations(Sequence[Annotation]):
    """A document's annotations as a reader checked them against `text`, unique by id, held as row
    tuples (`ROW_FIELDS` order): a merge stores the rows as they are, and an Annotation is made only
    for whoever reads one (100k dataclasses cost about as much as their whole JSON parse)."""

    __slots__ = ("links", "rows", "text")

    def __init__(self, rows: list[tuple[Any, ...]], text: str) -> None:
        self.rows = rows
        self.text = text
        #: The document's links read with these tags, each with its place in the input (for refusals).
        self.links: list[tuple[Link, str]] = []

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Annotation: ...
    @overload
    def __getitem__(self, index: slice) -> list[Annotation]: ...
    def __getitem__(self, index: int | slice) -> Annotation | list[Annotation]:
        if isinstance(index, slice):
            return list(map(_annotation, self.rows[index]))
        return _annotation(self.rows[index])

    def __iter__(self) -> Iterator[Annotation]:
        return map(_annotation, self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CheckedAnnotations):
            return self.rows == other.rows
        if isinstance(other, list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable (extend), like a list

    def __repr__(self) -> str:
        return f"CheckedAnnotations({list(self)!r})"

    def extend(self, other: CheckedAnnotations) -> None:
        """Add the annotations of the same document read again further down the file."""
        if other.text != self.text:
            raise ValueError("annotations checked against another text")
        self.rows.extend(other.rows)
        self.links.extend(other.links)


#: Ids a SeenIds keeps in memory; beyond, in a temporary file (a million take 150 MB as a dict: these
#: 60 MB; an id is checked and kept here in a fifth of the time it takes there).
SEEN_IN_MEMORY = 400_000

_first = itemgetter(0)


class SeenIds:
    """The annotation ids a file has given so far, each with a digest of its row: one id twice is fine
    with the same content (skipped) and refused with another. A digest, not the row, so that a
    million-tag file is checked in bounded memory (Python's 64-bit hash of the row tuple: two different
    rows under one id pass as the same only with a chance of about 1 in 10^19). The first
    SEEN_IN_MEMORY ids (and the rest of their batch) are kept in a dict, the later ones in a scratch
    table; the dict stays (copying its pairs into the table costs about what looking later ids up in it
    does, and memory stays bounded by SEEN_IN_MEMORY either way)."""

    __slots__ = ("_memory", "_table")

    def __init__(self) -> None:
        self._memory: dict[str, int] = {}
        self._table: DigestTable | None = None

    def check(self, row: tuple[Any, ...], where: str) -> bool:
        """True for a new id (now recorded), False for a repeat with the same content; else Refusal."""
        digest = hash(row)
        key = row[0]
        previous = self._memory.get(key)
        if previous is None and self._table is not None:
            previous = self._table.get(key)
        if previous is None:
            self._record([key], [digest])
            return True
        if previous == digest:
            return False
        raise Refusal(where, f"the annotation id {key!r} appears twice with different content")

    def add_new(self, rows: Sequence[tuple[Any, ...]]) -> bool:
        """Record rows (distinct ids) and say True when none of their ids was seen; else record none."""
        ids = list(map(_first, rows))
        if not self._memory.keys().isdisjoint(ids):
            return False
        if self._table is not None:
            return self._table.put_new(dict(zip(ids, map(hash, rows), strict=True)))
        self._record(ids, list(map(hash, rows)))
        return True

    def _record(self, ids: list[str], digests: list[int]) -> None:
        """Record ids seen nowhere yet."""
        if self._table is not None:
            self._table.put(zip(ids, digests, strict=True))
            return
        self._memory.update(zip(ids, digests, strict=True))
        if len(self._memory) >= SEEN_IN_MEMORY:
            self._table = DigestTable()  # the next ids go there


def check_annotations(
    items: Sequence[Any],
    where: Callable[[int], str],
    doc: Document,
    label_names: Mapping[str, object],
    seen: SeenIds,
) -> CheckedAnnotations:
    """Annotations of doc (raw JSON values; items[j] is at where(j)) checked and made unique across the
    file (seen): a repeat with the same content is skipped, one with other content refused. Raises the
    Refusal of the first bad item."""
    rows = _fast_rows(items, doc, label_names)
    if rows is not None and len({row[0] for row in rows}) == len(rows) and seen.add_new(rows):
        return CheckedAnnotations(rows, doc.text)
    return CheckedAnnotations(_reference_rows(items, where, doc, label_names, seen), doc.text)


def _reference_rows(
    items: Sequence[Any],
    where: Callable[[int], str],
    doc: Document,
    label_names: Mapping[str, object],
    seen: SeenIds,
) -> list[tuple[Any, ...]]:
    """The reference path: each item through parse_annotation and SeenIds.check, in file order."""
    rows = []
    for j, raw in enumerate(items):
        at = where(j)
        row = _annotation_values(parse_annotation(expect_object(raw, at), at, doc, label_names))
        if seen.check(row, at):
            rows.append(row)
    return rows


def parse_annotations(
    items: list[Any], where: str, doc: Document, label_names: Mapping[str, object], seen: SeenIds
) -> CheckedAnnotations:
    """The annotations list of doc (at where.annotations), fully checked; see check_annotations."""
    return check_annotations(items, lambda j: f"{where}.annotations[{j}]", doc, label_names, seen)


_get_all = itemgetter(*BASE_KEYS)
_STRUCTURE_KEYS = tuple(key for key in ANNOTATION_KEYS if key in STRUCTURE_FIELDS)
#: Every key of a tag as a version 2 export writes it: one look-up pass instead of one a structure key.
_get_everything = itemgetter(*BASE_KEYS, *_STRUCTURE_KEYS)
_QUOTATION_VALUES = frozenset((None, *QUOTATIONS))
_NO_PIECES = frozenset((list, tuple, type(None)))
_TYPE_SETS = tuple(frozenset(allowed) for allowed in _ALLOWED_TYPES)
_STATUSES = frozenset((None, *REVIEW_STATUSES))


def _fast_rows(
    items: Sequence[Any], doc: Document, label_names: Mapping[str, object]
) -> list[tuple[Any, ...]] | None:
    """The fast path of check_annotations (a 100k-tag file is read several times faster): the rows of
    items when every one is complete and right as written (what factcheck exports), checked a column at
    a time in C loops; None when any is not, and the reference path then decides, item by item, and
    words the refusal. Gives exactly what the reference gives when it gives rows (uniqueness aside,
    which the caller checks): tests/factcheck/services/test_merge_fast_paths.py."""
    if not items:
        return []
    if set(map(type, items)) != {dict}:
        return None
    try:
        values = list(map(_get_everything, items))
        given: dict[str, Sequence[Any]] | None = None
    except KeyError:  # a version 1 file, or structure keys left out: those are looked up with dict.get
        try:
            values = list(map(_get_all, items))
        except KeyError:
            return None
        given = {key: list(map(dict.get, items, repeat(key))) for key in _STRUCTURE_KEYS}
    columns = list(zip(*values, strict=True))  # (a column at a time from the dicts is slower)
    if given is None:
        given = dict(zip(_STRUCTURE_KEYS, columns[len(BASE_KEYS) :], strict=True))
        del columns[len(BASE_KEYS) :]
    if not all(set(map(type, col)) <= ok for col, ok in zip(columns, _TYPE_SETS, strict=True)):
        return None
    ids, labels, starts, ends, quotes, prefixes, suffixes = columns[:7]
    created, updated, deleted, status, _, _, reviewed = columns[9:16]
    text = doc.text
    if (
        not all(map(str.strip, ids))
        or not set(status) <= _STATUSES
        or not all(label in label_names for label in set(labels))
        or min(starts) < 0
        or max(ends) > len(text)
        or not all(map(lt, starts, ends))
        or list(map(text.__getitem__, map(slice, starts, ends))) != list(quotes)
        or not all(map(str.strip, quotes))
        or not all(map(text.endswith, prefixes, repeat(0), starts))
        or not all(map(text.startswith, suffixes, ends))
    ):
        return None
    horizon = latest_stamp()
    for stamps in (created, updated, deleted, reviewed):
        for stamp in set(stamps):
            if stamp is not None and not _canonical(stamp):  # the reference converts other forms
                return None
            if stamp is not None and stamp > horizon:  # the reference words the refusal
                return None
    structure = _fast_structure(given)
    if structure is None:
        return None
    base: dict[str, Sequence[Any]] = dict(zip(BASE_KEYS, columns, strict=True))
    base.update(structure)
    return list(zip(ids, repeat(doc.id), *(base[key] for key in ANNOTATION_KEYS[1:])))


def _fast_structure(given: dict[str, Sequence[Any]]) -> dict[str, Sequence[Any]] | None:
    """The structure columns (given: the values of each key, None where absent) when every tag is
    continuous (discontinuous ones go the reference way) and every value is of its type; a version 1
    file has none of these keys: all None."""
    out: dict[str, Sequence[Any]] = {}
    nulls: Sequence[None] | None = None
    for key in _STRUCTURE_KEYS:
        column = given[key]  # C loops below: most values are None or []
        if key == "fragments":
            # Continuous (_continuous): absent, null or an empty list; a discontinuous tag goes the
            # reference way.
            if not set(map(type, column)) <= _NO_PIECES or any(column):
                return None
            out[key] = nulls = nulls or [None] * len(column)
            continue
        try:
            values: set[Any] = set(column)
        except TypeError:  # a list or an object: the reference path decides
            return None
        if values == {None}:
            out[key] = nulls = nulls or column
            continue
        if key == "quotation":
            if not values <= _QUOTATION_VALUES:
                return None
        else:
            values.discard(None)
            if not set(map(type, values)) <= {str} or not all(map(str.strip, values)):
                return None
        out[key] = column
    return out
