"""A fast path of the JSON reader: a document of factcheck's own export parsed by msgspec straight into
typed tags (`TypedTag`), each field of the type the reference (`validate.parse_annotation`) wants, in C,
instead of into dicts whose every value the checks then look at again (a 100k-tag document: about 0.12 s
against orjson's 0.2 s, and the column type checks and the dicts' freeing are saved too).

Only a parse: it decides nothing. `typed_document` gives None, and the reader takes its other ways
(orjson, then the standard library, which words any refusal), whenever msgspec refuses the bytes or a
value is not of its type here: not JSON (msgspec is strict: no NaN, no lone surrogate, UTF-8 only), a
key of a tag missing, a float or a boolean where a whole number goes, a structure key neither null nor
of its type... What it does give is what the standard library would give for the same bytes (a key
given twice keeps its last value in both; an integer of any length is exact), with the tags' values
checked only for their types: `validate_columns.fast_rows` and the reference check the rest.
tests/factcheck/services/test_json_typed.py holds it to that.

msgspec is imported when a first document is parsed so (`json_typed_structs`: its import takes about
0.08 s, with typing_extensions: not at every start of the program).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

__all__ = ["as_dict", "loaded_tag_type", "loaded_tag_values", "tag_type", "typed_document"]

_typed: ModuleType | None = None  # json_typed_structs, once imported
_missing = False


def _load() -> ModuleType | None:
    """The types (`json_typed_structs`), imported on first use; None without msgspec (the other ways read
    everything)."""
    global _typed, _missing
    if _typed is None and not _missing:
        try:  # (a plain import statement: a packager sees it)
            from factcheck.services.formats import json_typed_structs
        except ImportError:
            _missing = True
        else:
            _typed = json_typed_structs
    return _typed


def tag_type() -> type[Any] | None:
    """The type of the tags `typed_document` gives (None without msgspec)."""
    typed = _load()
    return None if typed is None else typed.TypedTag


def loaded_tag_type() -> type[Any] | None:
    """tag_type, without importing msgspec: None while no document was parsed typed (no tag is one)."""
    return None if _typed is None else _typed.TypedTag


def loaded_tag_values() -> Any:
    """The function giving a typed tag's values as a tuple in `ANNOTATION_KEYS` order (msgspec's
    `astuple`: a C loop over its slots, a quarter of what 22 attribute look-ups cost), without importing
    msgspec: None while no document was parsed typed."""
    return None if _typed is None else _typed.astuple


def typed_document(data: bytes | memoryview) -> dict[str, Any] | None:
    """The document object in data as the reader's dict (its own keys that are present, "annotations"
    a list of typed tags), or None when msgspec refuses it or a tag is not typed as factcheck writes it
    (then the reader parses it the other ways, which give or refuse it in their own words)."""
    typed = _load()
    if typed is None:
        return None
    try:
        parsed = typed.decode(data)
    except typed.FAILED:
        return None
    out: dict[str, Any] = {}
    for key in typed.DOCUMENT_KEYS:
        value = getattr(parsed, key)
        if value is not typed.UNSET:
            out[key] = value
    out["annotations"] = parsed.annotations
    return out


def as_dict(tag: Any) -> Any:
    """A typed tag as the dict the reference reads (a structure key absent in the file is null here,
    which the reference reads alike); anything else as it is."""
    if _typed is not None and type(tag) is _typed.TypedTag:
        return _typed.as_dict(tag)
    return tag
