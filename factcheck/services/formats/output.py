"""Where an export goes: a file or folder that appears whole or not at all, or a text stream.

Files are written beside their destination under a hidden temporary name and renamed over it at the end
(an atomic replace on the same file system), so a failed or interrupted export leaves the previous file,
or nothing, never half of one. A stream (standard output) receives the export only once it is complete.
"""

from __future__ import annotations

import contextlib
import os
import re
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
    """A hidden name beside path, unique, naming the process that writes it (see _clean_stale)."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, and belongs to someone else
    return True


def _clean_stale(path: Path) -> None:
    """Remove the partial files and folders that killed exports to path left (`.NAME.PID-XXXXXXXX.partial`
    whose process is gone, and `.NAME.XXXXXXXX.partial` of earlier versions); never another's live one."""
    ours = re.compile(rf"\.{re.escape(path.name)}\.(?:(\d+)-)?[0-9a-f]{{8}}\.partial")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        match = ours.fullmatch(name)
        if match is None or (match.group(1) is not None and _is_running(int(match.group(1)))):
            continue
        stale = path.parent / name
        with contextlib.suppress(OSError):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale)
            else:
                stale.unlink()


def _named(out: Path) -> Path:
    """out under its own name: "." (the folder one is in) and ".." have none to put a partial beside."""
    if out.name in ("", ".."):
        out = Path(os.path.realpath(out))
    if not out.name:
        raise FactcheckError(f"Cannot write {out}: it is the root folder; give a file or folder name.")
    return out


def _refuse_special(path: Path) -> None:
    """A device, pipe or socket would be replaced by a regular file (the device node itself gone)."""
    with contextlib.suppress(OSError):
        if path.exists() and not path.is_file() and not path.is_dir():
            raise FactcheckError(
                f"Cannot write {path}: it is not a regular file (a device, pipe or socket); nothing was "
                "written. Give a file name, or - for standard output."
            )


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
        _refuse_special(out)
        _clean_stale(out)
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
    out = _named(out)
    _check_parent(out)
    if out.exists() and not out.is_dir():
        raise FactcheckError(f"Cannot write the folder {out}: a file has that name.")
    _clean_stale(out)
    tmp = _partial_name(out)
    try:
        tmp.mkdir()
        yield tmp
        if not out.exists():
            tmp.rename(out)
        else:
            keep = set(keep_existing)
            moves = [
                (item, out / item.name)
                for item in sorted(tmp.iterdir())
                if not (item.name in keep and (out / item.name).exists())
            ]
            _check_targets(out, [target for _, target in moves])
            for done, (item, target) in enumerate(moves):
                try:
                    os.replace(item, target)
                except OSError as exc:
                    raise FactcheckError(
                        f"Cannot finish writing the folder {out}: {target.name}: {exc.strerror or exc}; "
                        f"{done} of {len(moves)} files were replaced, the others are as they were. "
                        "Fix the cause and export again."
                    ) from exc
    except OSError as exc:
        raise _os_error(out, exc) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _check_targets(out: Path, targets: list[Path]) -> None:
    """Before any file is replaced: each target is free, or a file (or link) that can be replaced."""
    if not os.access(out, os.W_OK | os.X_OK):
        raise FactcheckError(f"Cannot write in the folder {out}: permission denied; nothing was written.")
    for target in targets:
        if target.is_dir() and not target.is_symlink():
            raise FactcheckError(
                f"Cannot write the folder {out}: {target.name} in it is a folder, where a file must go; "
                "nothing was written. Move it away, or export to a new folder."
            )


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
