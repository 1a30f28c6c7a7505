"""Start-up of the installed app against the same start from the clone.

Figures (offscreen, a new process each time, the window shown with the bundled sample article):
- cold_start_clone_s: `factcheck` from the clone's virtual environment (what `uv run factcheck` starts)
  until its window is shown; median of 5. The floor.
- cold_start_installed_s: the same from the wheel installed with `uv tool install` outside the checkout.
- cold_start_installed_ratio: installed over clone. Below 1 is expected: the clone's environment holds
  the dev tools too, and sqlite-utils imports numpy (a dev dependency) when it finds it (~0.1 s).

The window's moment comes from packaging/smoke.py, loaded into both alike through a sitecustomize.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
SITECUSTOMIZE = """\
import os
if os.environ.get("FACTCHECK_SMOKE_REPORT"):
    import smoke
    smoke.install(os.environ["FACTCHECK_SMOKE_REPORT"])
"""


def _check(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {result.stderr[-2000:]}")


def install_wheel(folder: Path) -> Path:
    """Build the wheel and `uv tool install` it (pinned to the lock) into folder; the command."""
    uv = shutil.which("uv") or "uv"
    dist = folder / "dist"
    _check([uv, "build", "--wheel", "--out-dir", str(dist), "--quiet"], ROOT)
    (wheel,) = dist.glob("factcheck-*.whl")
    constraints = folder / "constraints.txt"
    _check([uv, "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "--quiet",
            "--output-file", str(constraints)], ROOT)  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")}
    env.update(UV_TOOL_DIR=str(folder / "tools"), UV_TOOL_BIN_DIR=str(folder / "bin"))
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    cmd = [uv, "tool", "install", "--python", python, "--constraints", str(constraints), str(wheel)]
    try:
        _check([*cmd, "--offline"], folder, env)
    except RuntimeError:
        _check(cmd, folder, env)  # the uv cache lacks the package index: fetch it once
    return folder / "bin" / "factcheck"


def start_to_window(command: Path, folder: Path) -> float:
    """Seconds from starting `command` (new process, own profile) to its window being shown."""
    hook = folder / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    home = folder / "home"
    report = folder / "smoke.json"
    report.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        QT_QPA_PLATFORM="offscreen",
        FACTCHECK_ANNOTATOR="bench",
        FACTCHECK_SMOKE_REPORT=str(report),
        PYTHONPATH=os.pathsep.join([str(hook), str(ROOT / "packaging")]),
    )
    started = time.time()
    subprocess.run([str(command)], cwd=folder, env=env, capture_output=True, check=True, timeout=120)
    data = json.loads(report.read_text(encoding="utf-8"))
    if not data["windows"]:
        raise RuntimeError(f"{command} showed no window: {data}")
    return float(data["shown_at"]) - started


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-install-") as tmp:
        folder = Path(tmp)
        installed = install_wheel(folder / "tool")
        clone = ROOT / ".venv" / ("Scripts" if sys.platform == "win32" else "bin") / "factcheck"
        (folder / "clone").mkdir()
        (folder / "installed").mkdir()
        # One run each first: it creates the profile and imports the sample article (not a start-up).
        start_to_window(clone, folder / "clone")
        start_to_window(installed, folder / "installed")
        clone_s, installed_s = [], []
        for _ in range(RUNS):  # interleaved: both see the same load on a shared machine
            clone_s.append(start_to_window(clone, folder / "clone"))
            installed_s.append(start_to_window(installed, folder / "installed"))
    floor = statistics.median(clone_s)
    value = statistics.median(installed_s)
    return [
        Figure("cold_start_clone_s", floor, "s"),
        Figure("cold_start_installed_s", value, "s", "<= 1.5"),
        Figure("cold_start_installed_ratio", value / floor, "x", "<= 1.1"),
    ]
