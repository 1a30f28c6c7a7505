"""Typed, directed links between two tags of one document: a denial `denies` a claim, a
characterization `characterizes` what it characterizes, two tags state the `same_claim`.

A link belongs to its annotator (factcheck.core.ownership): only they change or delete it. Deleting a
tag tombstones its live links in the same transaction, and restoring the tag restores them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from factcheck.core.model import new_id, utc_now


@dataclass(frozen=True)
class Link:
    id: str
    document_id: str
    type: str
    from_id: str
    to_id: str
    annotator: str
    created_at: str
    updated_at: str
    deleted_at: str | None = None  # tombstone: a merge never brings a deleted link back

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    def ends(self) -> tuple[str, str]:
        return self.from_id, self.to_id


#: Link's fields in order: the links table's columns.
LINK_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Link))
#: JSON keys of a link in the project formats, in LINK_FIELDS order (document_id is where it sits).
LINK_JSON_KEYS: dict[str, str] = {"from_id": "from", "to_id": "to"}


@dataclass(frozen=True)
class LinkType:
    name: str
    position: int = 0
    symmetric: bool = False  # same_claim: A→B says the same as B→A


DEFAULT_LINK_TYPES: tuple[LinkType, ...] = (
    LinkType("denies", 0),
    LinkType("characterizes", 1),
    LinkType("same_claim", 2, symmetric=True),
)


def new_link(document_id: str, type: str, from_id: str, to_id: str, annotator: str) -> Link:
    now = utc_now()
    return Link(new_id(), document_id, type, from_id, to_id, annotator, now, now)


def link_type_problem(name: str) -> str | None:
    """Why name cannot be a link type (None when it can)."""
    if not name.strip():
        return "a link type name is empty"
    if name != name.strip() or any(c.isspace() and c != " " for c in name):
        return f"the link type {name!r} has leading, trailing or control white space"
    if len(name) > 60:
        return f"the link type {name[:20]!r}… is longer than 60 characters"
    return None


def same_link(a: Link, b: Link, symmetric: bool) -> bool:
    """a and b join the same two tags with the same type (either way round for a symmetric type)."""
    if a.type != b.type:
        return False
    if a.ends() == b.ends():
        return True
    return symmetric and a.ends() == (b.to_id, b.from_id)
