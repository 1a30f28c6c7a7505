"""brat standoff (https://brat.nlplab.org/standoff.html): per document `<id>.txt` (the exact text) and
`<id>.ann`, plus `annotation.conf`, `visual.conf` and `tools.conf` so that brat shows the labels in their
colours, the links, attributions and speakers.

    T1<TAB>claim 10 24<TAB>the quote
    T2<TAB>denial 30 35;36 41<TAB>first line second line      (a quote across a line break)
    A1<TAB>Review T2 rejected
    A2<TAB>Orphaned T2
    #1<TAB>AnnotatorNotes T1<TAB>the note
    T3<TAB>source 0 7<TAB>Tillerson
    N1<TAB>Reference T3 factcheck:<speaker id><TAB>Rex Tillerson
    N2<TAB>Reference T3 Wikidata:Q7320<TAB>Rex Tillerson
    T5<TAB>Attribution 8 12<TAB>said                          (the trigger, on the cue's text)
    E1<TAB>Attribution:T5 Source:T3 Cue:T4 Content:T1
    R1<TAB>denies Arg1:T2 Arg2:T1

Offsets are code points into the .txt, as brat counts them. brat's .ann is one annotation per line, so a
span across line breaks is written as brat writes a discontinuous span: one fragment per line, and the
text column holds the fragments joined by a space (which is what brat checks it against). A
discontinuous tag's pieces are each written so. What each line means both ways: `brat_terms`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.core.curated_marks import Mark
from factcheck.core.links import Link
from factcheck.core.model import Document, Label
from factcheck.core.speakers import Speaker
from factcheck.services.formats import brat_terms as terms
from factcheck.services.formats.brat_names import DOCUMENTS_FILE, documents_json, file_names
from factcheck.services.formats.records import Record

#: The record columns write() takes by default, in this order: a tag's own ...
BASE_COLUMNS = (
    "document_id", "id", "label", "start", "end", "note", "status", "reviewer", "reason", "orphaned"
)  # fmt: skip
#: ... and what joins it to others (a curated tag has only the base).
COLUMNS = (*BASE_COLUMNS, "fragments", "speaker", "source", "cue", "quotation")
#: The files of a brat collection's configuration: an export into a collection keeps its own.
CONFIGURATION = ("annotation.conf", "visual.conf", "tools.conf")

#: What splits a line for brat or for Python's str.splitlines (which some brat tools use).
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_NOT_FILE_SAFE = re.compile(r"[^A-Za-z0-9._-]")
#: Longest file name stem written (ASCII): with ".ann" and a "_2" far below any file system's limit.
MAX_STEM = 100


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at line breaks into the non-empty pieces brat can show."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for match in _LINE_BREAK.finditer(text, start, end):
        if match.start() > pos:
            pieces.append((pos, match.start()))
        pos = match.end()
    if end > pos:
        pieces.append((pos, end))
    return pieces


def entity_type(label: str) -> str:
    """brat types are single tokens."""
    return re.sub(r"\s+", "_", label.strip()) or "label"


def one_line(text: str) -> str:
    return _LINE_BREAK.sub(" ", text).replace("\t", " ")


def file_stem(document_id: str, used: set[str]) -> str:
    """A safe, unique file name for a document id (ids from imports may hold any character)."""
    stem = _NOT_FILE_SAFE.sub("_", document_id).lstrip(".") or "document"
    if len(stem) > MAX_STEM:  # a file name has at most 255 bytes; an imported id may be longer
        stem = f"{stem[: MAX_STEM - 9]}_{hashlib.sha256(document_id.encode()).hexdigest()[:8]}"
    candidate, n = stem, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{stem}_{n}"
    used.add(candidate.casefold())
    return candidate


def _pieces(value: object, start: int, end: int) -> list[tuple[int, int]]:
    """A record's fragments (a tuple, the store's JSON text, or nothing) as the tag's pieces."""
    if isinstance(value, str) and value:
        value = json.loads(value)
    if value:
        return [(int(s), int(e)) for s, e in value]  # type: ignore[attr-defined]
    return [(start, end)]


@dataclass
class Extras:
    """What a document's tags refer to besides themselves: its links, and the project's speakers."""

    links: Sequence[Link] = ()
    speakers: Mapping[str, Speaker] = field(default_factory=dict)
    #: Names of attributes kept in notes, met while writing (annotation.conf declares them).
    kept: dict[str, set[str]] = field(default_factory=dict)
    #: Label name -> role: a source or cue relabelled since it was attached (a dormant pointer,
    #: core.attribution) is left out of the Attribution event, which brat has no way to mark dormant.
    roles: Mapping[str, str] = field(default_factory=dict)


class _Writer:
    def __init__(self, text: str, columns: Sequence[str], extras: Extras) -> None:
        self.text = text
        self.at = {name: i for i, name in enumerate(columns)}
        self.extras = extras
        self.counts = {"T": 0, "A": 0, "N": 0, "#": 0, "E": 0, "R": 0}
        self.label_of: dict[str, str] = {}  # tag id -> label, of the tags written

    def next(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{kind}{self.counts[kind]}"

    def get(self, row: Record, column: str) -> Any:
        i = self.at.get(column)
        return None if i is None else row[i]

    def span(self, pieces: Iterable[tuple[int, int]]) -> tuple[str, str] | None:
        cut = [p for s, e in pieces for p in fragments(self.text, s, e)]
        if not cut:  # only line breaks: nothing brat could show (our spans never are)
            return None
        return ";".join(f"{s} {e}" for s, e in cut), " ".join(self.text[s:e] for s, e in cut)

    def lines(self, rows: Iterable[Record]) -> Iterator[str]:
        t_of: dict[str, str] = {}
        spans: dict[str, tuple[str, str]] = {}
        attributed: list[Record] = []
        for row in rows:
            start, end = self.get(row, "start"), self.get(row, "end")
            span = self.span(_pieces(self.get(row, "fragments"), start, end))
            if span is None:
                continue
            t = self.next("T")
            ident = self.get(row, "id")
            if ident is not None:
                t_of[ident] = t
                spans[ident] = span
                self.label_of[ident] = self.get(row, "label")
            yield f"{t}\t{entity_type(self.get(row, 'label'))} {span[0]}\t{span[1]}\n"
            yield from self.tag_lines(t, row)
            if self.get(row, "source") or self.get(row, "cue"):
                attributed.append(row)
        for row in attributed:
            yield from self.attribution(row, t_of, spans)
        for link in self.extras.links:
            if link.from_id in t_of and link.to_id in t_of:
                r = self.next("R")
                yield f"{r}\t{entity_type(link.type)} Arg1:{t_of[link.from_id]} Arg2:{t_of[link.to_id]}\n"

    def tag_lines(self, t: str, row: Record) -> Iterator[str]:
        status, orphaned = self.get(row, "status"), self.get(row, "orphaned")
        if status:
            yield f"{self.next('A')}\t{terms.REVIEW} {t} {status}\n"
        if orphaned:
            yield f"{self.next('A')}\t{terms.ORPHANED} {t}\n"
        quotation = self.get(row, "quotation")
        if quotation:
            yield f"{self.next('A')}\t{terms.QUOTATION} {t} {quotation}\n"
        notes: list[str] = []
        for line in (self.get(row, "note") or "").split("\n"):
            kept = terms.KEPT_ATTRIBUTE.match(line)
            if kept:
                name, value = kept.group(1), kept.group(2)
                self.extras.kept.setdefault(name, set()).update([value] if value else [])
                yield f"{self.next('A')}\t{name} {t}{' ' + value if value else ''}\n"
            else:
                notes.append(line)
        yield from self.speaker(t, self.get(row, "speaker"))
        while notes and not notes[-1].strip():
            notes.pop()
        while notes and not notes[0].strip():
            notes.pop(0)
        if status and (self.get(row, "reviewer") or self.get(row, "reason")):
            notes.append(terms.review_note(status, self.get(row, "reviewer"), self.get(row, "reason")))
        for note in notes:
            yield f"{self.next('#')}\t{terms.NOTES} {t}\t{one_line(note)}\n"

    def speaker(self, t: str, speaker_id: str | None) -> Iterator[str]:
        if not speaker_id:
            return
        speaker = self.extras.speakers.get(speaker_id)
        seen: set[str] = set()
        while speaker is not None and speaker.merged_into and speaker.id not in seen:
            seen.add(speaker.id)  # a merged speaker is written as the one it was merged into
            speaker = self.extras.speakers.get(speaker.merged_into, speaker)
        name = one_line(speaker.name) if speaker is not None else ""
        ident = speaker.id if speaker is not None else speaker_id
        yield f"{self.next('N')}\t{terms.REFERENCE} {t} {terms.SPEAKER_DB}:{ident}\t{name}\n"
        for address in speaker.same_as if speaker is not None else ():
            norm = terms.normalization(address)
            if norm is not None:
                yield f"{self.next('N')}\t{terms.REFERENCE} {t} {norm}\t{name}\n"

    def attribution(
        self, row: Record, t_of: Mapping[str, str], spans: Mapping[str, tuple[str, str]]
    ) -> Iterator[str]:
        content, source, cue = self.get(row, "id"), self.get(row, "source"), self.get(row, "cue")
        source = source if source in t_of and self._fits(source, "source") else None
        cue = cue if cue in t_of and self._fits(cue, "cue") else None
        if source is None and cue is None:
            return
        anchor = spans[cue or source or content]
        trigger = self.next("T")
        yield f"{trigger}\t{terms.ATTRIBUTION} {anchor[0]}\t{anchor[1]}\n"
        args = [f"{terms.ATTRIBUTION}:{trigger}"]
        if source:
            args.append(f"{terms.SOURCE_ROLE}:{t_of[source]}")
        if cue:
            args.append(f"{terms.CUE_ROLE}:{t_of[cue]}")
        args.append(f"{terms.CONTENT_ROLE}:{t_of[content]}")
        yield f"{self.next('E')}\t{' '.join(args)}\n"

    def _fits(self, tag_id: str, role: str) -> bool:
        roles = self.extras.roles
        return not roles or roles.get(self.label_of.get(tag_id, "")) == role


def ann_lines(
    text: str, rows: Iterable[Record], columns: Sequence[str] = (), extras: Extras | None = None
) -> Iterator[str]:
    """The .ann lines of a document's rows (of columns, COLUMNS by default)."""
    return _Writer(text, columns or COLUMNS, extras or Extras()).lines(rows)


def annotation_conf(
    labels: Sequence[Label], link_types: Sequence[str] = (), kept: Mapping[str, set[str]] | None = None
) -> str:
    entities = "\n".join(entity_type(lab.name) for lab in labels)
    relations = "\n".join(f"{entity_type(name)}\tArg1:<ENTITY>, Arg2:<ENTITY>" for name in link_types)
    events = (
        f"{terms.ATTRIBUTION}\t{terms.SOURCE_ROLE}?:<ENTITY>, {terms.CUE_ROLE}?:<ENTITY>, "
        f"{terms.CONTENT_ROLE}:<ENTITY>"
    )
    attributes = [
        f"{terms.REVIEW}\tArg:<ENTITY>, Value:accepted|rejected",
        f"{terms.ORPHANED}\tArg:<ENTITY>",
        f"{terms.QUOTATION}\tArg:<ENTITY>, Value:{'|'.join(terms.QUOTATIONS)}",
    ]
    for name, values in sorted((kept or {}).items()):
        if name not in (terms.REVIEW, terms.ORPHANED, terms.QUOTATION):
            attributes.append(
                f"{name}\tArg:<ENTITY>" + (f", Value:{'|'.join(sorted(values))}" if values else "")
            )
    return (
        f"[entities]\n{entities}\n\n[relations]\n{relations}\n\n[events]\n{events}\n\n"
        f"[attributes]\n" + "\n".join(attributes) + "\n"
    )


def visual_conf(labels: Sequence[Label]) -> str:
    drawing = "\n".join(f"{entity_type(lab.name)}\tbgColor:{lab.color}" for lab in labels)
    return f"[labels]\n\n[drawing]\n{drawing}\n{terms.ATTRIBUTION}\tbgColor:#FFFFFF\n"


#: brat looks up normalizations (N lines) in the databases tools.conf names; these open the web page.
TOOLS_CONF = (
    "[normalization]\n"
    "Wikidata\tDB:none, <URL>:https://www.wikidata.org/wiki/%s\n"
    "URL\tDB:none, <URL>:%s\n"
    f"{terms.SPEAKER_DB}\tDB:none\n"
)


def _write_text(path: Path, content: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(content)


def write(
    documents: Iterable[tuple[Document, Sequence[Record]]],
    folder: Path,
    labels: Sequence[Label],
    *,
    columns: Sequence[str] = (),
    links: Callable[[str], Sequence[Link]] | None = None,
    speakers: Mapping[str, Speaker] | None = None,
    link_types: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
    curated: Mapping[str, Mark] | None = None,
) -> int:
    """Each document's .txt and .ann (rows of columns, COLUMNS by default: its annotations, possibly
    none) into folder, with the labels' annotation.conf, visual.conf and tools.conf, and DOCUMENTS_FILE
    (which document each pair is); the number of rows written. links(document_id): the document's live
    links; speakers: the project's, by id; names: document id -> file stem (`brat_names.file_names` of
    the project's documents, so that a name does not depend on the selection), else made from the
    documents written; curated: the documents' curated marks by id, written in DOCUMENTS_FILE."""
    if names is None:
        documents = list(documents)
        names = file_names(doc for doc, _ in documents)
    stems: set[str] = set()
    written = 0
    kept: dict[str, set[str]] = {}
    roles = {label.name: label.role for label in labels}
    pairs: list[tuple[str, Document]] = []
    anns: dict[str, str] = {}
    for doc, rows in documents:
        stem = names.get(doc.id) or file_stem(doc.id, stems)
        if stem.casefold() in stems:  # names made elsewhere are unique; never overwrite a written pair
            stem = file_stem(doc.id, stems)
        stems.add(stem.casefold())
        pairs.append((stem, doc))
        extras = Extras(links(doc.id) if links else (), speakers or {}, kept, roles)
        _write_text(folder / f"{stem}.txt", doc.text)
        ann = "".join(ann_lines(doc.text, rows, columns, extras))
        _write_text(folder / f"{stem}.ann", ann)
        anns[stem] = hashlib.sha256(ann.encode("utf-8")).hexdigest()
        written += len(rows)
    _write_text(folder / "annotation.conf", annotation_conf(labels, link_types, kept))
    _write_text(folder / "visual.conf", visual_conf(labels))
    _write_text(folder / "tools.conf", TOOLS_CONF)
    _write_text(folder / DOCUMENTS_FILE, documents_json(pairs, anns, curated))
    return written
