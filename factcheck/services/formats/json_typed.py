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
"""

from __future__ import annotations

from typing import Any

try:
    import msgspec
except ImportError:  # the other ways read everything, a little slower
    msgspec = None  # type: ignore[assignment]

from factcheck.services.formats.validate_values import ANNOTATION_KEYS

__all__ = ["TYPED", "TypedTag", "typed_document"]

#: Whether documents may take this way (msgspec installed).
TYPED = msgspec is not None

if msgspec is not None:

    class TypedTag(msgspec.Struct, gc=False):  # gc=False: it holds no cycle (strings, numbers, lists)
        """A tag as factcheck writes it, each value of the type `fast_rows` accepts (`_ALLOWED_TYPES`):
        the keys of a version 1 file required, the structure keys of version 2 optional (absent reads as
        null, as in the reference)."""

        id: str
        label: str
        start: int  # msgspec's int takes no true/false and no 1.0: exactly the reference's whole number
        end: int
        quote: str
        prefix: str
        suffix: str
        annotator: str
        note: str
        created_at: str
        updated_at: str
        deleted_at: str | None
        status: str | None
        reviewer: str | None
        reason: str | None
        reviewed_at: str | None
        orphaned: bool
        fragments: list[Any] | None = None  # its pieces are checked by the reference (non-empty: slow way)
        speaker: str | None = None
        source: str | None = None
        cue: str | None = None
        quotation: str | None = None

    class _TypedDocument(msgspec.Struct, gc=False):
        """A document: its tags typed; its own keys parsed as they come (the reference checks them),
        UNSET when absent."""

        annotations: list[TypedTag]
        id: Any = msgspec.UNSET
        title: Any = msgspec.UNSET
        source: Any = msgspec.UNSET
        sha256: Any = msgspec.UNSET
        text: Any = msgspec.UNSET
        imported_at: Any = msgspec.UNSET
        links: Any = msgspec.UNSET

    _DOCUMENT_KEYS = tuple(k for k in _TypedDocument.__struct_fields__ if k != "annotations")
    _decode = msgspec.json.Decoder(_TypedDocument).decode
    _Failed: tuple[type[Exception], ...] = (msgspec.DecodeError, msgspec.ValidationError)
    assert TypedTag.__struct_fields__ == ANNOTATION_KEYS  # one order: the reader's rows follow it
else:  # pragma: no cover - msgspec is a dependency; the reader works without it
    TypedTag = None  # type: ignore[misc]


def typed_document(data: bytes | memoryview) -> dict[str, Any] | None:
    """The document object in data as the reader's dict (its own keys that are present, "annotations"
    a list of TypedTag), or None when msgspec refuses it or a tag is not typed as factcheck writes it
    (then the reader parses it the other ways, which give or refuse it in their own words)."""
    if msgspec is None:
        return None
    try:
        parsed = _decode(data)
    except _Failed:
        return None
    out: dict[str, Any] = {}
    for key in _DOCUMENT_KEYS:
        value = getattr(parsed, key)
        if value is not msgspec.UNSET:
            out[key] = value
    out["annotations"] = parsed.annotations
    return out


def as_dict(tag: Any) -> Any:
    """A TypedTag as the dict the reference reads (a structure key absent in the file is null here,
    which the reference reads alike); anything else as it is."""
    if TypedTag is not None and type(tag) is TypedTag:
        return msgspec.structs.asdict(tag)
    return tag
