"""Curation figures: the curated set of 3 annotators x 100k tags each, exported (CSV and JSON).

The team's tags mostly coincide: each of 100k spans is tagged by every annotator, identically most of
the time, with a shifted boundary or another label otherwise; one span in ten has a reviewer's decision.

- export_curated_100k_s, export_curated_100k_json_s: the curated export (CSV, JSON), best of 3.
- export_curated_100k_floor_s, export_curated_100k_json_floor_s: the plainest way to write the same
  rows from the same project in the same run: sqlite3 reads every live placed tag once (the input any
  curation must read), and csv.writer or one call of our JSON text writer (`json_text.dumps`: orjson
  when installed) writes the curated rows, known beforehand (read back from our own export). What our
  figure has above it is the curation and its formatting.
- export_curated_100k_ratio, export_curated_100k_json_ratio: ours / floor.
- export_curated_100k_json_peak_mb: peak resident memory (VmHWM) of a child process that exports the
  curated JSON, minus that of a child that only imports the same modules and opens the project.
"""

from __future__ import annotations

import csv
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.common import LABELS, Figure, best_of, tag
from bench.core import _documents
from db import Store
from factcheck.core.model import Annotation, Document, new_id, utc_now
from factcheck.services.exporting import export
from factcheck.services.formats.json_text import dumps

PER_ANNOTATOR = 100_000
ANNOTATORS = ("ana", "bo", "chen")


def _team_tags(rng: random.Random, docs: list[Document]) -> list[Annotation]:
    anns: list[Annotation] = []
    per_doc = PER_ANNOTATOR // len(docs)
    now = utc_now()
    for doc in docs:
        text = doc.text
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == " "]
        for _ in range(per_doc):
            start = rng.choice(starts[:-8])
            end = min(start + rng.randint(3, 60), len(text))
            while text[end - 1].isspace():
                end -= 1
            label = rng.choice(LABELS)
            decision = rng.random()
            for who in ANNOTATORS:
                s, e, lab = start, end, label
                roll = rng.random()
                if roll < 0.1 and e - s > 2:
                    e -= 1  # a boundary disagreement
                elif roll < 0.15:
                    lab = rng.choice(LABELS)
                ann = tag(doc, s, e, lab, who, id=new_id(), now=now)
                if decision < 0.05:
                    ann = replace(ann, status="accepted", reviewer="rita", reviewed_at=now)
                elif decision < 0.1:
                    ann = replace(ann, status="rejected", reviewer="rita", reviewed_at=now)
                anns.append(ann)
    return anns


#: What curation reads of each tag, read the plainest way (one query, every live placed tag).
_INPUT = (
    'SELECT id, document_id, label, start, "end", quote, prefix, suffix, annotator, note, created_at, '
    "updated_at, status, reviewer, reason, reviewed_at, fragments FROM annotations "
    'WHERE deleted_at IS NULL AND orphaned = 0 ORDER BY document_id, start, "end", id'
)


def _read_input(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    try:
        for _ in conn.execute(_INPUT):
            pass
    finally:
        conn.close()


def _floor_csv(db_path: Path, rows: list[list[str]], out: Path) -> None:
    _read_input(db_path)
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _floor_json(db_path: Path, data: Any, out: Path) -> None:
    _read_input(db_path)
    with out.open("w", encoding="utf-8") as fh:
        fh.write(dumps(data))  # our JSON text writer (orjson when installed), the whole file in one call


_CHILD = """
import sys
from pathlib import Path
from db import Store
from factcheck.services.exporting import export
from factcheck.services.formats.json_text import dumps
with Store.open(sys.argv[2], create=False) as store:
    if sys.argv[1] == "export":
        export(store, "json", Path(sys.argv[3]), curated=True)
# VmHWM, not ru_maxrss: ru_maxrss keeps the peak of the process before exec (the forked benchmark's)
with open("/proc/self/status") as fh:
    print(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")))
"""


def _peak_mb(*args: str) -> float:
    """Peak resident MB of a child process running _CHILD."""
    out = subprocess.run([sys.executable, "-c", _CHILD, *args], check=True, capture_output=True, text=True)
    return int(out.stdout.split()[0]) / 1024


def run() -> list[Figure]:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        folder = Path(tmp)
        docs = _documents(rng)
        db_path = folder / "team.db"
        with Store.open(db_path) as store:
            with store.atomic():
                for doc in docs:
                    store.add_document(doc)
            store.put_annotations(_team_tags(rng, docs))
            counts: list[int] = []
            csv_s = best_of(lambda: counts.append(export(store, "csv", folder / "c.csv", curated=True)))
            json_s = best_of(lambda: export(store, "json", folder / "c.json", curated=True))
        with (folder / "c.csv").open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        data = json.loads((folder / "c.json").read_text(encoding="utf-8"))
        floor_csv = best_of(lambda: _floor_csv(db_path, rows, folder / "floor.csv"))
        floor_json = best_of(lambda: _floor_json(db_path, data, folder / "floor.json"))
        peak = _peak_mb("export", str(db_path), str(folder / "child.json"))
        peak -= _peak_mb("modules", str(db_path))
    print(f"(curated: {counts[0]} tags from {PER_ANNOTATOR * len(ANNOTATORS)})")
    return [
        Figure("export_curated_100k_s", csv_s, "s", "<= 2"),
        Figure("export_curated_100k_json_s", json_s, "s", "<= 2"),
        Figure("export_curated_100k_floor_s", floor_csv, "s"),
        Figure("export_curated_100k_ratio", csv_s / floor_csv, "x floor"),
        Figure("export_curated_100k_json_floor_s", floor_json, "s"),
        Figure("export_curated_100k_json_ratio", json_s / floor_json, "x floor"),
        Figure("export_curated_100k_json_peak_mb", peak, "MB"),
    ]
