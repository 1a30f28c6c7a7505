"""What `factcheck FILE...` opens: a project file is opened as the project, the other files imported.

A file manager passes the files a user double-clicked (the desktop entry's `Exec=factcheck %F`): a
`.factcheck` project (or a `.db`/`.sqlite` file that is a factcheck project) must open as the project, as
`--db` does, not be merged into the default one as a teammate's database.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from db.errors import NewerDatabase, StoreError
from db.files import inspect_file
from factcheck.services.importing import DATABASE_SUFFIXES
from factcheck.services.web_pages import looks_like_address

PROJECT_SUFFIX = ".factcheck"


def is_project(path: Path) -> bool:
    """A .factcheck file (existing or to create), or an existing factcheck database under another name.
    Decided without writing to the file."""
    suffix = path.suffix.lower()
    if suffix == PROJECT_SUFFIX:
        return True
    if suffix not in DATABASE_SUFFIXES or not path.is_file():
        return False
    try:
        inspect_file(path)
    except NewerDatabase:
        return True  # ours, from a newer version: opening it says so
    except StoreError:
        return False  # someone else's or unreadable: importing it reports why
    return True


def project_and_files(db: str | None, files: Sequence[str]) -> tuple[str | None, list[str]]:
    """(the project to open, the files to import into it). With --db every FILE is imported, as before;
    without, the first project among the FILEs is opened and the others are imported into it."""
    if db is not None:
        return db, list(files)
    for i, name in enumerate(files):
        if not looks_like_address(name) and is_project(Path(name)):  # an address is a page to import
            return name, [*files[:i], *files[i + 1 :]]
    return None, list(files)
