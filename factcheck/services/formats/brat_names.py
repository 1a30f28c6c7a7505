"""File names of a brat export: each article's `.txt` + `.ann` named after the article, safe on every
operating system, unique within the export and the same each time; and the side file that keeps each
pair's document (id, title, source, imported_at, and its curated mark when it has one) for the import.

A name is the stem of the document's source file name (`…/g20-hamburg.txt` -> `g20-hamburg`; a web
address names no file), else its title, else `document`, made safe: NFC, no control or format characters
(bidi marks, zero-width), none of `< > : " / \\ | ? *` (a `-` instead), whitespace runs as one space, no
leading dots, spaces or `-`, no trailing dots and spaces, no reserved Windows name (`CON`, `nul.txt`,
`COM1`… become `CON_`, `nul_.txt`, `COM1_`), at most MAX_CHARS characters and MAX_BYTES bytes of UTF-8
(a long title is cut between words). Names equal without case get `-2`, `-3`… in the order the documents
were imported (the first keeps the plain name), so a project's names do not depend on what is exported.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from factcheck.core.curated_marks import Mark
from factcheck.core.errors import ImportRefused
from factcheck.core.model import STAMP_FORMAT, Document
from factcheck.services.formats.validate_curated import CURATED, mark_dict, parse_mark
from factcheck.services.formats.validate_values import Refusal

#: The side file of an export: which document each file pair is (id, title, source, sha256 of the text,
#: imported_at), by file stem. brat lists only .txt files, so it does not show it.
DOCUMENTS_FILE = "factcheck-documents.json"
_FORMAT = "factcheck brat documents"
_VERSION = 1
#: The key of an entry that holds the sha256 of the pair's .ann as written (older side files lack it).
ANN_SHA256 = "ann_sha256"
#: Longest name written, in characters and in UTF-8 bytes (file systems allow 255 bytes; the suffix, the
#: extension and a Windows path of 260 characters need room).
MAX_CHARS = 80
MAX_BYTES = 160
#: Largest side file read: far above 100,000 documents' entries.
MAX_DOCUMENTS_BYTES = 200 * 1024 * 1024
#: Longest id, title or source read from the side file.
_MAX_FIELD = 1_000_000

_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_RESERVED = re.compile(r"(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])\Z", re.IGNORECASE)
#: Control (Cc), format (Cf: bidi marks and overrides, zero-width characters) and lone surrogates (Cs,
#: which UTF-8 cannot encode).
_DROPPED = ("Cc", "Cf", "Cs")


def safe_name(name: str) -> str:
    """name as a file name stem that every OS accepts ("" when nothing of it is left)."""
    name = unicodedata.normalize("NFC", name[: MAX_CHARS * 8])  # a name is short: spare a huge title
    name = "".join(" " if ch.isspace() else ch for ch in name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _DROPPED)
    name = _FORBIDDEN.sub("-", name)
    # No leading "-" either: a shell command would read "-name.txt" as an option.
    name = _SPACES.sub(" ", name).lstrip(" .-").rstrip(" .")
    name = _cut(name).rstrip(" .")
    head, dot, tail = name.partition(".")
    if _RESERVED.match(head.rstrip(" ")):  # Windows reserves "NUL" and "nul.txt" alike: "NUL_", "nul_.txt"
        name = f"{head.rstrip(' ')}_{dot}{tail}"
    return name


def _cut(whole: str) -> str:
    name = whole[:MAX_CHARS]
    while len(name.encode("utf-8")) > MAX_BYTES:
        name = name[:-1]
    while name and unicodedata.combining(name[-1]):  # no accent left without its letter
        name = name[:-1]
    if len(name) < len(whole) and " " in name[MAX_CHARS // 2 :]:  # a long title cut between words
        name = name[: name.rindex(" ")]
    return name


def source_stem(source: str) -> str:
    """The stem of source's file name (a path, Windows or POSIX, or a file:// address); "" when it has
    none. A web page's address names no file ("…/index.html", "…/2024/06/12345"): its title reads better."""
    if "://" in source:
        parts = urlsplit(source)
        if parts.scheme.lower() != "file":
            return ""
        source = unquote(parts.path)
    last = re.split(r"[/\\]", source)[-1]
    stem, dot, _ = last.rpartition(".")
    return stem if dot and stem else last


def article_name(doc: Document) -> str:
    """The safe name of doc before it is made unique: its source file's stem, else its title."""
    for candidate in (source_stem(doc.source), doc.title):
        name = safe_name(candidate)
        if name:
            return name
    return "document"


def _key(name: str) -> str:
    return name.casefold()


def file_names(documents: Iterable[Document]) -> dict[str, str]:
    """Document id -> its unique, stable file name stem."""
    docs = sorted(documents, key=lambda d: (d.imported_at, d.id))
    natural = {d.id: article_name(d) for d in docs}
    taken = {_key(name) for name in natural.values()}
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[_key(natural[doc.id])].append(doc)
    names: dict[str, str] = {}
    for group in groups.values():
        names[group[0].id] = natural[group[0].id]
        n = 1
        for doc in group[1:]:
            base = natural[doc.id]
            while True:
                n += 1
                candidate = f"{base}-{n}"
                if _key(candidate) not in taken:
                    break
            taken.add(_key(candidate))
            names[doc.id] = candidate
    return names


def documents_json(
    written: Iterable[tuple[str, Document]],
    anns: Mapping[str, str] | None = None,
    curated: Mapping[str, Mark] | None = None,
) -> str:
    """The side file's content for the (stem, document) pairs written; anns: stem -> the sha256 of the
    .ann written (so that a later export into the folder knows the files it may remove); curated: the
    documents' curated marks by id (an entry's "curated", as the JSON project format writes it: a reader
    that does not know the key leaves it)."""
    curated = curated or {}
    written_pairs = list(written)
    entries: dict[str, dict[str, object]] = {
        stem: {
            "id": doc.id,
            "title": doc.title,
            "source": doc.source,
            "sha256": doc.sha256,
            "imported_at": doc.imported_at,
        }
        for stem, doc in written_pairs
    }
    for stem, digest in (anns or {}).items():
        entries[stem][ANN_SHA256] = digest
    for stem, doc in written_pairs:
        if (mark := curated.get(doc.id)) is not None:
            entries[stem][CURATED] = mark_dict(mark)
    body = {"format": _FORMAT, "version": _VERSION, "documents": entries}
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@dataclass(frozen=True)
class Kept:
    """What the side file says of one file pair."""

    id: str
    title: str
    source: str
    sha256: str
    imported_at: str
    #: The document's curated mark, held to the JSON project format's rules (`parse_mark`).
    curated: Mark | None = None


def read_documents(folder: Path) -> dict[str, Kept]:
    """The side file of folder (file stem -> what it was), {} when there is none. Checked: a damaged
    one is refused (naming it), for a wrong id would put tags on another document."""
    path = folder / DOCUMENTS_FILE
    if not path.is_file():
        return {}
    try:
        if path.stat().st_size > MAX_DOCUMENTS_BYTES:
            raise _damaged(path, "it is too large")
        body = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(path, str(exc)) from None
    except RecursionError:  # brackets nested thousands deep
        raise _damaged(path, "its brackets are nested too deeply") from None
    except ValueError:  # an integer of more than 4300 digits
        raise _damaged(path, "it holds a number too long to read (thousands of digits)") from None
    if not isinstance(body, dict) or body.get("format") != _FORMAT:
        raise _damaged(path, f"it is not a {_FORMAT!r} file")
    if body.get("version") != _VERSION:
        raise _damaged(path, f"version {body.get('version')!r} is not one this factcheck reads")
    entries = body.get("documents")
    if not isinstance(entries, dict):
        raise _damaged(path, "'documents' is not an object")
    out: dict[str, Kept] = {}
    for stem, entry in entries.items():
        if not isinstance(entry, dict):
            raise _damaged(path, f"the entry {stem!r} is not an object")
        values = [entry.get(k) for k in ("id", "title", "source", "sha256", "imported_at")]
        if not all(isinstance(v, str) and len(v) <= _MAX_FIELD for v in values):
            raise _damaged(path, f"the entry {stem!r} needs text id, title, source, sha256 and imported_at")
        ident, title, source, sha, stamp = (str(v) for v in values)
        if not ident.strip() or any(unicodedata.category(ch) == "Cc" for ch in ident):
            raise _damaged(path, f"the entry {stem!r} has no usable id")
        try:
            datetime.strptime(stamp, STAMP_FORMAT)
        except ValueError:
            raise _damaged(path, f"the entry {stem!r} has no usable imported_at") from None
        try:
            mark = parse_mark(entry.get(CURATED), f"documents[{stem!r}]")
        except Refusal as exc:
            raise _damaged(path, str(exc)) from None
        out[stem] = Kept(ident, title, source, sha, stamp, mark)
    return out


def _damaged(path: Path, why: str) -> ImportRefused:
    return ImportRefused(
        f"{path}: {why}; nothing was imported. It says which document each file is; delete it to import "
        "the files as new articles."
    )


def documents_by_stem(kept: Mapping[str, Kept], stem: str, sha256: str) -> Kept | None:
    """What the side file says of the file stem, when its text is still the one exported."""
    entry = kept.get(stem)
    return entry if entry is not None and entry.sha256 == sha256 else None
