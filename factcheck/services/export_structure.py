"""What an export of a selection carries of the structure: the links of its documents (by its
annotators, when it names some; tombstones only where the format carries deleted tags) and the
project's speakers and link types. The writers keep only links whose two ends they wrote."""

from __future__ import annotations

from db import links as link_store
from db import speakers as speaker_store
from db.exports import Selection
from db.store import Store
from factcheck.core.links import Link, LinkType
from factcheck.core.speakers import Speaker


def selected_links(store: Store, sel: Selection) -> dict[str, list[Link]]:
    wanted = None if sel.document_ids is None else set(sel.document_ids)
    people = None if sel.annotators is None else set(sel.annotators)
    out: dict[str, list[Link]] = {}
    for link in link_store.links(store, include_deleted=sel.include_deleted):
        if wanted is not None and link.document_id not in wanted:
            continue
        if people is not None and link.annotator not in people:
            continue
        out.setdefault(link.document_id, []).append(link)
    return out


def project_speakers(store: Store, sel: Selection) -> list[Speaker]:
    """Every speaker (tombstones where deleted tags go out too): project-wide, so any tag's speaker and
    any merged_into is found in the file."""
    return speaker_store.speakers(store, include_deleted=sel.include_deleted)


def project_link_types(store: Store) -> list[LinkType]:
    return link_store.link_types(store)
