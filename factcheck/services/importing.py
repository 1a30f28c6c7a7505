"""`import_paths`: articles, factcheck exports and teammates' databases, all in ONE transaction.

If any file is refused, nothing of any of them is stored and the error names the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from db.documents import forget_removal
from db.files import SQLITE_MAGIC
from db.store import Store
from factcheck.core.articles import ARTICLE_SUFFIXES, read_article_with_encoding
from factcheck.core.bundle import Bundle
from factcheck.core.errors import FactcheckError, ImportRefused
from factcheck.core.inputs import MAX_DATABASE_BYTES, MAX_EXPORT_BYTES, check_input_file
from factcheck.core.model import Document
from factcheck.core.names import storable
from factcheck.core.report import ImportReport
from factcheck.services.brat_import import BratSource, read_brat, store_brat
from factcheck.services.brat_import import brat_sources as split_brat
from factcheck.services.collector import collector_paused
from factcheck.services.merge import Placed, merge_bundle, merge_parts, place_ahead
from factcheck.services.merge_claims import merge_claims
from factcheck.services.merge_samples import SamplesLeftOut
from factcheck.services.merge_twins import Twins
from factcheck.services.reading import check_bundle, read_export
from factcheck.services.web_pages import WebPageError, fetch_article, looks_like_address

__all__ = ["BUNDLE_SUFFIXES", "DATABASE_SUFFIXES", "IMPORTABLE_SUFFIXES", "ImportReport", "import_paths"]

BUNDLE_SUFFIXES = (".json", ".jsonl")
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".factcheck")
IMPORTABLE_SUFFIXES = ARTICLE_SUFFIXES + BUNDLE_SUFFIXES + DATABASE_SUFFIXES

Progress = Callable[[int, int], None]
Article = tuple[Document, str]
#: A file read before the transaction: an article (document, encoding), a bundle, or None (read later).
Loaded = Article | Bundle | None


def import_paths(
    store: Store,
    paths: Iterable[Path | str],
    *,
    annotator: str = "",
    progress: Progress | None = None,
    add_labels: bool = False,
) -> ImportReport:
    """Import every file into store in one transaction; the report has a per-file report in `.files`.

    Articles and teammates' databases are read and checked first, outside the transaction, so that the
    write lock (which another window or command may be waiting for) is held only while storing. Exports
    (JSON, JSONL) are read as they are stored, a part at a time, inside it: a 450 MB export needs no
    more memory than a small one, and a refusal anywhere in it undoes everything. JSONL files resolve
    their documents in the store, possibly among articles of this same import.
    `annotator` is who imports; imported tags keep their own annotators, so it is not recorded on them,
    except brat's, which name none: they are `annotator`'s. A folder is a brat collection, a `.ann` is
    read with its `.txt` (factcheck.services.brat_import); `add_labels` adds the brat types that are no
    label or link type of the project instead of refusing them.
    `progress(done, total)` is called after each file is read and after each is stored, and as exports
    are read (a step a MiB) and web pages downloaded; it may raise to cancel, and nothing is then imported.
    An http(s) address among paths is downloaded (factcheck.services.web_pages) and read as a saved page;
    the document's source is its final address.
    add_labels: verdict ratings of claim cards that the project's scale lacks are added (else refused).
    """
    paths = list(paths)
    addresses = [p for p in paths if isinstance(p, str) and looks_like_address(p)]
    web = set(addresses)
    brat_sources, files = split_brat([Path(p) for p in paths if not (isinstance(p, str) and p in web)])
    for path in files:
        _check_kind(path)
    brats = [read_brat(store, source, annotator, add_labels=add_labels) for source in brat_sources]
    weights = [_weight(path) for path in files]
    steps = sum(weights) + len(files) + len(addresses) * (WEB_STEPS + 1)
    done = 0

    def step(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, steps)

    pages: list[Article] = []
    for url in addresses:  # downloaded first: the slowest part, and the likeliest to fail
        try:
            pages.append(fetch_article(url, progress=_download_steps(done, steps, progress)))
        except WebPageError:
            step(0)  # a cancel asked while the server stalled wins: the user asked to stop, not why
            raise
        step(WEB_STEPS)
    loaded: list[Loaded] = []
    placed: list[Placed | None] = []
    for path in files:
        content = _load(store, path)
        loaded.append(content)
        # A teammate's tags on another version of an article are re-anchored now, not while writing.
        placed.append(place_ahead(store, content) if isinstance(content, Bundle) else None)
        step()
    # Stored, and reported, in the order given (as typed or dropped), whatever was read first.
    order = _given_order(paths, files, brat_sources, addresses)
    names = {
        **{("file", i): file_name(p) for i, p in enumerate(files)},
        **{("brat", i): b.bundle.source for i, b in enumerate(brats)},
        **{("page", i): d.source for i, (d, _) in enumerate(pages)},
    }
    total = ImportReport(source=", ".join(names[item] for item in order))
    with store.atomic():
        for kind, i in order:
            if kind == "file":
                content = loaded[i]
                if content is None:
                    report = _store_export(store, files[i], weights[i], step, add_labels)
                else:
                    report = _store(store, files[i], content, placed[i], add_labels)
                    step()
            elif kind == "brat":
                report = store_brat(store, brats[i])
            else:
                document, encoding = pages[i]
                report = _store_article(document.source, store, document, encoding)
                step()
            total.files.append(report)
            total.absorb(report)
    return total


def _given_order(
    paths: list[Path | str], files: list[Path], brats: list[BratSource], addresses: list[str]
) -> list[tuple[str, int]]:
    """("file" | "brat" | "page", its index) of each thing imported, in the order paths gave them: a brat
    folder where it was given, the .ann files read together where the first was, a page where its
    address was."""
    where: dict[Path | str, list[int]] = {}  # each occurrence's place: a file given twice is read twice
    for n, p in enumerate(paths):
        where.setdefault(p if isinstance(p, str) and p in addresses else Path(p), []).append(n)
    taken: dict[Path | str, int] = {}

    def place(key: Path | str) -> int:
        k = taken[key] = taken.get(key, -1) + 1
        places = where.get(key, [len(paths)])
        return places[min(k, len(places) - 1)]

    folders = iter(n for n, p in enumerate(paths) if p not in addresses and Path(p).is_dir())
    at: list[tuple[int, str, int]] = [(place(p), "file", i) for i, p in enumerate(files)]
    for i, source in enumerate(brats):
        anns = [where[ann][0] for _, ann in source.pairs if ann is not None and ann in where]
        at.append((min(anns) if anns else next(folders, len(paths)), "brat", i))
    at += [(place(url), "page", i) for i, url in enumerate(addresses)]
    return [(kind, i) for _, kind, i in sorted(at)]


#: Progress steps of downloading a web page (its bytes, when the server says how many).
WEB_STEPS = 20


def _download_steps(done: int, steps: int, progress: Progress | None) -> Progress | None:
    """A download's progress(bytes read, bytes expected) as the import's steps; it may raise to cancel."""
    if progress is None:
        return None

    def report(read: int, expected: int) -> None:
        progress(done + (min(WEB_STEPS, WEB_STEPS * read // expected) if expected else 0), steps)

    return report


#: Bytes of an export read per progress step.
PROGRESS_BYTES = 1 << 20
#: About the bytes of one tag in an export (to expect a bulk import from a file's size).
TAG_BYTES = 400


def _weight(path: Path) -> int:
    """Progress steps of storing the file: one, or one a MiB of an export."""
    if path.suffix.lower() not in BUNDLE_SUFFIXES:
        return 1
    return 1 + path.stat().st_size // PROGRESS_BYTES


def _what_it_is(path: Path) -> str:
    """What a file of unknown type looks like, from its first bytes, to say what to do with it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return ""
    if head.startswith(SQLITE_MAGIC):
        return f"It looks like a database: if it is a factcheck project, name it {path.stem}.db to import it."
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 10:
        return "It is a binary file, not an article, an export or a factcheck database."
    return f"If it is an article, name it {path.stem}.txt (or .md, .html) to import it."


def _check_kind(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in IMPORTABLE_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        looks = _what_it_is(path) + " " if path.is_file() else ""
        raise ImportRefused(
            f"{file_name(path)}: unknown file type {kind}. {looks.lstrip()}factcheck imports articles "
            f"({', '.join(ARTICLE_SUFFIXES)}), exports ({', '.join(BUNDLE_SUFFIXES)}), factcheck "
            f"databases ({', '.join(DATABASE_SUFFIXES)}) and brat standoff (a folder, or .ann files). "
            "Nothing was imported."
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
    if suffix in BUNDLE_SUFFIXES:
        return None  # read while stored
    return _read_bundle(store, path)


def _read_bundle(store: Store, path: Path) -> Bundle:
    try:
        bundle = _read_database(store, path)
    except FactcheckError as exc:
        message = str(exc)
        if path.name not in message and file_name(path) not in message:
            raise ImportRefused(f"{file_name(path)}: {message}") from exc
        raise
    if not bundle.source:
        bundle.source = file_name(path)
    return check_bundle(bundle)


def _store_export(
    store: Store, path: Path, weight: int, step: Callable[[int], None], add_labels: bool = False
) -> ImportReport:
    """Read the export at path and merge it as it is read (inside the import's transaction)."""
    reported = 0

    def on_read(offset: int) -> None:
        nonlocal reported
        reached = min(offset // PROGRESS_BYTES, weight - 1)
        if reached > reported:
            step(reached - reported)
            reported = reached

    twins = Twins(store)
    samples = SamplesLeftOut()
    with read_export(path, store, on_read) as export, collector_paused():
        report = merge_parts(
            store,
            samples.parts(export.parts),
            file_name(path),
            expected_rows=export.size // TAG_BYTES,
            speakers=export.speakers,
            link_types=export.link_types,
            twins=twins,
            curated=export.curated,
        )
        claims = export.claims()  # read with the parts: after the tags, which cards name
        if claims:
            claims = samples.claims(store, claims)
            merge_claims(store, twins.claims(claims), file_name(path), report, add_labels=add_labels)
        samples.tell(report)
    step(weight - reported)
    report.source = file_name(path)
    return report


def _store(
    store: Store, path: Path, content: Article | Bundle, placed: Placed | None, add_labels: bool = False
) -> ImportReport:
    if isinstance(content, tuple):
        return _store_article(file_name(path), store, *content)
    report = merge_bundle(store, content, placed, add_labels=add_labels)
    report.source = file_name(path)
    return report


def file_name(path: Path) -> str:
    """path's name as the import names it, in its report and on what it stores (a document's source, a
    conflict's file): a name whose bytes are not UTF-8 ("caf\\xe9.txt" from a Windows zip) with U+FFFD
    for each stray byte, as the store keeps it, never Python's lone surrogates (which SQLite refuses and a
    terminal cannot show)."""
    return storable(path.name)


def _store_article(name: str, store: Store, document: Document, encoding: str) -> ImportReport:
    report = ImportReport(source=name)
    forget_removal(store, document.sha256)  # the article itself, imported on purpose: wanted back
    stored, created = store.add_document(document)
    if created:
        report.documents_added += 1
    else:
        report.documents_existing += 1
    report.touch(stored.id)
    if encoding == "Windows-1252":
        report.notes.append(f"{name} was not UTF-8 and was read as Windows-1252; check its accented letters.")
    return report


def _read_database(store: Store, path: Path) -> Bundle:
    from db.teammate import read_teammate_db

    if store.path is not None and path.resolve() == store.path.resolve():
        raise ImportRefused(
            f"{file_name(path)} is this project's own database; there is nothing to import from it."
        )
    return read_teammate_db(path)
