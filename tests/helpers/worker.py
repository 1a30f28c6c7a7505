"""A child process that keeps writing to a factcheck database until it is killed.

Run as `python -m tests.helpers.worker MODE DB [ARGS]` (or by path). Every line on stdout is printed and
flushed only AFTER the store call it reports has returned, so the parent knows exactly which writes the
program was told were saved. Modes:

- `tag DB DOC_ID SEED [COUNT]`: one `add_annotation` per tag; prints the annotation as JSON.
- `import DB DOC_ID SEED BATCH_SIZE`: batches of BATCH_SIZE tags, each in one transaction
  (`put_annotations` inside `store.atomic()`); prints `begin <batch>` before and `done <batch>` after.
  Tag ids start with the batch id, so the parent can count each batch.
- `import-files DB JSON_FILE...`: one `factcheck.services.importing.import_paths` per file; prints
  `done <file>`.
- `create DIR`: prints `ready`, then creates new databases DIR/0.db, DIR/1.db, ... one after the other;
  prints each name.
- `hold DB SECONDS`: takes the write lock (BEGIN IMMEDIATE), prints `locked`, sleeps, rolls back.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path

# Run by path (python tests/helpers/worker.py): make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from db import Store
from factcheck.core.errors import DuplicateTag
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation

LABELS = ("claim", "denial", "characterization")


def annotation_json(ann: Annotation) -> str:
    data = dataclasses.asdict(ann)
    data.pop("extra")
    return json.dumps(data, ensure_ascii=False)


def annotation_from_json(line: str) -> Annotation:
    values = json.loads(line)
    values["fragments"] = tuple(tuple(piece) for piece in values.get("fragments", ()))  # JSON has lists
    return Annotation(**values)


def random_tag(rng: random.Random, doc: Document, annotator: str, tag_id: str | None = None) -> Annotation:
    """A valid tag at a random span (retried until the span holds more than whitespace)."""
    n = len(doc.text)
    while True:
        start = rng.randrange(0, n - 1)
        end = rng.randrange(start + 1, min(n, start + 80) + 1)
        if doc.text[start:end].strip():
            break
    ann = new_annotation(doc, start, end, rng.choice(LABELS), annotator, note=f"note {rng.random()}")
    return dataclasses.replace(ann, id=tag_id) if tag_id else ann


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def tag(db: str, doc_id: str, seed: str, limit: str = "0") -> None:
    rng = random.Random(int(seed))
    with Store.open(db) as store:
        doc = store.document(doc_id)
        say("ready")
        made = 0
        while not int(limit) or made < int(limit):
            try:
                ann = store.add_annotation(random_tag(rng, doc, f"worker{seed}"))
            except DuplicateTag:  # drawn twice: the store makes no second identical tag
                continue
            made += 1
            say(annotation_json(ann))


def import_batches(db: str, doc_id: str, seed: str, size: str) -> None:
    rng = random.Random(int(seed))
    with Store.open(db) as store:
        doc = store.document(doc_id)
        say("ready")
        for b in count():
            batch = f"s{seed}b{b}"
            tags = [random_tag(rng, doc, f"importer{seed}", f"{batch}-{i}") for i in range(int(size))]
            say(f"begin {batch}")
            with store.atomic():
                store.put_annotations(tags)
            say(f"done {batch}")


def import_files(db: str, *files: str) -> None:
    from factcheck.services.importing import import_paths

    with Store.open(db) as store:
        say("ready")
        for name in files:
            import_paths(store, [Path(name)], annotator="importer")
            say(f"done {name}")


def create(folder: str) -> None:
    say("ready")  # started: the test's delays count from here, not from a loaded machine's slow start
    for i in count():
        Store.open(Path(folder) / f"{i}.db").close()
        say(f"{i}.db")


def hold(db: str, seconds: str) -> None:
    Store.open(db).close()  # a project, as the program makes it
    conn = sqlite3.connect(db)
    try:
        conn.execute("BEGIN IMMEDIATE")
        say("locked")
        time.sleep(float(seconds))
        conn.rollback()
    finally:
        conn.close()


MODES: dict[str, Callable[..., None]] = {
    "tag": tag,
    "import": import_batches,
    "import-files": import_files,
    "create": create,
    "hold": hold,
}

if __name__ == "__main__":
    MODES[sys.argv[1]](*sys.argv[2:])
