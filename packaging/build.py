"""Build the standalone factcheck for this platform (PyInstaller, one folder), report its size.

    uv run python packaging/build.py [--archive]

Output: dist/standalone/factcheck/ (Linux, Windows) or dist/standalone/factcheck.app (macOS); with
--archive also dist/factcheck-VERSION-OS-ARCH.tar.gz (.zip on Windows and macOS) to hand out. See
docs/install.md for each platform; signing the result is left to the user's IT.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "factcheck.spec"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """Run the spec; the built app folder (or .app bundle on macOS)."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]  # fmt: skip
    subprocess.run(cmd, cwd=ROOT, check=True)
    app = dist / ("factcheck.app" if sys.platform == "darwin" else "factcheck")
    if not app.exists():
        raise SystemExit(f"build: PyInstaller finished but {app} is missing")
    return app


def archive(app: Path, dist: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from factcheck import __version__

    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = dist / f"factcheck-{__version__}-{system}-{platform.machine().lower()}"
    fmt = "gztar" if system == "linux" else "zip"
    return Path(shutil.make_archive(str(base), fmt, root_dir=app.parent, base_dir=app.name))


def main() -> int:
    parser = argparse.ArgumentParser(prog="packaging/build.py", description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "standalone", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="build cache")
    parser.add_argument("--archive", action="store_true", help="also pack the app into one archive")
    args = parser.parse_args()
    app = build(args.dist.resolve(), args.work.resolve())
    print(f"built {app}: {folder_size(app) / 1e6:.0f} MB")
    if args.archive:
        packed = archive(app, args.dist.resolve().parent)
        print(f"archive {packed}: {packed.stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
