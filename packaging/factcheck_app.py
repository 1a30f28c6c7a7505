"""The standalone build's entry point: the `factcheck` command, with the smoke check on request."""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    report = os.environ.get("FACTCHECK_SMOKE_REPORT")
    if report:
        import smoke

        smoke.install(report)
    from factcheck.cli import main

    sys.exit(main())
