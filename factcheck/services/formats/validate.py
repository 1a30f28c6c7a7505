"""Checks shared by the readers of our JSON and JSONL: every value is typed, every span is exact.

A reader raises `Refusal(where, problem)`; `read_bundle` turns it into one `ImportRefused` line that
names the file. Nothing is stored by a reader, so a refusal changes nothing. The typed look-ups and
timestamp rules are in validate_values, the ids seen so far in validate_seen, the fast column path in
validate_columns; their names are importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import fields
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any, cast, overload

from factcheck.core import fragments as fragment_rules
from factcheck.core.inputs import text_problem
from factcheck.core.json_values import MISSING as _MISSING
from factcheck.core.json_values import describe
from factcheck.core.links import Link
from factcheck.core.model import (
    ANNOTATION_FIELDS,
    LABEL_ROLES,
    QUOTATIONS,
    REVIEW_STATUSES,
    Annotation,
    Document,
    Fragments,
    Label,
    parse_fragments_json,
    text_sha256,
    utc_now,
)
from factcheck.core.names import name_cleaned
from factcheck.core.spans import context
from factcheck.services.formats.json_typed import as_dict
from factcheck.services.formats.validate_columns import Columns, fast_columns, rows_of
from factcheck.services.formats.validate_seen import SeenIds
from factcheck.services.formats.validate_values import (
    ANNOTATION_KEYS,
    BASE_KEYS,
    FUTURE_SLACK,
    NULLABLE_STR,
    REQUIRED_STR,
    STRUCTURE_IDS,
    TIMESTAMPS,
    Refusal,
    check_not_future,
    check_timestamp,
    expect_int,
    expect_list,
    expect_object,
    expect_str,
    latest_stamp,
)

__all__ = [
    "ANNOTATION_KEYS",
    "BASE_KEYS",
    "FUTURE_SLACK",
    "NULLABLE_STR",
    "REQUIRED_STR",
    "ROW_FIELDS",
    "STRUCTURE_IDS",
    "TIMESTAMPS",
    "CheckedAnnotations",
    "Refusal",
    "SeenIds",
    "check_annotations",
    "check_not_future",
    "check_timestamp",
    "expect_int",
    "expect_list",
    "expect_object",
    "expect_str",
    "latest_stamp",
    "parse_annotation",
    "parse_annotations",
    "parse_document",
    "parse_labels",
]


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


#: Only while `extra` is Annotation's last field (the fast constructor fills the others in order), and
#: its fields are slots.
_FAST_CONSTRUCT = tuple(f.name for f in fields(Annotation)) == (*ANNOTATION_FIELDS, "extra") and hasattr(
    Annotation, "__slots__"
)


def _slot_filler() -> Callable[[tuple[Any, ...], Fragments], Annotation]:
    """What Annotation.__init__ does, without its frozen-dataclass __setattr__ calls: each slot set
    through its own descriptor, unrolled (as dataclasses itself writes __init__), as fast as filling a
    __dict__ was and half the time of __init__ (a merge makes 100k of them)."""
    names = (*ANNOTATION_FIELDS, "extra")
    setters = {f"_set_{name}": getattr(Annotation, name).__set__ for name in names}
    values = [f"row[{i}]" for i in range(len(ANNOTATION_FIELDS))]
    values[ANNOTATION_FIELDS.index("fragments")] = "fragments"
    lines = [f"    _set_{name}(ann, {value})" for name, value in zip(names, [*values, "{}"], strict=True)]
    source = "\n".join(["def fill(row, fragments):", "    ann = _new(_Annotation)", *lines, "    return ann"])
    scope: dict[str, Any] = {"_new": object.__new__, "_Annotation": Annotation, **setters}
    exec(source, scope)  # made from our own field names only
    return cast(Callable[[tuple[Any, ...], Fragments], Annotation], scope["fill"])


_fill_annotation = _slot_filler() if _FAST_CONSTRUCT else None


def parse_annotation(
    obj: Mapping[str, Any],
    where: str,
    doc: Document,
    label_names: Mapping[str, object],
    *,
    exact_names: bool = False,
) -> Annotation:
    """One annotation of doc, fully checked; prefix and suffix are recomputed when missing or wrong.

    The reference for every rule an annotation is held to; `validate_columns.fast_rows` is a faster way
    to the same result for what factcheck itself writes. exact_names: the annotator's and reviewer's
    names kept as given (a team server's row: its owner is the server's, whom a push of it must name).
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
    if not exact_names:
        # A person's name reads as it shows, as an imported title does (factcheck.core.names.name_cleaned).
        values["annotator"] = name_cleaned(values["annotator"])
        if values["reviewer"] is not None:
            values["reviewer"] = name_cleaned(values["reviewer"])
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
_document_of = itemgetter(ROW_FIELDS.index("document_id"))
_annotation_values = attrgetter(*(("fragments_json" if f == "fragments" else f) for f in ROW_FIELDS))


def _annotation(row: tuple[Any, ...]) -> Annotation:
    stored = row[_FRAGMENTS]
    fragments = () if stored is None else parse_fragments_json(stored)
    if _fill_annotation is None:
        values = list(row)
        values[_FRAGMENTS] = fragments
        return Annotation(*values)
    return _fill_annotation(row, fragments)


class CheckedAnnotations(Sequence[Annotation]):
    """A document's annotations as a reader checked them against `text`, unique by id, held as row
    tuples (`ROW_FIELDS` order): a merge stores the rows as they are, and an Annotation is made only
    for whoever reads one (100k dataclasses cost about as much as their whole JSON parse).
    The fast path's tags come as checked columns (`of_columns`): their rows are made when first read,
    or at once on our document's id for a merge (`rows_on`), not on theirs and then copied."""

    __slots__ = ("_columns", "_document_id", "_rows", "links", "text")

    def __init__(self, rows: list[tuple[Any, ...]], text: str) -> None:
        self._rows: list[tuple[Any, ...]] | None = rows
        self._columns: Columns | None = None
        self._document_id = ""
        self.text = text
        #: The document's links read with these tags, each with its place in the input (for refusals).
        self.links: list[tuple[Link, str]] = []

    @classmethod
    def of_columns(cls, columns: Columns, document_id: str, text: str) -> CheckedAnnotations:
        """The tags of document_id checked as columns (`validate_columns.fast_columns`)."""
        checked = cls([], text)
        checked._rows, checked._columns, checked._document_id = None, columns, document_id
        return checked

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        if self._rows is None:
            assert self._columns is not None
            self._rows = rows_of(self._columns, self._document_id)
            self._columns = None
        return self._rows

    def rows_on(self, document_id: str) -> list[tuple[Any, ...]]:
        """The rows placed on the document document_id (a merge's: our id for their document)."""
        if self._rows is None:
            assert self._columns is not None
            return rows_of(self._columns, document_id)
        rows = self._rows
        if list(map(_document_of, rows)).count(document_id) == len(rows):  # (C loops)
            return rows
        return [(row[0], document_id, *row[2:]) for row in rows]

    def __len__(self) -> int:
        if self._rows is None:
            assert self._columns is not None
            return len(self._columns[0]) if self._columns else 0
        return len(self._rows)

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


def check_annotations(
    items: Sequence[Any],
    where: Callable[[int], str],
    doc: Document,
    label_names: Mapping[str, object],
    seen: SeenIds,
    *,
    exact_names: bool = False,
) -> CheckedAnnotations:
    """Annotations of doc (raw JSON values; items[j] is at where(j)) checked and made unique across the
    file (seen): a repeat with the same content is skipped, one with other content refused. Raises the
    Refusal of the first bad item. exact_names: see `parse_annotation`."""
    columns = fast_columns(items, doc, label_names, exact_names=exact_names)
    if columns is not None:
        ids: Sequence[str] = columns[0] if columns else ()
        # A row's digest hashed from the columns (zip reuses its tuple): the rows are not made here.
        digests = map(hash, zip(ids, repeat(doc.id), *columns[1:]))
        if len(set(ids)) == len(ids) and seen.add_new_digests(ids, digests):
            return CheckedAnnotations.of_columns(columns, doc.id, doc.text)
    return CheckedAnnotations(
        _reference_rows(items, where, doc, label_names, seen, exact_names=exact_names), doc.text
    )


def _reference_rows(
    items: Sequence[Any],
    where: Callable[[int], str],
    doc: Document,
    label_names: Mapping[str, object],
    seen: SeenIds,
    *,
    exact_names: bool = False,
) -> list[tuple[Any, ...]]:
    """The reference path: each item through parse_annotation and SeenIds.check, in file order."""
    rows = []
    for j, raw in enumerate(items):
        at = where(j)
        ann = parse_annotation(expect_object(as_dict(raw), at), at, doc, label_names, exact_names=exact_names)
        row = _annotation_values(ann)
        if seen.check(row, at):
            rows.append(row)
    return rows


def parse_annotations(
    items: list[Any], where: str, doc: Document, label_names: Mapping[str, object], seen: SeenIds
) -> CheckedAnnotations:
    """The annotations list of doc (at where.annotations), fully checked; see check_annotations."""
    return check_annotations(items, lambda j: f"{where}.annotations[{j}]", doc, label_names, seen)
