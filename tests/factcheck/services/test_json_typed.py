"""The typed parse of a document (json_typed, msgspec) gives what the standard library's parse gives, or
nothing (then the reader's other ways decide); the tags it gives are checked as the reference checks
them: the same rows, or the same refusal word for word."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from factcheck.core.model import Document
from factcheck.services.formats.json_typed import as_dict, loaded_tag_type, tag_type, typed_document
from factcheck.services.formats.validate import ANNOTATION_KEYS, Refusal, SeenIds, parse_annotations
from factcheck.services.formats.validate_columns import fast_rows
from tests.factcheck.services.test_merge_fast_paths import (
    BREAKERS,
    LABELS,
    STILL_VALID,
    TEXT,
    _exported,
    _one_by_one,
)

TAG = tag_type()
pytestmark = pytest.mark.skipif(TAG is None, reason="msgspec is not installed")


def _document(doc: Document, items: list[Any], **extra: object) -> dict[str, Any]:
    return {
        "id": doc.id, "title": doc.title, "source": doc.source, "sha256": doc.sha256, "text": doc.text,
        "imported_at": doc.imported_at, "annotations": items, "links": [], **extra,
    }  # fmt: skip


def _as_read(value: dict[str, Any]) -> dict[str, Any]:
    """A document as the reference reads it: each tag's keys, a structure key left out read as null."""
    out = dict(value)
    out["annotations"] = [
        {key: item.get(key) for key in ANNOTATION_KEYS} if isinstance(item, dict) else item
        for item in value["annotations"]
    ]
    return out


def _rows(items: list[Any], doc: Document) -> list[tuple[object, ...]] | str:
    try:
        return parse_annotations(items, "d", doc, LABELS, SeenIds()).rows
    except Refusal as exc:
        return str(exc)


def _agrees(raw: bytes, doc: Document) -> dict[str, Any] | None:
    """The typed parse of raw, checked against the standard library's parse and the reference's checks."""
    typed = typed_document(raw)
    try:
        reference = json.loads(raw)
    except ValueError:  # (beyond the digits Python turns into an integer)
        assert typed is None
        return None
    if typed is None:
        return None
    tags = [as_dict(tag) for tag in typed["annotations"]]
    assert {**typed, "annotations": tags} == _as_read(reference)
    assert _rows(typed["annotations"], doc) == _one_by_one(reference["annotations"], doc)
    return typed


def test_factcheck_s_own_tags_are_parsed_typed() -> None:
    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    items = _exported(doc)
    typed = _agrees(json.dumps(_document(doc, items)).encode(), doc)
    assert typed is not None and all(type(tag) is TAG for tag in typed["annotations"])
    assert fast_rows(typed["annotations"], doc, LABELS) == fast_rows(items, doc, LABELS) is not None


@pytest.mark.parametrize("breaker", BREAKERS)
def test_any_change_is_parsed_as_the_standard_library_parses_it_or_left_to_it(breaker: str) -> None:
    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    for position in (0, 7, 39):
        items = _exported(doc)
        BREAKERS[breaker](items[position])
        typed = _agrees(json.dumps(_document(doc, items), ensure_ascii=False).encode(), doc)
        if breaker in ("none", "repeat same", "pieces", *STILL_VALID):
            assert typed is not None, breaker  # typed right: the checks decide, as for dicts


#: JSON the standard library reads and msgspec may read otherwise: each must be parsed as the standard
#: library parses it, or left to the other ways.
RAW_CASES = {
    "key twice": ('"note": ""', '"note": 5, "note": "last"'),
    "key twice, first kept wrong": ('"note": ""', '"note": "first", "note": 5'),
    "unknown key": ('"note": ""', '"note": "", "colour": {"a": [1, 2.5, null, true]}'),
    "huge start": ('"start": 0', '"start": 123456789012345678901234567890'),
    "float start": ('"start": 0', '"start": 0.0'),
    "exponent start": ('"start": 0', '"start": 0e0'),
    "negative zero": ('"start": 0', '"start": -0'),
    "lone surrogate": ('"note": ""', '"note": "\\ud83d"'),
    "paired surrogates": ('"note": ""', '"note": "\\ud83d\\ude00"'),
    "escapes": ('"note": ""', '"note": "\\u0000\\t\\"\\\\\\/x"'),
    "nan elsewhere": ('"note": ""', '"note": "", "x": NaN'),
    "infinity elsewhere": ('"note": ""', '"note": "", "x": 1e400'),
    "null required": ('"note": ""', '"note": null'),
    "list fragments": ('"fragments": []', '"fragments": [[0, 2], [4, 8]]'),
    "odd fragments": ('"fragments": []', '"fragments": [[0, 2.5]]'),
    "object speaker": ('"speaker": null', '"speaker": {"id": "x"}'),
    "document key twice": ('"title": "Roe"', '"title": 5, "title": "Roe"'),
    "huge numbers elsewhere": ('"links": []', '"links": [-123456789012345678901234567890, 1.5e300, 0.1]'),
    "too long a number": ('"start": 0', '"start": ' + "9" * 5000),  # the standard library refuses it too
}


@pytest.mark.parametrize("case", RAW_CASES)
def test_json_the_parsers_may_read_otherwise_is_read_as_the_standard_library_reads_it(case: str) -> None:
    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    old, new = RAW_CASES[case]
    raw = json.dumps(_document(doc, _exported(doc)), ensure_ascii=False)
    assert old in raw
    changed = raw.replace(old, new, 1).encode()
    if case == "lone surrogate":  # not text SQLite can store: the reader refuses it the standard way
        assert typed_document(changed) is None
        return
    _agrees(changed, doc)


def test_a_document_that_is_not_factcheck_s_goes_the_other_ways() -> None:
    doc = Document.create(TEXT, title="Roe", source="roe.txt")
    base = _document(doc, _exported(doc))
    for broken in (
        {k: v for k, v in base.items() if k != "annotations"},  # no tags
        {**base, "annotations": {"a": 1}},
        {**base, "annotations": [1, 2]},
    ):
        assert typed_document(json.dumps(broken).encode()) is None
    assert typed_document(b'{"annotations": []} trailing') is None
    assert typed_document(b"[]") is None
    # Its own keys are the file's, left to the reference however they are typed.
    odd = typed_document(json.dumps({**base, "title": 5, "links": "none"}).encode())
    assert odd is not None and odd["title"] == 5 and odd["links"] == "none"
    assert typed_document(b'{"annotations": []}') == {"annotations": []}  # absent keys stay absent


def test_msgspec_is_imported_by_a_first_typed_parse_not_at_start_up() -> None:
    code = (
        "import sys\n"
        "from factcheck.services.importing import import_paths\n"
        "from factcheck.services.formats import json_typed\n"
        "assert 'msgspec' not in sys.modules and json_typed.loaded_tag_type() is None\n"
        "assert json_typed.typed_document(b'{\"annotations\": []}') == {'annotations': []}\n"
        "assert 'msgspec' in sys.modules and json_typed.loaded_tag_type() is not None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert loaded_tag_type() is TAG
