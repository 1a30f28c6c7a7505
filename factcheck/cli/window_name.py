"""The name the window remembers for you (Edit › Your name…, or its first-start question), read without Qt:
the command line records work under the same name as the window, and a first connection to a team server
asks about the same work whichever of the two makes it (`factcheck.services.sync_identity`).

The window keeps it in its settings file (ui/settings.py: QSettings, INI format, user scope, organization
and application "factcheck"), which Qt writes as UTF-8, `annotator=NAME` under `[General]`, the value in
double quotes with `\\"` and `\\\\` escaped when it holds a comma, a quote or spaces at its ends.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def settings_file() -> Path:
    """Where Qt keeps the window's settings: %APPDATA% on Windows, else $XDG_CONFIG_HOME or ~/.config (macOS
    included, for an INI file)."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        xdg = os.environ.get("XDG_CONFIG_HOME", "")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".config"
    return base / "factcheck" / "factcheck.ini"


def window_name(path: Path | None = None) -> str:
    """The window's remembered name, as the window takes it (stripped), or "" when there is none (no window
    ever run, no name given). One holding control characters is given as it is: the window asks for it
    again (`ui.app`), the caller refuses it."""
    try:
        text = (path or settings_file()).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, sep, value = line.partition("=")
        if section == "General" and sep and key.strip() == "annotator":
            return _unquoted(value.strip()).strip()
    return ""


def _unquoted(value: str) -> str:
    """A QSettings INI string value: quoted parts unescaped, `@@` for a leading `@` (a list, written with
    unquoted commas, or another type is not a name: "")."""
    out: list[str] = []
    quoted = False
    i = 0
    while i < len(value):
        c = value[i]
        if c == '"':
            quoted = not quoted
        elif c == "\\" and i + 1 < len(value):
            i += 1
            out.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(value[i], value[i]))
        elif c == "," and not quoted:
            return ""
        else:
            out.append(c)
        i += 1
    text = "".join(out)
    if text.startswith("@@"):
        return text[1:]
    return "" if text.startswith("@") else text
