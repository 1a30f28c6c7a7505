"""A child process that syncs a project with the team server, to be killed mid-sync.

Run as `python tests/helpers/sync_worker.py DB URL`: prints `start` (flushed) just before the sync and
`done` after it returned.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run by path: make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from db import Store
from factcheck.services.sync import sync


def main(db: str, url: str) -> None:
    with Store.open(db) as store:
        print("start", flush=True)
        sync(store, url)
        print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
