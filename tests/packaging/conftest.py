"""One wheel per test session, installed once as a user would (`uv tool install`), outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging.support import ROOT

PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def _uv() -> str:
    uv = shutil.which("uv")
    assert uv, "uv is not on PATH (.ci/run installs it)"
    return uv


def _check(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`uv build --wheel` of the checkout."""
    dist = tmp_path_factory.mktemp("dist")
    _check([_uv(), "build", "--wheel", "--out-dir", str(dist), "--quiet"], ROOT)
    (built,) = dist.glob("factcheck-*.whl")
    assert zipfile.is_zipfile(built)
    return built


@dataclass(frozen=True)
class Installed:
    bin: Path  # the folder holding the `factcheck` command
    venv: Path  # the tool's own virtual environment

    @property
    def command(self) -> Path:
        return self.bin / "factcheck"

    @property
    def site_packages(self) -> Path:
        (found,) = self.venv.glob("lib/python*/site-packages")
        return found


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """`uv tool install factcheck-*.whl` into a tool folder of its own. The dependencies are pinned to the
    lock's versions (those `uv sync` put in the uv cache), so this works offline; online only when the
    cache lacks the package index."""
    root = tmp_path_factory.mktemp("tool")
    constraints = root / "constraints.txt"
    _check(
        [_uv(), "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "--quiet",
         "--output-file", str(constraints)],
        ROOT,
    )  # fmt: skip
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")},
        "UV_TOOL_DIR": str(root / "tools"),
        "UV_TOOL_BIN_DIR": str(root / "bin"),
    }
    cmd = [_uv(), "tool", "install", "--python", PYTHON, "--constraints", str(constraints), str(wheel)]
    offline = subprocess.run([*cmd, "--offline"], cwd=root, env=env, capture_output=True, text=True)
    if offline.returncode != 0:
        online = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert online.returncode == 0, f"uv tool install failed:\n{offline.stderr}\n{online.stderr}"
    return Installed(bin=root / "bin", venv=root / "tools" / "factcheck")


@pytest.fixture(scope="session")
def standalone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder app packaging/build.py makes with PyInstaller; its `factcheck` executable."""
    out = tmp_path_factory.mktemp("standalone")
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(out / "dist"),
         "--work", str(out / "work")],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=1200,
    )  # fmt: skip
    assert result.returncode == 0, (
        f"packaging/build.py failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    exe = out / "dist" / "factcheck" / "factcheck"
    assert exe.is_file(), result.stdout
    return exe
