"""What a file must be before it is opened as input, and the rule every imported text meets.

Inputs (articles, teammates' exports and databases) are untrusted: a name ending in .txt or .json may
be a link to /dev/zero, a FIFO that never ends, or a file far larger than any team's work. Each is
looked at (stat, following links) before it is opened: only a regular file within its size cap is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from factcheck.core.errors import FactcheckError, ImportRefused

#: Largest factcheck JSON / JSONL export read: 2 GiB (a million-tag export is about 500 MB). Imports read
#: them a document (or a batch of lines) at a time, so memory follows the largest document, not the file.
MAX_EXPORT_BYTES = 2 << 30
#: Largest teammate database read (with its -wal): 1 GiB, millions of tags; it is copied into memory.
MAX_DATABASE_BYTES = 1 << 30


def check_input_file(
    path: Path, max_bytes: int, what: str = "an input", error: type[FactcheckError] = ImportRefused
) -> int:
    """The size of the regular file at path (links followed); `error`, naming the file and what to do,
    when it is missing, a folder, not a regular file (device, FIFO, socket) or over max_bytes."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error(f"{path}: no such file; nothing was imported.") from None
    except OSError as exc:
        raise error(f"Cannot read {path}: {exc.strerror or exc}; nothing was imported.") from exc
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{path} is a folder, not a file; nothing was imported.")
    if not stat.S_ISREG(info.st_mode):
        raise error(
            f"{path} is not a regular file (a device, pipe or socket), so it cannot be {what}; "
            "nothing was imported. Give the file itself."
        )
    if info.st_size > max_bytes:
        raise error(
            f"{path} is {info.st_size / 1e6:.0f} MB, more than the {max_bytes >> 20} MB {what} may have; "
            "nothing was imported. Split it, or check that it is the right file."
        )
    return info.st_size


def text_problem(text: str) -> str | None:
    """Why text cannot be a document's text, or None. The one rule of article files, teammates' exports
    and databases: a NUL character is binary data, not text (and ends strings in many tools)."""
    if "\x00" in text:
        return "contains NUL characters (U+0000), which text never does"
    return None
