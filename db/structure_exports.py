"""Streamed reads of the structure for exports (links, attribution, speakers), over an export Selection.

A link is exported when it is live, both its tags are selected (and live), and, with an annotator filter,
the link is one of those annotators' too (a link belongs to whoever made it). Read inside
`db.exports.snapshot(store)` with the tags' rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from db.exports import Selection
from db.speakers import speakers_by_id
from db.store import Store
from factcheck.core.links import Link
from factcheck.core.speakers import Speaker

LINK_COLUMNS = ("id", "document_id", "type", "from_id", "to_id", "annotator", "created_at", "updated_at")


def _links_where(selection: Selection) -> tuple[str, list[Any]]:
    where, params = selection.where()
    clauses = [
        "l.deleted_at IS NULL",
        f"l.from_id IN (SELECT a.id FROM annotations a {where})",
        f"l.to_id IN (SELECT a.id FROM annotations a {where})",
    ]
    args = [*params, *params]
    if selection.annotators is not None:
        clauses.append(f"l.annotator IN ({', '.join('?' for _ in selection.annotators)})")
        args.extend(selection.annotators)
    return "WHERE " + " AND ".join(clauses), args


def selected_links(store: Store, selection: Selection) -> dict[str, list[Link]]:
    """The links of the selection, per document id, in the order they were made."""
    where, params = _links_where(selection)
    columns = ", ".join(f"l.{c}" for c in LINK_COLUMNS)
    out: dict[str, list[Link]] = defaultdict(list)
    sql = f"SELECT {columns} FROM links l {where} ORDER BY l.document_id, l.created_at, l.id"
    for row in store._db.conn.execute(sql, params):
        link = Link(*row)
        out[link.document_id].append(link)
    return out


#: The columns of `link_rows`, for the links CSV.
LINK_ROW_COLUMNS = (
    "document_id", "document_title", "link_id", "type",
    "from_id", "from_label", "from_quote", "to_id", "to_label", "to_quote",
    "annotator", "created_at", "updated_at",
)  # fmt: skip


def link_rows(store: Store, selection: Selection) -> Iterator[tuple[Any, ...]]:
    """The selected links with their document's title and both tags' label and quote, then (for the
    quote of a discontinuous tag) each tag's start and fragments as stored."""
    where, params = _links_where(selection)
    sql = (
        "SELECT l.document_id, d.title, l.id, l.type, l.from_id, f.label, f.quote, l.to_id, t.label, "
        "t.quote, l.annotator, l.created_at, l.updated_at, f.start, f.fragments, t.start, t.fragments "
        "FROM links l "
        "JOIN documents d ON d.id = l.document_id JOIN annotations f ON f.id = l.from_id "
        f"JOIN annotations t ON t.id = l.to_id {where} ORDER BY l.document_id, f.start, t.start, l.id"
    )
    for row in store._db.conn.execute(sql, params):  # noqa: UP028 (see db.exports.annotation_rows)
        yield row


def count_attribution(store: Store, selection: Selection) -> int:
    """How many sources and cues the selected tags name."""
    where, params = selection.where()
    sql = f"SELECT coalesce(sum(a.source IS NOT NULL) + sum(a.cue IS NOT NULL), 0) FROM annotations a {where}"
    return int(store._db.conn.execute(sql, params).fetchone()[0])


def attribution_ends(store: Store) -> dict[str, tuple[str, int, str | None, str | None]]:
    """(quote, start, fragments as stored, speaker) of every tag some tag names as its source or cue."""
    sql = (
        "SELECT id, quote, start, fragments, speaker FROM annotations WHERE id IN "
        "(SELECT source FROM annotations WHERE source IS NOT NULL "
        "UNION SELECT cue FROM annotations WHERE cue IS NOT NULL)"
    )
    return {row[0]: row[1:] for row in store._db.conn.execute(sql)}


def all_speakers(store: Store) -> dict[str, Speaker]:
    """Every speaker by id, deleted ones too (a tag may still name one)."""
    return speakers_by_id(store)
