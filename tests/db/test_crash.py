"""A program killed (SIGKILL) at random moments while it tags, imports or creates a project.

Afterwards the file passes `PRAGMA integrity_check`, every tag whose save had returned (the worker
prints it only after the call returned) is there with exactly its content, and an interrupted import
left all of its tags or none. The delays are random but seeded, so a failure can be replayed.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from db import Store
from factcheck.core.model import DEFAULT_LABELS, Annotation, Document
from tests.conftest import ARTICLE
from tests.helpers.dbfiles import finish, integrity, query, spawn, wait_for
from tests.helpers.worker import annotation_from_json

pytestmark = pytest.mark.slow

SEED = 5_2024
BATCH = 2000


def make_project(path: Path) -> str:
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create(ARTICLE * 40, title="Long article"))
    return doc.id


def kill_after(proc: subprocess.Popen[str], delay: float, before: list[str]) -> list[str]:
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    lines, err = finish(proc, before)
    # Killed by us, not dead of an error of its own (which would make the test prove nothing).
    assert proc.returncode in (-signal.SIGKILL, None) or not err, err
    assert "Traceback" not in err, err
    return lines


def test_killed_while_tagging_keeps_every_saved_tag(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    path = tmp_path / "project.db"
    doc_id = make_project(path)
    saved: dict[str, Annotation] = {}
    rounds = 10
    for r in range(rounds):
        proc = spawn("tag", str(path), doc_id, str(r))
        before = wait_for(proc, "ready")
        lines = kill_after(proc, rng.uniform(0.0, 0.35), before)
        for line in lines[1:]:
            ann = annotation_from_json(line)
            saved[ann.id] = ann

        assert integrity(path) == "ok"
        with Store.open(path) as store:
            stored = {a.id: a for a in store.annotations(doc_id)}
        lost = [tag_id for tag_id in saved if tag_id not in stored]
        assert not lost, f"round {r}: {len(lost)} saved tags lost"
        changed = [tag_id for tag_id, ann in saved.items() if stored[tag_id] != ann]
        assert not changed, f"round {r}: tags changed: {changed[:3]}"
        # At most one tag per kill was stored but not yet reported as saved.
        assert len(stored) - len(saved) <= r + 1
    assert len(saved) > 10 * rounds, "the worker hardly tagged: the test would prove little"


def test_killed_while_importing_leaves_all_or_none(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    path = tmp_path / "project.db"
    doc_id = make_project(path)
    done: set[str] = set()
    begun: set[str] = set()
    rounds = 6
    for r in range(rounds):
        proc = spawn("import", str(path), doc_id, str(r), str(BATCH))
        before = wait_for(proc, "ready")
        for line in kill_after(proc, rng.uniform(0.05, 0.6), before)[1:]:
            verb, batch = line.split()
            (done if verb == "done" else begun).add(batch)

        assert integrity(path) == "ok"
        Store.open(path).close()  # opening recovers the WAL as the program would
        counts = dict(
            query(path, "SELECT substr(id, 1, instr(id, '-') - 1), count(*) FROM annotations GROUP BY 1")
        )
        partial = {batch: n for batch, n in counts.items() if n != BATCH}
        assert not partial, f"round {r}: imports cut in half: {partial}"
        assert done <= set(counts), f"round {r}: finished imports lost: {done - set(counts)}"
        assert set(counts) <= begun
    assert len(done) >= rounds, "the worker hardly imported: the test would prove little"
    assert begun - done, "no kill hit an import in progress"


def test_killed_while_creating_a_project(tmp_path: Path) -> None:
    """A project killed while being created is created again on the next open, never half made."""
    rng = random.Random(SEED + 2)
    folder = tmp_path / "projects"
    folder.mkdir()
    for r in range(6):
        proc = spawn("create", str(folder))
        # From before its first file to well into creating.
        kill_after(proc, rng.uniform(0.0, 0.5), wait_for(proc, "ready"))
        for path in sorted(folder.glob("*.db")):
            with Store.open(path) as store:
                assert store.labels() == list(DEFAULT_LABELS), f"round {r}: {path.name}"
            assert integrity(path) == "ok"
    assert len(list(folder.glob("*.db"))) > 6


def make_exports(folder: Path, doc: Document, count: int) -> list[Path]:
    """count teammates' JSON exports of BATCH tags each on doc; tags of file i are by annotator fi."""
    from factcheck.core.spans import new_annotation
    from factcheck.services.exporting import export

    rng = random.Random(SEED + 3)
    paths = []
    for i in range(count):
        with Store.open(folder / f"teammate{i}.db") as teammate:
            theirs, _ = teammate.add_document(doc)
            tags: list[Annotation] = []
            spans: set[tuple[int, int]] = set()  # no two identical tags (a merge would keep one)
            while len(tags) < BATCH:
                start = rng.randrange(len(doc.text) - 1)
                end = rng.randrange(start + 1, min(len(doc.text), start + 60) + 1)
                if doc.text[start:end].strip() and (start, end) not in spans:
                    spans.add((start, end))
                    tags.append(new_annotation(theirs, start, end, "claim", f"f{i}", trim_whitespace=False))
            teammate.put_annotations(tags)
            export(teammate, "json", folder / f"f{i}.json")
        paths.append(folder / f"f{i}.json")
    return paths


def test_killed_while_importing_files_leaves_each_file_all_or_none(tmp_path: Path) -> None:
    rng = random.Random(SEED + 4)
    path = tmp_path / "project.db"
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create(ARTICLE * 40, title="Long article"))
    files = make_exports(tmp_path, doc, 3)
    done: set[str] = set()
    for r in range(4):
        proc = spawn("import-files", str(path), *map(str, files))
        before = wait_for(proc, "ready")
        done |= {line.split(" ", 1)[1] for line in kill_after(proc, rng.uniform(0.0, 1.0), before)[1:]}

        assert integrity(path) == "ok"
        with Store.open(path) as store:
            per_file = {f"f{i}": len(store.annotations(doc.id, annotator=f"f{i}")) for i in range(len(files))}
        assert set(per_file.values()) <= {0, BATCH}, f"round {r}: an import cut in half: {per_file}"
        for name in done:
            assert per_file[Path(name).stem] == BATCH, f"round {r}: {name} was imported, then lost"
    assert done, "no import finished: the test would prove little"
