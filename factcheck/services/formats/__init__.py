"""Export formats (CSV, JSON, JSONL, W3C Web Annotation, brat) and the readers of our own JSON/JSONL.

One module per format; `factcheck.services.exporting.export` feeds the writers from the store.
`read_bundle(path, store=None)` reads a factcheck JSON or JSONL export into a `Bundle`, refusing
(ImportRefused, one line naming the file) any file that is not exactly right; it stores nothing.
See docs/formats.md.
"""

from __future__ import annotations

import gc
import json
import re
from pathlib import Path

from db import Store
from factcheck.core.bundle import Bundle
from factcheck.core.errors import ImportRefused
from factcheck.services.formats import jsonl_format, project_json
from factcheck.services.formats.validate import Refusal

FORMATS = ("csv", "json", "jsonl", "w3c", "brat")

#: The usual file name ending of each format ("" for brat: a folder).
EXTENSIONS = {"csv": ".csv", "json": ".json", "jsonl": ".jsonl", "w3c": ".jsonld", "brat": ""}

#: One-line descriptions (CLI help, file dialogs).
DESCRIPTIONS = {
    "csv": "CSV for spreadsheets, one row per tag",
    "json": "factcheck JSON project: lossless, for teammates and backups",
    "jsonl": "JSON Lines, one tag per line, for pandas and pipelines",
    "w3c": "W3C Web Annotation JSON-LD collection",
    "brat": "brat standoff folder (.txt and .ann per article)",
}


# -- reading our own exports back ----------------------------------------------------------------

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def read_bundle(path: Path | str, store: Store | None = None) -> Bundle:
    """A factcheck JSON (.json) or JSONL (.jsonl, .ndjson) export, fully checked; nothing is stored.

    With store, the labels used must be the project's too, and JSONL lines find their documents there.
    Raises ImportRefused with one line naming the file and what is wrong.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"Cannot import {path}: {exc.strerror or exc}.") from exc

    def refuse(problem: str) -> ImportRefused:
        return ImportRefused(f"Cannot import {path}: {problem}; nothing was imported.")

    if not raw or raw.isspace():  # isspace() stops at the first other byte; strip() would copy it all
        raise refuse("the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(f"it is not UTF-8 text (undecodable byte at position {exc.start})") from None
    try:
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            bundle = jsonl_format.parse(text, store)
        else:
            bundle = project_json.parse(_load_json(text), store)
        if _SURROGATE_ESCAPE.search(text):
            _check_encodable(bundle)
    except Refusal as exc:
        raise refuse(str(exc)) from None
    bundle.source = str(path)
    return bundle


def _load_json(text: str) -> object:
    # The parsed tree holds no cycles, yet building it triggers full collections that rescan every
    # object made so far: pausing the collector makes reading a 100k-tag export ~15% faster.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise Refusal("", "the JSON ends too early (the file is truncated)") from None
        raise Refusal(
            "", f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except (RecursionError, ValueError) as exc:
        raise Refusal("", f"it is not valid JSON ({type(exc).__name__})") from None
    finally:
        if collecting:
            gc.enable()


def _check_encodable(bundle: Bundle) -> None:
    """JSON's \\uD800 escapes can give half a UTF-16 pair, which is not text (SQLite would refuse it)."""
    for doc, anns in bundle.documents:
        for where, value in (("document", doc), *(("annotation", a) for a in anns)):
            try:
                json.dumps(value.__dict__, ensure_ascii=False, default=str).encode("utf-8")
            except UnicodeEncodeError:
                raise Refusal(
                    f"{where} {getattr(value, 'id', '')!r}",
                    "a text holds an unpaired surrogate (\\uD8xx-\\uDFxx)",
                ) from None


__all__ = ["DESCRIPTIONS", "EXTENSIONS", "FORMATS", "Bundle", "read_bundle"]
