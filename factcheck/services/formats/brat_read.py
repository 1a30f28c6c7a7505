"""Reading brat standoff (https://brat.nlplab.org/standoff.html): one `.ann` file, checked line by line
against its `.txt`, into plain parsed lines. What the lines mean for a project (labels, links,
attribution, speakers) is decided in `brat_bundle`; this module only reads and checks.

Lines read:

    T1<TAB>claim 10 20;30 40<TAB>first second       text-bound (continuous or discontinuous)
    R1<TAB>denies Arg1:T2 Arg2:T1                   relation
    E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1   event: trigger, then role arguments
    A1<TAB>Quotation T3 direct                      attribute (binary when it has no value)
    N1<TAB>Reference T1 Wikidata:Q22686<TAB>Donald Trump   normalization
    #1<TAB>AnnotatorNotes T1<TAB>the note           note

Offsets are code points of the `.txt` as brat reads it: a byte-order mark and the CR of each CRLF count.
The stored text has neither (`\\n` line ends, as every article), so offsets are shifted onto it, after the
`T` line's text column has been checked against the file's own text. Anything wrong (a malformed line, an
offset outside the text, a text column that is not the text at the offsets, an id used twice, a reference
to no line) raises ImportRefused naming the file and the line: the import is all or nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from factcheck.core.errors import ImportRefused
from factcheck.core.inputs import check_input_file, text_problem
from factcheck.core.model import normalize_newlines

#: Largest .ann or .txt read (50 MB, as an article): far above any annotated article.
MAX_BRAT_BYTES = 50 * 1024 * 1024

Piece = tuple[int, int]

_ID = re.compile(r"[TREANM#*][A-Za-z0-9_-]*\Z")
_TOKEN = re.compile(r"\S+\Z")
_ARG = re.compile(r"([^\s:]+):([TE][A-Za-z0-9_-]*)\Z")
#: What ends a line of a .ann (as Python's universal newlines, which brat reads with).
_LINES = re.compile(r"\r\n|\r|\n")
#: What splits a line for brat: the pieces of a span that only line breaks separate are one span.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


@dataclass(frozen=True)
class Entity:
    """A T line: pieces are code points of the stored (normalised) text, sorted, joined where only line
    breaks or nothing separate them."""

    id: str
    type: str
    pieces: tuple[Piece, ...]
    line: int


@dataclass(frozen=True)
class Relation:
    id: str
    type: str
    arg1: str
    arg2: str
    line: int


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    trigger: str
    args: tuple[tuple[str, str], ...]  # (role, T or E id), in file order
    line: int


@dataclass(frozen=True)
class Attribute:
    id: str
    name: str
    target: str
    value: str | None  # None: a binary attribute
    line: int


@dataclass(frozen=True)
class Normalization:
    id: str
    type: str
    target: str
    db: str
    key: str
    text: str
    line: int


@dataclass(frozen=True)
class Note:
    id: str
    type: str
    target: str
    text: str
    line: int


@dataclass
class AnnFile:
    """One .ann file, read and checked against its text."""

    name: str  # the .ann file's name, for messages
    text: str  # the stored text: no BOM, `\n` line ends
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    events: dict[str, Event] = field(default_factory=dict)
    attributes: list[Attribute] = field(default_factory=list)
    normalizations: list[Normalization] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def where(self, line: int) -> str:
        return f"{self.name}, line {line}"


def read_bytes(path: Path) -> bytes:
    """The bytes of a .txt or .ann: a regular file (no FIFO, device, folder) within MAX_BRAT_BYTES."""
    check_input_file(path, MAX_BRAT_BYTES, "a brat file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"Cannot read {path}: {exc.strerror or exc}; nothing was imported.") from exc


def decode(path: Path, data: bytes) -> str:
    """brat files are UTF-8 (a byte-order mark is kept: brat counts it as a character)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{path} is not UTF-8 (byte {exc.start}): brat files are UTF-8, re-save it so; "
            "nothing was imported."
        ) from None
    problem = text_problem(text)
    if problem:
        raise ImportRefused(f"{path} {problem}; nothing was imported.")
    return text


class _Shift:
    """Offsets of brat's text (BOM and CRs of CRLF included) -> offsets of the stored text."""

    def __init__(self, raw: str) -> None:
        removed = [0] if raw.startswith("\ufeff") else []
        removed.extend(m.start() for m in re.finditer("\r\n", raw))
        self.removed = removed

    def __call__(self, offset: int) -> int:
        return offset - bisect_left(self.removed, offset) if self.removed else offset


def stored_text(raw: str) -> str:
    """The text factcheck stores for a brat .txt: without a byte-order mark, with `\\n` line ends."""
    return normalize_newlines(raw.removeprefix("\ufeff"))


def read_ann(ann_name: str, raw_text: str, ann: str) -> AnnFile:
    """Parse and check the .ann content against the raw .txt content (as decoded, BOM and CRs kept)."""
    out = AnnFile(ann_name, stored_text(raw_text))
    shift = _Shift(raw_text)
    seen: dict[str, int] = {}
    later: list[tuple[str, int]] = []  # (referenced id, line) to check once every line is read
    for number, line in enumerate(_LINES.split(ann), start=1):
        if not line.strip():
            continue
        where = out.where(number)
        ident, _, rest = line.partition("\t")
        if not _ID.match(ident) or not rest:
            raise _refused(where, f"not a brat annotation line ({_show(line)})")
        if ident != "#" and ident in seen:
            raise _refused(where, f"{ident} is used twice (first on line {seen[ident]})")
        seen[ident] = number
        kind = ident[0]
        if kind == "T":
            entity = _entity(ident, rest, raw_text, shift, out.text, where, number)
            out.entities[ident] = entity
        elif kind == "R":
            relation = _relation(ident, rest, where, number)
            out.relations.append(relation)
            later += [(relation.arg1, number), (relation.arg2, number)]
        elif kind == "E":
            event = _event(ident, rest, where, number)
            out.events[ident] = event
            later += [(event.trigger, number)] + [(arg, number) for _, arg in event.args]
        elif kind in "AM":
            attribute = _attribute(ident, rest, where, number)
            out.attributes.append(attribute)
            later.append((attribute.target, number))
        elif kind == "N":
            norm = _normalization(ident, rest, where, number)
            out.normalizations.append(norm)
            later.append((norm.target, number))
        elif kind == "#":
            note = _note(ident, rest, where, number)
            out.notes.append(note)
            later.append((note.target, number))
        else:  # "*": equivalence sets
            raise _refused(
                where,
                "equivalence lines (*) are not read; write each pair as a relation (R) of a symmetric "
                "link type such as same_claim",
            )
    for ident, number in later:
        if ident not in seen:
            raise _refused(out.where(number), f"{ident} is not defined in this file")
    for event in out.events.values():
        if not event.trigger.startswith("T"):
            raise _refused(out.where(event.line), f"the trigger {event.trigger} of an event must be a T line")
    return out


def _refused(where: str, problem: str) -> ImportRefused:
    return ImportRefused(f"{where}: {problem}; nothing was imported.")


def _show(text: str, limit: int = 60) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)


def _entity(ident: str, rest: str, raw: str, shift: _Shift, text: str, where: str, line: int) -> Entity:
    head, tab, column = rest.partition("\t")
    kind, _, offsets = head.partition(" ")
    if not kind or not _TOKEN.match(kind) or not offsets:
        raise _refused(where, f"a T line is 'T1<TAB>type start end<TAB>text', not {_show(rest)}")
    raw_pieces: list[Piece] = []
    for part in offsets.split(";"):
        numbers = part.split()
        if len(numbers) != 2 or not all(n.isascii() and n.isdigit() for n in numbers):
            raise _refused(where, f"offsets must be 'start end' pairs separated by ';', not {_show(offsets)}")
        start, end = int(numbers[0]), int(numbers[1])
        if start >= end:
            raise _refused(where, f"the span {start} {end} is empty or reversed")
        if end > len(raw):
            raise _refused(where, f"the span {start} {end} ends past the text ({len(raw)} characters)")
        raw_pieces.append((start, end))
    if tab and column != " ".join(raw[s:e] for s, e in raw_pieces):
        found = " ".join(raw[s:e] for s, e in raw_pieces)
        raise _refused(
            where,
            f"the text {_show(column)} is not the text at {offsets} in the .txt ({_show(found)}); "
            "is this .ann for another version of the text?",
        )
    pieces = sorted((shift(s), shift(e)) for s, e in raw_pieces)
    for (_, end_a), (start_b, _) in pairwise(pieces):
        if start_b < end_a:
            raise _refused(where, f"the pieces of {offsets} overlap")
    joined = _join(text, pieces)
    if not any(text[s:e].strip() for s, e in joined):
        raise _refused(where, f"the span {offsets} holds only whitespace")
    return Entity(ident, kind, joined, line)


def _join(text: str, pieces: list[Piece]) -> tuple[Piece, ...]:
    """Pieces separated by nothing or only by line breaks are one piece: that is how brat (and our
    export) writes a span across a line break, which is not a discontinuous span."""
    out = [pieces[0]]
    for start, end in pieces[1:]:
        last_start, last_end = out[-1]
        if not text[last_end:start].strip(LINE_BREAKS):
            out[-1] = (last_start, end)
        else:
            out.append((start, end))
    return tuple(out)


def _args(ident: str, parts: list[str], where: str) -> list[tuple[str, str]]:
    args: list[tuple[str, str]] = []
    for part in parts:
        match = _ARG.match(part)
        if not match:
            raise _refused(where, f"{_show(part)} is not a 'Role:Id' argument of {ident}")
        args.append((match.group(1), match.group(2)))
    return args


def _relation(ident: str, rest: str, where: str, line: int) -> Relation:
    kind, *parts = rest.split("\t")[0].split()
    args = _args(ident, parts, where)
    if len(args) != 2:
        raise _refused(where, f"a relation has two arguments (Arg1:T1 Arg2:T2), not {len(args)}")
    roles = {role: target for role, target in args}
    if set(roles) == {"Arg1", "Arg2"}:
        arg1, arg2 = roles["Arg1"], roles["Arg2"]
    else:  # other role names: the first is the link's start, as brat draws it
        arg1, arg2 = args[0][1], args[1][1]
    for target in (arg1, arg2):
        if not target.startswith("T"):
            raise _refused(where, f"a relation links two T lines; {target} is not one")
    return Relation(ident, kind, arg1, arg2, line)


def _event(ident: str, rest: str, where: str, line: int) -> Event:
    parts = rest.split("\t")[0].split()
    if not parts:
        raise _refused(where, "an event needs its trigger (Type:T1)")
    trigger = _args(ident, parts[:1], where)[0]
    args = _args(ident, parts[1:], where)
    return Event(ident, trigger[0], trigger[1], tuple(args), line)


def _attribute(ident: str, rest: str, where: str, line: int) -> Attribute:
    parts = rest.split("\t")[0].split()
    if len(parts) not in (2, 3):
        raise _refused(where, f"an attribute line is 'A1<TAB>Name T1 [value]', not {_show(rest)}")
    return Attribute(ident, parts[0], parts[1], parts[2] if len(parts) == 3 else None, line)


def _normalization(ident: str, rest: str, where: str, line: int) -> Normalization:
    head, _, text = rest.partition("\t")
    parts = head.split()
    if len(parts) != 3 or ":" not in parts[2]:
        raise _refused(
            where, f"a normalization line is 'N1<TAB>Reference T1 DB:ID<TAB>name', not {_show(rest)}"
        )
    db, _, key = parts[2].partition(":")
    if not db or not key:
        raise _refused(where, f"{_show(parts[2])} is not 'DB:ID'")
    return Normalization(ident, parts[0], parts[1], db, key, text, line)


def _note(ident: str, rest: str, where: str, line: int) -> Note:
    head, _, text = rest.partition("\t")
    parts = head.split()
    if len(parts) != 2:
        raise _refused(where, f"a note line is '#1<TAB>AnnotatorNotes T1<TAB>text', not {_show(rest)}")
    return Note(ident, parts[0], parts[1], text, line)
