"""Reading a teammate's factcheck database as a Bundle, without ever writing to it or trusting it.

A teammate's file is untrusted input: it may hold views or triggers where our tables should be, lie
about its size in its header, or hold values of any type. So, before anything of it is used:

- it must be a regular file of at most MAX_TEAMMATE_BYTES (with its -wal), by its length and by what its
  header claims; its header must be a factcheck one (the refusals of `Store.open`);
- it is copied into memory through the SQLite backup API, from a connection that never writes: opened
  `immutable` when no -wal lies beside it (no -wal/-shm files appear, read-only media work); with a -wal
  and the -shm of a running app, `mode=ro` through them; with a -wal and no -shm (their app was killed,
  or the files were sent), the pair is copied into a private folder and read there, so that no -shm is
  created beside their file;
- in the copy, labels, documents, annotations and the migration table must be plain tables; their views
  and triggers are dropped unread; SQL functions of their schema stay inert (`trusted_schema=OFF`); every
  query is bounded (a progress handler stops it);
- every value must have the type and form factcheck writes, else the whole file is refused.
An older schema is upgraded in the copy only.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from itertools import groupby
from pathlib import Path

from sqlite_utils import Database

from db import links as link_store
from db import speakers as speaker_store
from db.claims_teammate import read_claims_part
from db.errors import NotAFactcheckDatabase, StoreError
from db.files import (
    READ_FAILURES,
    applied_migrations,
    check_header,
    declared_size,
    distrusted,
    newer_schema,
    not_plain_tables,
    other_program,
    reason,
)
from db.migrations import migrations
from db.store import Store
from factcheck.core.bundle import Bundle
from factcheck.core.claims import ClaimError
from factcheck.core.inputs import MAX_DATABASE_BYTES, check_input_file, text_problem
from factcheck.core.links import Link
from factcheck.core.model import LABEL_ROLES, QUOTATIONS, REVIEW_STATUSES, canonical_stamp, is_stored_stamp
from factcheck.core.speakers import SPEAKER_KINDS

MAX_TEAMMATE_BYTES = MAX_DATABASE_BYTES

TABLES = ("labels", "documents", "annotations", "_sqlite_migrations")
#: Tables of the structure (links, speakers) and the curated marks: plain tables too once their
#: migrations ran.
STRUCTURE_TABLES = ("links", "link_types", "speakers", "curated_documents")


def read_teammate_db(path: Path | str) -> Bundle:
    """Labels, documents and every annotation (tombstones included) of the factcheck file at path.

    Raises a StoreError (NotAFactcheckDatabase, NewerDatabase...) naming the file; it is left untouched."""
    path = Path(path)
    size = check_input_file(path, MAX_TEAMMATE_BYTES, "a teammate's database")
    wal = check_header(path)
    _check_size(path, size)
    copy = _copy_into_memory(path, wal)
    try:
        with distrusted(copy, (MAX_TEAMMATE_BYTES // 1024 + 1) * 20_000):
            return _read(path, copy)
    except READ_FAILURES as exc:
        raise NotAFactcheckDatabase(
            f"{path} is damaged or not a factcheck database ({reason(exc)}); it was left untouched."
        ) from exc
    finally:
        copy.close()


def _wal(path: Path) -> Path:
    return Path(f"{path}-wal")


def _check_size(path: Path, size: int) -> None:
    wal = _wal(path)
    if wal.exists():
        size += check_input_file(wal, MAX_TEAMMATE_BYTES, "the -wal of a teammate's database")
    size = max(size, declared_size(path))
    if size > MAX_TEAMMATE_BYTES:
        raise _too_large(path, size)


def _too_large(path: Path, size: int) -> StoreError:
    return StoreError(
        f"{path} is {size / 1e6:.0f} MB (by its size or its header), more than the "
        f"{MAX_TEAMMATE_BYTES >> 20} MB a teammate's database may have; it was left untouched. "
        "Ask for a JSON export instead (factcheck export --format json)."
    )


def _copy_into_memory(path: Path, wal: bool) -> sqlite3.Connection:
    memory = sqlite3.connect(":memory:")
    try:
        if wal and not Path(f"{path}-shm").exists():
            with tempfile.TemporaryDirectory(prefix="factcheck-teammate-") as folder:
                # No app has it open (a running one keeps a -shm): the two files are a still pair.
                private = Path(folder) / "teammate.db"
                shutil.copyfile(path, private)
                shutil.copyfile(_wal(path), _wal(private))
                _backup(path, private.as_uri(), memory)
        else:
            _backup(path, f"{path.resolve().as_uri()}?{'mode=ro' if wal else 'immutable=1'}", memory)
    except READ_FAILURES as exc:
        memory.close()
        raise NotAFactcheckDatabase(
            f"{path} is damaged or not a factcheck database ({reason(exc)}); it was left untouched."
        ) from exc
    except (OSError, StoreError):
        memory.close()
        raise
    return memory


def _backup(path: Path, uri: str, memory: sqlite3.Connection) -> None:
    source = sqlite3.connect(uri, uri=True)
    try:
        with distrusted(source):
            (pages,) = source.execute("PRAGMA page_count").fetchone()
            (page_size,) = source.execute("PRAGMA page_size").fetchone()
            if pages * page_size > MAX_TEAMMATE_BYTES:  # its WAL included: what the copy would hold
                raise _too_large(path, pages * page_size)
            source.backup(memory)
    finally:
        source.close()


def _read(path: Path, copy: sqlite3.Connection) -> Bundle:
    try:
        applied = applied_migrations(copy)
    except NotAFactcheckDatabase:
        raise other_program(path) from None
    newer = newer_schema(path, applied)
    if newer is not None:
        raise newer
    odd = not_plain_tables(copy, TABLES)
    if odd:
        raise NotAFactcheckDatabase(
            f"{path} is not a factcheck database as factcheck writes them ({', '.join(odd)} "
            "not a plain table); it was left untouched. Ask for a JSON export instead."
        )
    theirs = copy.execute("SELECT type, name FROM sqlite_schema WHERE type IN ('view', 'trigger')").fetchall()
    for kind, name in theirs:  # read first: the schema changes as they are dropped
        copy.execute(f'DROP {kind.upper()} IF EXISTS "{name.replace(chr(34), chr(34) * 2)}"')
    store = Store(Database(copy), None)
    migrations.apply(store._db)  # an older teammate's schema, upgraded in the copy only
    odd = not_plain_tables(copy, STRUCTURE_TABLES)
    if odd:
        raise NotAFactcheckDatabase(
            f"{path} is not a factcheck database as factcheck writes them ({', '.join(odd)} "
            "not a plain table); it was left untouched. Ask for a JSON export instead."
        )
    _check_values(path, copy)
    documents = {doc.id: doc for doc in store.documents()}
    annotations = store.annotations(include_deleted=True)
    labels = store.labels()
    for doc in documents.values():
        problem = text_problem(doc.text)
        if problem:
            raise _refused(path, f"the text of document {doc.id!r} {problem}")
    grouped = {doc_id: list(anns) for doc_id, anns in groupby(annotations, key=lambda a: a.document_id)}
    their_links: dict[str, list[Link]] = {}
    for link in link_store.links(store, include_deleted=True):
        their_links.setdefault(link.document_id, []).append(link)
    try:
        claims = read_claims_part(store)
    except ClaimError as exc:
        raise _refused(path, str(exc)) from None
    return Bundle(
        labels=labels,
        documents=[(doc, grouped.get(doc_id, [])) for doc_id, doc in documents.items()],
        source=path.name,
        links=their_links,
        speakers=speaker_store.speakers(store, include_deleted=True),
        link_types=link_store.link_types(store),
        claims=claims,
        curated=store.curated_documents(),  # held to a file's rules by the merge (`check_bundle`)
    )


def _refused(path: Path, problem: str) -> NotAFactcheckDatabase:
    return NotAFactcheckDatabase(
        f"{path} holds values factcheck never writes ({problem}); it was left untouched and nothing "
        "was imported. Ask for a JSON export instead (factcheck export --format json)."
    )


_TEXT = "typeof({c}) = 'text'"
_TEXT_OR_NULL = "typeof({c}) IN ('text', 'null')"
_ID_OR_NULL = "{c} IS NULL OR (typeof({c}) = 'text' AND trim({c}) <> '')"


def _json_list(column: str, bad_element: str) -> str:
    """column holds a JSON list none of whose elements (json_each's type and value) is bad_element.
    CASE, so that nothing parses a value that is not JSON."""
    return (
        f"CASE WHEN typeof({column}) <> 'text' THEN 0 WHEN NOT json_valid({column}) THEN 0 "
        f"WHEN json_type({column}) <> 'array' THEN 0 "
        f"ELSE NOT EXISTS (SELECT 1 FROM json_each({column}) WHERE {bad_element}) END"
    )


#: A bad piece of a tag's fragments: not a pair of integers (64-bit ones: SQLite's json_type calls a
#: 5000-digit number an integer too, which json_extract reads as a real).
_PAIR = (
    "CASE WHEN type <> 'array' THEN 1 WHEN json_array_length(value) <> 2 THEN 1 "
    "ELSE json_type(value, '$[0]') <> 'integer' OR json_type(value, '$[1]') <> 'integer' "
    "OR typeof(json_extract(value, '$[0]')) <> 'integer' "
    "OR typeof(json_extract(value, '$[1]')) <> 'integer' END"
)
#: table -> (column, condition every value must meet), in the order they are checked.
_VALUE_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "labels": (
        ("name", _TEXT + " AND trim({c}) <> ''"),
        ("color", _TEXT),
        ("shortcut", _TEXT),
        ("position", "typeof({c}) = 'integer'"),
        ("role", "{c} IN (" + ", ".join(f"'{r}'" for r in LABEL_ROLES) + ")"),
    ),
    "documents": (
        ("id", _TEXT + " AND trim({c}) <> ''"),
        ("title", _TEXT),
        ("source", _TEXT),
        ("text", _TEXT + " AND {c} <> ''"),
        ("sha256", _TEXT),
        ("imported_at", _TEXT),
    ),
    "annotations": (
        ("id", _TEXT + " AND trim({c}) <> ''"),
        ("document_id", _TEXT + " AND {c} IN (SELECT id FROM documents)"),
        ("label", _TEXT),
        ("start", "typeof({c}) = 'integer'"),
        ('"end"', "typeof({c}) = 'integer'"),
        ("quote", _TEXT),
        ("prefix", _TEXT),
        ("suffix", _TEXT),
        ("annotator", _TEXT),
        ("note", _TEXT),
        ("created_at", _TEXT),
        ("updated_at", _TEXT),
        ("deleted_at", _TEXT_OR_NULL),
        ("status", "{c} IS NULL OR {c} IN (" + ", ".join(f"'{s}'" for s in REVIEW_STATUSES) + ")"),
        ("reviewer", _TEXT_OR_NULL),
        ("reason", _TEXT_OR_NULL),
        ("reviewed_at", _TEXT_OR_NULL),
        ("orphaned", "{c} IN (0, 1)"),
        # structure: pieces as a JSON list of [start, end] integer pairs (their placement is checked
        # with the tag's), ids as non-blank text
        (
            "fragments",
            "{c} IS NULL OR " + _json_list("{c}", _PAIR),
        ),
        ("speaker", _ID_OR_NULL),
        ("source", _ID_OR_NULL),
        ("cue", _ID_OR_NULL),
        ("quotation", "{c} IS NULL OR {c} IN (" + ", ".join(f"'{q}'" for q in QUOTATIONS) + ")"),
    ),
    "curated_documents": (
        ("document_id", _TEXT + " AND {c} IN (SELECT id FROM documents)"),
        ("curator", _TEXT),
        ("curated_at", _TEXT),
    ),
    "link_types": (
        ("name", _TEXT + " AND trim({c}) <> ''"),
        ("position", "typeof({c}) = 'integer'"),
        ("symmetric", "{c} IN (0, 1)"),
    ),
    "links": (
        ("id", _TEXT + " AND trim({c}) <> ''"),
        ("document_id", _TEXT + " AND {c} IN (SELECT id FROM documents)"),
        ("type", _TEXT + " AND trim({c}) <> ''"),
        ("from_id", _TEXT + " AND trim({c}) <> ''"),
        ("to_id", _TEXT + " AND trim({c}) <> ''"),
        ("annotator", _TEXT),
        ("created_at", _TEXT),
        ("updated_at", _TEXT),
        ("deleted_at", _TEXT_OR_NULL),
    ),
    "speakers": (
        ("id", _TEXT + " AND trim({c}) <> ''"),
        ("name", _TEXT + " AND trim({c}) <> ''"),
        ("kind", "{c} IN (" + ", ".join(f"'{k}'" for k in SPEAKER_KINDS) + ")"),
        ("description", _TEXT),
        (
            "same_as",
            _json_list("{c}", "CASE WHEN type <> 'text' THEN 1 ELSE trim(value) = '' END"),
        ),
        ("created_at", _TEXT),
        ("updated_at", _TEXT),
        ("deleted_at", _TEXT_OR_NULL),
        ("merged_into", _ID_OR_NULL),
    ),
}
_STAMPS = {
    "documents": ("imported_at",),
    "annotations": ("created_at", "updated_at", "deleted_at", "reviewed_at"),
    "links": ("created_at", "updated_at", "deleted_at"),
    "speakers": ("created_at", "updated_at", "deleted_at"),
    "curated_documents": ("curated_at",),
}


#: The stored form of a time stamp (CANONICAL_STAMP) as a GLOB: SQLite finds the few others.
_STAMP_GLOB = (
    "-".join(["[0-9]" * 4, "[01][0-9]", "[0-3][0-9]"])
    + "T"
    + ":".join(["[0-2][0-9]", "[0-5][0-9]", "[0-5][0-9]"])
    + "."
    + "[0-9]" * 6
    + "Z"
)


def _odd_stamp(column: str) -> str:
    """SQL true for a stamp that may not be in the stored form: off the GLOB, or a month, day or hour a
    GLOB cannot bound (a 13th month, a 25th hour; past the 28th, `is_stored_stamp` asks the calendar)."""
    return (
        f"({column} NOT GLOB '{_STAMP_GLOB}' OR substr({column}, 6, 2) NOT BETWEEN '01' AND '12' "
        f"OR substr({column}, 9, 2) NOT BETWEEN '01' AND '28' OR substr({column}, 12, 2) > '23')"
    )


def _check_values(path: Path, copy: sqlite3.Connection) -> None:
    """Every value of the type and form factcheck writes, else the whole file is refused.

    One pass over each table finds whether any row breaks a rule; only then is each rule asked again,
    to say which row and column."""
    for table, rules in _VALUE_RULES.items():
        conditions = [(column, f"coalesce(({rule.format(c=column)}), 0)") for column, rule in rules]
        every = " AND ".join(condition for _, condition in conditions)
        if copy.execute(f"SELECT 1 FROM {table} WHERE NOT ({every}) LIMIT 1").fetchone() is not None:
            for column, condition in conditions:
                bad = copy.execute(
                    f"SELECT rowid, {column} FROM {table} WHERE NOT ({condition}) LIMIT 1"
                ).fetchone()
                if bad is not None:
                    where = f"{table} row {bad[0]}: {column.strip(chr(34))}"
                    raise _refused(path, f"{where} is {_describe(bad[1])}")
        stamps = _STAMPS.get(table, ())
        if not stamps:
            continue
        odd = " OR ".join(_odd_stamp(c) for c in stamps)
        for rowid, *values in copy.execute(
            f"SELECT rowid, {', '.join(stamps)} FROM {table} WHERE {odd}"
        ).fetchall():
            for column, stamp in zip(stamps, values, strict=True):
                if stamp is None or is_stored_stamp(stamp):
                    continue
                try:  # another ISO-8601 form: stored as ours, so that "newer wins" compares right
                    copy.execute(
                        f"UPDATE {table} SET {column} = ? WHERE rowid = ?", [canonical_stamp(stamp), rowid]
                    )
                except ValueError:
                    raise _refused(path, f"{table} row {rowid}: {column} is {_describe(stamp)}") from None


def _describe(value: object) -> str:
    if value is None:
        return "missing (NULL)"
    if isinstance(value, str):
        return repr(value[:40])
    return f"a {type(value).__name__}, not text"
