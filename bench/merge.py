"""Merge benchmark: importing a teammate's 100k-tag JSON export into a project that has the article.

`merge_100k_s` (goal <= 1 s) times `import_paths` (read, validate, match by sha256 and id, store in one
transaction) as the window runs it: inside `db.checkpoint.checkpoint_later`, so that the WAL checkpoint
its commit would run (copying the 57 MB it wrote into the database file) is run after the window has the
report, on the worker (`Operation.after`); that checkpoint is timed apart, `merge_100k_checkpoint_s` (a
CLI import still waits for it: the last connection's close runs it). `merge_100k_ratio` compares it with
a floor done the plainest way in the same run:
`json.load` and one `executemany` INSERT with `sqlite3`, no checks. `merge_100k_again_s` times importing
the same export a second time (everything unchanged: nothing is written). `merge_100k_read_s` is the part
spent reading and validating the file (`factcheck.services.reading.read_bundle`), to show where the time goes.
`merge_100k_storage_floor_s` stores the same rows the plainest way that does the same storage work
(orjson, one `executemany` of every column into the project's own table, its indexes dropped and built
again, one commit, its checkpoint left out as well; no checks, no matching): what is left of
`merge_100k_s` above it (`merge_100k_storage_ratio`) is the checking and matching. Both floors leave the
checkpoint out too, as `merge_100k_s` does.

`import_1m_s` (goal <= 15 s) imports a 600 MB export of 10,000 articles and 1,000,000 tags into an empty
project, in a child process; `import_1m_peak_mb` (goal <= 300 MB) is that child's peak resident memory
(VmHWM) minus that of a child that only imports the same modules (the import's own memory, not Python's).
"""

from __future__ import annotations

import gc
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import orjson

from bench.common import LABELS, Figure, best_of, tag
from db import Store
from db.annotation_rows import ANNOTATION_COLUMNS, ANNOTATION_COLUMNS_SQL
from db.checkpoint import checkpoint, checkpoint_later
from factcheck.core.model import DEFAULT_LABELS, Document, utc_now
from factcheck.core.spans import context
from factcheck.services.exporting import export
from factcheck.services.formats import project_json
from factcheck.services.importing import import_paths
from factcheck.services.reading import read_bundle

TAGS = 100_000
#: The big import: BIG_DOCUMENTS articles with BIG_TAGS_EACH tags each.
BIG_DOCUMENTS = 10_000
BIG_TAGS_EACH = 100


def _article() -> str:
    rng = random.Random(7)
    words = ["minister", "said", "crime", "fell", "percent", "critics", "claim", "😀", "“quoted”", "data"]
    paragraphs = [" ".join(rng.choice(words) for _ in range(80)) + "." for _ in range(1200)]
    return "\n\n".join(paragraphs) + "\n"


def _new_span(rng: random.Random, text: str, label: str, made: set[tuple[int, int, str]]) -> tuple[int, int]:
    """A random span of text, not blank, not yet tagged with label (no two identical tags: a merge keeps
    one of them); noted in made."""
    while True:
        start = rng.randrange(0, len(text) - 60)
        end = start + rng.randrange(1, 60)
        while not text[start:end].strip():
            end += 1
        if (start, end, label) not in made:
            made.add((start, end, label))
            return start, end


def _teammate_export(folder: Path, doc: Document) -> Path:
    """The teammate's project (the same article, 100k tags) exported as JSON."""
    rng = random.Random(11)
    text, now = doc.text, utc_now()
    anns = []
    made: set[tuple[int, int, str]] = set()
    for i in range(TAGS):
        start, end = _new_span(rng, text, LABELS[i % 3], made)
        anns.append(
            tag(doc, start, end, LABELS[i % 3], "alice", id=f"00000000-0000-4000-8000-{i:012d}", now=now)
        )
    out = folder / "alice.json"
    with Store.open(folder / "alice.db") as alice:
        alice.add_document(doc)
        alice.put_annotations(anns)
        export(alice, "json", out)
    return out


def _fresh_project(folder: Path, name: str, doc: Document) -> Store:
    store = Store.open(folder / name)
    store.add_document(Document.create(doc.text, title=doc.title, source="ours.txt"))  # our own id
    return store


def _floor(export: Path, db_path: Path) -> None:
    with export.open(encoding="utf-8") as fh:
        payload = json.load(fh)
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # the checkpoint left out, as merge_100k_s leaves it
        conn.execute(
            "CREATE TABLE IF NOT EXISTS a (id TEXT PRIMARY KEY, document_id TEXT, label TEXT, start INT, "
            '"end" INT, quote TEXT, prefix TEXT, suffix TEXT, annotator TEXT, note TEXT, created_at TEXT, '
            "updated_at TEXT)"
        )
        conn.execute("DELETE FROM a")
        conn.commit()
        with conn:
            for doc in payload["documents"]:
                conn.executemany(
                    "INSERT INTO a VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (r["id"], doc["id"], r["label"], r["start"], r["end"], r["quote"], r["prefix"],
                         r["suffix"], r["annotator"], r["note"], r["created_at"], r["updated_at"])
                        for r in doc["annotations"]
                    ],
                )  # fmt: skip
    finally:
        conn.close()


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-merge-") as tmp:
        folder = Path(tmp)
        doc = Document.create(_article(), title="Long article", source="alice/long.txt")
        export = _teammate_export(folder, doc)

        times: list[float] = []
        checkpoints: list[float] = []
        again: list[float] = []
        for i in range(3):
            store = _fresh_project(folder, f"ours{i}.db", doc)
            try:
                t0 = time.perf_counter()
                with checkpoint_later(store):  # as the window imports (ui.project_operations)
                    report = import_paths(store, [export], annotator="bob")
                times.append(time.perf_counter() - t0)
                assert report.added == TAGS, report.summary()
                t0 = time.perf_counter()
                checkpoint(store)  # after the window has the report, on the worker
                checkpoints.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                report = import_paths(store, [export], annotator="bob")
                again.append(time.perf_counter() - t0)
                assert report.unchanged == TAGS, report.summary()
            finally:
                store.close()
        ours = min(times)
        floor = best_of(lambda: _floor(export, folder / "floor.db"))
        storage = min(_storage_floor(export, folder, doc, i) for i in range(3))
        read = _read_time(folder, export, doc)
        big_s, big_mb = _big_import(folder)
    return [
        Figure("merge_100k_s", ours, "s", "<= 1"),
        Figure("merge_100k_checkpoint_s", min(checkpoints), "s"),
        Figure("merge_100k_ratio", ours / floor, "x"),
        Figure("merge_100k_storage_floor_s", storage, "s"),
        Figure("merge_100k_storage_ratio", ours / storage, "x"),
        Figure("merge_100k_again_s", min(again), "s", "<= 2"),
        Figure("merge_100k_read_s", read, "s"),
        Figure("import_1m_s", big_s, "s", "<= 15"),
        Figure("import_1m_peak_mb", big_mb, "MB", "<= 300"),
    ]


def _storage_floor(export: Path, folder: Path, doc: Document, i: int) -> float:
    """Seconds to store the export's tags in a fresh project (the article there) with plain sqlite3."""
    path = folder / f"storage{i}.db"
    _fresh_project(folder, path.name, doc).close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # the checkpoint left out, as merge_100k_s leaves it
        (doc_id,) = conn.execute("SELECT id FROM documents").fetchone()
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'annotations' "
            "AND sql IS NOT NULL AND sql NOT LIKE '%WHERE%'"
        ).fetchall()
        gc.collect()
        t0 = time.perf_counter()
        payload = orjson.loads(export.read_bytes())
        keys = ANNOTATION_COLUMNS[2:]
        rows = [(a["id"], doc_id, *map(a.get, keys)) for a in payload["documents"][0]["annotations"]]
        at = ANNOTATION_COLUMNS.index("fragments")
        rows = [(*r[:at], None, *r[at + 1 :]) for r in rows]  # [] (continuous) is stored as NULL
        conn.execute("BEGIN")
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.executemany(
            f"INSERT INTO annotations ({ANNOTATION_COLUMNS_SQL}) VALUES "
            f"({', '.join('?' * len(ANNOTATION_COLUMNS))})",
            rows,
        )
        for _, create in indexes:
            conn.execute(create)
        conn.execute("COMMIT")
        seconds = time.perf_counter() - t0
        assert conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == TAGS
        return seconds
    finally:
        conn.close()


def _read_time(folder: Path, export: Path, doc: Document) -> float:
    store = _fresh_project(folder, "read.db", doc)
    try:
        return best_of(lambda: read_bundle(export, store))
    finally:
        store.close()


def _big_rows(rng: random.Random, doc: Document, d: int, now: str) -> Iterator[tuple[object, ...]]:
    """project_json.ROW_KEYS rows of BIG_TAGS_EACH tags on doc, as a factcheck export holds them."""
    text = doc.text
    made: set[tuple[int, int, str]] = set()
    for i in range(BIG_TAGS_EACH):
        start, end = _new_span(rng, text, LABELS[i % 3], made)
        prefix, quote, suffix = context(text, start, end)
        ann_id = f"{d:08d}-0000-4000-8000-{i:012d}"
        label = LABELS[i % 3]
        yield (doc.id, ann_id, label, start, end, quote, prefix, suffix, "alice", "", now, now,
               None, None, None, None, None, False, None, None, None, None, None)  # fmt: skip


def _big_export(path: Path) -> None:
    """A 10,000-article, 1,000,000-tag JSON export, written from records (no project needed)."""
    rng = random.Random(5)
    words = ["minister", "said", "crime", "fell", "percent", "critics", "claim", "😀", "“quoted”", "data"]
    now = utc_now()
    docs = []
    for d in range(BIG_DOCUMENTS):
        paragraphs = [" ".join(rng.choice(words) for _ in range(70)) + "." for _ in range(8)]
        docs.append(Document.create("\n\n".join(paragraphs) + "\n", title=f"Article {d}", source=f"a{d}.txt"))
    docs.sort(key=lambda doc: doc.id)

    def rows() -> Iterator[tuple[object, ...]]:
        for d, doc in enumerate(docs):
            yield from _big_rows(rng, doc, d, now)

    with path.open("w", encoding="utf-8") as fh:  # links={}: each document's (empty) links, as an export
        project_json.write(fh, DEFAULT_LABELS, docs, rows(), links={})


_CHILD = """
import sys, time
from pathlib import Path
import orjson

from db import Store
from db.annotation_rows import ANNOTATION_COLUMNS, ANNOTATION_COLUMNS_SQL
from factcheck.services.importing import import_paths
if sys.argv[1] == "import":
    with Store.open(sys.argv[3]) as store:
        t0 = time.perf_counter()
        report = import_paths(store, [Path(sys.argv[2])])
        seconds = time.perf_counter() - t0
        assert report.added == int(sys.argv[4]), report.summary()
else:
    seconds = 0.0
# VmHWM, not ru_maxrss: ru_maxrss keeps the peak of the process before exec (the forked benchmark's)
with open("/proc/self/status") as fh:
    peak_kib = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(seconds, peak_kib)
"""


def _child(*args: str) -> tuple[float, float]:
    """Seconds and peak resident MB of a child process running _CHILD."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def _big_import(folder: Path) -> tuple[float, float]:
    export = folder / "big.json"
    _big_export(export)
    seconds, peak = _child("import", str(export), str(folder / "big.db"), str(BIG_DOCUMENTS * BIG_TAGS_EACH))
    _, modules_only = _child("modules")
    return seconds, peak - modules_only
