"""The fast path of `validate.check_annotations`: the rows of a document's annotations checked a column
at a time in C loops when every one is complete and right as written (what factcheck exports); None
otherwise, and the reference path (`validate.parse_annotation`, item by item) decides."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import itemgetter, lt, ne
from typing import Any

from factcheck.core.model import QUOTATIONS, REVIEW_STATUSES, STRUCTURE_FIELDS, Document, is_stored_stamp
from factcheck.core.names import holds_hidden
from factcheck.services.formats.json_typed import loaded_tag_type, loaded_tag_values
from factcheck.services.formats.validate_values import ANNOTATION_KEYS, BASE_KEYS, NULLABLE_STR, latest_stamp


def _allowed(key: str) -> tuple[type, ...]:
    if key in ("start", "end"):
        return (int,)  # exactly int: bool is a subclass, and type() is compared, not isinstance()
    if key == "orphaned":
        return (bool,)
    return (str, type(None)) if key in NULLABLE_STR else (str,)


#: The types each of BASE_KEYS may have in an annotation as factcheck writes it (the fast path).
_ALLOWED_TYPES = tuple(_allowed(key) for key in BASE_KEYS)
_canonical = is_stored_stamp
_get_all = itemgetter(*BASE_KEYS)
_STRUCTURE_KEYS = tuple(key for key in ANNOTATION_KEYS if key in STRUCTURE_FIELDS)
#: Every key of a tag as a version 2 export writes it: one look-up pass instead of one a structure key.
_get_everything = itemgetter(*BASE_KEYS, *_STRUCTURE_KEYS)
assert (*BASE_KEYS, *_STRUCTURE_KEYS) == ANNOTATION_KEYS  # a typed tag's values (astuple) in this order
_QUOTATION_VALUES = frozenset((None, *QUOTATIONS))
_NO_PIECES = frozenset((list, tuple, type(None)))
_TYPE_SETS = tuple(frozenset(allowed) for allowed in _ALLOWED_TYPES)
_STATUSES = frozenset((None, *REVIEW_STATUSES))


#: A document's checked tags a column at a time: ANNOTATION_KEYS order (ids first, no document id).
Columns = list[Sequence[Any]]


def fast_rows(
    items: Sequence[Any], doc: Document, label_names: Mapping[str, object]
) -> list[tuple[Any, ...]] | None:
    """The fast path of check_annotations (a 100k-tag file is read several times faster): the rows of
    items when every one is complete and right as written (what factcheck exports), checked a column at
    a time in C loops; None when any is not, and the reference path then decides, item by item, and
    words the refusal. Gives exactly what the reference gives when it gives rows (uniqueness aside,
    which the caller checks): tests/factcheck/services/test_merge_fast_paths.py."""
    columns = fast_columns(items, doc, label_names)
    return None if columns is None else rows_of(columns, doc.id)


def rows_of(columns: Columns, document_id: str) -> list[tuple[Any, ...]]:
    """The row tuples (ROW_FIELDS order) of checked columns, placed on the document document_id."""
    if not columns:
        return []
    return list(zip(columns[0], repeat(document_id), *columns[1:]))  # (equal lengths; repeat: endless)


def fast_columns(
    items: Sequence[Any], doc: Document, label_names: Mapping[str, object], *, exact_names: bool = False
) -> Columns | None:
    """fast_rows' checks, giving the columns its rows are made of (`rows_of`; [] for no items): a merge
    makes them on our document's id at once, not first on theirs. exact_names: as the reference's."""
    if not items:
        return []
    kinds = set(map(type, items))
    given: dict[str, Sequence[Any]] | None = None
    if kinds == {loaded_tag_type()}:
        # Parsed typed (json_typed): every key there, every value of its type (_ALLOWED_TYPES).
        columns = list(zip(*map(loaded_tag_values(), items), strict=True))
        typed = True
    elif kinds == {dict}:
        try:
            values = list(map(_get_everything, items))
        except KeyError:  # a version 1 file, or structure keys left out: those are looked up with dict.get
            try:
                values = list(map(_get_all, items))
            except KeyError:
                return None
            given = {key: list(map(dict.get, items, repeat(key))) for key in _STRUCTURE_KEYS}
        columns = list(zip(*values, strict=True))  # (a column at a time from the dicts is slower)
        typed = False
    else:
        return None
    if given is None:
        given = dict(zip(_STRUCTURE_KEYS, columns[len(BASE_KEYS) :], strict=True))
        del columns[len(BASE_KEYS) :]
    if not typed and not all(set(map(type, col)) <= ok for col, ok in zip(columns, _TYPE_SETS, strict=True)):
        return None
    ids, labels, starts, ends, quotes, prefixes, suffixes, annotators = columns[:8]
    created, updated, deleted, status, reviewers, _, reviewed = columns[9:16]
    text = doc.text
    if (
        not all(map(str.strip, ids))
        or not set(status) <= _STATUSES
        or not all(label in label_names for label in set(labels))
        or min(starts) < 0
        or max(ends) > len(text)
        or not all(map(lt, starts, ends))
        or any(map(ne, map(text.__getitem__, map(slice, starts, ends)), quotes))
        or any(map(str.isspace, quotes))  # (not blank: each is end - start >= 1 characters, checked above)
        or not all(map(text.endswith, prefixes, repeat(0), starts))
        or not all(map(text.startswith, suffixes, ends))
        or (
            not exact_names and any(map(holds_hidden, set(annotators).union(reviewers).difference((None,))))
        )  # the reference cleans
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
    return [base[key] for key in ANNOTATION_KEYS]


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
