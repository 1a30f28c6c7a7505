"""Curation figures: the curated set of 3 annotators x 100k tags each, exported (CSV and JSON).

The team's tags mostly coincide: each of 100k spans is tagged by every annotator, identically most of
the time, with a shifted boundary or another label otherwise; one span in ten has a reviewer's decision.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import replace
from pathlib import Path

from bench.common import LABELS, Figure, best_of, tag
from bench.core import _documents
from db import Store
from factcheck.core.model import Annotation, Document, new_id, utc_now
from factcheck.services.exporting import export

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


def run() -> list[Figure]:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        folder = Path(tmp)
        docs = _documents(rng)
        with Store.open(folder / "team.db") as store:
            with store.atomic():
                for doc in docs:
                    store.add_document(doc)
            store.put_annotations(_team_tags(rng, docs))
            counts: list[int] = []
            csv_s = best_of(lambda: counts.append(export(store, "csv", folder / "c.csv", curated=True)))
            json_s = best_of(lambda: export(store, "json", folder / "c.json", curated=True))
    print(f"(curated: {counts[0]} tags from {PER_ANNOTATOR * len(ANNOTATORS)})")
    return [
        Figure("export_curated_100k_s", csv_s, "s", "<= 2"),
        Figure("export_curated_100k_json_s", json_s, "s", "<= 2"),
    ]
