"""Core figures: bulk insert, CSV and JSON export of 100k annotations, importing 500 articles.

Each ratio is ours / a floor done the plainest way (sqlite3 with csv.writer or json.dump) in the same
run, on the same data and schema.
"""

from __future__ import annotations

import contextlib
import csv
import json
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import LABELS, Figure, best_of, tag
from db import Store
from db.annotation_rows import ANNOTATION_COLUMNS, annotation_row
from factcheck.core.model import Annotation, Document, new_id, utc_now
from factcheck.services.exporting import export
from factcheck.services.formats import csv_format

N_ANNOTATIONS = 100_000
N_DOCUMENTS = 200
N_ARTICLES = 500

VOCABULARY = (
    "the minister said crime fell by twenty percent last year critics called the claim misleading "
    "police figures show a rise in burglary while officials deny any change to the counting rules "
    "Zoë café naïve 😀 “quoted” — ellipsis… and brackets [sic] with =formula +cells -dashes @handles"
)
WORDS = tuple(VOCABULARY.split(" "))


def _text(rng: random.Random, n_words: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n_words)]
    for i in range(12, n_words, 60):
        words[i] += ".\n"  # paragraphs: spans across line breaks occur
    return " ".join(words)


def _documents(rng: random.Random) -> list[Document]:
    return [
        Document.create(_text(rng, 900), title=f"Article {i}", source=f"a{i}.txt") for i in range(N_DOCUMENTS)
    ]


def _annotations(rng: random.Random, docs: list[Document]) -> list[Annotation]:
    anns = []
    per_doc = N_ANNOTATIONS // len(docs)
    now = utc_now()
    for doc in docs:
        text = doc.text
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == " "]
        for _ in range(per_doc):
            start = rng.choice(starts[:-8])
            end = min(start + rng.randint(3, 60), len(text))
            while text[end - 1].isspace():
                end -= 1
            label, annotator = rng.choice(LABELS), rng.choice(("ana", "bo", "chen"))
            note = rng.choice(("", "", "=SUM(A1)", "check the\nfigures"))
            anns.append(tag(doc, start, end, label, annotator, id=new_id(), now=now, note=note))
    return anns


@contextlib.contextmanager
def _fresh_store(folder: Path, docs: list[Document]) -> Iterator[Store]:
    path = folder / f"{new_id()}.db"
    store = Store.open(path)
    try:
        with store.atomic():
            for doc in docs:
                store.add_document(doc)
        yield store
    finally:
        store.close()


def _insert_figures(folder: Path, docs: list[Document], anns: list[Annotation]) -> Figure:
    ours, floor = [], []
    rows = [annotation_row(a) for a in anns]
    columns = ", ".join(f'"{c}"' for c in ANNOTATION_COLUMNS)
    sql = f"INSERT INTO annotations ({columns}) VALUES ({', '.join('?' for _ in ANNOTATION_COLUMNS)})"
    for _ in range(3):
        with _fresh_store(folder, docs) as store:
            t0 = time.perf_counter()
            store.put_annotations(anns)
            ours.append(time.perf_counter() - t0)
            path = store.path
        assert path is not None
        path.unlink()
        with _fresh_store(folder, docs) as store:
            path = store.path
        assert path is not None
        conn = sqlite3.connect(path)
        try:
            t0 = time.perf_counter()
            with conn:
                conn.executemany(sql, rows)
            floor.append(time.perf_counter() - t0)
        finally:
            conn.close()
        path.unlink()
    return Figure("insert_100k_ratio", min(ours) / min(floor), "x", "<= 1.5")


def _floor_csv(db_path: Path, out: Path) -> None:
    conn = sqlite3.connect(db_path)
    try:
        # The same columns as ours: the tag's, then its pieces and attribution (source and cue quotes,
        # the speaker's name) looked up the plainest way.
        cursor = conn.execute(
            'SELECT a.document_id, d.title, a.id, a.label, a.start, a."end", a.quote, a.annotator, a.note, '
            "a.created_at, a.updated_at, a.status, a.reviewer, a.reason, a.reviewed_at, a.orphaned, "
            "a.fragments, a.source, s.quote, coalesce(a.speaker, s.speaker), p.name, a.cue, c.quote, "
            "a.quotation FROM annotations a JOIN documents d ON d.id = a.document_id "
            "LEFT JOIN annotations s ON s.id = a.source LEFT JOIN annotations c ON c.id = a.cue "
            "LEFT JOIN speakers p ON p.id = coalesce(a.speaker, s.speaker) WHERE a.deleted_at IS NULL "
            'ORDER BY a.document_id, a.start, a."end", a.id'
        )
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(csv_format.HEADER + csv_format.STRUCTURE)
            writer.writerows(cursor)
    finally:
        conn.close()


def _floor_json(db_path: Path, out: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        labels = [dict(r) for r in conn.execute("SELECT name, color, shortcut FROM labels ORDER BY position")]
        documents = []
        for doc in conn.execute(
            "SELECT id, title, source, sha256, text, imported_at FROM documents ORDER BY id"
        ):
            d = dict(doc)
            d["annotations"] = [
                dict(r)
                for r in conn.execute(
                    'SELECT id, label, start, "end", quote, prefix, suffix, annotator, note, created_at, '
                    "updated_at, deleted_at, status, reviewer, reason, reviewed_at, orphaned "
                    'FROM annotations WHERE document_id = ? ORDER BY start, "end", id',
                    [doc["id"]],
                )
            ]
            for a in d["annotations"]:
                a["orphaned"] = bool(a["orphaned"])
            documents.append(d)
        with out.open("w", encoding="utf-8") as fh:
            json.dump({"format": "factcheck", "version": 1, "labels": labels, "documents": documents}, fh)
    finally:
        conn.close()


def _import_figure(folder: Path, rng: random.Random) -> Figure:
    from factcheck.services.importing import import_paths

    articles = folder / "articles"
    articles.mkdir()
    paths = []
    for i in range(N_ARTICLES):
        path = articles / f"article{i:03d}.txt"
        path.write_text(f"Headline {i}\n\n{_text(rng, 850)}", encoding="utf-8")  # ~5 KB
        paths.append(path)
    times = []
    for _ in range(3):
        with _fresh_store(folder, []) as store:
            t0 = time.perf_counter()
            import_paths(store, paths, annotator="bench")
            times.append(time.perf_counter() - t0)
    return Figure("import_500_articles_s", min(times), "s")


def run() -> list[Figure]:
    rng = random.Random(7)
    figures = []
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        folder = Path(tmp)
        docs = _documents(rng)
        anns = _annotations(rng, docs)
        figures.append(_insert_figures(folder, docs, anns))

        with _fresh_store(folder, docs) as store:
            store.put_annotations(anns)
            path = store.path
            assert path is not None
            ours_csv = best_of(lambda: export(store, "csv", folder / "ours.csv"))
            floor_csv = best_of(lambda: _floor_csv(path, folder / "floor.csv"))
            figures.append(Figure("export_csv_100k_s", ours_csv, "s", "<= 1"))
            figures.append(Figure("export_csv_100k_ratio", ours_csv / floor_csv, "x", "<= 1.5"))
            ours_json = best_of(lambda: export(store, "json", folder / "ours.json"))
            floor_json = best_of(lambda: _floor_json(path, folder / "floor.json"))
            figures.append(Figure("export_json_100k_ratio", ours_json / floor_json, "x", "<= 1.5"))
        figures.append(_import_figure(folder, rng))
    return figures
