"""`import_paths`: articles, factcheck exports and teammates' databases, all in ONE transaction.

If any file is refused, nothing of any of them is stored and the error names the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from db.store import Store
from factcheck.core.articles import ARTICLE_SUFFIXES, read_article_with_encoding
from factcheck.core.bundle import Bundle
from factcheck.core.errors import FactcheckError, ImportRefused
from factcheck.core.inputs import MAX_DATABASE_BYTES, MAX_EXPORT_BYTES, check_input_file
from factcheck.core.model import Document
from factcheck.core.report import ImportReport
from factcheck.services.merge import merge_bundle
from factcheck.services.reading import read_bundle

__all__ = ["BUNDLE_SUFFIXES", "DATABASE_SUFFIXES", "IMPORTABLE_SUFFIXES", "ImportReport", "import_paths"]

BUNDLE_SUFFIXES = (".json", ".jsonl")
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".factcheck")
IMPORTABLE_SUFFIXES = ARTICLE_SUFFIXES + BUNDLE_SUFFIXES + DATABASE_SUFFIXES

Progress = Callable[[int, int], None]
#: A file read before the transaction: an article (document, encoding), a bundle, or None (read later).
Loaded = tuple[Document, str] | Bundle | None


def import_paths(
    store: Store, paths: Iterable[Path | str], *, annotator: str = "", progress: Progress | None = None
) -> ImportReport:
    """Import every file into store in one transaction; the report has a per-file report in `.files`.

    Files are read and checked first, outside the transaction, so that the write lock (which another
    window or command may be waiting for) is held only while storing. JSONL files resolve their
    documents in the store, possibly among articles of this same import: they are read inside.
    `annotator` is who imports; imported tags keep their own annotators, so it is not recorded on them.
    `progress(done, total)` is called after each file is read and after each is stored (total = 2 x files).
    """
    files = [Path(p) for p in paths]
    for path in files:
        _check_kind(path)
    steps = 2 * len(files)
    loaded: list[Loaded] = []
    for done, path in enumerate(files, start=1):
        loaded.append(_load(store, path))
        if progress is not None:
            progress(done, steps)
    total = ImportReport(source=", ".join(p.name for p in files))
    with store.atomic():
        for done, (path, content) in enumerate(zip(files, loaded, strict=True), start=len(files) + 1):
            report = _store(store, path, content)
            total.files.append(report)
            total.absorb(report)
            if progress is not None:
                progress(done, steps)
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
    check_input_file(path, MAX_EXPORT_BYTES if suffix in BUNDLE_SUFFIXES else MAX_DATABASE_BYTES)


def _load(store: Store, path: Path) -> Loaded:
    suffix = path.suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        return read_article_with_encoding(path)
    if suffix == ".jsonl":
        return None
    return _read_bundle(store, path)


def _read_bundle(store: Store, path: Path) -> Bundle:
    try:
        reader = _read_database if path.suffix.lower() in DATABASE_SUFFIXES else _read_export
        bundle = reader(store, path)
    except FactcheckError as exc:
        message = str(exc)
        if path.name not in message:
            raise ImportRefused(f"{path.name}: {message}") from exc
        raise
    if not bundle.source:
        bundle.source = path.name
    return bundle


def _store(store: Store, path: Path, content: Loaded) -> ImportReport:
    if isinstance(content, tuple):
        return _store_article(path, store, *content)
    report = merge_bundle(store, content if content is not None else _read_bundle(store, path))
    report.source = path.name
    return report


def _store_article(path: Path, store: Store, document: Document, encoding: str) -> ImportReport:
    report = ImportReport(source=path.name)
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
    return read_bundle(path, store)


def _read_database(store: Store, path: Path) -> Bundle:
    from db.teammate import read_teammate_db

    if store.path is not None and path.resolve() == store.path.resolve():
        raise ImportRefused(
            f"{path.name} is this project's own database; there is nothing to import from it."
        )
    return read_teammate_db(path)
