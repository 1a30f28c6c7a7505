"""Looking at a database file from outside the store: integrity, a content snapshot, child processes."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

WORKER = Path(__file__).with_name("worker.py")


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def query(path: Path, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    """Rows of sql read through a connection of our own on the file (the store keeps its connection)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def execute(path: Path, sql: str, params: Sequence[object] = ()) -> None:
    """Run one write statement on the file through a connection of our own, committed."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute(sql, params)
    finally:
        conn.close()


def content_digest(path: Path) -> str:
    """A hash of every row (and the schema) of the database: equal before and after = nothing changed."""
    conn = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode("utf-8"))
        return digest.hexdigest()
    finally:
        conn.close()


def files_digest(path: Path) -> dict[str, str]:
    """name -> sha256 of a file and everything beside it that shares its name (-wal, -shm, ...)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.parent.iterdir())
        if p.name.startswith(path.name)
    }


def spawn(*args: str) -> subprocess.Popen[str]:
    """The worker in a child process; its stdout is a pipe of lines."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def wait_for(proc: subprocess.Popen[str], expected: str) -> list[str]:
    """Read lines until one equals expected; fail with the worker's stderr if it exits first."""
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if lines[-1] == expected:
            return lines
    err = proc.stderr.read() if proc.stderr else ""
    raise AssertionError(f"worker exited ({proc.wait()}) before {expected!r}: {err}")


def finish(proc: subprocess.Popen[str], before: Sequence[str] = ()) -> tuple[list[str], str]:
    """All complete lines the worker printed (before + the rest; a last line cut by a kill is dropped),
    and its stderr. Waits for the process and closes its pipes."""
    assert proc.stdout is not None and proc.stderr is not None
    rest = proc.stdout.read()  # the same buffered reader wait_for used: nothing is skipped
    err = proc.stderr.read()
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    lines = rest.split("\n")
    return [*before, *lines[:-1]], err
