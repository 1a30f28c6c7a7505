"""Where an export goes: a file or folder that appears whole or not at all, or a text stream.

Files are written beside their destination under a hidden temporary name and renamed over it at the end
(an atomic replace on the same file system), so a failed or interrupted export leaves the previous file,
or nothing, never half of one. A stream (standard output) receives the export only once it is complete.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TextIO, TypeVar

from factcheck.core.errors import FactcheckError

T = TypeVar("T")

#: Rows handed to a writer at a time; progress is reported after each chunk.
CHUNK = 2000

Progress = Callable[[int, int], object]


def _partial_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")


def _check_parent(path: Path) -> None:
    if not path.parent.is_dir():
        raise FactcheckError(f"Cannot write {path}: the folder {path.parent} does not exist.")


def _os_error(path: Path, exc: OSError) -> FactcheckError:
    return FactcheckError(f"Cannot write {path}: {exc.strerror or exc}; nothing was written.")


@contextlib.contextmanager
def text_output(out: Path | TextIO, *, bom: bool = False) -> Iterator[TextIO]:
    """A text handle (UTF-8, no newline translation) whose content lands in `out` only on success.

    bom: start a file with a UTF-8 byte order mark (Excel needs it to read UTF-8). Never on streams:
    a pipeline does not want one.
    """
    if isinstance(out, Path):
        _check_parent(out)
        if out.is_dir():
            raise FactcheckError(f"Cannot write {out}: it is a folder; give a file name.")
        tmp = _partial_name(out)
        try:
            with tmp.open("x", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, out)
        except OSError as exc:
            raise _os_error(out, exc) from exc
        finally:
            tmp.unlink(missing_ok=True)
    else:
        with contextlib.ExitStack() as stack:
            try:
                spool = stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8", newline=""))
                yield spool
                spool.seek(0)  # writes what is buffered: a full temporary folder fails here at the latest
            except OSError as exc:
                raise _spool_error(exc) from exc
            shutil.copyfileobj(spool, out, 1 << 20)
            out.flush()


def _spool_error(exc: OSError) -> FactcheckError:
    return FactcheckError(
        f"Cannot prepare the export in the temporary folder {tempfile.gettempdir()}: "
        f"{exc.strerror or exc}; nothing was written. Free some space there, or set TMPDIR to another folder."
    )


@contextlib.contextmanager
def folder_output(out: Path, *, keep_existing: Iterable[str] = ()) -> Iterator[Path]:
    """A fresh folder to fill; its files then move into `out` (created if needed), each whole.

    keep_existing: names of files that, when `out` already has them, are left as they are (a user's
    own configuration files).
    """
    _check_parent(out)
    if out.exists() and not out.is_dir():
        raise FactcheckError(f"Cannot write the folder {out}: a file has that name.")
    tmp = _partial_name(out)
    try:
        tmp.mkdir()
        yield tmp
        if not out.exists():
            tmp.rename(out)
        else:
            keep = set(keep_existing)
            for item in sorted(tmp.iterdir()):
                if item.name in keep and (out / item.name).exists():
                    continue
                os.replace(item, out / item.name)
    except OSError as exc:
        raise _os_error(out, exc) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def chunked(
    rows: Iterable[T], total: int | Callable[[], int], progress: Progress | None
) -> Iterator[list[T]]:
    """rows in lists of CHUNK, calling progress(done, total) after each (and once at 0).

    total may be a function: it is then called only when there is progress to report (counting the
    rows is a query of its own, which a plain command-line export need not pay for)."""
    it = iter(rows)
    done = count = 0
    if progress is not None:
        count = total() if callable(total) else total
        progress(0, count)
    while chunk := list(islice(it, CHUNK)):
        yield chunk
        done += len(chunk)
        if progress is not None:
            progress(done, count)


def reported(rows: Iterable[T], total: int | Callable[[], int], progress: Progress | None) -> Iterator[T]:
    """rows one by one, reporting progress as chunked() does."""
    for chunk in chunked(rows, total, progress):
        yield from chunk
