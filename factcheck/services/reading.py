"""Reading a factcheck JSON or JSONL export into a checked `Bundle`; nothing is stored."""

from __future__ import annotations

from factcheck.services.formats import read_bundle

__all__ = ["read_bundle"]
