"""msgspec's types of a document and its tags for `json_typed` (imported on first use: msgspec's import
takes about 0.08 s)."""

from __future__ import annotations

from typing import Any

import msgspec

from factcheck.services.formats.validate_values import ANNOTATION_KEYS


class TypedTag(msgspec.Struct, gc=False):  # gc=False: it holds no cycle (strings, numbers, lists)
    """A tag as factcheck writes it, each value of the type `fast_rows` accepts (`_ALLOWED_TYPES`): the
    keys of a version 1 file required, the structure keys of version 2 optional (absent reads as null,
    as in the reference)."""

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
    fragments: list[Any] | None = None  # its pieces: the reference checks them (the slow way)
    speaker: str | None = None
    source: str | None = None
    cue: str | None = None
    quotation: str | None = None


class TypedDocument(msgspec.Struct, gc=False):
    """A document: its tags typed; its own keys parsed as they come (the reference checks them), UNSET
    when absent."""

    annotations: list[TypedTag]
    id: Any = msgspec.UNSET
    title: Any = msgspec.UNSET
    source: Any = msgspec.UNSET
    sha256: Any = msgspec.UNSET
    text: Any = msgspec.UNSET
    imported_at: Any = msgspec.UNSET
    links: Any = msgspec.UNSET


assert TypedTag.__struct_fields__ == ANNOTATION_KEYS  # one order: the reader's rows follow it
DOCUMENT_KEYS = tuple(k for k in TypedDocument.__struct_fields__ if k != "annotations")
decode = msgspec.json.Decoder(TypedDocument).decode
FAILED: tuple[type[Exception], ...] = (msgspec.DecodeError, msgspec.ValidationError)
UNSET = msgspec.UNSET
as_dict = msgspec.structs.asdict
astuple = msgspec.structs.astuple
