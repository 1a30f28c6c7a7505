"""brat standoff (https://brat.nlplab.org/standoff.html): per document `<id>.txt` (the exact text) and
`<id>.ann`, plus `annotation.conf` and `visual.conf` so that brat shows the labels in their colours.

    T1<TAB>claim 10 24<TAB>the quote
    T2<TAB>denial 30 35;36 41<TAB>first line second line      (a quote across a line break)
    A1<TAB>Review T2 rejected
    A2<TAB>Orphaned T2
    #1<TAB>AnnotatorNotes T1<TAB>the note

Offsets are code points into the .txt, as brat counts them. brat's .ann is one annotation per line, so a
span across line breaks is written as brat writes a discontinuous span: one fragment per line, and the
text column holds the fragments joined by a space (which is what brat checks it against).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from factcheck.core.model import Document, Label
from factcheck.services.formats.records import Record

#: The record columns write() takes, in this order.
COLUMNS = ("document_id", "label", "start", "end", "note", "status", "reviewer", "reason", "orphaned")

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
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}_{n}"
    used.add(candidate.lower())
    return candidate


def ann_lines(text: str, rows: Iterable[Record]) -> Iterator[str]:
    t = a = n = 0
    for _, label, start, end, note, status, reviewer, reason, orphaned in rows:
        pieces = fragments(text, start, end)
        if not pieces:  # only line breaks: nothing brat could show (our spans never are)
            continue
        t += 1
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        quote = " ".join(text[s:e] for s, e in pieces)
        yield f"T{t}\t{entity_type(label)} {offsets}\t{quote}\n"
        if status:
            a += 1
            yield f"A{a}\tReview T{t} {status}\n"
        if orphaned:
            a += 1
            yield f"A{a}\tOrphaned T{t}\n"
        comment = note
        if status and (reviewer or reason):
            decision = f"{status} by {reviewer}" if reviewer else status
            comment = f"{note} [{decision}: {reason}]" if reason else f"{note} [{decision}]"
        if comment.strip():
            n += 1
            yield f"#{n}\tAnnotatorNotes T{t}\t{one_line(comment.strip())}\n"


def annotation_conf(labels: Sequence[Label]) -> str:
    entities = "\n".join(entity_type(lab.name) for lab in labels)
    return (
        f"[entities]\n{entities}\n\n[relations]\n\n[events]\n\n[attributes]\n"
        "Review\tArg:<ENTITY>, Value:accepted|rejected\nOrphaned\tArg:<ENTITY>\n"
    )


def visual_conf(labels: Sequence[Label]) -> str:
    drawing = "\n".join(f"{entity_type(lab.name)}\tbgColor:{lab.color}" for lab in labels)
    return f"[labels]\n\n[drawing]\n{drawing}\n"


def _write_text(path: Path, content: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(content)


def write(
    documents: Iterable[tuple[Document, Sequence[Record]]], folder: Path, labels: Sequence[Label]
) -> int:
    """Each document's .txt and .ann (rows of COLUMNS: its annotations, possibly none) into folder, with
    the labels' annotation.conf and visual.conf; the number of rows written."""
    stems: set[str] = set()
    written = 0
    for doc, rows in documents:
        stem = file_stem(doc.id, stems)
        _write_text(folder / f"{stem}.txt", doc.text)
        _write_text(folder / f"{stem}.ann", "".join(ann_lines(doc.text, rows)))
        written += len(rows)
    _write_text(folder / "annotation.conf", annotation_conf(labels))
    _write_text(folder / "visual.conf", visual_conf(labels))
    return written
