"""The pulled rows of documents, tags, links and speakers through the checks of a file import.

The team server's column types let a client that bypasses factcheck (plain psycopg with a login, a
script, an old or buggy build) write values factcheck never writes: a review status of its own, a time
stamp that does not parse or lies years ahead (it would win every later merge), pieces nested thousands
deep, a document whose sha256 is not its text's. A pull holds each row to the rules a teammate's JSON
file is held to (`formats.validate.parse_document`, `check_annotations`, `validate_structure`), row by
row: a row that fails is skipped and listed with the reason, and the rest lands. A row that passes lands
as the file reader gives it (time stamps in the stored form).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from db.errors import StoreError
from db.labels import check_name, valid_color, valid_key
from db.pg_tables import ANNOTATIONS, DOCUMENTS
from factcheck.core.links import Link, LinkType, link_type_problem
from factcheck.core.model import LABEL_ROLES, Document, Label
from factcheck.core.speakers import Speaker
from factcheck.services.formats.validate import (
    ANNOTATION_KEYS,
    Refusal,
    SeenIds,
    check_annotations,
    parse_document,
)
from factcheck.services.formats.validate_structure import parse_link, parse_speaker

Row = tuple[Any, ...]

_FRAGMENTS = ANNOTATIONS.names.index("fragments")
_ORPHANED = ANNOTATIONS.names.index("orphaned")
_LABEL = ANNOTATIONS.names.index("label")


class _Unreadable(Exception):
    """A stored JSON value of the row does not parse (not JSON, or nested past any reader's depth)."""


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except (ValueError, RecursionError):  # RecursionError: "[[[[…" nested thousands deep
        raise _Unreadable from None


def document(meta: Row, text: str, skipped: list[str]) -> Document | None:
    """The pulled document (meta: its server row, text fetched apart), or None, listed, when a file
    import would refuse it (an empty text, a carriage return, a sha256 that is not its text's, an
    import time that does not parse)."""
    obj = dict(zip(DOCUMENTS.names, meta, strict=True))
    obj["text"] = text
    try:
        return parse_document(obj, f"document {meta[0]}")
    except Refusal as exc:
        skipped.append(f"skipped document {meta[0]} and its tags: {exc.problem}")
        return None


def skipped_with_document(
    rows: Iterable[Row], doc_id: str, skipped: list[str], why: str = "was skipped"
) -> None:
    for row in rows:
        skipped.append(f"skipped tag {row[0]}: its document {doc_id!r} {why}")


#: Where each key of a tag as a file has it sits in a server row.
_AT = tuple((key, ANNOTATIONS.names.index(key)) for key in ANNOTATION_KEYS)


def _tag_object(row: Row) -> dict[str, Any]:
    """The server's row as a file holds the tag (pieces parsed, orphaned a bool)."""
    obj = {key: row[i] for key, i in _AT}
    stored = row[_FRAGMENTS]
    if stored is not None:
        obj["fragments"] = _json(stored)
    orphaned = row[_ORPHANED]
    obj["orphaned"] = bool(orphaned) if orphaned in (0, 1) else orphaned
    return obj


def tags(rows: Sequence[Row], doc: Document, labels: Iterable[str], skipped: list[str]) -> list[Row]:
    """The pulled tag rows of doc that a file import takes (label known, span exact, values typed,
    time stamps readable and not ahead of the clock, pieces well formed), as it gives them; the others
    listed. One pass over all when every row is fine (the reader's fast path), row by row otherwise.
    Names are kept as the server has them, not cleaned as a file's are: the row stays its owner's, and
    a push of it (a decision on it) names the owner the server's copy does."""
    known = dict.fromkeys(labels)
    items: list[dict[str, Any]] = []
    for row in rows:
        if row[_LABEL] not in known:
            skipped.append(f"skipped tag {row[0]}: its label {row[_LABEL]!r} is not on the server")
            continue
        try:
            items.append(_tag_object(row))
        except _Unreadable:
            skipped.append(f"skipped tag {row[0]}: its pieces are not JSON")
    try:
        return check_annotations(items, _where(items), doc, known, SeenIds(), exact_names=True).rows
    except Refusal:
        pass
    good: list[Row] = []
    for item in items:
        try:
            good.extend(
                check_annotations([item], _where([item]), doc, known, SeenIds(), exact_names=True).rows
            )
        except Refusal as exc:
            skipped.append(f"skipped tag {item['id']}: {exc.problem}")
    return good


def _where(items: Sequence[Mapping[str, Any]]) -> Any:
    return lambda j: f"tag {items[j]['id']}"


def link(row: Row, names: Sequence[str]) -> Link | str:
    """The pulled link as a file import reads it, or why it is not one."""
    obj = dict(zip(names, row, strict=True))
    obj["from"], obj["to"] = obj.pop("from_id"), obj.pop("to_id")
    try:
        return parse_link(obj, f"link {row[0]}", str(obj["document_id"]))
    except Refusal as exc:
        return exc.problem


def speaker(row: Row, names: Sequence[str], name: str) -> Speaker | str:
    """The pulled speaker as a file import reads it (under name: its own, or cleaned of control
    characters), or why it is not one."""
    obj = dict(zip(names, row, strict=True))
    obj["name"] = name
    same_as = obj["same_as"]
    try:
        obj["same_as"] = _json(same_as) if isinstance(same_as, str) else same_as
    except _Unreadable:
        return '"same_as" is not JSON'
    try:
        return parse_speaker(obj, f"speaker {row[0]}")
    except Refusal as exc:
        return exc.problem


def labels(rows: Iterable[Row], ours: Iterable[Label], skipped: list[str]) -> list[Label]:
    """The pulled labels this project lacks, held to the rules of its own labels (`db.labels`: a name
    without control characters or stray white space, one no other label has but for case, a #rrggbb
    colour, a known role); a label that breaks one is skipped and listed, and so are its tags (their
    label is not here). A key that is no digit is left off, as one taken here is."""
    have = {lab.name: lab for lab in ours}
    folded = {name.casefold(): name for name in have}
    out: list[Label] = []
    for name, color, shortcut, _position, role in rows:
        if name in have:
            continue
        why = _label_problem(str(name), str(color), str(role))
        other = folded.get(str(name).casefold())
        if why is None and other is not None:
            why = f"the project has the label {other!r}, which differs from it only in case"
        if why is not None:
            skipped.append(f"skipped label {name!r} and its tags: {why}")
            continue
        folded[str(name).casefold()] = str(name)
        out.append(Label(name, color, shortcut if valid_key(shortcut) else "", role))
    return out


def _label_problem(name: str, color: str, role: str) -> str | None:
    try:
        tidy = check_name(name)
    except StoreError as exc:
        return str(exc)
    if tidy != name:
        return "its name has white space at its ends or more than one space in a row"
    if not valid_color(color):
        return f"its colour {color!r} is not #rrggbb"
    if role not in LABEL_ROLES:
        return f'its role {role!r} is none of "content", "source" or "cue"'
    return None


def link_types(rows: Iterable[Row], skipped: list[str]) -> list[LinkType]:
    """The pulled link types whose names the project's rule takes (`core.links.link_type_problem`);
    the others skipped and listed, and their links with them (their type is not here)."""
    out = []
    for name, position, symmetric in rows:
        if problem := link_type_problem(str(name)):
            skipped.append(f"skipped link type {name!r} and its links: {problem}")
        else:
            out.append(LinkType(str(name), int(position), bool(symmetric)))
    return out
