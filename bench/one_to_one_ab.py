"""A/B of `factcheck.core.link_agreement.one_to_one` (not a bench suite: run it by hand).

    uv run python -m bench.one_to_one_ab [ROUNDS]

A random project of 60 documents (3 annotators, each with 40 tags, 13 links and 13 attributions per
document) is measured with `structure_agreement` (CPU time, `time.process_time`) with one_to_one
replaced in turn by: a greedy pass alone (the floor: what the figure cost before it became a maximum
matching), the maximum matching as it was (greedy pass, then Kuhn's search from every unmatched item, each
item's candidates asked of `same` against all of B), and the module's own. The variants run interleaved,
ROUNDS times each (default 9); the medians, their ratios to the floor and the `same` calls are printed,
and the rows of the two maximum matchings are checked equal.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from db import Store
from db import links as link_store
from factcheck.core import link_agreement
from factcheck.core.agreement import AgreementRow
from factcheck.core.links import Link, new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import annotation_at
from factcheck.services.structure_agreement import structure_agreement

DOCUMENTS, ANNOTATORS, TAGS, LINKS, ATTRIBUTIONS = 60, ("ana", "ben", "cy"), 40, 13, 13
LABELS = ("claim", "denial", "characterization", "source", "cue")
TYPES = ("denies", "characterizes", "same_claim")
Same = Callable[[object, object], bool]
OneToOne = Callable[[Sequence[object], Sequence[object], Same], list[tuple[int, int]]]


def greedy(a_items: Sequence[object], b_items: Sequence[object], same: Same) -> list[tuple[int, int]]:
    """The floor: the greedy pass alone (not a maximum matching)."""
    owner: dict[int, int] = {}
    for i, x in enumerate(a_items):
        for j, y in enumerate(b_items):
            if j not in owner and same(x, y):
                owner[j] = i
                break
    return sorted((i, j) for j, i in owner.items())


def kuhn_before(a_items: Sequence[object], b_items: Sequence[object], same: Same) -> list[tuple[int, int]]:
    """one_to_one as it was before the cuts (commit 62f0c9f)."""
    owner: dict[int, int] = {}
    for i, x in enumerate(a_items):
        for j, y in enumerate(b_items):
            if j not in owner and same(x, y):
                owner[j] = i
                break
    matched = set(owner.values())
    candidates: dict[int, list[int]] = {}

    def partners(i: int) -> list[int]:
        if i not in candidates:
            candidates[i] = [j for j, y in enumerate(b_items) if same(a_items[i], y)]
        return candidates[i]

    for start in range(len(a_items)):
        if start in matched:
            continue
        seen: set[int] = set()
        stack: list[tuple[int, Iterator[int]]] = [(start, iter(partners(start)))]
        path: list[tuple[int, int]] = []
        while stack:
            i, options = stack[-1]
            partner = next((j for j in options if j not in seen), None)
            if partner is None:
                stack.pop()
                if path:
                    path.pop()
                continue
            seen.add(partner)
            path.append((i, partner))
            if partner not in owner:
                for pi, pj in path:
                    owner[pj] = pi
                matched.add(start)
                break
            stack.append((owner[partner], iter(partners(owner[partner]))))
    return sorted((i, j) for j, i in owner.items())


def make_project(path: Path, seed: int = 20261201) -> Store:
    rnd = random.Random(seed)
    store = Store.open(path)
    vocabulary = ("the", "minister", "said", "not", "true", "crime", "fell", "wages")
    for d in range(DOCUMENTS):
        text = " ".join(rnd.choice(vocabulary) for _ in range(600))  # each document its own text
        doc, _ = store.add_document(Document.create(text, title=f"Doc {d}", source=f"doc{d}.txt"))
        anns: list[Annotation] = []
        links: list[Link] = []
        for who in ANNOTATORS:
            own = []
            for _ in range(TAGS):
                start = rnd.randrange(len(text) - 80)
                own.append(annotation_at(doc, start, start + rnd.randint(5, 60), rnd.choice(LABELS), who))
            sources = [a for a in own if a.label == "source"] or own[:1]
            cues = [a for a in own if a.label == "cue"]
            contents = [a for a in own if a.label not in ("source", "cue")]
            for k, content in enumerate(rnd.sample(contents, min(ATTRIBUTIONS, len(contents)))):
                cue = rnd.choice(cues).id if cues and k % 2 else None
                own[own.index(content)] = dataclasses.replace(content, source=rnd.choice(sources).id, cue=cue)
            anns += own
            pairs: set[tuple[str, str, str]] = set()
            while len(pairs) < LINKS:
                a, b = rnd.sample(own, 2)
                pairs.add((rnd.choice(TYPES), a.id, b.id))
            links += [new_link(doc.id, t, f, to, who) for t, f, to in sorted(pairs)]
        store.put_annotations(anns)
        link_store.put_links(store, links)
    return store


def measure(store: Store, variant: OneToOne) -> tuple[float, list[AgreementRow]]:
    link_agreement.one_to_one = variant  # type: ignore[assignment]
    t0 = time.process_time()
    rows = structure_agreement(store)
    return time.process_time() - t0, rows


def count_calls(store: Store, variant: OneToOne) -> int:
    """How many times variant asks `same` over the project (a run of its own: the count costs time)."""
    calls = 0

    def counted(a_items: Sequence[object], b_items: Sequence[object], same: Same) -> list[tuple[int, int]]:
        def counting(x: object, y: object) -> bool:
            nonlocal calls
            calls += 1
            return same(x, y)

        return variant(a_items, b_items, counting)

    measure(store, counted)
    return calls


def main(rounds: int) -> None:
    own = link_agreement.one_to_one
    variants: dict[str, OneToOne] = {"greedy (floor)": greedy, "before": kuhn_before, "now": own}
    times: dict[str, list[float]] = {name: [] for name in variants}
    rows: dict[str, list[AgreementRow]] = {}
    with tempfile.TemporaryDirectory(prefix="factcheck-one-to-one-") as tmp:
        store = make_project(Path(tmp) / "ab.db")
        try:
            names = list(variants)
            for r in range(rounds):
                for name in names[r % 3 :] + names[: r % 3]:  # interleaved, each first in turn
                    spent, rows[name] = measure(store, variants[name])
                    times[name].append(spent)
            calls = {name: count_calls(store, variant) for name, variant in variants.items()}
        finally:
            link_agreement.one_to_one = own
            store.close()
    assert rows["now"] == rows["before"], "the maximum matching must give the same figures"
    floor = statistics.median(times["greedy (floor)"])
    print(f"{DOCUMENTS} documents, {len(ANNOTATORS)} annotators; {rounds} interleaved rounds; CPU s median")
    for name in variants:
        med = statistics.median(times[name])
        print(f"{name:15} {med:.3f} s  x{med / floor:.2f} of greedy  same() calls {calls[name]}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
