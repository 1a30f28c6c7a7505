"""Merge benchmark: importing a teammate's 100k-tag JSON export into a project that has the article.

`merge_100k_s` (goal <= 2 s) times `import_paths` (read, validate, match by sha256 and id, store in one
transaction); `merge_100k_ratio` compares it with a floor done the plainest way in the same run:
`json.load` and one `executemany` INSERT with `sqlite3`, no checks. `merge_100k_again_s` times importing
the same export a second time (everything unchanged: nothing is written). `merge_100k_read_s` is the part
spent reading and validating the file (`factcheck.services.formats.read_bundle`), to show where the time goes.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import LABELS, Figure, best_of, tag
from db import Store
from factcheck.core.model import Document, utc_now
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from factcheck.services.reading import read_bundle

TAGS = 100_000


def _article() -> str:
    rng = random.Random(7)
    words = ["minister", "said", "crime", "fell", "percent", "critics", "claim", "😀", "“quoted”", "data"]
    paragraphs = [" ".join(rng.choice(words) for _ in range(80)) + "." for _ in range(1200)]
    return "\n\n".join(paragraphs) + "\n"


def _teammate_export(folder: Path, doc: Document) -> Path:
    """The teammate's project (the same article, 100k tags) exported as JSON."""
    rng = random.Random(11)
    text, now = doc.text, utc_now()
    anns = []
    for i in range(TAGS):
        start = rng.randrange(0, len(text) - 60)
        end = start + rng.randrange(1, 60)
        while not text[start:end].strip():
            end += 1
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
        again: list[float] = []
        for i in range(3):
            store = _fresh_project(folder, f"ours{i}.db", doc)
            try:
                t0 = time.perf_counter()
                report = import_paths(store, [export], annotator="bob")
                times.append(time.perf_counter() - t0)
                assert report.added == TAGS, report.summary()
                t0 = time.perf_counter()
                report = import_paths(store, [export], annotator="bob")
                again.append(time.perf_counter() - t0)
                assert report.unchanged == TAGS, report.summary()
            finally:
                store.close()
        ours = min(times)
        floor = best_of(lambda: _floor(export, folder / "floor.db"))
        read = _read_time(folder, export, doc)
    return [
        Figure("merge_100k_s", ours, "s", "<= 2"),
        Figure("merge_100k_ratio", ours / floor, "x"),
        Figure("merge_100k_again_s", min(again), "s", "<= 2"),
        Figure("merge_100k_read_s", read, "s"),
    ]


def _read_time(folder: Path, export: Path, doc: Document) -> float:
    store = _fresh_project(folder, "read.db", doc)
    try:
        return best_of(lambda: read_bundle(export, store))
    finally:
        store.close()
