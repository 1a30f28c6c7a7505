"""Checks of the structure a JSON or JSONL file carries besides its tags: links (per document), speakers
and link types (top level). Each value is typed and timed like a tag's; whether a link's ends and a
tag's source, cue and speaker name the right things is checked when they land (services.merge_structure),
where the project's tags are known too. A problem raises `Refusal(where, problem)`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from factcheck.core.json_values import describe
from factcheck.core.links import Link, LinkType, link_type_problem
from factcheck.core.names import holds_hidden
from factcheck.core.speakers import RENAME_FIRST, SPEAKER_KINDS, Speaker, name_problem
from factcheck.services.formats.validate import (
    Refusal,
    check_not_future,
    check_timestamp,
    expect_list,
    expect_object,
    expect_str,
    latest_stamp,
)


def _stamps(obj: Mapping[str, Any], where: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in ("created_at", "updated_at"):
        values[key] = check_timestamp(expect_str(obj, key, where), key, where)
    deleted = obj.get("deleted_at")
    if deleted is not None and type(deleted) is not str:
        raise Refusal(where, f'"deleted_at" must be a string or null, not {describe(deleted)}')
    values["deleted_at"] = None if deleted is None else check_timestamp(deleted, "deleted_at", where)
    check_not_future({**values, "reviewed_at": None}, where, latest_stamp())
    return values


def _id(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = expect_str(obj, key, where)
    if not value.strip():
        raise Refusal(where, f'"{key}" is empty')
    return value


def parse_link(obj: Mapping[str, Any], where: str, document_id: str) -> Link:
    """One link of a document (JSON keys id, type, from, to, annotator, created_at, updated_at,
    deleted_at)."""
    link_type = expect_str(obj, "type", where)
    if problem := link_type_problem(link_type):
        raise Refusal(where, problem)
    from_id, to_id = _id(obj, "from", where), _id(obj, "to", where)
    if from_id == to_id:
        raise Refusal(where, f"the link joins the tag {from_id!r} to itself")
    stamps = _stamps(obj, where)
    return Link(
        id=_id(obj, "id", where),
        document_id=document_id,
        type=link_type,
        from_id=from_id,
        to_id=to_id,
        annotator=expect_str(obj, "annotator", where),
        **stamps,
    )


def parse_links(obj: Mapping[str, Any], where: str, document_id: str) -> list[tuple[Link, str]]:
    """A document's "links" (absent in version 1: none), each with its place in the file."""
    if "links" not in obj:
        return []
    items = expect_list(obj, "links", where)
    out = []
    seen: dict[str, Link] = {}
    for j, item in enumerate(items):
        at = f"{where}.links[{j}]"
        new = parse_link(expect_object(item, at), at, document_id)
        earlier = seen.get(new.id)
        if earlier is not None:
            if earlier != new:
                raise Refusal(at, f"the link id {new.id!r} appears twice with different content")
            continue
        seen[new.id] = new
        out.append((new, at))
    return out


def parse_speaker(obj: Mapping[str, Any], where: str) -> Speaker:
    name = expect_str(obj, "name", where)
    if problem := name_problem(name):
        raise Refusal(where, f"{problem}; {RENAME_FIRST}" if holds_hidden(name) else problem)
    kind = expect_str(obj, "kind", where, default="person")
    if kind not in SPEAKER_KINDS:
        raise Refusal(where, f'"kind" must be "person" or "organization", not {describe(kind)}')
    same_as = obj.get("same_as", [])
    if type(same_as) is not list or not all(type(u) is str and u.strip() for u in same_as):
        raise Refusal(where, f'"same_as" must be a list of URLs (non-empty strings), not {describe(same_as)}')
    merged_into = obj.get("merged_into")
    if merged_into is not None and (type(merged_into) is not str or not merged_into.strip()):
        raise Refusal(where, f'"merged_into" must be a speaker id or null, not {describe(merged_into)}')
    speaker_id = _id(obj, "id", where)
    if merged_into == speaker_id:
        raise Refusal(where, f"the speaker {speaker_id!r} is merged into itself")
    return Speaker(
        id=speaker_id,
        name=name,
        kind=kind,
        description=expect_str(obj, "description", where, default=""),
        same_as=tuple(same_as),
        merged_into=merged_into,
        **_stamps(obj, where),
    )


def parse_speakers(top: Mapping[str, Any]) -> list[Speaker]:
    """The top-level "speakers" (absent in version 1: none); ids unique, merged_into naming one of them
    or a speaker the project has (checked when they land)."""
    if "speakers" not in top:
        return []
    out: list[Speaker] = []
    seen: set[str] = set()
    for i, item in enumerate(expect_list(top, "speakers", "the top level")):
        where = f"speakers[{i}]"
        speaker = parse_speaker(expect_object(item, where), where)
        if speaker.id in seen:
            raise Refusal(where, f"the speaker id {speaker.id!r} is listed twice")
        seen.add(speaker.id)
        out.append(speaker)
    return out


def parse_link_types(top: Mapping[str, Any]) -> list[LinkType]:
    """The top-level "link_types" (absent: none besides the project's)."""
    if "link_types" not in top:
        return []
    out: list[LinkType] = []
    for i, item in enumerate(expect_list(top, "link_types", "the top level")):
        where = f"link_types[{i}]"
        obj = expect_object(item, where)
        name = expect_str(obj, "name", where)
        if problem := link_type_problem(name):
            raise Refusal(where, problem)
        symmetric = obj.get("symmetric", False)
        if type(symmetric) is not bool:
            raise Refusal(where, f'"symmetric" must be true or false, not {describe(symmetric)}')
        if any(t.name == name for t in out):
            raise Refusal(where, f"the link type {name!r} is listed twice")
        out.append(LinkType(name, i, symmetric))
    return out


def link_dict(link: Link) -> dict[str, Any]:
    """A link as the JSON formats write it."""
    return {
        "id": link.id,
        "type": link.type,
        "from": link.from_id,
        "to": link.to_id,
        "annotator": link.annotator,
        "created_at": link.created_at,
        "updated_at": link.updated_at,
        "deleted_at": link.deleted_at,
    }


def speaker_dict(speaker: Speaker) -> dict[str, Any]:
    return {
        "id": speaker.id,
        "name": speaker.name,
        "kind": speaker.kind,
        "description": speaker.description,
        "same_as": list(speaker.same_as),
        "created_at": speaker.created_at,
        "updated_at": speaker.updated_at,
        "deleted_at": speaker.deleted_at,
        "merged_into": speaker.merged_into,
    }


def link_type_dict(link_type: LinkType) -> dict[str, Any]:
    return {"name": link_type.name, "symmetric": link_type.symmetric}
