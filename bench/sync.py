"""Team-server sync against a PostgreSQL 16 on this machine (the pgserver wheel, a Unix socket).

Figures (each the best of 2 runs, each run on a fresh server database):
- sync_push_100k_s: `sync` of a project holding one article and 100k tags into an empty team server
  (the whole sync: read the outbox, COPY, checks, INSERT … SELECT, commit, clear the outbox); goal <= 5 s.
- sync_pull_100k_s: `sync` of a new project (the same article, its own id) from that server: pull
  100k tags and merge them in one transaction; goal <= 5 s.
- sync_10_clients_s: 10 projects (threads, each with its own SQLite file and connection) each add
  1,000 tags, then sync concurrently, in rounds (each client once per round), until every project
  holds all 10,000; goal <= 10 s.
- sync_push_floor_s: the plainest way to land the same 100k rows: one COPY into an unconstrained table
  (the floor of the push, for a ratio).
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg

from bench.common import LABELS, Figure, tag
from db import Store
from db.pg_schema import add_annotator, init_server
from factcheck.core.model import Annotation, Document, utc_now
from factcheck.services.sync import sync

TAGS = 100_000
CLIENTS = 10
CLIENT_TAGS = 1_000
RUNS = 2


def _article() -> str:
    rng = random.Random(7)
    words = ["minister", "said", "crime", "fell", "percent", "critics", "claim", "😀", "“quoted”", "data"]
    return "\n\n".join(" ".join(rng.choice(words) for _ in range(80)) + "." for _ in range(1200)) + "\n"


def _tags(doc: Document, annotator: str, n: int, seed: int) -> list[Annotation]:
    rng = random.Random(seed)
    text, now = doc.text, utc_now()
    out = []
    for i in range(n):
        start = rng.randrange(0, len(text) - 60)
        end = start + rng.randrange(1, 60)
        while not text[start:end].strip():
            end += 1
        out.append(tag(doc, start, end, LABELS[i % 3], annotator, id=f"{annotator}-{seed}-{i:07d}", now=now))
    return out


class _Server:
    def __init__(self, root: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pgserver.postgres_server import get_server

            root.chmod(0o755)  # as root, pgserver runs postgres as its own user, who must get in
            self.handle: Any = get_server(root / "pgdata", cleanup_mode="delete")
        self.socket = str(self.handle.get_postmaster_info().socket_dir)
        self._n = 0

    def url(self, user: str, database: str) -> str:
        return f"postgresql://{user}@{quote(self.socket, safe='')}/{database}"

    def fresh_team(self, roles: list[str]) -> str:
        """A new database, prepared, with these login roles (trust authentication here)."""
        self._n += 1
        name = f"bench_{self._n}"
        with psycopg.connect(self.url("postgres", "postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(self.url("postgres", name)) as conn:
            init_server(conn)
            for role in roles:
                add_annotator(conn, role, "bench")
            conn.commit()
        return name

    def close(self) -> None:
        self.handle.cleanup()


def _push_and_pull(
    server: _Server, folder: Path, doc: Document, anns: list[Annotation]
) -> tuple[float, float]:
    team = server.fresh_team(["alice", "bob"])
    with Store.open(folder / f"{team}-alice.db") as alice:
        alice.add_document(doc)
        alice.put_annotations(anns)
        t0 = time.perf_counter()
        report = sync(alice, server.url("alice", team))
        push = time.perf_counter() - t0
        assert report.pushed["annotations"] == TAGS, report.summary()
    with Store.open(folder / f"{team}-bob.db") as bob:
        bob.add_document(Document.create(doc.text, title=doc.title, source="bob.txt"))  # his own id
        t0 = time.perf_counter()
        report = sync(bob, server.url("bob", team))
        pull = time.perf_counter() - t0
        assert report.pulled.added == TAGS, report.summary()
    return push, pull


def _ten_clients(server: _Server, folder: Path, doc: Document) -> float:
    roles = [f"client{i}" for i in range(CLIENTS)]
    team = server.fresh_team(roles)
    paths = []
    for i, role in enumerate(roles):
        path = folder / f"{team}-{role}.db"
        with Store.open(path) as store:
            store.add_document(doc)
            sync(store, server.url(role, team))
            store.put_annotations(_tags(doc, role, CLIENT_TAGS, seed=i))
        paths.append(path)
    total = CLIENTS * CLIENT_TAGS
    errors: list[BaseException] = []
    counts: dict[Path, int] = {}

    def client(path: Path, role: str) -> None:
        try:
            with Store.open(path) as store:  # its own connection, in its thread (as the window's sync)
                sync(store, server.url(role, team))
                counts[path] = len(store.annotations())
        except BaseException as exc:
            errors.append(exc)

    t0 = time.perf_counter()
    for _ in range(5):  # rounds: every client syncs at once; usually two rounds reach everyone
        threads = [threading.Thread(target=client, args=(p, r)) for p, r in zip(paths, roles, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]
        if all(counts[p] == total for p in paths):
            return time.perf_counter() - t0
    raise AssertionError(f"{CLIENTS} clients did not converge in 5 rounds")


def _floor(server: _Server, anns: list[Annotation]) -> float:
    team = server.fresh_team([])
    rows = [(a.id, a.document_id, a.label, a.start, a.end, a.quote, a.annotator, a.updated_at) for a in anns]
    with psycopg.connect(server.url("postgres", team)) as conn:
        conn.execute(
            "CREATE TABLE plain (id text, document_id text, label text, start int, stop int, quote text, "
            "annotator text, updated_at text)"
        )
        t0 = time.perf_counter()
        with conn.cursor() as cur, cur.copy("COPY plain FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["text", "text", "text", "integer", "integer", "text", "text", "text"])
            for row in rows:
                copy.write_row(row)
        conn.commit()
        return time.perf_counter() - t0


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-sync-") as tmp:
        folder = Path(tmp)
        server = _Server(folder)
        try:
            doc = Document.create(_article(), title="Long article", source="alice/long.txt")
            anns = _tags(doc, "alice", TAGS, seed=11)
            pushes, pulls, tens = [], [], []
            for _ in range(RUNS):
                push, pull = _push_and_pull(server, folder, doc, anns)
                pushes.append(push)
                pulls.append(pull)
                tens.append(_ten_clients(server, folder, doc))
            floor = min(_floor(server, anns) for _ in range(RUNS))
        finally:
            server.close()
    return [
        Figure("sync_push_100k_s", min(pushes), "s", "<= 5"),
        Figure("sync_pull_100k_s", min(pulls), "s", "<= 5"),
        Figure("sync_10_clients_s", min(tens), "s", "<= 10"),
        Figure("sync_push_floor_s", floor, "s"),
        Figure("sync_push_ratio", min(pushes) / floor, "x"),
    ]
