"""The import's progress dialog names a file as its report and the project do: a name whose bytes are
not UTF-8 ("caf\\xe9.txt") with U+FFFD for the stray byte, not Python's lone surrogate."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ui.project_operations import import_operation

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux")


def test_the_progress_dialog_names_the_file_as_the_report_does(tmp_path: Path) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
    assert import_operation([path], "ana").doing == "Importing caf\ufffd.txt…"
