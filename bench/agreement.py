"""Agreement speed: 2 annotators x 10k tags on a 1 MB article, all four measures per label and overall.

Figures:
- agreement_2x10k_s: `store_agreement` from a real SQLite file (reading the tags included); goal <= 1 s.
- agreement_2x10k_compute_s: the same computation on tags already in memory.
- agreement_floor_numpy_s: the plainest fast way to get only the chance-corrected half: numpy character
  arrays (one per annotator and label, filled span by span) and their 2x2 counts, kappa and alpha.
- agreement_2x10k_ratio: compute / floor (below 1: faster than building the character arrays).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from bench.common import LABELS, Figure, best_of, tag
from db import Store
from factcheck.core.agreement import (
    MEASURES,
    cohen_kappa_from_counts,
    compute_agreement,
    krippendorff_alpha_from_counts,
)
from factcheck.core.model import Annotation, Document, utc_now
from factcheck.services.agreement import store_agreement

TAGS = 10_000
ARTICLE_CHARS = 1_000_000
WORDS = [
    "the",
    "minister",
    "said",
    "crime",
    "fell",
    "by",
    "twenty",
    "percent",
    "last",
    "year",
    "but",
    "critics",
    "called",
    "that",
    "figure",
    "misleading",
]


def make_article(rng: random.Random) -> str:
    parts: list[str] = []
    size = 0
    while size < ARTICLE_CHARS:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + ". "
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:ARTICLE_CHARS]


def make_tags(rng: random.Random, doc: Document) -> list[Annotation]:
    """ana tags 10k spans; ben agrees on most, moves some boundaries, relabels or replaces others."""
    text = doc.text
    now = utc_now()
    stride = len(text) // TAGS

    def ann(i: int, who: str, label: str, start: int, end: int) -> Annotation:
        return tag(doc, start, end, label, who, id=f"{who}-{i}", now=now)

    anns: list[Annotation] = []
    for i in range(TAGS):
        start = i * stride + rng.randrange(stride // 2)
        end = min(len(text), start + rng.randint(5, stride // 2 + 5))
        label = rng.choice(LABELS)
        anns.append(ann(i, "ana", label, start, end))
        roll = rng.random()
        if roll < 0.6:
            anns.append(ann(i, "ben", label, start, end))
        elif roll < 0.8:
            anns.append(ann(i, "ben", label, start + rng.randint(0, 3), end + rng.randint(0, 3)))
        elif roll < 0.9:
            anns.append(ann(i, "ben", rng.choice(LABELS), start, end))
        else:
            s = i * stride + stride // 2 + rng.randrange(stride // 4)
            anns.append(ann(i, "ben", rng.choice(LABELS), s, s + rng.randint(5, stride // 4 + 5)))
    return anns


def numpy_floor(length: int, anns: list[Annotation]) -> dict[str, tuple[float | None, float | None]]:
    """Kappa and alpha per label and overall from numpy character arrays."""
    import numpy as np

    results: dict[str, tuple[float | None, float | None]] = {}
    total = np.zeros(4, dtype=np.int64)
    for label in LABELS:
        seqs = {who: np.zeros(length, dtype=bool) for who in ("ana", "ben")}
        for a in anns:
            if a.label == label:
                seqs[a.annotator][a.start : a.end] = True
        x, y = seqs["ana"], seqs["ben"]
        n11 = int(np.count_nonzero(x & y))
        n10 = int(np.count_nonzero(x)) - n11
        n01 = int(np.count_nonzero(y)) - n11
        counts = np.array([n11, n10, n01, length - n11 - n10 - n01])
        total += counts
        c = [int(v) for v in counts]
        results[label] = (cohen_kappa_from_counts(*c), krippendorff_alpha_from_counts(*c))
    t = [int(v) for v in total]
    results["all"] = (cohen_kappa_from_counts(*t), krippendorff_alpha_from_counts(*t))
    return results


def run() -> list[Figure]:
    rng = random.Random(4)
    doc = Document.create(make_article(rng), title="bench")
    anns = make_tags(rng, doc)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        store.add_document(doc)
        store.put_annotations(anns)
        rows: list = []

        def end_to_end() -> None:
            rows[:] = store_agreement(store)

        total_s = best_of(end_to_end)
    lengths = {doc.id: len(doc.text)}
    labels = list(LABELS)
    compute_s = best_of(lambda: compute_agreement(lengths, anns, labels))
    floor_s = best_of(lambda: numpy_floor(len(doc.text), anns))

    # The figures must agree with the floor's, or the timing means nothing.
    expected = numpy_floor(len(doc.text), anns)
    assert len(rows) == 2 * (len(LABELS) + 1) * len(MEASURES), len(rows)
    for r in rows:
        if r.document is None and r.measure in ("cohen_kappa", "krippendorff_alpha"):
            kappa, alpha = expected[r.label or "all"]
            want = kappa if r.measure == "cohen_kappa" else alpha
            assert want is not None and r.value is not None and abs(r.value - want) < 1e-12, (r, want)
    return [
        Figure("agreement_2x10k_s", total_s, "s", "<= 1"),
        Figure("agreement_2x10k_compute_s", compute_s, "s"),
        Figure("agreement_floor_numpy_s", floor_s, "s"),
        Figure("agreement_2x10k_ratio", compute_s / floor_s, "x floor"),
    ]
