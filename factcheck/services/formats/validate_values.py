"""The first checks of our JSON and JSONL readers: the keys an annotation has, the typed look-ups that
raise a `Refusal` naming the place, and the timestamp rules."""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from factcheck.core.json_values import MISSING as _MISSING
from factcheck.core.json_values import describe
from factcheck.core.model import ANNOTATION_FIELDS, STAMP_FORMAT, STRUCTURE_FIELDS, canonical_stamp

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


def not_utf8(position: int, head: bytes = b"") -> Refusal:
    """The refusal of a file that is not UTF-8, the undecodable byte at position; head, the file's first
    bytes when known. A UTF-16 file (Windows PowerShell's `>` saves an export so) is named, with the cure."""
    if position < 2 and head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return Refusal(
            "",
            "it is UTF-16 text, not UTF-8 (as Windows PowerShell's > saves it); export again with "
            "--out FILE, or save it as UTF-8",
        )
    return Refusal("", f"it is not UTF-8 text (undecodable byte at position {position})")


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
