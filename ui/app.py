"""Starts the desktop app (being written)."""

from __future__ import annotations


def run(db_path: str | None = None, annotator: str | None = None, files: list[str] | None = None) -> int:
    raise SystemExit("The desktop app is not available yet.")
