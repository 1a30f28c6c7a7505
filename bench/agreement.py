"""Agreement speed: 2 annotators x 10k tags on a 1 MB article, all four measures per label and overall;
and a large project: 10,000 articles x 100 tags by 2-3 annotators each (1M tags).

Figures:
- agreement_2x10k_s: `store_agreement` from a real SQLite file (reading the tags included); goal <= 1 s.
- agreement_2x10k_compute_s: the same computation on tags already in memory.
- agreement_floor_numpy_s: the plainest fast way to get only the chance-corrected half: numpy character
  arrays (one per annotator and label, filled span by span) and their 2x2 counts, kappa and alpha.
- agreement_2x10k_ratio: compute / floor (below 1: faster than building the character arrays).
- agreement_1m_s: `store_agreement` over the 1M-tag project (as `factcheck agreement` runs it), in a
  fresh process; goal <= 10 s.
- agreement_1m_peak_mb: that process's peak resident memory minus the peak of a process that only
  imports the same modules (agreement_1m_import_mb, also reported); goal <= 300 MB.
- agreement_1m_build_s: writing the 1M-tag project (informative: the store's bulk insert).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import LABELS, Figure, best_of, tag
from db import Store
from factcheck.core.agreement import (
    MEASURES,
    AgreementRow,
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


# -- a large project -----------------------------------------------------------------------------
BIG_DOCUMENTS = 10_000
BIG_TAGS_PER_DOCUMENT = 100
BIG_ARTICLE_CHARS = 3_000
BIG_ANNOTATORS = ("ana", "ben", "chen", "dara", "eli", "fay")
#: Documents put into the store per transaction while building (bounded memory while building too).
BIG_BATCH = 500

#: The child that measures: the same imports either way; with a path it runs the agreement.
_CHILD = """
import json, resource, sys, time
from db import Store
from factcheck.services.agreement import store_agreement
seconds = rows = 0
if len(sys.argv) > 1:
    with Store.open(sys.argv[1], create=False) as store:
        t0 = time.perf_counter()
        rows = len(store_agreement(store))
        seconds = time.perf_counter() - t0
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
try:
    with open("/proc/self/status") as fh:
        peak_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
except OSError:
    pass
print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak_kb * 1024 / 1e6}))
"""
# Peak memory is VmHWM, the high-water mark of the child's own memory since it started. Its ru_maxrss
# would do on a fresh process, but Linux carries into it, across the exec, the resident size of the
# process that started it: the benchmark's own, with the 1M tags it has just written.


def big_document_tags(rng: random.Random, doc: Document, now: str) -> list[Annotation]:
    """100 tags by 2 or 3 annotators: the first tags spans; the others agree on most, move boundaries,
    relabel or tag elsewhere (as make_tags, on a small article)."""
    who = rng.sample(BIG_ANNOTATORS, rng.choice((2, 3)))
    each = BIG_TAGS_PER_DOCUMENT // len(who)
    counts = [BIG_TAGS_PER_DOCUMENT - each * (len(who) - 1)] + [each] * (len(who) - 1)
    n = len(doc.text)
    stride = n // counts[0]
    base = []
    for i in range(counts[0]):
        start = i * stride + rng.randrange(stride // 2)
        base.append((start, min(n, start + rng.randint(5, stride // 2 + 5)), rng.choice(LABELS)))
    anns: list[Annotation] = []
    for person, count in zip(who, counts, strict=True):
        for i, (start, end, label) in enumerate(base[:count]):
            roll = 0.0 if person == who[0] else rng.random()
            if roll < 0.6:
                pass
            elif roll < 0.8:
                start, end = start + rng.randint(0, 3), min(n, end + rng.randint(0, 3))
            elif roll < 0.9:
                label = rng.choice(LABELS)
            else:
                start = i * stride + stride // 2 + rng.randrange(stride // 4)
                end = min(n, start + rng.randint(5, stride // 4 + 5))
            anns.append(tag(doc, start, end, label, person, id=f"{doc.id}-{person}-{i}", now=now))
    return anns


def build_big_project(path: Path) -> int:
    """The 1M-tag project, written through the store's bulk insert a batch of documents at a time."""
    rng = random.Random(10)
    words = [w for w in WORDS for _ in range(3)] + ["Minister.", "Critics,", "“quoted”", "😀"]
    now = utc_now()
    total = 0
    with Store.open(path) as store:
        for first in range(0, BIG_DOCUMENTS, BIG_BATCH):
            anns: list[Annotation] = []
            with store.atomic():
                for i in range(first, min(first + BIG_BATCH, BIG_DOCUMENTS)):
                    text = " ".join(rng.choices(words, k=BIG_ARTICLE_CHARS // 6))[:BIG_ARTICLE_CHARS]
                    doc, _ = store.add_document(Document.create(f"{text} ({i})", title=f"Article {i}"))
                    anns += big_document_tags(rng, doc, now)
            total += store.put_annotations(anns)
    return total


def _child(path: Path | None) -> dict[str, float]:
    args = [sys.executable, "-c", _CHILD] + ([str(path)] if path else [])
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def big_figures(runs: int = 2) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        path = Path(tmp) / "big.db"
        t0 = time.perf_counter()
        tags = build_big_project(path)
        build_s = time.perf_counter() - t0
        assert tags == BIG_DOCUMENTS * BIG_TAGS_PER_DOCUMENT, tags
        measured = [_child(path) for _ in range(runs)]
        imports = [_child(None) for _ in range(runs)]
    assert all(m["rows"] > 0 for m in measured)
    peak = max(m["peak_mb"] for m in measured)
    base = min(i["peak_mb"] for i in imports)
    return [
        Figure("agreement_1m_s", min(m["seconds"] for m in measured), "s", "<= 10"),
        Figure("agreement_1m_peak_mb", peak - base, "MB", "<= 300"),
        Figure("agreement_1m_import_mb", base, "MB"),
        Figure("agreement_1m_build_s", build_s, "s"),
    ]


def run() -> list[Figure]:
    rng = random.Random(4)
    doc = Document.create(make_article(rng), title="bench")
    anns = make_tags(rng, doc)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        store.add_document(doc)
        store.put_annotations(anns)
        rows: list[AgreementRow] = []

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
        *big_figures(),
    ]
