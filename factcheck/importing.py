"""`import_paths`: articles, factcheck exports and teammates' databases, all in ONE transaction.

If any file is refused, nothing of any of them is stored and the error names the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from db.store import Store
from factcheck.articles import ARTICLE_SUFFIXES, read_article_with_encoding
from factcheck.bundle import Bundle
from factcheck.errors import FactcheckError, ImportRefused
from factcheck.merge import merge_bundle
from factcheck.report import ImportReport

__all__ = ["BUNDLE_SUFFIXES", "DATABASE_SUFFIXES", "IMPORTABLE_SUFFIXES", "ImportReport", "import_paths"]

BUNDLE_SUFFIXES = (".json", ".jsonl")
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".factcheck")
IMPORTABLE_SUFFIXES = ARTICLE_SUFFIXES + BUNDLE_SUFFIXES + DATABASE_SUFFIXES

Progress = Callable[[int, int], None]


def import_paths(
    store: Store, paths: Iterable[Path | str], *, annotator: str = "", progress: Progress | None = None
) -> ImportReport:
    """Import every file into store in one transaction; the report has a per-file report in `.files`.

    `annotator` is who imports; imported tags keep their own annotators, so it is not recorded on them.
    `progress(done, total)` is called after each file.
    """
    files = [Path(p) for p in paths]
    for path in files:
        _check_kind(path)
    total = ImportReport(source=", ".join(p.name for p in files))
    with store.atomic():
        for done, path in enumerate(files, start=1):
            report = _import_one(store, path)
            total.files.append(report)
            total.absorb(report)
            if progress is not None:
                progress(done, len(files))
    return total


def _check_kind(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in IMPORTABLE_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "without an extension"
        raise ImportRefused(
            f"{path.name}: unknown file type {kind}; factcheck imports articles "
            f"({', '.join(ARTICLE_SUFFIXES)}), exports ({', '.join(BUNDLE_SUFFIXES)}) and factcheck "
            f"databases ({', '.join(DATABASE_SUFFIXES)}). Nothing was imported."
        )
    if not path.exists():
        raise ImportRefused(f"{path}: no such file; nothing was imported.")
    if path.is_dir():
        raise ImportRefused(f"{path} is a folder, not a file; nothing was imported.")


def _import_one(store: Store, path: Path) -> ImportReport:
    suffix = path.suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        return _import_article(store, path)
    try:
        reader = _read_database if suffix in DATABASE_SUFFIXES else _read_export
        bundle = reader(store, path)
    except FactcheckError as exc:
        message = str(exc)
        if path.name not in message:
            raise ImportRefused(f"{path.name}: {message}") from exc
        raise
    if not bundle.source:
        bundle.source = path.name
    report = merge_bundle(store, bundle)
    report.source = path.name
    return report


def _import_article(store: Store, path: Path) -> ImportReport:
    report = ImportReport(source=path.name)
    document, encoding = read_article_with_encoding(path)
    stored, created = store.add_document(document)
    if created:
        report.documents_added += 1
    else:
        report.documents_existing += 1
    report.touch(stored.id)
    if encoding == "Windows-1252":
        report.notes.append(
            f"{path.name} was not UTF-8 and was read as Windows-1252; check its accented letters."
        )
    return report


def _read_export(store: Store, path: Path) -> Bundle:
    from factcheck.formats import read_bundle  # the FORMATS task's reader

    return read_bundle(path, store)


def _read_database(store: Store, path: Path) -> Bundle:
    from db.teammate import read_teammate_db

    if store.path is not None and path.resolve() == store.path.resolve():
        raise ImportRefused(
            f"{path.name} is this project's own database; there is nothing to import from it."
        )
    return read_teammate_db(path)
