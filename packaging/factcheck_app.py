"""The standalone build's entry point: the `factcheck` command, with the smoke check on request."""

from __future__ import annotations

import multiprocessing
import os
import sys

if __name__ == "__main__":
    # A child process the app starts (a whole-project measure, factcheck.services.child_process) is this
    # executable again: it runs the measure and exits here, never the app.
    multiprocessing.freeze_support()
    report = os.environ.get("FACTCHECK_SMOKE_REPORT")
    if report:
        import smoke

        smoke.install(report)
    from factcheck.cli import main

    sys.exit(main())
