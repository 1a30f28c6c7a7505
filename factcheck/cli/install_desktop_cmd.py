"""`factcheck install-desktop [--uninstall]`: the menu entry, icons and file types on a Linux desktop.

Writes, into the user's XDG data folder ($XDG_DATA_HOME, else ~/.local/share), a freedesktop `.desktop`
entry that opens the files a file manager hands it (`Exec=... %F`), the icon in the hicolor theme and a
shared-mime-info type for factcheck projects (`*.factcheck`, and any SQLite file carrying factcheck's
application id). `--uninstall` removes exactly those files. Nothing needs root.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from db.migrations import APPLICATION_ID
from factcheck.cli.common import Subparsers
from factcheck.core.errors import FactcheckError

APP_ID = "factcheck"
PROJECT_MIME = "application/x-factcheck-project"
#: Projects, exports (JSON; JSONL has no registered type) and the articles the app imports.
MIME_TYPES = (PROJECT_MIME, "application/json", "text/plain", "text/markdown", "text/html")
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: The installed tree: factcheck/cli/ -> the folder holding the packages and resources/ (clone, wheel
#: install or standalone build alike).
ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"

MIME_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{PROJECT_MIME}">
    <comment>factcheck project</comment>
    <sub-class-of type="application/vnd.sqlite3"/>
    <icon name="{APP_ID}"/>
    <generic-icon name="{APP_ID}"/>
    <glob pattern="*.factcheck"/>
    <magic priority="60">
      <match type="string" value="SQLite format 3" offset="0">
        <match type="big32" value="0x{APPLICATION_ID:08X}" offset="68"/>
      </match>
    </magic>
  </mime-type>
</mime-info>
"""


class DesktopInstallError(FactcheckError):
    """install-desktop cannot run here."""


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "install-desktop",
        help="add factcheck to the desktop menu and file manager (Linux)",
        description=(
            "Add factcheck to your desktop's application menu with its icon, and let the file manager "
            "open factcheck projects (.factcheck), exports and articles with it. Writes into "
            "$XDG_DATA_HOME (default ~/.local/share); --uninstall removes what it wrote."
        ),
    )
    p.add_argument("--uninstall", action="store_true", help="remove the entry, icons and file type")


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    # The spec: a relative or empty value is invalid and means the default.
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def installed_files(home: Path) -> list[Path]:
    """Every file install-desktop writes, in the order it writes them."""
    icons = home / "icons" / "hicolor"
    return [
        *(icons / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES),
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        home / "mime" / "packages" / f"{APP_ID}.xml",
        home / "applications" / f"{APP_ID}.desktop",
    ]


def launcher() -> list[str]:
    """The command that starts this very installation, absolute: a desktop session's PATH often lacks
    ~/.local/bin (uv tool, pipx)."""
    if getattr(sys, "frozen", False):  # the standalone build
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == APP_ID and os.access(script, os.X_OK):
        return [str(script.absolute())]
    found = shutil.which(APP_ID)
    if found:
        return [str(Path(found).absolute())]
    return [sys.executable, "-m", APP_ID]


def _exec_quote(arg: str) -> str:
    """Quote one Exec argument as the Desktop Entry spec asks (and double '%', a field code marker)."""
    arg = arg.replace("%", "%%")
    if not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`="):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def _desktop_value(text: str) -> str:
    """A desktop-file string value: backslashes and line breaks escaped."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def desktop_entry(command: list[str]) -> str:
    exec_line = " ".join(_exec_quote(a) for a in command)
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",  # the newest desktop-file-validate 0.26 (Debian 12) knows
            "Name=factcheck",
            "GenericName=Fact-checking annotator",
            "Comment=Tag claims, denials and characterizations in news articles",
            f"Exec={_desktop_value(exec_line)} %F",
            f"TryExec={_desktop_value(command[0])}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "StartupNotify=true",
            "Categories=Office;",
            "Keywords=annotate;fact-check;claim;denial;news;article;",
            f"MimeType={';'.join(MIME_TYPES)};",
            "",
        ]
    )


def install(home: Path, command: list[str]) -> list[Path]:
    missing = [ICONS / f"{APP_ID}-{n}.png" for n in ICON_SIZES] + [ICONS / f"{APP_ID}.svg"]
    missing = [p for p in missing if not p.is_file()]
    if missing:
        raise DesktopInstallError(
            f"The app's icons are missing ({missing[0]}): this installation is incomplete. "
            "Reinstall factcheck."
        )
    files = installed_files(home)
    sources: list[Path | str] = [
        *(ICONS / f"{APP_ID}-{n}.png" for n in ICON_SIZES),
        ICONS / f"{APP_ID}.svg",
        MIME_XML,
        desktop_entry(command),
    ]
    for dest, source in zip(files, sources, strict=True):
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".tmp")
        if isinstance(source, Path):
            shutil.copyfile(source, tmp)
        else:
            tmp.write_text(source, encoding="utf-8")
        tmp.replace(dest)  # a desktop scanning the folder never sees half a file
    return files


def uninstall(home: Path) -> list[Path]:
    removed = []
    for path in installed_files(home):
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def _refresh_caches(home: Path) -> list[str]:
    """Tell the desktop (when its tools are there): new file types, the menu's MIME cache, icons."""
    done = []
    for tool, folder in (
        ("update-mime-database", home / "mime"),
        ("update-desktop-database", home / "applications"),
        ("gtk-update-icon-cache", home / "icons" / "hicolor"),
    ):
        exe = shutil.which(tool)
        if exe is None or not folder.is_dir():
            continue
        args = [exe, "-f", "-t", str(folder)] if tool == "gtk-update-icon-cache" else [exe, str(folder)]
        result = subprocess.run(args, capture_output=True, text=True, check=False)
        if result.returncode == 0:
            done.append(tool)
    return done


def run(args: argparse.Namespace) -> int:
    if sys.platform in ("win32", "darwin"):
        raise DesktopInstallError(
            "install-desktop is for Linux desktops. On Windows and macOS, install the standalone build "
            "(see docs/install.md): it comes with its own shortcut and icon."
        )
    home = data_home()
    if args.uninstall:
        removed = uninstall(home)
        _refresh_caches(home)
        print(f"Removed {len(removed)} files from {home}." if removed else f"Nothing to remove in {home}.")
        return 0
    try:
        files = install(home, launcher())
    except OSError as exc:
        raise DesktopInstallError(
            f"Cannot write into {home}: {exc.strerror or exc}. Check that folder, then try again."
        ) from exc
    refreshed = _refresh_caches(home)
    print(f"Installed the factcheck menu entry: {files[-1]}")
    print(f"Icons and the factcheck project file type: under {home}")
    if "update-mime-database" not in refreshed:
        print("(update-mime-database was not found: .factcheck files are recognised after the next login)")
    return 0
