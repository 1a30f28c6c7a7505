"""Links between tags in the store: reading, adding, changing type, deleting and restoring, per document.

Operations take a Store and run in one transaction each (nest them in `store.atomic()` to group).
`by`: the annotator acting; when given, only the link's annotator may change it (core.ownership);
None is for merges, undo and tests that state rows as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from db.errors import StoreError
from factcheck.core.errors import StructureError
from factcheck.core.links import LINK_FIELDS, Link, LinkType, link_type_problem
from factcheck.core.model import Annotation, utc_now
from factcheck.core.ownership import check_link_owner

if TYPE_CHECKING:
    from db.store import Store

_COLUMNS = ", ".join(LINK_FIELDS)
_PLACEHOLDERS = ", ".join("?" for _ in LINK_FIELDS)


def link_row(link: Link) -> tuple[Any, ...]:
    return tuple(getattr(link, name) for name in LINK_FIELDS)


def _link(row: Sequence[Any]) -> Link:
    # What Link.__init__ does without its frozen-dataclass __setattr__ calls: opening a document with
    # 20,000 links builds them all.
    link: Link = object.__new__(Link)
    link.__dict__.update(zip(LINK_FIELDS, row, strict=True))
    return link


def _select(store: Store, where: str, params: Sequence[Any]) -> list[Link]:
    cursor = store._db.execute(f"SELECT {_COLUMNS} FROM links WHERE {where}", params)
    return list(map(_link, cursor))


# -- link types ----------------------------------------------------------------------------------


def link_types(store: Store) -> list[LinkType]:
    rows = store._db.execute("SELECT name, position, symmetric FROM link_types ORDER BY position, name")
    return [LinkType(name, position, bool(symmetric)) for name, position, symmetric in rows]


def add_link_type(store: Store, name: str, *, symmetric: bool = False) -> LinkType:
    """A new link type for the project (after the others); an existing name is refused."""
    if problem := link_type_problem(name):
        raise StructureError(f"Cannot add the link type: {problem}.")
    with store.atomic():
        if any(t.name == name for t in link_types(store)):
            raise StructureError(f"The link type {name!r} exists already.")
        (top,) = store._db.execute("SELECT coalesce(max(position), -1) FROM link_types").fetchone()
        new = LinkType(name, int(top) + 1, symmetric)
        store._db.execute(
            "INSERT INTO link_types (name, position, symmetric) VALUES (?, ?, ?)",
            [new.name, new.position, int(new.symmetric)],
        )
    return new


def put_link_types(store: Store, types: Iterable[LinkType]) -> int:
    """Add the link types we do not have (a teammate's), after ours; how many were added."""
    ours = {t.name for t in link_types(store)}
    added = 0
    with store.atomic():
        for link_type in types:
            if link_type.name in ours:
                continue
            (top,) = store._db.execute("SELECT coalesce(max(position), -1) FROM link_types").fetchone()
            store._db.execute(
                "INSERT INTO link_types (name, position, symmetric) VALUES (?, ?, ?)",
                [link_type.name, int(top) + 1, int(link_type.symmetric)],
            )
            ours.add(link_type.name)
            added += 1
    return added


# -- reading -------------------------------------------------------------------------------------


def link(store: Store, link_id: str) -> Link | None:
    found = _select(store, "id = ?", [link_id])
    return found[0] if found else None


#: A link is shown, counted and exported live only while both its ends are live tags: a teammate's link
#: to a tag its annotator deleted stays theirs (not tombstoned by someone else) but joins nothing.
_LIVE = (
    " AND deleted_at IS NULL"
    " AND EXISTS (SELECT 1 FROM annotations a WHERE a.id = links.from_id AND a.deleted_at IS NULL)"
    " AND EXISTS (SELECT 1 FROM annotations a WHERE a.id = links.to_id AND a.deleted_at IS NULL)"
)


def links(store: Store, document_id: str | None = None, *, include_deleted: bool = False) -> list[Link]:
    """The live links of a document (or of every document), oldest first: not deleted, both ends live
    tags. include_deleted: every stored link (tombstones, links to deleted tags), as merges and the
    project format need them."""
    where, params = ("document_id = ?", [document_id]) if document_id is not None else ("1", [])
    if not include_deleted:
        where += _LIVE
    return _select(store, f"{where} ORDER BY document_id, created_at, id", params)


def links_of(store: Store, annotation_id: str, *, include_deleted: bool = False) -> list[Link]:
    """The links from or to a tag (live ones, as `links`, unless include_deleted)."""
    where = "(from_id = ? OR to_id = ?)" + ("" if include_deleted else _LIVE)
    return _select(store, f"{where} ORDER BY created_at, id", [annotation_id, annotation_id])


def links_by_id(store: Store, ids: Sequence[str]) -> dict[str, Link]:
    if not ids:
        return {}
    found = _select(store, "id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))])
    return {lk.id: lk for lk in found}


def documents_with_structure(store: Store) -> set[str]:
    """The documents with a live link or a live attributed tag (the only ones structure measures see)."""
    rows = store._db.execute(
        "SELECT document_id FROM links WHERE deleted_at IS NULL "
        "UNION SELECT document_id FROM annotations WHERE source IS NOT NULL AND deleted_at IS NULL"
    )
    return {r[0] for r in rows}


def link_fingerprints(store: Store) -> dict[str, tuple[int, str]]:
    """Per document: (links, deleted included; newest updated_at). Tells a view what changed."""
    rows = store._db.execute("SELECT document_id, count(*), max(updated_at) FROM links GROUP BY document_id")
    return {doc_id: (n, newest or "") for doc_id, n, newest in rows}


# -- writing -------------------------------------------------------------------------------------


def check_link(store: Store, new: Link) -> None:
    """Its type is one of the project's, both ends are live tags of its document, and they differ."""
    if new.type not in {t.name for t in link_types(store)}:
        known = ", ".join(t.name for t in link_types(store))
        raise StructureError(f"Unknown link type {new.type!r}; this project's link types are {known}.")
    if new.from_id == new.to_id:
        raise StructureError("A link joins two different tags; both ends are the same tag.")
    for end, tag_id in (("from", new.from_id), ("to", new.to_id)):
        tag = store.annotation(tag_id)
        if tag is None or tag.deleted:
            raise StructureError(f"The link's {end} end {tag_id!r} is no live tag.")
        if tag.document_id != new.document_id:
            raise StructureError(f"The link's {end} end {tag_id!r} is a tag of another document.")


def add_link(store: Store, new: Link) -> Link:
    """Check and insert a new link. The same live link (type and ends, either way for a symmetric
    type) made by the same annotator is refused: it would be counted twice."""
    with store.atomic():
        check_link(store, new)
        symmetric = {t.name: t.symmetric for t in link_types(store)}[new.type]
        for other in links_of(store, new.from_id):
            same_way = other.ends() == new.ends()
            other_way = symmetric and other.ends() == (new.to_id, new.from_id)
            if other.annotator == new.annotator and other.type == new.type and (same_way or other_way):
                raise StructureError(f"{new.annotator} has this {new.type} link already.")
        store._db.execute(f"INSERT INTO links ({_COLUMNS}) VALUES ({_PLACEHOLDERS})", link_row(new))
    return new


def put_links(store: Store, rows: Iterable[Link]) -> int:
    """Insert or replace links as given (merges, undo); the caller has checked them."""
    values = [link_row(lk) for lk in rows]
    with store.atomic():
        store._db.conn.executemany(
            f"INSERT OR REPLACE INTO links ({_COLUMNS}) VALUES ({_PLACEHOLDERS})", values
        )
    return len(values)


def _require(store: Store, link_id: str) -> Link:
    found = link(store, link_id)
    if found is None:
        raise StoreError(f"There is no link with id {link_id!r}.")
    return found


def set_link_type(store: Store, link_id: str, type: str, *, by: str | None = None) -> Link:
    """Change a link's type (its ends never change: another pair is another link)."""
    with store.atomic():
        old = _require(store, link_id)
        check_link_owner(old, by, "change")
        new = replace(old, type=type, updated_at=utc_now())
        if old.deleted_at is None:
            check_link(store, new)
        put_links(store, [new])
    return new


def delete_link(store: Store, link_id: str, *, by: str | None = None) -> Link:
    """Tombstone a link (kept so that merges never bring it back)."""
    with store.atomic():
        old = _require(store, link_id)
        check_link_owner(old, by, "delete")
        now = utc_now()
        new = replace(old, deleted_at=now, updated_at=now)
        put_links(store, [new])
    return new


def restore_link(store: Store, link_id: str, *, by: str | None = None) -> Link:
    """Undo a delete; its ends must be live tags again."""
    with store.atomic():
        old = _require(store, link_id)
        check_link_owner(old, by, "restore")
        new = replace(old, deleted_at=None, updated_at=utc_now())
        check_link(store, new)
        put_links(store, [new])
    return new


# -- with their tags -----------------------------------------------------------------------------


def tombstone_links_of(store: Store, ann: Annotation) -> list[Link]:
    """Inside the deletion of ann (its deleted_at set): tombstone the live links of ann's annotator (who
    alone deletes ann) from or to it, with the same stamp, which is how restoring ann finds them again.
    Teammates' links to it are theirs: they stay, and join nothing while ann is deleted (`links`)."""
    stamp = ann.deleted_at
    assert stamp is not None
    mine = [
        lk
        for lk in links_of(store, ann.id, include_deleted=True)
        if lk.deleted_at is None and lk.annotator == ann.annotator
    ]
    gone = [replace(lk, deleted_at=stamp, updated_at=stamp) for lk in mine]
    put_links(store, gone)
    return gone


def restore_links_of(store: Store, ann: Annotation, deleted_at: str) -> list[Link]:
    """Inside the restoring of ann (deleted at deleted_at): the links its deletion tombstoned come back
    (those whose other end is live)."""
    now = utc_now()
    back = []
    types = {t.name for t in link_types(store)}
    for lk in links_of(store, ann.id, include_deleted=True):
        if lk.deleted_at != deleted_at or lk.type not in types:  # a type removed since stays gone
            continue
        other = store.annotation(lk.to_id if lk.from_id == ann.id else lk.from_id)
        if other is not None and not other.deleted:
            back.append(replace(lk, deleted_at=None, updated_at=now))
    put_links(store, back)
    return back
