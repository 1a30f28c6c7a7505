"""A brat export into a folder that may hold an older one: afterwards the folder holds exactly this export.

What an earlier factcheck export wrote is told by its side file (`DOCUMENTS_FILE`): a pair it lists whose
`.txt` is still the text it recorded (a regular file, not a link) is factcheck's. Such pairs that this
export does not write again are removed, and only once this export is complete and in place: a failed or
refused export leaves the older one whole. Every other `.txt` or `.ann` in the folder (another tool's, a
user's, a listed pair changed since) is never removed nor replaced: it stays when this export writes no
file of its name (case aside, as some file systems ignore case), and the export is refused otherwise.
A side file that cannot be read and trusted (damaged, a link, too large, naming a file outside the folder)
refuses the export before anything is written: factcheck cannot tell which files are its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.core.errors import FactcheckError
from factcheck.services.formats.brat import CONFIGURATION
from factcheck.services.formats.brat_names import DOCUMENTS_FILE, MAX_DOCUMENTS_BYTES
from factcheck.services.formats.output import folder_output

#: The suffixes of a brat pair, as the import reads them (in any case).
BRAT_SUFFIXES = (".txt", ".ann")
#: Characters no stem factcheck writes holds; a side file naming one points outside the folder.
_NOT_IN_A_STEM = frozenset("/\\:\x00")
#: Most files named in a refusal (the rest are counted).
_NAMED = 3


class BratFolderRefused(FactcheckError):
    """A brat export refused because of what the destination folder holds; nothing was written."""


@dataclass(frozen=True)
class Earlier:
    """What the folder held before the export: its side file's entries (stem -> sha256 of the text)
    and the names of its brat files (top level, not hidden)."""

    folder: Path
    listed: dict[str, str]
    brat_files: tuple[str, ...]


@contextlib.contextmanager
def brat_output(out: Path) -> Iterator[Path]:
    """`folder_output` for a brat export (the folder's own configuration files are kept): a fresh folder
    to fill; then the files of out that would clash are refused, the export moves in, and the pairs of
    the earlier export that it does not write again are removed."""
    survey(out)  # a side file that cannot be trusted: refused before the export's work
    with folder_output(out, keep_existing=CONFIGURATION) as fresh:
        yield fresh
        written = sorted(p.name for p in fresh.iterdir())
        earlier = survey(out)  # again: the folder may have changed while the export was written
        own = factcheck_files(earlier)
        if not any(_real_folder(out / name) for name in written):  # folder_output words that refusal
            refuse_clashes(earlier, own, written)
    remove_stale(out, sorted(own.difference(written)), written)


def survey(out: Path) -> Earlier:
    """What out holds now (nothing when it is not a folder yet); BratFolderRefused when its side file
    cannot be trusted."""
    if not out.is_dir():
        return Earlier(out, {}, ())
    try:
        names = os.listdir(out)
    except OSError as exc:
        raise BratFolderRefused(
            f"Cannot read the folder {out}: {exc.strerror or exc}; nothing was written."
        ) from exc
    brat_files = tuple(
        sorted(
            n
            for n in names
            if not n.startswith(".")
            and os.path.splitext(n)[1].lower() in BRAT_SUFFIXES
            and not _real_folder(out / n)
        )
    )
    listed = read_listing(out / DOCUMENTS_FILE) if DOCUMENTS_FILE in names else {}
    return Earlier(out, listed, brat_files)


def _real_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def read_listing(path: Path) -> dict[str, str]:
    """The side file's stems with the sha256 of each text, checked so that no entry can name a file
    outside its folder; BratFolderRefused when it is not a factcheck side file to trust."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise _untrusted(path, "it is a link, not a file factcheck wrote")
        if not stat.S_ISREG(info.st_mode):
            raise _untrusted(path, "it is not a regular file")
        if info.st_size > MAX_DOCUMENTS_BYTES:
            raise _untrusted(path, "it is too large")
        with path.open("rb") as fh:  # read at most the limit: the file may grow meanwhile
            raw = fh.read(MAX_DOCUMENTS_BYTES + 1)
        if len(raw) > MAX_DOCUMENTS_BYTES:
            raise _untrusted(path, "it is too large")
        body = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise _untrusted(path, f"it cannot be read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _untrusted(path, "it is not JSON") from None
    entries = body.get("documents") if isinstance(body, dict) else None
    if not isinstance(body, dict) or body.get("format") != "factcheck brat documents":
        raise _untrusted(path, "it is not the list of a factcheck export")
    if body.get("version") != 1 or not isinstance(entries, dict):
        raise _untrusted(path, "it is not a list this factcheck reads")
    listed: dict[str, str] = {}
    for stem, entry in entries.items():
        if not _plain_stem(stem):
            raise _untrusted(path, f"it names a file outside the folder ({_shown(stem)})")
        sha = entry.get("sha256") if isinstance(entry, dict) else None
        if not isinstance(sha, str):
            raise _untrusted(path, f"the entry {_shown(stem)} has no sha256 of its text")
        listed[stem] = sha
    return listed


def _plain_stem(stem: str) -> bool:
    """stem names a file right in the folder, as factcheck names them (never hidden, never a path)."""
    return (
        0 < len(stem.encode("utf-8", "surrogatepass")) <= 250
        and not stem.startswith(".")
        and not _NOT_IN_A_STEM.intersection(stem)
        and not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in stem)
    )


def _shown(stem: str) -> str:
    return repr(stem if len(stem) <= 60 else stem[:57] + "...")


def _untrusted(path: Path, why: str) -> BratFolderRefused:
    return BratFolderRefused(
        f"{path}: {why}, so factcheck cannot tell which files of {path.parent} an earlier export wrote; "
        "nothing was written. Choose an empty folder for the export."
    )


def factcheck_files(earlier: Earlier) -> set[str]:
    """The brat files of earlier that factcheck wrote: of each listed pair whose .txt is a regular file
    (not a link) holding the text listed, that .txt and its .ann (a regular file too)."""
    present = set(earlier.brat_files)
    own: set[str] = set()
    for stem, sha in earlier.listed.items():
        txt, ann = f"{stem}.txt", f"{stem}.ann"
        if txt in present and _holds(earlier.folder / txt, sha):
            own.add(txt)
            if ann in present and _regular(earlier.folder / ann):
                own.add(ann)
    return own


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _holds(path: Path, sha256: str) -> bool:
    """path is a regular file (not a link) whose bytes are the text of that sha256."""
    if not _regular(path):
        return False
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return False
    return digest.hexdigest() == sha256


def refuse_clashes(earlier: Earlier, own: set[str], written: Iterable[str]) -> None:
    """BratFolderRefused when the export would replace a brat file that factcheck did not write there
    (or that was changed since): one of the same name, in any case."""
    again = {name.casefold() for name in written}
    others = [name for name in earlier.brat_files if name not in own and name.casefold() in again]
    if not others:
        return
    shown = ", ".join(others[:_NAMED]) + (f" and {len(others) - _NAMED} more" if len(others) > _NAMED else "")
    raise BratFolderRefused(
        f"The folder {earlier.folder} holds brat files that factcheck did not write there ({shown}), and "
        "this export would replace them; nothing was written. Choose an empty folder for the export."
    )


def remove_stale(folder: Path, stale: Iterable[str], written: Iterable[str]) -> None:
    """Remove the earlier export's files that this one did not write again, now that it is in place.
    A name that is, on a file system ignoring case, one of the files just written is left."""
    fresh = [folder / name for name in written]
    failed: list[str] = []
    for name in stale:
        path = folder / name
        try:
            info = os.lstat(path)
            if any(_same(info, new) for new in fresh if new.name.casefold() == name.casefold()):
                continue
            if stat.S_ISREG(info.st_mode):
                path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            failed.append(f"{name} ({exc.strerror or exc})")
    if failed:
        raise FactcheckError(
            f"The export into {folder} is complete, but files of the earlier export there could not be "
            f"removed: {', '.join(failed[:_NAMED])}; remove them by hand, or import will read them too."
        )


def _same(info: os.stat_result, path: Path) -> bool:
    try:
        return os.path.samestat(info, os.lstat(path))
    except OSError:
        return False
