"""Running an installed factcheck as a new user would: in a fresh profile, from a folder outside the
checkout, headless, with the smoke check of packaging/smoke.py reporting what the window showed."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ARTICLE = "The minister said crime fell by 20% last year. Critics called the claim misleading.\n"
SITECUSTOMIZE = """\
import os
if os.environ.get("FACTCHECK_SMOKE_REPORT"):
    import smoke
    smoke.install(os.environ["FACTCHECK_SMOKE_REPORT"])
"""


def user_env(home: Path) -> dict[str, str]:
    """A new user's environment: own home, config and data folders, no display, no checkout on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "UV_"))}
    for key in ("UV_CACHE_DIR", "UV_PYTHON_INSTALL_DIR"):  # keep uv working offline from its cache
        if key in os.environ:
            env[key] = os.environ[key]
    home.mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        QT_QPA_PLATFORM="offscreen",
        FACTCHECK_ANNOTATOR="newcomer",
    )
    return env


def smoke_hook(folder: Path) -> Path:
    """A sitecustomize that loads the smoke check into a Python app (the standalone build has it built in)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return folder


def run(
    cmd: Sequence[str], env: dict[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(cmd), env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def open_window(
    cmd: Sequence[str], env: dict[str, str], cwd: Path, *, python_hook: bool = True
) -> dict[str, Any]:
    """Start the app with cmd, let it show its window, and return the smoke report."""
    report = cwd / "smoke.json"
    report.unlink(missing_ok=True)
    env = dict(env, FACTCHECK_SMOKE_REPORT=str(report))
    if python_hook:
        env["PYTHONPATH"] = os.pathsep.join([str(smoke_hook(cwd / "hook")), str(PACKAGING)])
    result = run(cmd, env, cwd)
    assert result.returncode == 0, f"{cmd} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    assert report.exists(), f"the window never came up:\n{result.stderr}"
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data
