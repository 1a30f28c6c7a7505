"""What the exports add for the structure (links, attribution, speakers, discontinuous tags), read from
the store beside the tags' rows (inside the export's snapshot) and handed to the format writers.

- brat: each document's links, the speakers, the link types (`brat_extras`);
- W3C: the speakers, the links as `linking` annotations and the collection's total (`w3c_structure`);
- CSV of tags: a discontinuous tag's pieces and a content tag's source, speaker, cue and quotation
  (`csv_structure`);
- CSV of links (`links_csv`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from db import Store
from db.exports import Selection
from db.import_terms import link_type_names
from db.structure_exports import (
    all_speakers,
    attribution_ends,
    count_attribution,
    link_rows,
    selected_links,
)
from factcheck.core.links import Link
from factcheck.core.speakers import Speaker
from factcheck.core.spreadsheet import neutralize
from factcheck.services.formats import links_csv as links_csv_format
from factcheck.services.formats import w3c
from factcheck.services.formats.output import Progress, reported
from factcheck.services.formats.records import Record

#: The annotation columns the tag CSV reads after its own, to make csv_format.STRUCTURE of.
CSV_STRUCTURE_COLUMNS = ("fragments", "source", "speaker", "cue", "quotation")


def brat_extras(
    store: Store, sel: Selection
) -> tuple[Callable[[str], Sequence[Link]], Mapping[str, Speaker], list[str]]:
    links = selected_links(store, sel)
    return (lambda doc_id: links.get(doc_id, ())), all_speakers(store), link_type_names(store)


def w3c_structure(
    store: Store, sel: Selection, count: int
) -> tuple[Mapping[str, Speaker], list[dict[str, Any]], int]:
    """(speakers, link items, total items of the collection: tags, their attributions and links)."""
    items = [
        w3c.link_item(
            w3c.iri("link", link.id),
            link.type,
            link.from_id,
            link.to_id,
            link.annotator,
            link.created_at,
            link.updated_at,
        )
        for links in selected_links(store, sel).values()
        for link in links
    ]
    return all_speakers(store), items, count + count_attribution(store, sel) + len(items)


def _resolve(speakers: Mapping[str, Speaker], speaker_id: str) -> Speaker | None:
    speaker = speakers.get(speaker_id)
    seen: set[str] = set()
    while speaker is not None and speaker.merged_into and speaker.id not in seen:
        seen.add(speaker.id)
        speaker = speakers.get(speaker.merged_into, speaker)
    return speaker


def _parsed(value: object) -> list[tuple[int, int]]:
    if isinstance(value, str) and value:
        value = json.loads(value)
    return [(int(s), int(e)) for s, e in value] if value else []  # type: ignore[attr-defined]


def shown_quote(quote: str, start: int, fragments: object) -> str:
    """What a tag covers, as the text of its pieces joined by " … " (its quote when continuous): a
    discontinuous tag's quote is its envelope, gaps included."""
    pieces = _parsed(fragments)
    if not pieces:
        return quote
    return " … ".join(quote[s - start : e - start] for s, e in pieces)


def pieces_text(value: object) -> str:
    """A discontinuous tag's pieces as "10 20;30 40" (brat's way), "" for a continuous tag."""
    return ";".join(f"{s} {e}" for s, e in _parsed(value))


def csv_structure(store: Store, rows: Iterable[Record]) -> Iterator[Record]:
    """Rows of RECORD_COLUMNS + CSV_STRUCTURE_COLUMNS as rows of RECORD_COLUMNS + csv_format.STRUCTURE
    (fragments, source_id, source, speaker_id, speaker, cue_id, cue, quotation), every cell guarded."""
    ends = attribution_ends(store)
    speakers = all_speakers(store)
    names: dict[str, str] = {}

    def speaker_name(speaker_id: str | None) -> str:
        if not speaker_id:
            return ""
        if speaker_id not in names:
            speaker = _resolve(speakers, speaker_id)
            names[speaker_id] = neutralize(speaker.name if speaker is not None else "")
        return names[speaker_id]

    width = len(CSV_STRUCTURE_COLUMNS)
    for row in rows:
        fragments, source, speaker, cue, quotation = row[-width:]
        source_quote, source_speaker = _end(ends, source)
        cue_quote, _ = _end(ends, cue)
        who = speaker or source_speaker  # a source tag's own speaker, or the speaker of a tag's source
        yield (
            *row[:-width],
            pieces_text(fragments),
            neutralize(source or ""),
            neutralize(source_quote),
            neutralize(who or ""),
            speaker_name(who),
            neutralize(cue or ""),
            neutralize(cue_quote),
            quotation or "",
        )


def _end(
    ends: Mapping[str, tuple[str, int, str | None, str | None]], ident: str | None
) -> tuple[str, str | None]:
    """(shown quote, speaker) of a source or cue tag."""
    if not ident or ident not in ends:
        return "", None
    quote, start, fragments, speaker = ends[ident]
    return shown_quote(quote, start, fragments), speaker


def links_csv(store: Store, fh: TextIO, sel: Selection, progress: Progress | None) -> int:
    rows = [
        (
            *row[:6],
            shown_quote(row[6], row[13], row[14]),
            *row[7:9],
            shown_quote(row[9], row[15], row[16]),
            *row[10:13],
        )
        for row in link_rows(store, sel)
    ]  # links are far fewer than tags: held, the count is known
    return links_csv_format.write(reported(rows, len(rows), progress), fh)
