"""A brat export into a folder that may hold an older one: afterwards the folder holds exactly this export.

Which files an earlier factcheck export wrote is told by its side file (`DOCUMENTS_FILE`): a pair it lists
is factcheck's while its `.txt` is a regular file (not a link) holding the text listed, and its `.ann` a
regular file holding what was written (older side files record no digest of the `.ann`: then the `.txt`
vouches for it). The rules, decided before any file moves:

- the earlier export's pairs that this export writes again are replaced, unread (as the window's
  question says: even an `.ann` edited in brat since);
- its pairs that this export does not write (an article renamed or removed since, another project's) are
  removed, once this export is complete and in place: a failed or refused export leaves the older whole;
- a listed file changed since it was written would be removed: refused, never deleted (brat edits);
- every other `.txt` or `.ann` (another tool's, a user's) stays when this export writes no file of its
  name, in any case (some file systems ignore case), and refuses the export otherwise;
- a side file that cannot be trusted (damaged, a link, too large, naming a file outside the folder)
  refuses the export before anything is written: factcheck cannot tell which files are its own.

Only names right in the folder are ever removed, and only regular files: never a link nor what it points
to, never a sub-folder's file (the import reads sub-folders, but factcheck never writes there).
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

from factcheck.core.errors import FactcheckError, FilesLeftOver
from factcheck.services.formats.brat import CONFIGURATION
from factcheck.services.formats.brat_names import ANN_SHA256, DOCUMENTS_FILE, MAX_DOCUMENTS_BYTES
from factcheck.services.formats.output import folder_output

#: The suffixes of a brat pair, as the import reads them (in any case).
BRAT_SUFFIXES = (".txt", ".ann")
#: What `brat_names.documents_json` writes (its format and version).
SIDE_FORMAT = ("factcheck brat documents", 1)
#: Characters no stem factcheck writes holds; a side file naming one points outside the folder.
_NOT_IN_A_STEM = frozenset("/\\:\x00")
#: Most files named in a message (the rest are counted).
_NAMED = 3


class BratFolderRefused(FactcheckError):
    """A brat export refused because of what the destination folder holds; nothing was written."""


@dataclass(frozen=True)
class Listed:
    """A side file's entry: the sha256 of the pair's text, and of its .ann when recorded."""

    txt: str
    ann: str | None


@dataclass(frozen=True)
class Earlier:
    """What the folder holds before the export moves in: its side file's entries by stem, the names of
    its brat files (top level, not hidden, not folders) and of its folders (not links to folders)."""

    folder: Path
    listed: dict[str, Listed]
    brat_files: tuple[str, ...]
    folders: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Verdict:
    """The earlier export's files as they are now: what factcheck wrote (own: still as written, or a
    listed name this export writes again, which is replaced unread, as brat edits of an article exported
    again always were), an `.ann` of an own `.txt` changed since (edited), and the other listed files
    changed since (changed)."""

    own: frozenset[str]
    edited: frozenset[str]
    changed: frozenset[str]


@contextlib.contextmanager
def brat_output(out: Path) -> Iterator[Path]:
    """`folder_output` for a brat export (the folder's own configuration files are kept): a fresh folder
    to fill; then what it would replace or remove is checked, the export moves in, and the files of the
    earlier export that it does not write again are removed."""
    survey(out)  # a side file that cannot be trusted: refused before the export's work
    with folder_output(out, keep_existing=CONFIGURATION) as fresh:
        yield fresh
        written = sorted(p.name for p in fresh.iterdir())
        earlier = survey(out)  # again: the folder may have changed while the export was written
        verdict = judge(earlier, written)
        if earlier.folders.isdisjoint(written):  # else folder_output refuses, saying so
            refuse(earlier, verdict, written)
    remove_stale(out, sorted(verdict.own.difference(written)), written)


def survey(out: Path) -> Earlier:
    """What out holds now (nothing when it is not a folder yet); BratFolderRefused when its side file
    cannot be trusted."""
    if not out.is_dir():
        return Earlier(out, {}, ())
    try:
        with os.scandir(out) as entries:  # the kind of each entry without a stat of its own
            kinds = {entry.name: entry.is_dir(follow_symlinks=False) for entry in entries}
    except OSError as exc:
        why = exc.strerror or exc
        raise BratFolderRefused(f"Cannot read the folder {out}: {why}; nothing was written.") from exc
    folders = frozenset(name for name, is_folder in kinds.items() if is_folder)
    brat_files = tuple(
        sorted(
            name
            for name in kinds
            if not name.startswith(".")
            and os.path.splitext(name)[1].lower() in BRAT_SUFFIXES
            and name not in folders
        )
    )
    listed = read_listing(out / DOCUMENTS_FILE) if DOCUMENTS_FILE in kinds else {}
    return Earlier(out, listed, brat_files, folders)


def read_listing(path: Path) -> dict[str, Listed]:
    """The side file's entries by stem, checked so that none can name a file outside its folder;
    BratFolderRefused when it is not a factcheck side file to trust."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise _untrusted(path, "it is a link, not a file factcheck wrote")
        if not stat.S_ISREG(info.st_mode):
            raise _untrusted(path, "it is not a regular file")
        if info.st_size > MAX_DOCUMENTS_BYTES:
            raise _untrusted(path, "it is too large")
        with path.open("rb") as fh:  # at most the limit: the file may have grown since
            raw = fh.read(MAX_DOCUMENTS_BYTES + 1)
        if len(raw) > MAX_DOCUMENTS_BYTES:
            raise _untrusted(path, "it is too large")
        body = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise _untrusted(path, f"it cannot be read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _untrusted(path, "it is not JSON") from None
    if not isinstance(body, dict) or (body.get("format"), body.get("version")) != SIDE_FORMAT:
        raise _untrusted(path, "it is not the list of files of a factcheck export this version reads")
    entries = body.get("documents")
    if not isinstance(entries, dict):
        raise _untrusted(path, "its list of files is not an object")
    listed: dict[str, Listed] = {}
    for stem, entry in entries.items():
        if not _plain_stem(stem):
            raise _untrusted(path, f"it names a file outside the folder ({_shown(stem)})")
        txt = entry.get("sha256") if isinstance(entry, dict) else None
        ann = entry.get(ANN_SHA256) if isinstance(entry, dict) else None
        if not isinstance(txt, str) or not isinstance(ann, str | None):
            raise _untrusted(path, f"the entry {_shown(stem)} has no sha256 of its files")
        listed[stem] = Listed(txt, ann)
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


def judge(earlier: Earlier, written: Iterable[str]) -> Verdict:
    """Which of the files the side file lists are still what factcheck wrote (see Verdict); written: the
    names this export writes. Only the pairs it does not write again are read."""
    present = set(earlier.brat_files)
    again = set(written)
    own: set[str] = set()
    edited: set[str] = set()
    changed: set[str] = set()
    for stem, sha in earlier.listed.items():
        txt, ann = f"{stem}.txt", f"{stem}.ann"
        if txt in again and ann in again:
            own.update(name for name in (txt, ann) if name in present)
            continue
        txt_own = txt in present and _holds(earlier.folder / txt, sha.txt)
        if txt in present:
            (own if txt_own else changed).add(txt)
        if ann not in present:
            continue
        regular = _regular(earlier.folder / ann)
        if sha.ann is not None and _holds(earlier.folder / ann, sha.ann):
            own.add(ann)
        elif txt_own and regular:  # as written (no digest recorded: the .txt vouches), or edited in brat
            (own if sha.ann is None else edited).add(ann)
        else:
            changed.add(ann)
    return Verdict(frozenset(own), frozenset(edited), frozenset(changed))


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _holds(path: Path, sha256: str) -> bool:
    """path is a regular file (not a link) whose bytes have that sha256."""
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


def refuse(earlier: Earlier, verdict: Verdict, written: Iterable[str]) -> None:
    """BratFolderRefused when the export would replace a brat file that factcheck did not write there,
    or remove one of the earlier export's that was changed since."""
    again = {name.casefold() for name in written}
    replaceable = verdict.own | verdict.edited
    others = [n for n in earlier.brat_files if n.casefold() in again and n not in replaceable]
    if others:
        raise BratFolderRefused(
            f"The folder {earlier.folder} holds brat files that are not the ones factcheck wrote there "
            f"({_names(others)}), and this export would replace them; nothing was written. Choose an "
            "empty folder for the export."
        )
    gone = sorted(n for n in verdict.changed | verdict.edited if n.casefold() not in again)
    if gone:
        raise BratFolderRefused(
            f"The folder {earlier.folder} holds files of an earlier export that were changed since "
            f"({_names(gone)}: edited in brat or by hand?), and this export would leave them stale; "
            "nothing was written. Import that folder first to keep the changes, or choose an empty "
            "folder for the export."
        )


def _names(names: list[str]) -> str:
    more = len(names) - _NAMED
    return ", ".join(names[:_NAMED]) + (f" and {more} more" if more > 0 else "")


def remove_stale(folder: Path, stale: Iterable[str], written: Iterable[str]) -> None:
    """Remove the earlier export's files that this one did not write again, now that it is in place.
    A name that is, on a file system ignoring case, one of the files just written is left."""
    fresh: dict[str, list[str]] = {}
    for new in written:
        fresh.setdefault(new.casefold(), []).append(new)
    failed: list[str] = []
    for name in stale:
        path = folder / name
        try:
            info = os.lstat(path)
            if any(_same(info, folder / new) for new in fresh.get(name.casefold(), ())):
                continue
            if stat.S_ISREG(info.st_mode):
                path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            failed.append(f"{name} ({exc.strerror or exc})")
    if failed:
        raise FilesLeftOver(
            f"The export into {folder} is complete, but files of the earlier export there could not be "
            f"removed: {_names(failed)}; remove them by hand, or an import of the folder reads them too."
        )


def _same(info: os.stat_result, path: Path) -> bool:
    try:
        return os.path.samestat(info, os.lstat(path))
    except OSError:
        return False
